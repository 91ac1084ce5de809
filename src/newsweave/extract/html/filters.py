"""Line-level furniture filters applied after the main extractor.

The extractor works on blocks; some furniture comes out looking like a paragraph:
"Share this article", "Sign up for our newsletter", a photo credit, a pull quote that
repeats a body sentence. These are short, and they use a small, stable vocabulary,
so a paragraph is dropped only when it is both short and matches one of the
patterns below; every drop is kept with its reason for audit.
"""

from __future__ import annotations

import re

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
        "social",
        re.compile(
            r"\b(?:follow (?:me|us) on|(?:find|like) (?:me|us) on (?:facebook|instagram|x|twitter)"
            r"|join (?:our|the|my) (?:facebook|linkedin|discord|slack|telegram|whatsapp)"
            r" (?:group|community|server|channel))\b",
            re.I,
        ),
    ),
    (
        "newsletter",
        re.compile(
            r"\b(?:sign up (?:for|to)|subscribe (?:to|now|today)|newsletter|mailing list"
            r"|get our .{0,30}"
            r"(?:email|inbox)|delivered (?:to|straight to) your inbox)\b",
            re.I,
        ),
    ),
    (
        "donation",
        re.compile(
            r"\b(?:donate (?:now|today)|support (?:our|independent) (?:journalism|reporting)"
            r"|become a (?:member|subscriber|patron)|make a (?:donation|contribution))\b"
            r"|^support us\b",
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
            r"^(?:related(?: articles| stories| posts| content| coverage| reading)?"
            r"|(?:read|see) (?:more|next|also|this next|these next)|also read|don'?t miss"
            r"|see also|recommended(?: for you| reading)?|more from .{1,40}"
            r"|you (?:may|might) also (?:like|enjoy)|(?:most|recent|popular) (?:read|posts|stories)"
            r"|more stories|latest (?:news|posts|stories|articles)|trending(?: now)?"
            r"|top stories)\s*[:.!]?$",
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


# Consent notices run long, so they get their own test: cookie talk addressed to
# the visitor of "this website" (an article about cookies talks about other sites).
MAX_CONSENT_WORDS = 120
_COOKIE = re.compile(r"\bcookies?\b", re.I)
_CONSENT = re.compile(
    r"\b(?:(?:our|this|the) (?:web)?site|by clicking|consent"
    r"|your (?:browser|experience|preferences)|opt[- ]out|gdpr)\b",
    re.I,
)


# WordPress ends every feed item with "The post <title> appeared first on <site>.";
# the title makes it longer than other furniture, so it has its own length limit.
MAX_FEED_FOOTER_WORDS = 80
_FEED_FOOTER = re.compile(
    r"^the post\b.{1,400}\b(?:appeared first|first appeared) on\b.{1,150}$", re.I
)


# Reader-funding appeals inside the body run to a few sentences, but say things an
# article never says to its own reader.
MAX_APPEAL_WORDS = 60
_READER_APPEAL = re.compile(
    r"\byou(?:'|’)?ve read \d+ (?:free )?(?:articles?|stories|pieces)\b"
    r"|\b(?:paid for|funded|made possible|supported) by (?:readers|supporters|members) like you\b",
    re.I,
)
# "Support The Meridian", "Subscribe to Northgate Daily": a button naming the outlet.
MAX_OUTLET_PROMPT_WORDS = 10
_OUTLET_PROMPT = r"^(?:support|subscribe to|donate to|give to|join)\s+{outlet}\b"


def furniture_reason(paragraph: str, outlet: str | None = None) -> str | None:
    """Why a paragraph is page furniture, or None if it may be body text."""
    words = len(paragraph.split())
    if words <= MAX_CONSENT_WORDS and _COOKIE.search(paragraph) and _CONSENT.search(paragraph):
        return "cookie"
    if words <= MAX_FEED_FOOTER_WORDS and _FEED_FOOTER.search(paragraph):
        return "feed-footer"
    if words <= MAX_APPEAL_WORDS and _READER_APPEAL.search(paragraph):
        return "donation"
    if outlet and words <= MAX_OUTLET_PROMPT_WORDS:
        prompt = _OUTLET_PROMPT.format(outlet=re.escape(outlet))
        if re.search(prompt, paragraph, re.I):
            return "donation"
    if words > MAX_FURNITURE_WORDS:
        return None
    for reason, pattern in _FURNITURE:
        if pattern.search(paragraph):
            return reason
    return None


def filter_paragraphs(
    paragraphs: list[str], *, title: str | None = None, outlet: str | None = None
) -> tuple[list[str], list[DroppedBlock]]:
    """Split extracted paragraphs into body paragraphs and dropped furniture
    (``outlet``, when known, lets prompts naming it be recognised)."""
    kept: list[str] = []
    dropped: list[DroppedBlock] = []
    title_key = _key(title) if title else None
    keys = [_key(p) for p in paragraphs]
    shingles = _shingle_index(keys)
    seen: set[str] = set()
    for position, (paragraph, key) in enumerate(zip(paragraphs, keys, strict=True)):
        reason = furniture_reason(paragraph, outlet)
        if reason is None and not key:
            reason = "empty"
        if reason is None and position == 0 and key == title_key:
            reason = "title"
        if reason is None and key in seen:
            reason = "duplicate"
        if reason is None and _is_pull_quote(position, paragraphs, keys, shingles):
            reason = "pull-quote"
        if reason:
            dropped.append(DroppedBlock(paragraph, reason))
        else:
            kept.append(paragraph)
            seen.add(key)
    return kept, dropped


SHINGLE_WORDS = 5
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)]*\s*$|^[\"“‘«]")
# Shorter repeats are mostly headings echoed by a table of contents: kept.
PULL_QUOTE_MIN_WORDS = 8
MAX_CONTAINER_CANDIDATES = 20


def _shingle_index(keys: list[str]) -> dict[tuple[str, ...], list[int]]:
    """Every run of SHINGLE_WORDS words -> the paragraphs it occurs in, so finding
    which paragraphs contain a given one is a lookup, not a scan of the page."""
    index: dict[tuple[str, ...], list[int]] = {}
    for number, key in enumerate(keys):
        words = key.split()
        for start in range(len(words) - SHINGLE_WORDS + 1):
            holders = index.setdefault(tuple(words[start : start + SHINGLE_WORDS]), [])
            if not holders or holders[-1] != number:
                holders.append(number)
    return index


def _is_pull_quote(
    position: int,
    paragraphs: list[str],
    keys: list[str],
    shingles: dict[tuple[str, ...], list[int]],
) -> bool:
    """A short paragraph whose text also appears inside another, longer paragraph
    is a pull quote (or a teaser) repeating the body."""
    key = keys[position]
    words = key.split()
    if not PULL_QUOTE_MIN_WORDS <= len(words) <= 60:
        return False
    # Pull quotes are sentences; headings echoed by a table of contents are not.
    if not _SENTENCE_END.search(paragraphs[position]):
        return False
    # Any paragraph containing this one holds all its shingles, so the rarest
    # shingle's holders are the only candidates; a shingle found all over the page
    # is boilerplate the other filters deal with, and is not chased here.
    holders = min(
        (shingles[tuple(words[i : i + SHINGLE_WORDS])] for i in range(len(words) - 4)),
        key=len,
    )
    if len(holders) > MAX_CONTAINER_CANDIDATES:
        return False
    return any(
        other != position and len(keys[other]) > len(key) and key in keys[other]
        for other in holders
    )
