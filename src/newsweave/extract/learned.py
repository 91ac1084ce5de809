"""Furniture learned per outlet from several text dumps (the store's and this run's).

A site prints the same menus, appeals and footers on every page; with three or more
dumps of one outlet, lines that recur across them are furniture even when no pattern
knows them. Dumps are grouped by the outlet a first cleaning pass finds, or, when it
finds none, by the folder they were saved in (scrapers save one site per folder).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import PurePath

from newsweave.errors import NewsweaveError
from newsweave.extract import Extraction
from newsweave.extract.furniture import FurnitureModel, normalise_line
from newsweave.extract.text.cleaner import clean_text_dump
from newsweave.ingest.decode import decode_bytes
from newsweave.limits import cap_text, time_limit
from newsweave.records import RawDocument
from newsweave.store.db import Store

# Lines the first pass read as metadata stay out of the model: the cleaner needs them
# to find the outlet, title, date and byline.
METADATA_REASONS = frozenset({"masthead", "title", "dateline", "byline"})
_SENTENCE_ENDS = frozenset('.!?"”’')
MIN_DUMPS = 3  # fewer than this and shared lines may be the story, not the site
STORED_SAMPLE = 50  # stored dumps of an outlet to learn from, newest first


@dataclass(frozen=True, slots=True)
class DumpSample:
    """What learning needs of one text dump: its text as extraction reads it (cut at
    the article text cap), the group it learns with, and the lines its first cleaning
    pass read as metadata. Made where the dump is read (a worker, in a distributed
    run); the models are learned from all of a run's samples at once."""

    raw_id: str
    group: str
    text: str
    metadata_lines: frozenset[str]


def sample_dump(
    raw: RawDocument, *, time_limit_s: float = 0.0
) -> tuple[DumpSample, Extraction] | None:
    """The sample of one text dump and its first cleaning pass, or None when it cannot
    be read (it will be rejected with its reason when extracted). The first pass runs
    within the time limit."""
    try:
        with time_limit(time_limit_s):
            text, _ = cap_text(decode_bytes(raw.content))
            cleaned = clean_text_dump(text)
    except NewsweaveError:  # a rejection, or LimitExceeded
        return None
    outlet = cleaned.outlet
    metadata = frozenset(
        normalise_line(d.text) for d in cleaned.dropped if d.reason in METADATA_REASONS
    )
    group = f"outlet:{outlet}" if outlet else f"folder:{PurePath(raw.source).parent}"
    return DumpSample(raw.id, group, text, metadata), cleaned


def learn_models(
    samples: Iterable[DumpSample], stored_texts: Callable[[str], list[str]] = lambda _o: []
) -> dict[str, FurnitureModel]:
    """A furniture model for each sampled dump (by raw id) whose group has enough
    dumps; ``stored_texts(outlet)`` adds dumps of that outlet stored earlier."""
    samples = list(samples)
    metadata_lines: set[str] = set()
    members: dict[str, list[str]] = defaultdict(list)
    for sample in samples:
        metadata_lines.update(sample.metadata_lines)
        members[sample.group].append(sample.text)
    models: dict[str, FurnitureModel] = {}
    for group, group_texts in members.items():
        if group.startswith("outlet:"):
            group_texts = group_texts + stored_texts(group.removeprefix("outlet:"))
        if len(group_texts) < MIN_DUMPS:
            continue
        learned = FurnitureModel.learn(group_texts)
        model = FurnitureModel(
            frozenset(
                line
                for line in learned.lines
                if line not in metadata_lines and not _reads_like_prose(line)
            ),
            learned.documents,
            learned.min_documents,
        )
        for sample in samples:
            if sample.group == group:
                models[sample.raw_id] = model
    return models


def learn_outlet_furniture(
    store: Store,
    dumps: list[RawDocument],
    *,
    time_limit_s: float = 0.0,
    unchanged: dict[str, Extraction] | None = None,
) -> dict[str, FurnitureModel]:
    """A furniture model for each dump (by raw id) whose outlet has enough dumps,
    learned with the outlet's dumps the store already holds.

    Each dump is read as extraction reads it (cut at the article text cap) and its
    first pass runs within the per-document time limit. With ``unchanged``, the first
    passes of the dumps no learned line occurs in are put there by raw id: cleaning
    them with their model gives the same result, so extraction can take it as it is
    (cleaning is most of an ingest's time on text dumps)."""
    sampled = [s for s in (sample_dump(r, time_limit_s=time_limit_s) for r in dumps) if s]
    models = learn_with_stored(store, (sample for sample, _ in sampled))
    if unchanged is not None:
        for sample, first_pass in sampled:
            if not cleaned_again(models, sample):
                unchanged[sample.raw_id] = first_pass
    return models


def learn_with_stored(store: Store, samples: Iterable[DumpSample]) -> dict[str, FurnitureModel]:
    """``learn_models`` over ``samples`` and the dumps of their outlets ``store`` holds."""
    return learn_models(samples, lambda outlet: _stored_dumps(store, outlet))


def cleaned_again(models: dict[str, FurnitureModel], sample: DumpSample) -> bool:
    """Whether the dump of ``sample`` must be cleaned again with its learned model: only
    when a learned line occurs in it (else its first pass is the result)."""
    model = models.get(sample.raw_id)
    return model is not None and model.touches(sample.text)


def _reads_like_prose(line: str) -> bool:
    """A full sentence recurring across one outlet's dumps is more likely a shared quote
    or recap paragraph of an ongoing story than furniture: never learn it as furniture."""
    return len(line.split()) >= 8 and line.rstrip()[-1:] in _SENTENCE_ENDS


def _stored_dumps(store: Store, outlet: str) -> list[str]:
    stored = []
    for content in store.recent_text_dumps(outlet, STORED_SAMPLE):
        try:
            stored.append(cap_text(decode_bytes(content))[0])
        except NewsweaveError:
            continue
    return stored
