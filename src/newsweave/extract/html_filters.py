"""Line-level furniture filters applied after the main extractor.

The extractor works on blocks; some furniture comes out looking like a paragraph:
"Share this article", "Sign up for our newsletter", a photo credit, a pull quote that
repeats a body sentence. These are short, and they use a small, stable vocabulary,
so a paragraph is dropped only when it is both short and matches one of the
patterns below; every drop is kept with its reason for audit.
"""

from __future__ import annotations

import re
from collections import Counter

from newsweave.records import DroppedBlock

# Furniture paragraphs are short; anything longer is treated as body text.
MAX_FURNITURE_WORDS = 14

_FURNITURE: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "share",
        re.compile(
            r"^(?:share|tweet|pin it|email|print|copy link|share (?:this|on|via)\b.*"
            r"|follow us\b.*|(?:facebook|twitter|linkedin|whatsapp|reddit|pinterest|x)"
            r"(?:\s*[,|/]?\s*(?:facebook|twitter|linkedin|whatsapp|reddit|pinterest|email|x))*)"
            r"[.!:]*$",
            re.I,
        ),
    ),
    (
        "newsletter",
        re.compile(
            r"\b(?:sign up (?:for|to)|subscribe (?:to|now|today)|newsletter|get our .{0,30}"
            r"(?:email|inbox)|delivered (?:to|straight to) your inbox)\b",
            re.I,
        ),
    ),
    (
        "donation",
        re.compile(
            r"\b(?:donate (?:now|today)|support (?:our|independent) (?:journalism|reporting)"
            r"|become a (?:member|subscriber|patron)|make a (?:donation|contribution))\b",
            re.I,
        ),
    ),
    (
        "comments",
        re.compile(
            r"^(?:\d+\s+)?comments?$|\b(?:leave a (?:comment|reply)"
            r"|join the (?:conversation|discussion)|(?:log|sign) in to (?:comment|reply)"
            r"|comments? (?:are|is) closed|be the first to comment)\b",
            re.I,
        ),
    ),
    (
        "related",
        re.compile(
            r"^(?:related(?: articles| stories| posts| content| coverage)?|read (?:more|next|also)"
            r"|see also|recommended(?: for you)?|more from .{1,40}|you (?:may|might) also like"
            r"|most (?:read|popular)|trending(?: now)?|top stories)\s*:?$",
            re.I,
        ),
    ),
    (
        "cookie",
        re.compile(
            r"\b(?:we use cookies|this (?:web)?site uses cookies|accept (?:all )?cookies"
            r"|cookie (?:policy|settings|preferences))\b",
            re.I,
        ),
    ),
    (
        "copyright",
        re.compile(r"^(?:©|\(c\)|copyright\b)|\ball rights reserved\b", re.I),
    ),
    (
        "caption",
        re.compile(
            r"^(?:photo|image|picture|illustration|video|graphic)s?\s*(?:credit)?\s*:"
            r"|\((?:photo|image|picture)s? (?:by|credit|courtesy)\b"
            r"|^(?:photo|image)s? (?:by|courtesy of)\b"
            r"|\b(?:getty images|afp via getty|ap photo|reuters/|shutterstock)\b",
            re.I,
        ),
    ),
)

_NORMALISE = re.compile(r"\W+")


def _key(text: str) -> str:
    return _NORMALISE.sub(" ", text.lower()).strip()


def furniture_reason(paragraph: str) -> str | None:
    """Why a paragraph is page furniture, or None if it may be body text."""
    if len(paragraph.split()) > MAX_FURNITURE_WORDS:
        return None
    for reason, pattern in _FURNITURE:
        if pattern.search(paragraph):
            return reason
    return None


def filter_paragraphs(
    paragraphs: list[str], *, title: str | None = None
) -> tuple[list[str], list[DroppedBlock]]:
    """Split extracted paragraphs into body paragraphs and dropped furniture."""
    kept: list[str] = []
    dropped: list[DroppedBlock] = []
    title_key = _key(title) if title else None
    keys = [_key(p) for p in paragraphs]
    joined_keys = "\n".join(keys)
    copies = Counter(keys)
    seen: set[str] = set()
    for index, (paragraph, key) in enumerate(zip(paragraphs, keys, strict=True)):
        reason = furniture_reason(paragraph)
        if reason is None and not key:
            reason = "empty"
        if reason is None and index == 0 and key == title_key:
            reason = "title"
        if reason is None and key in seen:
            reason = "duplicate"
        if reason is None and _is_pull_quote(key, joined_keys, copies[key]):
            reason = "pull-quote"
        if reason:
            dropped.append(DroppedBlock(paragraph, reason))
        else:
            kept.append(paragraph)
            seen.add(key)
    return kept, dropped


def _is_pull_quote(key: str, joined_keys: str, exact_copies: int) -> bool:
    """A short paragraph whose text also appears inside another, longer paragraph is
    a pull quote (or a teaser) repeating the body. ``joined_keys`` holds every
    paragraph's key: more occurrences than exact copies means a longer one holds it."""
    words = key.split()
    if not 5 <= len(words) <= 60:
        return False
    return joined_keys.count(key) > exact_copies
