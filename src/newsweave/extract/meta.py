"""Metadata helpers that need no HTML: outlet names from URLs, dates from dateline text.

Both are shared with the text-dump cleaner, so their signatures are stable:
``outlet_from_url(url) -> str | None`` and ``parse_date_text(s) -> datetime | None``
(``known_outlet(url)`` is the well-known-site half of the former).
A date is only returned when the text states one; a timezone is attached only when
the text gives it, and relative phrases ("2 hours ago") are never resolved.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

# Readable names for well-known news domains. Anything else falls back to the bare
# domain: "dailycourier.com" cannot be turned into "Daily Courier" reliably.
KNOWN_OUTLETS: dict[str, str] = {
    "bbc.co.uk": "BBC News",
    "bbc.com": "BBC News",
    "nytimes.com": "The New York Times",
    "washingtonpost.com": "The Washington Post",
    "wsj.com": "The Wall Street Journal",
    "theguardian.com": "The Guardian",
    "guardian.co.uk": "The Guardian",
    "reuters.com": "Reuters",
    "apnews.com": "Associated Press",
    "cnn.com": "CNN",
    "foxnews.com": "Fox News",
    "nbcnews.com": "NBC News",
    "cbsnews.com": "CBS News",
    "abcnews.go.com": "ABC News",
    "abc.net.au": "ABC News (Australia)",
    "npr.org": "NPR",
    "usatoday.com": "USA Today",
    "latimes.com": "Los Angeles Times",
    "politico.com": "Politico",
    "politico.eu": "Politico Europe",
    "theatlantic.com": "The Atlantic",
    "newyorker.com": "The New Yorker",
    "bloomberg.com": "Bloomberg",
    "ft.com": "Financial Times",
    "economist.com": "The Economist",
    "independent.co.uk": "The Independent",
    "telegraph.co.uk": "The Telegraph",
    "thetimes.co.uk": "The Times",
    "dailymail.co.uk": "Daily Mail",
    "news.sky.com": "Sky News",
    "aljazeera.com": "Al Jazeera",
    "aljazeera.net": "Al Jazeera",
    "dw.com": "Deutsche Welle",
    "france24.com": "France 24",
    "euronews.com": "Euronews",
    "lemonde.fr": "Le Monde",
    "lefigaro.fr": "Le Figaro",
    "spiegel.de": "Der Spiegel",
    "zeit.de": "Die Zeit",
    "faz.net": "Frankfurter Allgemeine Zeitung",
    "sueddeutsche.de": "Süddeutsche Zeitung",
    "elpais.com": "El País",
    "elmundo.es": "El Mundo",
    "corriere.it": "Corriere della Sera",
    "repubblica.it": "la Repubblica",
    "cbc.ca": "CBC News",
    "theglobeandmail.com": "The Globe and Mail",
    "smh.com.au": "The Sydney Morning Herald",
    "scmp.com": "South China Morning Post",
    "timesofindia.indiatimes.com": "The Times of India",
    "hindustantimes.com": "Hindustan Times",
    "thehindu.com": "The Hindu",
    "japantimes.co.jp": "The Japan Times",
    "axios.com": "Axios",
    "vox.com": "Vox",
    "thehill.com": "The Hill",
    "huffpost.com": "HuffPost",
    "time.com": "Time",
    "newsweek.com": "Newsweek",
    "forbes.com": "Forbes",
    "cnbc.com": "CNBC",
    "afp.com": "AFP",
    "rferl.org": "Radio Free Europe/Radio Liberty",
    "voanews.com": "Voice of America",
    "wikinews.org": "Wikinews",
}

# Host prefixes that say nothing about the outlet.
_HOST_NOISE = re.compile(r"^(?:www\d?|m|amp|mobile|edition|beta)\.", re.IGNORECASE)


def _host(url: str) -> str | None:
    if "//" not in url:
        url = "//" + url  # a bare "example.com/path" still names a host
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host or "." not in host or not re.fullmatch(r"[\w.-]+", host):
        return None  # no host, or an encoded path glued to it ("site.fr%2fnews")
    while _HOST_NOISE.match(host):
        host = _HOST_NOISE.sub("", host, count=1)
    return host.lower().rstrip(".")


def known_outlet(url: str) -> str | None:
    """The readable name of a well-known news site the URL belongs to, else None."""
    host = _host(url)
    if host is None:
        return None
    labels = host.split(".")
    # Try "news.sky.com", then "sky.com", ...: the longest known suffix wins.
    for start in range(len(labels) - 1):
        name = KNOWN_OUTLETS.get(".".join(labels[start:]))
        if name:
            return name
    return None


def outlet_from_url(url: str) -> str | None:
    """The outlet a URL belongs to: a readable name for well-known news sites,
    otherwise the domain without ``www.``; None when the URL has no host."""
    return known_outlet(url) or _host(url)


# ---------------------------------------------------------------------------
# Dates in text

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january jan januar janvier enero gennaio janeiro januari",
        "february feb februar février fevrier febrero febbraio fevereiro februari",
        "march mar märz maerz mars marzo março maart",
        "april apr avril abril aprile",
        "may mai mayo maggio maio mei",
        "june jun juni juin junio giugno junho",
        "july jul juli juillet julio luglio julho",
        "august aug août aout agosto augustus",
        "september sep sept septembre septiembre settembre setembro",
        "october oct oktober octobre octubre ottobre outubro",
        "november nov novembre noviembre novembro",
        "december dec dezember décembre decembre diciembre dicembre dezembro",
    ),
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _number

# Zone abbreviations common in datelines. Ambiguous ones (IST, CST) are left out:
# a wrong offset is worse than none.
ZONES: dict[str, int] = {
    "utc": 0, "gmt": 0, "z": 0, "bst": 60, "cet": 60, "cest": 120, "eet": 120,
    "eest": 180, "est": -300, "edt": -240, "cdt": -300, "mst": -420, "mdt": -360,
    "pst": -480, "pdt": -420, "jst": 540, "aest": 600, "aedt": 660,
}  # fmt: skip

_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_TIME = (
    r"(?:\D{0,12}?(?P<hour>\d{1,2})[:.h](?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"\s*(?P<ampm>[ap]\.?m\.?)?"
    r"(?:\s*(?P<zone>[A-Za-z]{1,4}\b|[+-]\d{2}:?\d{2})(?P<zoneoffset>[+-]\d{1,2}(?::?\d{2})?)?)?)?"
)
_ISO = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
    r"(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?"
    r"\s*(?P<zone>Z|[+-]\d{2}:?\d{2})?)?",
    re.IGNORECASE,
)
_DAY_MONTH_YEAR = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th|er|\.)?\s+(?:de\s+)?(?P<month>{_MONTH_NAMES})\.?,?"
    rf"\s+(?:de\s+)?(?P<year>\d{{4}})\b" + _TIME,
    re.IGNORECASE,
)
_MONTH_DAY_YEAR = re.compile(
    rf"\b(?P<month>{_MONTH_NAMES})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b"
    + _TIME,
    re.IGNORECASE,
)
# 24.01.2007 is day-first everywhere dots are used; slashes are left alone (US order?).
_DOTTED = re.compile(r"\b(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})\b" + _TIME)


def _zone(name: str | None, extra: str | None) -> timezone | None:
    if not name:
        return None
    lowered = name.lower()
    offset: int | None
    if lowered in ZONES:
        offset = ZONES[lowered]
    elif re.fullmatch(r"[+-]\d{2}:?\d{2}", name):
        sign = -1 if name[0] == "-" else 1
        digits = name[1:].replace(":", "")
        offset = sign * (int(digits[:2]) * 60 + int(digits[2:]))
    else:
        return None
    if extra:  # "GMT+2", "UTC-05:00"
        sign = -1 if extra[0] == "-" else 1
        parts = extra[1:].replace(":", "")
        hours, minutes = (parts[:-2], parts[-2:]) if len(parts) > 2 else (parts, "0")
        offset += sign * (int(hours) * 60 + int(minutes))
    if not -14 * 60 <= offset <= 14 * 60:
        return None
    return timezone(timedelta(minutes=offset))


def _build(match: re.Match[str]) -> datetime | None:
    fields = match.groupdict()
    month_text = fields["month"]
    month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text.lower().rstrip("."))
    if month is None:
        return None
    hour = minute = second = 0
    tz = None
    if fields.get("hour") is not None:
        hour, minute = int(fields["hour"]), int(fields["minute"])
        second = int(fields["second"] or 0)
        ampm = (fields.get("ampm") or "").lower().replace(".", "")
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        tz = _zone(fields.get("zone"), fields.get("zoneoffset"))
    try:
        return datetime(int(fields["year"]), month, int(fields["day"]), hour, minute, second,
                        tzinfo=tz)  # fmt: skip
    except ValueError:  # 31 February, hour 27, ...
        return None


def parse_date_text(s: str) -> datetime | None:
    """The date (and time, and zone, when given) a dateline or date string states.

    Handles ISO 8601 ("2024-03-03T10:15:00+01:00"), "3 March 2024", "March 3, 2024",
    "Wednesday, 24 January 2007, 23:51 GMT", "24.01.2007" and the like, in English
    and the main Western European languages. Returns None when no full date is stated.
    """
    text = s.strip()[:300]
    if not text:
        return None
    for pattern in (_ISO, _DAY_MONTH_YEAR, _MONTH_DAY_YEAR, _DOTTED):
        match = pattern.search(text)
        if match:
            found = _build(match)
            if found is not None and 1900 <= found.year <= 2100:
                return found
    return None


# /2007/01/24/ or /2007-01-24/ or /20070124/ in a URL path.
_URL_DATE = re.compile(
    r"/(?P<year>(?:19|20)\d{2})[/-](?P<month>[01]?\d)[/-](?P<day>[0-3]?\d)(?:/|[-_]|\b)"
    r"|/(?P<year2>(?:19|20)\d{2})(?P<month2>[01]\d)(?P<day2>[0-3]\d)/"
)


def date_from_url(url: str) -> datetime | None:
    """The publication day a URL path spells out (/2007/01/24/...), else None."""
    match = _URL_DATE.search(urlsplit(url).path if "//" in url else url)
    if not match:
        return None
    year = match.group("year") or match.group("year2")
    month = match.group("month") or match.group("month2")
    day = match.group("day") or match.group("day2")
    try:
        return datetime(int(year), int(month), int(day))
    except ValueError:
        return None
