"""Stages over the store: analysis runs once per article and feeds the quote export;
grouping stores what the grouper decides, splits included, and resumes exactly."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from newsweave.export import QUOTE_FIELDS
from newsweave.pipeline.analyze import analyze_new_articles
from newsweave.pipeline.ingest import ingest_paths
from newsweave.store.db import Store
from tests.conftest import html_page


def test_analysis_is_incremental_and_quotes_are_queryable(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(html_page())
    with Store(tmp_path / "db.sqlite") as store:
        ingest_paths(store, [str(tmp_path / "a.html")])
        assert analyze_new_articles(store) == 1
        assert analyze_new_articles(store) == 0  # nothing new: nothing redone
        (article,) = store.iter_articles()
        analysis = store.get_analysis(article)
        quotes = list(store.iter_quote_rows())
    assert analysis is not None
    assert analysis.sentences and analysis.entities
    for sentence in analysis.sentences:
        assert article.text[sentence.start : sentence.end] == sentence.text
    vale = [q for q in quotes if q["speaker_name"] == "Ingrid Vale"]
    assert vale and vale[0]["kind"] == "direct"
    assert set(QUOTE_FIELDS) <= set(vale[0])
    # A quote split by its attribution spans both halves; its text leaves the attribution out.
    span = article.text[vale[0]["start"] : vale[0]["end"]]
    assert span.startswith(vale[0]["text"][:20]) and span.endswith(vale[0]["text"][-20:])


def test_new_articles_alone_are_analyzed(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(html_page())
    (tmp_path / "b.html").write_text(html_page(title="Second flood report", site="Other Times"))
    with Store(tmp_path / "db.sqlite") as store:
        ingest_paths(store, [str(tmp_path / "a.html")])
        assert analyze_new_articles(store) == 1
        ingest_paths(store, [str(tmp_path / "b.html")])
        done: list[str] = []
        assert analyze_new_articles(store, on_article=done.append) == 1
        assert len(done) == 1


def test_story_grouping_sees_each_entity_once_per_mention(tmp_path: Path) -> None:
    from collections import Counter

    from newsweave.store.stories import entity_names

    paragraphs = (
        "Harbour master Ingrid Vale closed the Marren quay on Tuesday after the tide gauge"
        " at Holloway Cross failed for the second time this month.",
        "Vale said the gauge had been installed by Delcourt Engineering in 2019 and that"
        " the company had been asked to explain the fault by Friday.",
        "Engineers from Delcourt Engineering were on site by the afternoon, and Vale"
        " expected the quay to reopen within days.",
    )
    (tmp_path / "a.html").write_text(html_page(paragraphs=paragraphs))
    with Store(tmp_path / "db.sqlite") as store:
        ingest_paths(store, [str(tmp_path / "a.html")])
        (article,) = store.iter_articles()
        assert entity_names(store, article.id) is None  # not analyzed yet
        analyze_new_articles(store)
        analysis = store.get_analysis(article)
        names = entity_names(store, article.id)
    assert analysis is not None and names is not None
    per_mention = Counter(entity.cluster for entity in analysis.entities)
    assert Counter(names) == per_mention
    assert max(per_mention.values()) > 1  # the fixture repeats a name: counts matter here


class _Killed(Exception):
    pass


def _grouped_tables(store: Store) -> tuple[list[tuple[str, ...]], list[tuple[object, ...]]]:
    members = store.conn.execute(
        "SELECT article_id, story_id FROM story_members ORDER BY article_id"
    ).fetchall()
    stories = store.conn.execute(
        "SELECT id, title, start, end, outlets, article_count FROM stories ORDER BY id"
    ).fetchall()
    return [tuple(r) for r in members], [tuple(r) for r in stories]


def test_story_moves_are_stored_and_a_killed_grouping_resumes_exactly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import functools

    from newsweave.pipeline.group import group_new_articles
    from newsweave.stories import grouper as stories
    from tests.conftest import EXAMPLES

    # A clustering bar at which an article of the example corpus pulls an earlier one
    # out of its story, so the store has to follow articles moving between stories.
    monkeypatch.setattr(
        stories, "GrouperConfig", functools.partial(stories.GrouperConfig, cluster_threshold=0.3)
    )
    moves: list[tuple[tuple[str, str], ...]] = []
    original_add = stories.StoryGrouper.add

    def counting_add(self: stories.StoryGrouper, doc: stories.StoryDoc) -> stories.StoryAssignment:
        assignment = original_add(self, doc)
        moves.append(assignment.moved)
        return assignment

    monkeypatch.setattr(stories.StoryGrouper, "add", counting_add)

    tables = []
    for kill_after in (None, 7):
        with Store(tmp_path / f"db-{kill_after}.sqlite") as store:
            ingest_paths(store, [str(EXAMPLES / "corpus")])
            done: list[str] = []

            def killer(
                article_id: str, limit: int | None = kill_after, done: list[str] = done
            ) -> None:
                done.append(article_id)
                if limit is not None and len(done) == limit:
                    raise _Killed

            if kill_after is not None:
                with pytest.raises(_Killed):
                    group_new_articles(store, on_article=killer)
            group_new_articles(store)
            members, story_rows = _grouped_tables(store)
            # Every story row has members, and its count is theirs.
            count = {sid: sum(1 for _, s in members if s == sid) for sid, *_ in story_rows}
            assert all(row[5] == count[row[0]] > 0 for row in story_rows)
            assert {s for _, s in members} == set(count)
            tables.append((members, story_rows))
    assert any(moves), "no article moved: the test would not check moves"
    assert tables[0] == tables[1]


def test_regrouping_redoes_the_stories_with_the_current_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Edges are made once, on arrival; a store grouped under other settings (an older
    version) gets what a fresh run with the current ones makes, copies linked again."""
    import functools

    from newsweave.pipeline.group import group_new_articles, regroup_all
    from newsweave.stories import grouper as stories
    from tests.conftest import EXAMPLES

    tables = []
    for name in ("fresh", "regrouped"):
        with Store(tmp_path / f"{name}.sqlite") as store:
            ingest_paths(store, [str(EXAMPLES / "corpus")])
            if name == "regrouped":
                with monkeypatch.context() as patch:
                    patch.setattr(
                        stories,
                        "GrouperConfig",
                        functools.partial(stories.GrouperConfig, cluster_threshold=0.6),
                    )
                    group_new_articles(store)
                tables.append(_grouped_tables(store))
                done = regroup_all(store)
                assert done == store.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            else:
                group_new_articles(store)
            tables.append(_grouped_tables(store))
            links = store.conn.execute("SELECT COUNT(*) FROM duplicate_links").fetchone()[0]
            assert links >= 1
    fresh, stale, regrouped = tables
    assert stale != fresh  # the other settings did group differently
    assert regrouped == fresh


def test_a_merge_of_two_stories_is_stored(tmp_path: Path) -> None:
    from newsweave.pipeline.group import group_new_articles

    rescue = (
        "Coastguard boats from Kessel island rescued forty passengers from the capsized ferry"
        " Lumen in heavy swell, lifting survivors by helicopter from the overturned hull."
    )
    inquiry = (
        "Maritime prosecutors in Port Aubrac opened an inquiry into the operator Nordwave,"
        " seizing logbooks and questioning the captain about overloading and ignored warnings."
    )
    counts = []
    with Store(tmp_path / "db.sqlite") as store:
        for name, title, text in (
            ("rescue", "Forty rescued from capsized ferry", rescue),
            ("inquiry", "Prosecutors open inquiry into Nordwave", inquiry),
            ("bridge", "Ferry Lumen capsized; Nordwave under inquiry", rescue + " " + inquiry),
        ):
            (tmp_path / f"{name}.html").write_text(html_page(title=title, paragraphs=(text,)))
            ingest_paths(store, [str(tmp_path / f"{name}.html")])
            group_new_articles(store)
            counts.append(len(_grouped_tables(store)[1]))
        members, story_rows = _grouped_tables(store)
    assert counts == [1, 2, 1]  # two stories, then the bridging article merges them
    assert len({story for _, story in members}) == 1 and len(members) == 3
    assert [row[0] for row in story_rows] == [members[0][1]] and story_rows[0][5] == 3


def test_grouping_after_analysis_leaves_articles_still_waiting_for_theirs(
    tmp_path: Path,
) -> None:
    # Two ingests at once: one may reach grouping while the other's new articles await
    # analysis. Grouped then, they would be placed without their entity names.
    from newsweave.analyze import ANALYSIS_VERSION
    from newsweave.pipeline.group import group_new_articles
    from newsweave.records import AnalysisFailure
    from newsweave.store.analyses import save_analysis_failure

    (tmp_path / "a.html").write_text(html_page())
    (tmp_path / "b.html").write_text(html_page(title="Second flood report", site="Other Times"))
    with Store(tmp_path / "db.sqlite") as store:
        ingest_paths(store, [str(tmp_path / "a.html"), str(tmp_path / "b.html")])
        assert group_new_articles(store, analyzed_only=True) == 0
        first, _second = store.iter_articles()
        failure = AnalysisFailure(first.id, "timeout", "made up")
        save_analysis_failure(store, failure, ANALYSIS_VERSION)
        assert group_new_articles(store, analyzed_only=True) == 1  # failed: not waiting
        assert analyze_new_articles(store) == 1
        assert group_new_articles(store, analyzed_only=True) == 1
        assert store.count_stories() >= 1


def test_an_article_whose_grouping_runs_out_of_time_is_recorded_and_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A step that ran past the deadline would leave the grouping state's caches half
    # updated: the article is rolled back, recorded, and the others still grouped.
    from newsweave.limits import check_deadline
    from newsweave.pipeline.group import group_new_articles, regroup_all
    from newsweave.stories.grouper import core

    (tmp_path / "a.html").write_text(html_page())
    (tmp_path / "b.html").write_text(html_page(title="Second flood report", site="Other Times"))
    real = core.feature_counts
    slow_title = "Second flood report"

    def slow_features(doc: Any, **kwargs: Any) -> Any:
        if doc.title == slow_title:
            while True:  # a long loop that checks its deadline, as the real ones do
                time.sleep(0.01)
                check_deadline()
        return real(doc, **kwargs)

    monkeypatch.setattr(core, "feature_counts", slow_features)
    failures: list[Any] = []
    with Store(tmp_path / "db.sqlite") as store:
        ingest_paths(store, [str(tmp_path / "a.html"), str(tmp_path / "b.html")])
        done = group_new_articles(store, time_limit_s=0.2, on_failure=failures.append)
        assert done == 1
        (failure,) = failures
        assert failure.reason == "timeout"
        (stored,) = store.grouping_failures()
        assert stored.article_id == failure.article_id
        assert group_new_articles(store, time_limit_s=0.2) == 0  # not tried again
        (story,) = store.iter_stories()
        assert failure.article_id not in story.article_ids
        slow_title = "a title no article has"
        assert regroup_all(store) == 2  # a regroup tries it again
        assert store.grouping_failures() == []
