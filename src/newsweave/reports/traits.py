"""What the summariser knows about one sentence on its own: the words it compares by,
and the signs that it would read badly in a summary.

A summary sentence is read out of its article, next to sentences from other outlets.
Questions, teasers ("Why it matters:"), quotes with nobody saying them, emotive
wording and sentences that lean on the one before ("He said", "But") read badly
there; sentences that state what happened, with names, figures and attribution, read
well. Everything here is word lists and token shapes, so it runs on any sentence
splitter's output without a model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from newsweave.analyze.quotes.text import lexicon


def word_set(words: str) -> frozenset[str]:
    """A set from a whitespace-separated list (long lists read better as text)."""
    return frozenset(words.split())


WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
FIGURE = re.compile(r"\d[\d,.]*")
OPENING_MARKS = "\"“‘'«„"
CLOSING_PUNCTUATION = ".!?\"”’'»)…"

# Function words: they say nothing about what happened, so similarity ignores them.
STOP_WORDS = word_set(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his how
    i if in into is it its itself just me more most my myself no nor not now of off on
    once only or other our ours ourselves out over own same she should so some such than
    that the their theirs them themselves then there these they this those through to too
    under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves said says say told tells according mr mrs ms
    one two new last first year years time"""
)

# Words that only make sense with the sentence before them: a pronoun or a connective
# standing where the subject or the opening should be.
DANGLING_STARTS = word_set(
    """he she it they him her them his hers its their theirs this that these those there
    but and or so yet also however meanwhile still instead nevertheless nonetheless
    moreover furthermore besides then thus therefore hence such both another other
    others later afterwards now here"""
)

# Loaded wording: an outlet's colour rather than the event.
EMOTIVE_WORDS = word_set(
    """slam slams slammed blast blasts blasted rip rips ripped destroy destroys destroyed
    outrage outrageous outraged shocking shocked stunning stunned bombshell meltdown
    furious fury explosive absurd insane horrific horrifying horror disgrace disgraceful
    chaos chaotic disaster disastrous panic panicked scathing brutal brutally blistering
    hysteria hysterical unhinged pathetic ridiculous devastating epic crazy"""
)

TEASER = re.compile(
    r"^(why it matters|the big picture|what (?:we're|we are) watching|what's next|"
    r"go deeper|the bottom line|between the lines|driving the news|flashback|"
    r"what (?:you|to) (?:need to )?know|here'?s (?:what|why|how)|read more|watch|"
    r"click|sign up|subscribe|related|follow)\b",
    re.IGNORECASE,
)
FIRST_PERSON = frozenset({"i", "me", "my", "we", "us", "our", "i'm", "we're", "i've", "we've"})


@dataclass(frozen=True, slots=True)
class SentenceTraits:
    """Shape signs of one sentence (``terms`` are its stemmed content words)."""

    terms: tuple[str, ...]
    words: int
    names: int  # capitalised words past the first: people, places, bodies
    figures: int
    question: bool
    teaser: bool
    dangling: bool
    unattributed_quote: bool
    attributed: bool  # a cue word ("said", "according to") outside the quotes
    emotive: int
    first_person: bool
    fragment: bool  # no closing punctuation: a caption, crosshead or scrap of furniture


# A story's sentences are a storyline's too, and a copy repeats its original's: the
# traits of a text are remembered (they depend on the text alone).
@lru_cache(maxsize=1 << 16)
def sentence_traits(text: str) -> SentenceTraits:
    stripped = text.strip()
    words = WORD.findall(stripped)
    lowered = [w.lower().replace("’", "'") for w in words]
    outside = _outside_quotes(stripped)
    outside_words = {w.lower().replace("’", "'") for w in WORD.findall(outside)}
    opens_quote = stripped[:1] in OPENING_MARKS
    return SentenceTraits(
        terms=content_terms(stripped),
        words=len(words),
        names=sum(1 for w in words[1:] if w[:1].isupper() and w.lower() not in STOP_WORDS),
        figures=len(FIGURE.findall(stripped)),
        question=stripped.rstrip("\"”’'») ").endswith("?"),
        teaser=bool(TEASER.match(stripped)) or stripped.endswith((":", "…", "...")),
        dangling=bool(lowered) and lowered[0] in DANGLING_STARTS,
        unattributed_quote=opens_quote and not (outside_words & _cue_words()),
        attributed=bool(outside_words & (_cue_words() | {"according"})),
        emotive=sum(1 for w in lowered if w in EMOTIVE_WORDS) + stripped.count("!"),
        first_person=bool(outside_words & FIRST_PERSON),
        fragment=not stripped.endswith(tuple(CLOSING_PUNCTUATION)),
    )


@lru_cache(maxsize=1 << 16)  # a headline is compared with every day of its story
def content_terms(text: str) -> tuple[str, ...]:
    """Lower-cased, crudely stemmed words that are not function words."""
    terms = []
    for word in WORD.findall(text):
        lowered = word.lower().replace("’", "'")
        if lowered in STOP_WORDS or len(lowered) < 2:
            continue
        terms.append(stem(lowered))
    return tuple(terms)


@lru_cache(maxsize=1 << 16)  # a story repeats its words thousands of times
def stem(word: str) -> str:
    """Strip the commonest inflection, then a final e or y, so "evacuated" meets
    "evacuation", "injuries" meets "injured" and "residents" meets "resident"."""
    if word.endswith(("'s", "s'")):
        word = word[:-2] if word.endswith("'s") else word[:-1]
    for suffix in ("ions", "ion", "ments", "ment", "ings", "ing", "ies", "ied", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            word = word[: -len(suffix)]
            break
    return word[:-1] if len(word) > 4 and word.endswith(("e", "y")) else word


def _outside_quotes(text: str) -> str:
    """The text with double-quoted stretches removed (the attribution is outside them)."""
    return re.sub(r"[\"“][^\"”]*[\"”]?", " ", text)


@lru_cache(maxsize=1)
def _cue_words() -> frozenset[str]:
    return frozenset(form for form in lexicon().cue_lemma if " " not in form)
