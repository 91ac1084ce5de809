"""The scanning regex for time expressions, the word tables it needs, and where
to run it (:func:`candidate_windows`: only near trigger words).

One compiled alternation is run over the text once; each alternative is an outer
named group (``dmy``, ``weekday``, ...) whose name selects the resolver in
:mod:`newsweave.analyze.timex.finder`. More specific alternatives come first, so at a given
position "24 January 2007" wins over "January 2007" and "January".

Month and weekday names are matched case-sensitively: "May" (month) against "may"
(verb), "March" against "march". Bare "May" also needs a preposition before it,
which keeps out "Theresa May" and sentence-initial "May I...".
"""

from __future__ import annotations

import re

_MONTH_NAMES = (
    "january february march april may june july august september october november december"
)
_WEEKDAY_NAMES = "monday tuesday wednesday thursday friday saturday sunday"
MONTH_NUMBERS = {name: number for number, name in enumerate(_MONTH_NAMES.split(), start=1)}
MONTH_NUMBERS.update({name[:3]: number for name, number in list(MONTH_NUMBERS.items())})
MONTH_NUMBERS["sept"] = 9
WEEKDAY_NUMBERS = {name: number for number, name in enumerate(_WEEKDAY_NAMES.split())}
# None marks a vague quantity ("a few days ago"): relative, but never resolved.
NUMBER_WORDS: dict[str, int | None] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "a couple of": 2,
    "a couple": 2,
    "a few": None,
    "few": None,
    "several": None,
}

_FULL_MONTH = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
_FULL_MONTH_NOT_MAY = _FULL_MONTH.replace("|May", "")
# Abbreviations only ever appear next to digits; a trailing dot may be split off
# by tokenisation ("Jan . 24"), hence the optional space.
_ABBREVIATED_MONTH = r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
_WEEKDAY = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_YEAR = r"(?:19\d\d|20\d\d|2100)"
# With a day or month beside it a historical year is unambiguous ("8 Feb 1843").
_DATE_YEAR = r"(?:1\d{3}|20\d\d|2100)"
_DAY = r"[0-3]?\d(?:st|nd|rd|th)?"
_NUMBER = (
    r"\d{1,3}|(?i:a\s+couple\s+of|a\s+couple|a\s+few|few|several|an|a|one|two|three|four"
    r"|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
    r"|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty)"
)
_DAY_PART = r"(?:\s+(?i:morning|afternoon|evening|night))?"
_OPTIONAL_WEEKDAY = rf"(?:(?:{_WEEKDAY})\s*,?\s+)?"
_MONTH_WORD = rf"(?:{_FULL_MONTH}|(?:{_ABBREVIATED_MONTH})\b(?:\s?\.)?)"
# A number glued to currency, decimals or thousands is not a date part.
_NOT_AFTER_NUMBER = r"(?<![\d.,£$€¥])"
_NOT_BEFORE_NUMBER = r"(?![.,/]?\d)"

_ALTERNATIVES = (
    # 2007-01-24
    rf"(?P<iso>\b(?P<iso_y>{_YEAR})-(?P<iso_m>[01]\d)-(?P<iso_d>[0-3]\d)\b(?!-\d))",
    # 24/01/2007, 1.24.2007, 24-01-2007: day and month resolved only when unambiguous
    rf"(?P<numeric>{_NOT_AFTER_NUMBER}(?<![/-])\b(?P<numeric_a>[0-3]?\d)(?P<numeric_sep>[/.-])"
    rf"(?P<numeric_b>[0-3]?\d)(?P=numeric_sep)(?P<numeric_y>{_YEAR})\b{_NOT_BEFORE_NUMBER})",
    # (Wednesday,) 24(th) (of) January (, 2007)
    rf"(?P<dmy>{_OPTIONAL_WEEKDAY}{_NOT_AFTER_NUMBER}\b(?P<dmy_d>{_DAY})\s+(?:of\s+)?"
    rf"(?P<dmy_m>{_MONTH_WORD})(?:\s*,?\s*(?P<dmy_y>{_DATE_YEAR})\b{_NOT_BEFORE_NUMBER})?)",
    # (Wednesday,) January 24(th) (, 2007)
    rf"(?P<mdy>{_OPTIONAL_WEEKDAY}\b(?P<mdy_m>{_MONTH_WORD})\s*(?P<mdy_d>{_DAY})\b"
    rf"{_NOT_BEFORE_NUMBER}(?:\s*,?\s*(?P<mdy_y>{_DATE_YEAR})\b{_NOT_BEFORE_NUMBER})?)",
    # (early) January (,) 2007
    rf"(?P<my>(?:\b(?P<my_mod>(?i:early|mid|late))[\s-]+)?\b(?P<my_m>{_MONTH_WORD})"
    rf"\s*,?\s+(?P<my_y>{_DATE_YEAR})\b{_NOT_BEFORE_NUMBER})",
    # (last|next|this|early|mid|late) Monday (morning); not "Bloody Sunday", "Sunday Times"
    rf"(?P<weekday>(?:\b(?P<weekday_mod>(?i:last|next|this|early|late))\s+)?"
    r"(?<!Bloody )(?<!Super )(?<!Black )(?<!Good )(?<!Ash )(?<!Palm )(?<!Holy )"
    r"(?<!Easter )(?<!Cyber )(?<!Shrove )(?<!Maundy )"
    rf"\b(?P<weekday_d>{_WEEKDAY})\b(?!\s+(?:Times|Telegraph|Mirror|Express|Herald|Post|"
    rf"People|Mail|Tribune|Independent|Sport|Star|Business)\b){_DAY_PART})",
    # (last|early|end of) October; bare months other than May need no context
    r"(?P<month>(?:\b(?P<month_mod>(?i:last|next|this|early|mid|late|(?:the\s+)?"
    r"(?:end|beginning|start|middle)\s+of))[\s-]+)?"
    rf"\b(?P<month_m>{_FULL_MONTH_NOT_MAY})\b(?!\s*,?\s*\d))",
    r"(?P<may>\b(?P<may_mod>(?i:in|since|until|till|during|by\s+early|early|mid|late|last"
    r"|next|this|(?:the\s+)?(?:end|beginning|start|middle)\s+of))[\s-]+"
    r"(?P<may_m>May)\b(?!\s*,?\s*\d))",
    # (the) (early) 1990s
    r"(?P<decade>(?:\b(?P<decade_mod>(?i:early|mid|late))[\s-]+)?\b(?P<decade_y>"
    r"(?:19|20)\d0)\s?'?s\b)",
    # from 2001 to 2003, between 2001 and 2003
    rf"(?P<years>\b(?i:from|between)\s+(?P<years_a>{_YEAR})\s+(?i:to|and|until|till)\s+"
    rf"(?P<years_b>{_YEAR})\b{_NOT_BEFORE_NUMBER})",
    # in 2003, since 2003, mid-2006: a year needs a date-like word before it
    r"(?P<year>\b(?P<year_pre>(?i:in|since|by|until|till|during|before|after|through"
    r"|throughout|early|mid|late|(?:end|start|beginning|middle|spring|summer|autumn|fall"
    rf"|winter|half|quarter)\s+of))[\s-]+(?P<year_y>{_YEAR})\b{_NOT_BEFORE_NUMBER}"
    r"(?!\s*(?:%|(?i:per\s*cent|percent))))",
    # fixed relative words
    r"(?P<word>(?<![Tt]he )\b(?P<word_w>(?i:the\s+day\s+before\s+yesterday|day\s+after"
    r"\s+tomorrow|(?:yesterday|tomorrow)(?:\s+(?:morning|afternoon|evening|night))?"
    r"|last\s+night|this\s+(?:morning|afternoon|evening)|today|tonight|tomorrow))\b)",
    # last week, next month, earlier this year
    r"(?P<unit>\b(?P<unit_mod>(?i:last|next|this|earlier\s+this|later\s+this))\s+"
    r"(?P<unit_u>(?i:week|month|year))\b)",
    # four years ago
    rf"(?P<ago>\b(?P<ago_n>{_NUMBER})\s+(?P<ago_u>(?i:days?|weeks?|months?|years?))"
    r"\s+(?i:ago)\b)",
    # in three weeks('s time)
    rf"(?P<ahead>\b(?i:in)\s+(?P<ahead_n>{_NUMBER})\s+(?P<ahead_u>(?i:days?|weeks?|months?"
    r"|years?))(?P<ahead_time>\s*(?:'|’)\s*s?\s+time|\s+time)?\b)",
)

# Every alternative starts at the beginning of a word: checking that once, up front,
# spares the alternation at every position inside words (a several-fold speed-up).
TIME_PATTERN = re.compile(r"\b(?=\w)(?:" + "|".join(_ALTERNATIVES) + ")")

# Every alternative above contains one of these; scanning only near them keeps the
# costly alternation off the (large) stretches of text that hold no time words.
# Three plain patterns, because one case-insensitive alternation is several times
# slower: the word triggers run over the lower-cased text.
DIGIT_TRIGGER = re.compile(r"\d+")
MONTH_TRIGGER = re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")
WORD_TRIGGER = re.compile(r"day|week|month|year|night|morning|afternoon|evening|tomorrow|tonight")
WORD_TRIGGER_ANY_CASE = re.compile(WORD_TRIGGER.pattern, re.IGNORECASE)
# How far a match may reach before its first trigger and after its last one: the
# longest lead-in is "by the beginning of " / "a couple of ", the longest tail
# "'s time" or the rest of a month name ("tember"). Whitespace snapping adds slack.
TRIGGER_REACH_BEFORE = 32
TRIGGER_REACH_AFTER = 24


def candidate_windows(text: str) -> list[tuple[int, int]]:
    """Disjoint stretches of ``text`` around trigger words, cut at whitespace.

    Every time expression contains a trigger (a digit, a month prefix, "day",
    "week", ...), so it lies wholly inside the window of its triggers; cutting at
    whitespace keeps words whole at the edges.
    """
    windows: list[tuple[int, int]] = []
    for trigger_start, trigger_end in _trigger_spans(text):
        # Snap before merging, so that merged windows never overlap and no
        # expression is found twice.
        start = _back_to_space(text, max(trigger_start - TRIGGER_REACH_BEFORE, 0))
        end = _on_to_space(text, min(trigger_end + TRIGGER_REACH_AFTER, len(text)))
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(end, windows[-1][1]))
        else:
            windows.append((start, end))
    return windows


def _trigger_spans(text: str) -> list[tuple[int, int]]:
    lowered = text.lower()
    # Lower-casing keeps offsets unless some character expands ("İ" -> "i̇").
    words = (
        WORD_TRIGGER.finditer(lowered)
        if len(lowered) == len(text)
        else WORD_TRIGGER_ANY_CASE.finditer(text)
    )
    spans = [match.span() for match in words]
    spans.extend(match.span() for match in DIGIT_TRIGGER.finditer(text))
    spans.extend(match.span() for match in MONTH_TRIGGER.finditer(text))
    spans.sort()
    return spans


# A window edge looks no further than this for whitespace: a run of text with no space
# in it (no real word is this long) must not cost a scan per trigger inside it.
MAX_SNAP_CHARS = 64


def _back_to_space(text: str, position: int) -> int:
    stop = max(0, position - MAX_SNAP_CHARS)
    while position > stop and not text[position - 1].isspace():
        position -= 1
    return position


def _on_to_space(text: str, position: int) -> int:
    stop = min(len(text), position + MAX_SNAP_CHARS)
    while position < stop and not text[position].isspace():
        position += 1
    return position
