"""Per-article features for story grouping, and the record the store keeps for each article.

Features are raw counts, independent of the corpus: content terms (lower-cased, stop
words dropped, plurals and -ing/-ed folded), title terms, and entity keys. Entity keys
come from NER names when the caller has them, else from a capitalised-phrase heuristic
(runs of capitalised words that are not just a capitalised sentence opener); each
phrase gives a key for the whole phrase and one per word, so "Lindsay Lohan" and a
later bare "Lohan" meet. The grouper turns counts into TF-IDF weights with the document
frequencies it holds at query time.
"""

from __future__ import annotations

import base64
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt

from newsweave.stories.stop_words import ENGLISH_STOP_WORDS

FloatVector = npt.NDArray[np.float32]
# Embeddings are stored as little-endian float16: half the size of float32, and cosines
# move only in the fourth decimal.
EMBEDDING_DTYPE = "<f2"

# Feature keys are namespaced: body/title words share "w:", entities use "e:".
WORD = "w:"
ENTITY = "e:"

# Kinds of date mark a feature can be (0: none): the grouper lowers the similarity of
# two articles that both name years, days of the week or months, none in common.
YEAR_MARK, WEEKDAY_MARK, MONTH_MARK = 1, 2, 3
_YEAR = re.compile(r"(?:19|20)\d\d")
# "may" and "march" are left out: a stop word, and a verb and noun as often as a month.
_CALENDAR = {
    **{
        WORD + day: WEEKDAY_MARK
        for day in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    },
    **{
        WORD + month: MONTH_MARK
        for month in ("january", "february", "april", "june", "july", "august", "september",
                      "october", "november", "december")
    },
}  # fmt: skip


def date_mark_kind(key: str) -> int:
    """The kind of date mark feature ``key`` is ("w:2013", "w:thursday"), or 0."""
    if key.startswith(WORD) and _YEAR.fullmatch(key[len(WORD) :]) is not None:
        return YEAR_MARK
    return _CALENDAR.get(key, 0)


_EXTRA_STOP = frozenset(
    {
        "said", "says", "say", "told", "tell", "according", "also", "just", "like",
        "year", "years", "new", "one", "two", "would", "could", "will", "people",
        "time", "day", "week", "http", "https", "www", "com", "html", "htm", "php",
        "mr", "mrs", "ms", "dr", "reported", "report", "reports", "news", "did",
    }
)  # fmt: skip
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | _EXTRA_STOP

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]|(?:19|20)\d\d")
# Content terms split hyphenated words ("front-runner" meets "runner") and keep numbers
# of two or more digits: tolls, sums and scores are among the sharpest marks of an event.
_TERM = re.compile(r"[A-Za-z][A-Za-z'’]*[A-Za-z]|\d[\d,.]*\d")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“”\n]\s*)$")
# Capitalised words that open sentences or headlines without naming anything.
_CAPITAL_NOISE = frozenset({"The", "A", "An", "In", "On", "At", "But", "And", "It", "He", "She"})


def stem(word: str) -> str:
    """A deliberately light suffix fold: plurals, possessives, -ing and -ed."""
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 5 and word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 4 and word.endswith("ed"):
        return word[:-2]
    return word


def content_terms(text: str) -> list[str]:
    """Stemmed, lower-cased content words of ``text``, in order, stop words removed."""
    terms = []
    for match in _TERM.finditer(text):
        word = match.group().lower().replace("’", "'").strip("'-")
        if len(word) < 3 or word in STOP_WORDS:
            continue
        stemmed = stem(word)
        if stemmed not in STOP_WORDS:
            terms.append(stemmed)
    return terms


_NOT_NAMES = frozenset(
    {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december", "after", "before", "while",
        "when", "during", "since", "however", "today", "yesterday", "tomorrow",
    }
)  # fmt: skip


def capitalised_phrases(text: str) -> list[str]:
    """Runs of capitalised words that look like names (a heuristic stand-in for NER).

    A lone capitalised word opening a sentence is kept only when the same word also
    appears capitalised mid-sentence: "Rescuers dug" names nothing, while "Qarvesh"
    recurs capitalised wherever it stands.
    """
    runs: list[tuple[list[str], bool]] = []
    current: list[str] = []
    opens_sentence = False
    previous_end = -1
    for match in _TOKEN.finditer(text):
        word = match.group()
        looks_capital = (word[0].isupper() and not word.isupper()) or (
            word.isupper() and len(word) <= 5
        )
        # Only a single space may separate the words of one name ("Lohan. The" may not).
        adjacent = bool(current) and text[previous_end : match.start()] == " "
        previous_end = match.end()
        if looks_capital and adjacent:
            current.append(word)
            continue
        if current:
            runs.append((current, opens_sentence))
        current = [word] if looks_capital else []
        opens_sentence = bool(
            _SENTENCE_START.search(text[max(0, match.start() - 3) : match.start()])
        )
    if current:
        runs.append((current, opens_sentence))
    mid_sentence = {w for words, opener in runs for w in words[int(opener) :]}
    phrases = []
    for words, opener in runs:
        if words[0] in _CAPITAL_NOISE:
            words, opener = words[1:], False
        words = [w for w in words if w.lower() not in _NOT_NAMES]
        if not words or (len(words) == 1 and opener and words[0] not in mid_sentence):
            continue
        if all(w.lower() in STOP_WORDS for w in words):
            continue
        phrases.append(" ".join(words))
    return phrases


def entity_keys(names: Iterable[str]) -> Counter[str]:
    """Entity feature counts: the whole name plus each of its content words."""
    keys: Counter[str] = Counter()
    for name in names:
        words = content_terms(name)
        if not words:
            continue
        keys[ENTITY + " ".join(words)] += 1
        if len(words) > 1:
            for word in words:
                keys[ENTITY + word] += 1
    return keys


@dataclass(frozen=True, slots=True)
class CountedFeatures:
    """A document's ``feature_counts``, computed ahead (in a worker process) with these
    settings: ``feature_counts`` returns them when asked with the same settings."""

    title_boost: int
    max_features: int
    counts: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class StoryDoc:
    """One article as the grouper sees it; ``entities`` are NER names when available."""

    article_id: str
    title: str
    text: str
    published: datetime | None = None
    outlet: str | None = None
    entities: tuple[str, ...] | None = None
    # The article this one duplicates, as newsweave.dedup.index linked it (exact or near):
    # the grouper makes it a copy of that article whatever its headline or dates.
    duplicate_of: str | None = None
    # A unit-length sentence embedding of title and lead (newsweave.stories.embeddings), if any.
    # Left out of == and hash: numpy arrays have neither in the dataclass sense.
    embedding: FloatVector | None = field(default=None, compare=False)
    # Its feature counts when computed ahead (see ``count_ahead``): of this title, text
    # and entities, so made only when the doc is complete.
    counted: CountedFeatures | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class StoryFeatures:
    """The per-article record the store keeps (see ``newsweave.stories.grouper``).

    ``counts``: feature key -> count, title words already boosted. ``index_keys``: the
    keys under which this article was put in the inverted index when it was added
    (chosen with the document frequencies of that moment, so they are stored, not
    recomputed). ``seq``: arrival order. ``neighbours``: (article id, similarity) of
    the earlier articles it was most similar to on arrival, strongest first (the edges
    of the grouper's neighbour graph, stored because they too depend on that moment).
    """

    article_id: str
    seq: int
    title: str
    published: datetime | None
    outlet: str | None
    counts: tuple[tuple[str, int], ...]
    index_keys: tuple[str, ...] = ()
    embedding: FloatVector | None = field(default=None, compare=False)
    neighbours: tuple[tuple[str, float], ...] = ()
    # The article this one is a near-copy of (a graph node; see newsweave.stories.grouper).
    copy_of: str | None = None

    def to_row(self) -> dict[str, Any]:
        row: dict[str, Any] = {
            "article_id": self.article_id,
            "seq": self.seq,
            "title": self.title,
            "published": None if self.published is None else self.published.isoformat(),
            "outlet": self.outlet,
            "counts": [[key, count] for key, count in self.counts],
            "index_keys": list(self.index_keys),
            "neighbours": [[article_id, sim] for article_id, sim in self.neighbours],
        }
        if self.copy_of is not None:
            row["copy_of"] = self.copy_of
        if self.embedding is not None:
            raw = self.embedding.astype(EMBEDDING_DTYPE).tobytes()
            row["embedding"] = base64.b64encode(raw).decode("ascii")
        return row

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> StoryFeatures:
        published = row.get("published")
        return cls(
            article_id=str(row["article_id"]),
            seq=int(row["seq"]),
            title=str(row["title"]),
            published=None if published is None else datetime.fromisoformat(str(published)),
            outlet=None if row.get("outlet") is None else str(row["outlet"]),
            counts=tuple((str(key), int(count)) for key, count in row["counts"]),
            index_keys=tuple(str(key) for key in row["index_keys"]),
            embedding=_decode_embedding(row.get("embedding")),
            # Rows stored before the neighbour graph existed have no edges.
            neighbours=tuple((str(a), float(s)) for a, s in row.get("neighbours", ())),
            copy_of=None if row.get("copy_of") is None else str(row["copy_of"]),
        )


def _decode_embedding(encoded: object) -> FloatVector | None:
    if not encoded:
        return None
    raw = base64.b64decode(str(encoded))
    vector: FloatVector = np.frombuffer(raw, dtype=EMBEDDING_DTYPE).astype(np.float32)
    return vector


def stored_precision(vector: FloatVector | None) -> FloatVector | None:
    """``vector`` rounded to the precision the store keeps, so a grouper rebuilt from
    stored rows computes exactly what the one that wrote them did."""
    if vector is None:
        return None
    rounded: FloatVector = vector.astype(EMBEDDING_DTYPE).astype(np.float32)
    return rounded


def feature_counts(
    doc: StoryDoc, *, title_boost: int = 2, max_features: int = 120
) -> tuple[tuple[str, int], ...]:
    """The raw feature counts of ``doc``: words (title words boosted) and entity keys
    (those computed ahead when they were computed with these settings)."""
    counted = doc.counted
    if counted is not None and (counted.title_boost, counted.max_features) == (
        title_boost,
        max_features,
    ):
        return counted.counts
    counts: Counter[str] = Counter(WORD + t for t in content_terms(doc.text))
    for term in set(content_terms(doc.title)):
        counts[WORD + term] += title_boost
    names: Sequence[str] = (
        doc.entities
        if doc.entities is not None
        else capitalised_phrases(doc.title + ".\n" + doc.text)
    )
    counts.update(entity_keys(names))
    # Keep the most frequent features (ties by key, for determinism): a long article's
    # long tail of single mentions costs memory and says little about its event. Date
    # marks stay whatever their rank: a weekday named once still tells two events
    # apart (37 of ECB+'s 982 articles named one that the cut dropped).
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    kept = ranked[:max_features] + [kv for kv in ranked[max_features:] if date_mark_kind(kv[0])]
    return tuple(sorted(kept))


def log_tf(count: int) -> float:
    return 1.0 + math.log(count)


def count_ahead(doc: StoryDoc, *, title_boost: int, max_features: int) -> StoryDoc:
    """``doc`` carrying its feature counts with these settings, so that the grouper,
    asking with the same, does not count them again (a worker process counts them
    while the grouper places earlier articles)."""
    counts = feature_counts(doc, title_boost=title_boost, max_features=max_features)
    return replace(doc, counted=CountedFeatures(title_boost, max_features, counts))
