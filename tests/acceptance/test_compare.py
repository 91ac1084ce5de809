"""Outlet comparison acceptance: the seeds (one story, two outlets) and the example
corpus (examples/expected.json: the disputed evacuation count and the fact only one
outlet reports). The seeds stay in ../shared; only speakers and short snippets are
asserted here."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newsweave.pipeline.analyze import analyze_new_articles
from newsweave.pipeline.group import group_new_articles
from newsweave.pipeline.ingest import ingest_paths
from newsweave.reports.compare.comparison import Comparison
from newsweave.reports.compare.store import story_comparison
from newsweave.store.db import Store
from tests.conftest import EXAMPLES, SHARED

SEEDS = SHARED / "seeds"
EXPECTED: dict[str, Any] = json.loads((EXAMPLES / "expected.json").read_text(encoding="utf-8"))


def _compare(folder: Path, corpus: Path, outlet: str) -> tuple[Comparison, dict[str, str]]:
    """The comparison of the story ``outlet`` covers, and its articles' texts."""
    with Store(folder / "compare.db") as store:
        ingest_paths(store, [str(corpus)])
        analyze_new_articles(store)
        group_new_articles(store)
        story = max(
            (s for s in store.iter_stories() if outlet in s.outlets),
            key=lambda s: len(s.article_ids),
        )
        texts = {a: store.get_article(a).text for a in story.article_ids}
        return story_comparison(store, story.id), texts


@pytest.mark.shared
@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed articles not found at {SEEDS}")
def test_seeds_the_differences_and_the_denials(tmp_path: Path) -> None:
    comparison, texts = _compare(tmp_path, SEEDS, "BBC News")
    assert set(comparison.outlets) == {"BBC News", "The Independent"}
    denials = [c for c in comparison.conflicts if c.kind == "denial"]
    assert len(denials) == 1
    sides = denials[0].sides
    assert any("has spoken of differences" in s.text for s in sides)
    assert any("has denied any differences" in s.text for s in sides)
    assert any("no daylight between us" in s.text for s in sides)
    claim = next(s for s in sides if "has spoken of differences" in s.text)
    assert claim.source is not None and "ambassador" in claim.source
    assert any(s.source == "Sean McCormack" for s in sides)
    for side in sides:
        assert texts[side.article_id][side.start : side.end] == side.text
    # The Independent leans on anonymous sources, the BBC on named ones.
    independent, bbc = comparison.sourcing["The Independent"], comparison.sourcing["BBC News"]
    assert independent.anonymous > independent.named
    assert bbc.named > bbc.anonymous


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Comparison, dict[str, str]]:
    return _compare(tmp_path_factory.mktemp("examples"), EXAMPLES / "corpus", "The Meridian")


def test_examples_the_evacuation_count_conflict(
    example: tuple[Comparison, dict[str, str]],
) -> None:
    comparison, texts = example
    disagreement = EXPECTED["disagreement"]
    counts = [c for c in comparison.conflicts if c.kind == "number"]
    conflict = next(c for c in counts if "1,200" in c.about and "2,000" in c.about)
    assert conflict.about == "how many people: 1,200 vs 2,000"
    by_value: dict[str, set[str]] = {"1,200": set(), "2,000": set()}
    sources: dict[str, set[str]] = {"1,200": set(), "2,000": set()}
    for side in conflict.sides:
        assert texts[side.article_id][side.start : side.end] == side.text
        value = "1,200" if "1,200" in side.text else "2,000"
        by_value[value].add(side.outlet)
        if side.source:
            sources[value].add(side.source)
    # Every outlet's version, on its side (the wire's copies count with the wire; the
    # Northgate Daily's own report gives the mayor's office's count).
    for outlet in by_value["1,200"] | by_value["2,000"]:
        assert outlet in by_value[disagreement["versions"][outlet]], outlet
    assert {"The Estravia Herald", "Continental Press Agency"} <= by_value["1,200"]
    assert {"Tessa Valley Courier", "ERB News", "The Meridian"} <= by_value["2,000"]
    # ... and with their sources: the mayor's office, and the agency's count.
    assert any("mayor's office" in s for s in sources["1,200"])
    assert {"Jonas Meury", "Civil Protection Agency"} <= sources["2,000"]


def test_examples_the_relief_well_inspection_is_the_meridians_alone(
    example: tuple[Comparison, dict[str, str]],
) -> None:
    comparison, _ = example
    only = EXPECTED["only_one_outlet"]
    facts = [comparison.facts[k] for k in comparison.only_one_outlet]
    fact = next(f for f in facts if only["snippet"] in f.text)
    assert list(fact.outlets) == [only["outlet"]]
    # No other outlet carries the figure at all.
    assert all(only["snippet"] not in f.text for f in comparison.facts if f is not fact)
