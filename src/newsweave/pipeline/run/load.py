"""``newsweave load``: a run's Parquet tables into a store, so that every reader of the
store (reports, digest, web app, exports) works on the run's results.

Inputs, articles, rejections and analyses are stored as ingest stores them (an input
already in the store is skipped, so loading twice stores nothing twice). The run's
duplicate links and stories are written as they are when the store has no grouping
yet; into a store that has its own, the loaded articles are grouped by the store's
incremental grouping step instead, as an ingest of them would.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from newsweave.errors import NewsweaveError
from newsweave.pipeline.run.output import RunOutput
from newsweave.pipeline.run.rows import article_from_row, raw_from_row
from newsweave.records import AnalysisFailure, Rejection, Story
from newsweave.store.db import Store


@dataclass
class LoadReport:
    inputs: int = 0  # inputs newly stored
    articles: int = 0
    stories: int = 0
    regrouped: bool = False  # grouped by the store's grouping step, not taken from the run


def load_run(store: Store, directory: str) -> LoadReport:
    from newsweave.pipeline.group import group_new_articles, open_grouping
    from newsweave.store.analyses import save_analysis, save_analysis_failure
    from newsweave.store.analysis_rows import analysis_from_json
    from newsweave.store.run_load import has_grouping, write_run_grouping
    from newsweave.store.stories import save_grouping_failure

    out = RunOutput(directory)
    if not out.finished():
        raise NewsweaveError(
            f"{directory} holds no finished run (no run.json): run"
            " `newsweave run --input ... --output DIR` to the end first"
        )
    tables = out.read_tables()
    report = LoadReport()
    grouped_before = has_grouping(store)
    articles = {r["id"]: article_from_row(r) for r in tables["articles"]}
    rejection_of = {r["raw_id"]: r for r in tables["rejections"] if r["raw_id"]}
    new_articles: set[str] = set()
    for row in tables["inputs"]:
        if store.raw_status(row["raw_id"]) is not None:
            continue
        raw = raw_from_row(row)
        if row["article_id"] is not None:
            status, article_id = store.add_document(raw, articles[row["article_id"]])
            if status == "article" and article_id is not None:
                new_articles.add(article_id)
        else:
            rejected = rejection_of[row["raw_id"]]
            store.add_document(
                raw, Rejection(rejected["source"], rejected["reason"], rejected["detail"], raw.id)
            )
        report.inputs += 1
    read_inputs = {row["raw_id"] for row in tables["inputs"]}
    for row in tables["rejections"]:
        if row["raw_id"] not in read_inputs:  # a file or record that could not be read
            store.add_rejection(Rejection(row["source"], row["reason"], row["detail"]))
    for row in tables["analyses"]:
        if row["article_id"] in new_articles:
            article = articles[row["article_id"]]
            analysis = analysis_from_json(article.id, article.text, row["data"])
            save_analysis(store, analysis, row["version"])
    for row in tables["failures"]:
        if row["article_id"] not in new_articles:
            continue
        if row["step"] == "analyze":
            failure = AnalysisFailure(row["article_id"], row["reason"], row["detail"])
            save_analysis_failure(store, failure, _analysis_version(tables))
        else:
            save_grouping_failure(store, row["article_id"], row["reason"], row["detail"])
    report.articles = len(new_articles)
    if not new_articles:
        pass  # loaded before: nothing new to group
    elif grouped_before or new_articles != set(articles):
        report.regrouped = True
        group_new_articles(store, analyzed_only=True)
    else:
        write_run_grouping(
            store,
            tables["dedup_records"],
            tables["duplicates"],
            tables["story_features"],
            tables["story_members"],
            [_story(r) for r in tables["stories"]],
        )
        open_grouping(store)  # builds the grouping state from the rows, once
        from newsweave.pipeline.storylines import place_changed_stories

        # The stories just written are queued for the storyline step: place them, as
        # the grouping step does after grouping.
        place_changed_stories(store)
    report.stories = len(tables["stories"])
    return report


def _analysis_version(tables: dict[str, list[dict[str, object]]]) -> str:
    from newsweave.analyze import ANALYSIS_VERSION

    versions = {str(r["version"]) for r in tables["analyses"]}
    return versions.pop() if len(versions) == 1 else ANALYSIS_VERSION


def _story(row: dict[str, object]) -> Story:
    def when(value: object) -> datetime | None:
        return datetime.fromisoformat(str(value)) if value else None

    return Story(
        id=str(row["id"]),
        title=str(row["title"]),
        article_ids=tuple(json.loads(str(row["article_ids"]))),
        start=when(row["start"]),
        end=when(row["end"]),
        outlets=tuple(json.loads(str(row["outlets"]))),
    )
