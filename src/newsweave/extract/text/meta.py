"""Metadata lines of a text dump: datelines, bylines and mastheads (outlet names).

A date is read only from a line that is a dateline: a date alone, or a date after a
label such as "Published" or "Last Updated". Dates inside prose, and relative words like
"yesterday", are never taken as a publication date.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_TIME = (
    r"(?:[,\s]+(?:at\s+)?(?P<hour>\d{1,2})[:.](?P<minute>\d{2})\s*(?P<ampm>[ap]\.?m\.?)?"
    r"(?:\s*(?P<tz>gmt|utc|bst|cest|cet|est|edt|cst|cdt|pst|pdt|et|pt|ist)\b)?)?"
)
DATE_PATTERNS = (
    re.compile(
        _WEEKDAY
        + r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+"
        + _MONTH
        + r",?\s+(?P<year>(?:19|20)\d{2})"
        + _TIME,
        re.I,
    ),
    re.compile(
        _WEEKDAY
        + _MONTH
        + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d{2})"
        + _TIME,
        re.I,
    ),
    re.compile(
        r"(?P<year>(?:19|20)\d{2})-(?P<mon>\d{2})-(?P<day>\d{2})(?:[T\s](?P<hour>\d{2}):(?P<minute>\d{2}))?"
    ),
)
DATELINE_LABEL = re.compile(
    r"^(?:(?:last\s+)?(?:updated|modified|published|posted|created|first published|date)"
    r"(?:\s+on)?\s*:?\s*|"
    r"(?:published|posted|updated)\b[^:]{0,20}:\s*)",
    re.I,
)
TZ_OFFSETS = {
    "gmt": 0.0,
    "utc": 0.0,
    "bst": 1.0,
    "cet": 1.0,
    "cest": 2.0,
    "est": -5.0,
    "edt": -4.0,
    "et": -5.0,
    "cst": -6.0,
    "cdt": -5.0,
    "pst": -8.0,
    "pdt": -7.0,
    "pt": -8.0,
    "ist": 5.5,
}
# Words a dateline may carry besides the date (reading time, separators, "by staff").
DATELINE_FILLER = re.compile(
    r"\b(?:min(?:ute)?s?|read|ago|updated|published|posted|on|at|\d+)\b|[|•·,–—-]", re.I
)

GLUED_LABEL_RE = re.compile(r"(?<=[a-z])(?=(?:Published|Updated|Posted)\b)")
LABEL_WORD_RE = re.compile(r"\b(?:published|updated|posted)\b", re.I)
BY_NAME_RE = re.compile(
    r"\b[Bb][Yy]\s*[A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]+|de|van|von|da|del|al)){0,3}"
)
# A label on a line of its own, with its value on the next line.
LABEL_ONLY_RE = re.compile(
    r"^(?:(?:last\s+)?(?:updated|published|posted|modified)(?:\s+on)?|by|written by)\s*:?$", re.I
)
PERSON_NAME_RE = re.compile(r"^[A-Z][a-z'’.-]+(?:\s+[A-Z][\w'’.-]*){1,3}$")
NAME = r"[A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]+|de|van|von|al|bin|da|del|la|le)){1,4}"
ROLE_WORDS = (
    r"(?:editor|correspondent|reporter|writer|columnist|contributor|staff|journalist|analyst"
    r"|producer|chief|bureau)"
)
BYLINE_ROLE = re.compile(
    rf"^(?P<name>{NAME})\s*(?:,|\||–|—|-)\s*(?:[\w .]*\b{ROLE_WORDS}\b[\w .]*)$", re.I
)

# Outlets whose names appear in mastheads or furniture, and the readable form to report.
KNOWN_OUTLETS = {
    "bbc news": "BBC News",
    "bbc": "BBC News",
    "the independent": "The Independent",
    "independent": "The Independent",
    "the guardian": "The Guardian",
    "reuters": "Reuters",
    "associated press": "Associated Press",
    "cnn": "CNN",
    "the new york times": "The New York Times",
    "the washington post": "The Washington Post",
    "the times": "The Times",
    "the telegraph": "The Telegraph",
    "al jazeera": "Al Jazeera",
    "sky news": "Sky News",
    "npr": "NPR",
    "fox news": "Fox News",
    "the financial times": "Financial Times",
    "financial times": "Financial Times",
    "the economist": "The Economist",
    "politico": "Politico",
    "bloomberg": "Bloomberg",
    "daily mail": "Daily Mail",
    "the wall street journal": "The Wall Street Journal",
}
MASTHEAD_SHAPE = re.compile(
    r"^(?:The\s+)?(?:[A-Z][\w&'’.-]*\s+){1,3}(?:News|Times|Post|Herald|Gazette|Tribune|Journal|"
    r"Chronicle|Telegraph|Guardian|Independent|Observer|Courier|Express|Mirror|Standard|Star|Sun)$"
)
CAPITALS_MASTHEAD = re.compile(r"^THE(?: [A-Z][A-Z&'’.-]+){1,2}$")
# "The Meridian is funded by its readers": a "The"-name the appeal speaks for.
THE_NAME = re.compile(r"^The(?:\s+[A-Z][\w&'’.-]*){1,3}$")
OUTLET_IN_FURNITURE = re.compile(
    r"\b(?P<name>(?:The\s+)?(?:[A-Z][\w&'’.-]*\s+){0,3}?(?:[A-Z][\w&'’.-]*))\s+is\s+"
    r"(?:on the ground|trusted|independent|funded|free)\b"
    r"|\b(?:follow other|support)\s+(?P<name2>(?:The\s+)?[A-Z]\w+(?:\s+[A-Z]\w+){0,2})\b"
)


def parse_date(text: str) -> datetime | None:
    """The first absolute date in ``text`` as a datetime (UTC when a zone is given)."""
    for pattern in DATE_PATTERNS:
        match = pattern.search(text)
        if match is None:
            continue
        parts = match.groupdict()
        month_name = (parts.get("month") or "").lower()
        month = int(parts["mon"]) if parts.get("mon") else MONTHS[month_name[:3]]
        try:
            hour = int(parts["hour"]) if parts.get("hour") else 0
            if parts.get("ampm") and parts["ampm"].lower().startswith("p") and hour < 12:
                hour += 12
            minute = int(parts["minute"]) if parts.get("minute") else 0
            moment = datetime(int(parts["year"]), month, int(parts["day"]), hour, minute)
        except ValueError:
            continue
        zone = (parts.get("tz") or "").lower()
        if zone:
            offset = timezone(timedelta(hours=TZ_OFFSETS[zone]))
            return moment.replace(tzinfo=offset).astimezone(UTC)
        return moment
    return None


def dateline_date(line: str) -> datetime | None:
    """The date of a dateline; None when the line is prose that merely contains a date.

    A dateline may carry a label ("Updated:"), a byline ("By Ann Lee | May 2, 2024") and
    reading-time filler; anything more and the line is prose.
    """
    if len(line) > 120:
        return None
    text = GLUED_LABEL_RE.sub(" ", line)
    moment = parse_date(text)
    if moment is None:
        return None
    if DATELINE_LABEL.match(text):
        return moment
    for pattern in DATE_PATTERNS:
        text = pattern.sub(" ", text)
    text = BY_NAME_RE.sub(" ", text)
    has_label = LABEL_WORD_RE.search(text) is not None
    leftover = [t for t in DATELINE_FILLER.sub(" ", text).split() if any(c.isalpha() for c in t)]
    return moment if len(leftover) <= (5 if has_label else 2) else None


# "Rosa Teller in Brennick": a reporter filing from a place (name of 2-3 words).
BYLINE_PLACE = re.compile(
    r"^(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,2})\s+in\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?$"
)


def byline_author(line: str) -> str | None:
    """The author named by a byline ("By Jane Doe", "Jane Doe, Political Editor")."""
    text = GLUED_LABEL_RE.sub(" ", line.strip())
    if len(text) > 120 or text.endswith((".", "?", "!")):
        return None
    for pattern in DATE_PATTERNS:
        text = pattern.sub(" | ", text)
    text = LABEL_WORD_RE.sub(" | ", text)
    by_name = BY_NAME_RE.search(text)
    if by_name is not None and text[: by_name.start()].strip(" |,:") == "":
        return _clean_name(re.sub(r"^by\s*", "", by_name.group(), flags=re.I))
    match = BYLINE_ROLE.match(text.strip(" |"))
    if match is None:
        match = BYLINE_PLACE.match(text.strip(" |"))
    return _clean_name(match["name"]) if match else None


def _clean_name(raw: str) -> str | None:
    name = re.split(r"\s*(?:\||,|•|·|–|—| - |/)\s*", raw.strip())[0].strip()
    return name if 1 <= len(name.split()) <= 6 else None


def looks_like_name(line: str) -> bool:
    """A bare person name on its own line (2-4 capitalised words, nothing else)."""
    return len(line) <= 40 and PERSON_NAME_RE.match(line) is not None


def outlet_from_masthead(line: str) -> str | None:
    key = line.strip().casefold()
    if key in KNOWN_OUTLETS:
        return KNOWN_OUTLETS[key]
    if len(line) <= 40 and MASTHEAD_SHAPE.match(line.strip()):
        return line.strip()
    if CAPITALS_MASTHEAD.match(line.strip()):
        # Wordmarks set in capitals ("THE MERIDIAN"); "The X" keeps it from menu words.
        return " ".join(word.capitalize() for word in line.split())
    return None


def outlet_from_furniture(line: str) -> str | None:
    """An outlet named by furniture, e.g. a donation appeal that says "The Daily X is ..."."""
    for match in OUTLET_IN_FURNITURE.finditer(line):
        name = match["name"] or match["name2"]
        if name and name.casefold() in KNOWN_OUTLETS:
            return KNOWN_OUTLETS[name.casefold()]
        if name and (MASTHEAD_SHAPE.match(name) or THE_NAME.match(name)):
            return name
    return None
