"""Furniture learned per outlet from several text dumps (the store's and this run's).

A site prints the same menus, appeals and footers on every page; with three or more
dumps of one outlet, lines that recur across them are furniture even when no pattern
knows them. Dumps are grouped by the outlet a first cleaning pass finds, or, when it
finds none, by the folder they were saved in (scrapers save one site per folder).
"""

from __future__ import annotations

from collections import defaultdict
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


def learn_outlet_furniture(
    store: Store,
    dumps: list[RawDocument],
    *,
    time_limit_s: float = 0.0,
    unchanged: dict[str, Extraction] | None = None,
) -> dict[str, FurnitureModel]:
    """A furniture model for each dump (by raw id) whose outlet has enough dumps.

    Each dump is read as extraction reads it (cut at the article text cap) and its
    first pass runs within the per-document time limit. With ``unchanged``, the first
    passes of the dumps no learned line occurs in are put there by raw id: cleaning
    them with their model gives the same result, so extraction can take it as it is
    (cleaning is most of an ingest's time on text dumps)."""
    texts: dict[str, str] = {}
    first_passes: dict[str, Extraction] = {}
    group_of: dict[str, str] = {}
    metadata_lines: set[str] = set()
    for raw in dumps:
        try:
            with time_limit(time_limit_s):
                text, _ = cap_text(decode_bytes(raw.content))
                first_pass = clean_text_dump(text)
        except NewsweaveError:  # a rejection, or LimitExceeded
            continue  # it will be rejected with its reason when ingested
        outlet = first_pass.outlet
        metadata_lines.update(
            normalise_line(d.text) for d in first_pass.dropped if d.reason in METADATA_REASONS
        )
        texts[raw.id] = text
        first_passes[raw.id] = first_pass
        group_of[raw.id] = f"outlet:{outlet}" if outlet else f"folder:{PurePath(raw.source).parent}"
    members: dict[str, list[str]] = defaultdict(list)
    for raw_id, group in group_of.items():
        members[group].append(texts[raw_id])
    models: dict[str, FurnitureModel] = {}
    for group, group_texts in members.items():
        if group.startswith("outlet:"):
            group_texts = group_texts + _stored_dumps(store, group.removeprefix("outlet:"))
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
        for raw_id, raw_group in group_of.items():
            if raw_group == group:
                models[raw_id] = model
    if unchanged is not None:
        for raw_id, first_pass in first_passes.items():
            learned_model = models.get(raw_id)
            if learned_model is None or not learned_model.touches(texts[raw_id]):
                unchanged[raw_id] = first_pass
    return models


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
