"""The quote ledger on the example corpus (every expected quote under its speaker) and
on the seeds (../shared/seeds: one story, BBC News and The Independent)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from newsweave.pipeline.analyze import analyze_new_articles
from newsweave.pipeline.group import group_new_articles
from newsweave.pipeline.ingest import ingest_paths
from newsweave.reports.ledger import Ledger, LedgerSpeaker
from newsweave.reports.ledger_store import story_ledger
from newsweave.store.db import Store
from tests.conftest import EXAMPLES, SHARED

EXPECTED: dict[str, Any] = json.loads((EXAMPLES / "expected.json").read_text(encoding="utf-8"))
SEEDS = SHARED / "seeds"


def _words(text: str) -> list[str]:
    """Lower-case words, plurals singular, determiners left out."""
    skip = {"a", "an", "the", "one", "two"}
    return [
        w[:-1] if w.endswith("s") else w for w in re.findall(r"\w+", text.lower()) if w not in skip
    ]


def _stored(folder: Path, inputs: Path) -> Store:
    store = Store(folder / "ledger.db")
    ingest_paths(store, [str(inputs)])
    analyze_new_articles(store)
    group_new_articles(store)
    return store


@dataclass(frozen=True)
class Examples:
    ledgers: dict[str, Ledger]  # by story id
    story_of: dict[str, str]  # article id -> story id
    article_of: dict[str, str]  # input file (as in expected.json) -> article id
    texts: dict[str, str]  # article id -> text


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> Examples:
    store = _stored(tmp_path_factory.mktemp("ledger-examples"), EXAMPLES / "corpus")
    with store:
        stories = list(store.iter_stories())
        articles = list(store.iter_articles())
        return Examples(
            ledgers={s.id: story_ledger(store, s.id) for s in stories},
            story_of={a: s.id for s in stories for a in s.article_ids},
            article_of={
                Path(source).relative_to(EXAMPLES).as_posix(): article.id
                for article in articles
                for source in store.sources_of(article.id)
            },
            texts={a.id: a.text for a in articles},
        )


@pytest.mark.parametrize(
    "case",
    EXPECTED["quotes"],
    ids=lambda c: c["snippet"][:30],
)
def test_every_expected_quote_is_under_its_speaker(
    examples: Examples, case: dict[str, Any]
) -> None:
    article_id = examples.article_of[case["file"]]
    ledger = examples.ledgers[examples.story_of[article_id]]
    text = examples.texts[article_id]
    snippet = " ".join(case["snippet"].split())
    holders = [
        speaker
        for speaker in ledger.speakers
        for statement in speaker.statements
        for c in statement.carriers
        if c.article_id == article_id and snippet in " ".join(text[c.start : c.end].split())
    ]
    assert holders, f"{snippet!r} not in the ledger"
    speaker = holders[0]
    assert speaker.anonymous == case["anonymous"]
    if case["anonymous"]:
        assert _words(case["speaker_name"]) == _words(speaker.name)
    else:
        assert speaker.name == case["speaker_name"]


def _one(ledger: Ledger, name: str) -> LedgerSpeaker:
    found = [s for s in ledger.speakers if s.name == name]
    assert len(found) == 1, [s.name for s in ledger.speakers]
    return found[0]


@pytest.mark.shared
@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed articles not found at {SEEDS}")
def test_seed_ledger(tmp_path: Path) -> None:
    with _stored(tmp_path, SEEDS) as store:
        (story,) = list(store.iter_stories())
        ledger = story_ledger(store, story.id)
    khalilzad = _one(ledger, "Zalmay Khalilzad")
    assert len(khalilzad.statements) >= 3
    assert khalilzad.role == "US ambassador to Iraq"
    assert {"US ambassador Zalmay Khalilzad", "Mr Khalilzad", "He"} <= set(khalilzad.forms)
    spokesman = _one(ledger, "Mr Blair's official spokesman")
    assert spokesman.anonymous
    texts = [s.text for s in spokesman.statements]
    assert any("hardly surprising" in t for t in texts)
    direct = " ".join(s.text for s in spokesman.statements if s.kind == "direct")
    # the three quoted paragraphs after it, each with "he said" or continuing it
    assert "no final decision" in direct
    assert "Operation Sinbad" in direct
    assert "make a statement in the House" in direct
    mccormack = _one(ledger, "Sean McCormack")
    assert mccormack.role == "State Department spokesman"
    assert mccormack.side.organisation == "State Department"
    assert _one(ledger, "Ministry of Defence").statements
    mod = _one(ledger, "MoD spokeswoman")
    assert mod.anonymous and mod.side.organisation == "Ministry of Defence"
    hague = _one(ledger, "William Hague")
    assert hague.role == "Shadow Foreign Secretary" and hague.side.camp == "opposition"
    assert len(_one(ledger, "Tony Blair").statements) == 2
    assert _one(ledger, "Jack Keane").role == "retired US general"
    assert _one(ledger, "Andrew North").side.organisation == "BBC"
    anonymous_uk = {s.name for s in ledger.speakers if s.anonymous}
    assert {
        "senior government sources",
        "Defence ministry insiders",
        "one senior UK source",
    } <= anonymous_uk
    assert ledger.anonymous_by_outlet["The Independent"]["sources"] >= 3
    named_independent = [
        s for s in ledger.speakers if not s.anonymous and "The Independent" in s.by_outlet
    ]
    assert [s.name for s in named_independent] == ["Jack Keane"]
