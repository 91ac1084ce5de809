"""Story-level features for storylines: a profile per story, summed per storyline, and
the similarity of a story to a storyline.

A story's profile is the mean log-count of each feature key (content words, title
words boosted, entity keys: ``newsweave.stories.features``) over a bounded sample of
its articles, so it costs the same for a story of three or three thousand articles,
cut to its strongest keys. A storyline's profile is the weighted sum of its stories'
profiles, cut likewise. Similarity weighs keys by their inverse frequency over stories,
so what every story says ("dam", "officials", a country) counts little and a subject's
own names and terms count most, and it asks for agreement on named entities as well as
on words: two stories of one kind (another earthquake, another dam failure) share words
but not the names of their places and people.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from newsweave.stories.features import ENTITY, date_mark_kind

Profile = dict[str, float]
# Document frequency of a key over placed stories, and how many are placed.
Frequencies = Callable[[str], int]


@dataclass(frozen=True, slots=True)
class ProfileConfig:
    # Articles of a story read for its profile: all up to this many, else this many
    # spread from its first to its last.
    sample: int = 24
    story_keys: int = 60
    storyline_keys: int = 200
    # Keys a story looks storylines up under, and keys a storyline is listed under.
    query_keys: int = 12
    posted_keys: int = 40


def story_profile(members: Iterable[Sequence[tuple[str, int]]], keys: int) -> Profile:
    """Mean log-count of each key over ``members`` (each an article's feature counts),
    the ``keys`` strongest (ties by key). Date marks are left out: a year or weekday is
    not a subject."""
    total: dict[str, float] = {}
    count = 0
    for counts in members:
        count += 1
        for key, n in counts:
            if n > 0 and not date_mark_kind(key):
                total[key] = total.get(key, 0.0) + 1.0 + math.log(n)
    if not count:
        return {}
    return strongest({k: v / count for k, v in total.items()}, keys)


def strongest(profile: Mapping[str, float], keys: int) -> Profile:
    ranked = sorted(profile.items(), key=lambda kv: (-kv[1], kv[0]))
    return {k: round(v, 6) for k, v in ranked[:keys] if v > 1e-9}


def added(total: Mapping[str, float], part: Mapping[str, float], scale: float) -> Profile:
    """``total + scale * part`` (negative ``scale`` to take a part out again)."""
    out = dict(total)
    for key, value in part.items():
        out[key] = out.get(key, 0.0) + scale * value
    return {k: v for k, v in out.items() if v > 1e-9}


def story_weight(article_count: int) -> float:
    """How much a story adds to its storyline's profile: more for one reported more,
    not in proportion (a wire story copied a hundred times is still one event)."""
    return 1.0 + math.log(max(1, article_count))


def idf(df: int, placed: int) -> float:
    return math.log((placed + 1.0) / (df + 1.0)) + 1.0


@dataclass(frozen=True, slots=True)
class Similarity:
    words: float  # cosine over every key
    names: float  # cosine over entity keys only

    def score(self, names_floor: float) -> float:
        """The cosine over every key, when the named entities agree at least
        ``names_floor``; else 0 (the same kind of event somewhere else)."""
        return self.words if self.names >= names_floor else 0.0


def similarity(
    story: Mapping[str, float], line: Mapping[str, float], weight: Callable[[str], float]
) -> Similarity:
    """Cosines of two profiles under TF-IDF weights ``weight(key)``."""
    return Similarity(_cosine(story, line, weight, False), _cosine(story, line, weight, True))


def _cosine(
    a: Mapping[str, float], b: Mapping[str, float], weight: Callable[[str], float], names: bool
) -> float:
    def vector(p: Mapping[str, float]) -> dict[str, float]:
        return {k: v * weight(k) for k, v in p.items() if not names or k.startswith(ENTITY)}

    va, vb = vector(a), vector(b)
    dot = sum(v * vb[k] for k, v in va.items() if k in vb)
    norm = math.sqrt(sum(v * v for v in va.values()) * sum(v * v for v in vb.values()))
    return dot / norm if norm > 0 else 0.0


def salient(profile: Mapping[str, float], weight: Callable[[str], float], keys: int) -> list[str]:
    """The ``keys`` keys of ``profile`` weighing most under TF-IDF (ties by key)."""
    ranked = sorted(profile, key=lambda k: (-profile[k] * weight(k), k))
    return ranked[:keys]
