"""Recognisers for page furniture in text dumps, each tied to a reason code.

Patterns are generic web/news furniture (share buttons, comment prompts, cookie notices,
donation appeals, server-side include errors), never strings of one particular page.
Short-line patterns only fire on short lines, so a body sentence that merely mentions
"comments" or "cookies" is not touched.
"""

from __future__ import annotations

import re

SHORT_LINE_WORDS = 12


def _rx(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{a})" for a in alternatives), re.IGNORECASE)


# Whole-line furniture, any length: these phrasings do not occur in article prose.
ANY_LENGTH: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "server-error",
        _rx(
            r"^\[an error occurred while processing this directive\]$",
            r"^(404|403|500|502|503)\b.{0,40}$",
            r"internal server error",
            r"please enable javascript",
            r"javascript (is )?(disabled|required)",
            r"your browser (does not|doesn't) support",
        ),
    ),
    (
        "donation-appeal",
        _rx(
            r"\byour (support|donation|contribution)s?\b.*\b(help|allow|make|keep)s?\b",
            r"\bsupport (us|our (journalism|reporting|work))\b",
            r"\b(make|give) a (one-off |monthly )?(donation|contribution)\b",
            r"\bpaid for by (those|readers)\b",
            r"\bpaywalls?\b.*\bjournalism\b",
            r"\bjournalism\b.*\bpaywalls?\b",
        ),
    ),
    (
        "cookie-notice",
        _rx(
            r"\bwe use cookies\b",
            r"\buses? cookies to\b",
            r"\bcookie (policy|settings|preferences|consent)\b",
            r"\baccept (all )?cookies\b",
        ),
    ),
    (
        "footer",
        _rx(
            r"^(copyright\s*)?(©|\(c\))",
            r"\ball rights reserved\b",
            r"\bnot responsible for the content of external\b",
        ),
    ),
)

# Furniture recognisable only when the line is short (menus, buttons, prompts).
SHORT_ONLY: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "comment-prompt",
        _rx(
            r"^comments?\b",
            r"\b(join|start) (the|our) (conversation|discussion|commenting)",
            r"\bcommenting forum\b",
            r"\b(leave|add|post|write) a (comment|reply)\b",
            r"^\d+ comments?$",
            r"\bno comments\b",
            r"\bcomments? (are )?closed\b",
            r"\bfollow other .* readers\b",
            r"\bshow comments\b",
            r"^reply$",
            r"\blet'?s hear your thoughts\b",
        ),
    ),
    (
        "share",
        _rx(
            r"^(share|tweet|email|print|facebook|twitter|whatsapp|linkedin|pinterest|reddit"
            r"|copy link)"
            r"(\s+(this|the))?(\s+(article|story|page|post|link))?(\s+on \w+)?$",
            r"^(share|follow)( us)?( on)?:?\s*(facebook|twitter|x|email|linkedin|\s)+$",
            r"^(facebook|twitter|x|email|linkedin|whatsapp|pinterest)(\s+(facebook|twitter|x|email|linkedin|whatsapp|pinterest))+$",
        ),
    ),
    ("newsletter", _rx(r"\bsign up\b", r"\bsubscribe\b", r"\bnewsletters?\b", r"\binbox\b")),
    (
        "advertisement",
        _rx(
            r"^advertisements?$",
            r"^(sponsored|promoted)( content)?$",
            r"^ad$",
            r"^story continues (below|after)",
        ),
    ),
    (
        "navigation",
        _rx(
            r"^skip to (main )?(content|navigation)",
            r"^(home|menu|search|close|back to top|"
            r"next|previous|more|log ?in|sign in|register|open menu|main menu|toggle navigation)$",
            r"^(read|see|view|load|show) (more|all|less)\b",
            r"^watch\b.*\b(news|video|live)\b",
            r"^(related|recommended|most (read|popular)|top stories|trending|more (on|from) .*)$",
            r"^(terms (of (use|service))?|privacy( policy)?|contact( us)?|about( us)?|site ?map|"
            r"accessibility|help|careers|faqs?)$",
            r"^(jump|go) to\b",
            r"^table of contents$",
        ),
    ),
    (
        "caption",
        _rx(
            r"^(image|photo|picture|video) (caption|credit|source)\b",
            r"^(show|hide) caption$",
            r"\b(getty images|reuters|ap photo|afp|pa media|shutterstock)\)?$",
            r"^(photo|image|credit):",
        ),
    ),
)

DONATION_HINT = _rx(
    r"\bdonat(e|ion|ions)\b",
    r"\byour support\b",
    r"\bpaywalls?\b",
    r"\bjournalis(m|ts)\b",
    r"\breporters? on the ground\b",
    r"\bsupport (us|our)\b",
)
COMMENT_HINT = _rx(r"\bcomment(s|ing)?\b", r"\breplies\b", r"\bconversations?\b")


def furniture_reason(line: str, word_count: int) -> str | None:
    """The reason code of the furniture this whole line is, or None if it is not furniture."""
    if " | " in line:
        # "Email this story | Print this page": a bar of buttons or links, each furniture.
        segments = [seg.strip() for seg in line.split(" | ") if seg.strip()]
        reasons = {_segment_reason(seg) for seg in segments}
        if len(segments) >= 2 and None not in reasons:
            return sorted(r for r in reasons if r)[0]
    for reason, pattern in ANY_LENGTH:
        if pattern.search(line):
            return reason
    if word_count <= SHORT_LINE_WORDS:
        for reason, pattern in SHORT_ONLY:
            if pattern.search(line):
                return reason
    return None


def _segment_reason(segment: str) -> str | None:
    words = len(segment.split())
    if words > SHORT_LINE_WORDS:
        return None
    for reason, pattern in (*ANY_LENGTH, *SHORT_ONLY):
        if pattern.search(segment):
            return reason
    return None


# Short lines that open what follows an article: comments, related items, author box.
# Inside the article span the body is cut before the first of these (see text.py).
END_OF_ARTICLE = _rx(
    r"^(related|recommended|similar|more|other|latest|recent|popular|trending)"
    r"( \w+)?( (articles?|posts?|stories|content|reads?|news|topics|products|reading))\b",
    r"^(you|we think you) (may|might) (also )?(like|enjoy)\b",
    r"^recommended for you$",
    r"^(about|more from|more by) the (author|writer)\b",
    r"^about the authors?$",
    r"^(\d+ )?(comments?|responses?|replies|thoughts on\b.*)$",
    r"^discussion about this\b",
    r"^(leave|post|add|write) a (comment|reply|response)\b",
    r"^comments are closed\b",
    r"^join the (conversation|discussion)\b",
    r"^(tags|categories|filed under|posted in)\b:?",
    r"^(previous|next) (post|article|story)\b",
    r"^share (this|the) (article|post|story|page)\b",
    r"^was this (page|article) helpful\b",
    r"^read (next|more about)\b",
    r"^like this:",
    r"^more (videos|guides|resources|reading)\b",
    r"^recently by\b",
    r"^further reading\b",
    r"^(read|see) also\b",
    r"^keep reading\b",
    r"^(latest|more) from\b",
)
END_MARKER_MAX_WORDS = 6
