"""Text dumps are cleaned once when the furniture learned from their outlet is not in
them, twice (the second time without that furniture) when it is: the same articles
as cleaning every dump twice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newsweave.extract.furniture import FurnitureModel
from newsweave.pipeline.ingest import ingest_paths
from newsweave.store.db import Store
from tests.conftest import BODY

# A line of the site that no pattern knows: only learning finds it.
SITE_LINE = "Harbour Ledger readers can mark blocked drains on the quay map"
PLACES = ("north berth", "ferry ramp", "grain quay", "fish market", "dry dock", "lock gate")


def _dump(i: int, *, with_site_line: bool) -> str:
    place = PLACES[i]
    lines = [
        f"Quay repairs reach the {place} as crews work through the night",
        f"Engineers said the {place} would reopen once its timber piles had been replaced,"
        " a job the port expects to finish within the week.",
        BODY[i % len(BODY)],
    ]
    if with_site_line:
        lines.insert(2, SITE_LINE)
    return "\n".join(lines)


def _articles(store: Store) -> list[tuple[Any, ...]]:
    return sorted(
        (a.id, a.title, a.outlet, a.text, tuple(a.dropped)) for a in store.iter_articles()
    )


def test_a_dump_the_learned_furniture_misses_is_cleaned_once_with_the_same_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsweave.extract import document

    folder = tmp_path / "ledger"
    folder.mkdir()
    for i in range(6):
        (folder / f"day{i}.txt").write_text(_dump(i, with_site_line=i < 4))
    cleanings: list[str] = []
    real_clean = document.clean_text_dump

    def counted(text: str, **kwargs: Any) -> Any:
        cleanings.append(text)
        return real_clean(text, **kwargs)

    monkeypatch.setattr(document, "clean_text_dump", counted)
    with Store(tmp_path / "once.sqlite") as store:
        assert ingest_paths(store, [str(folder)]).new == 6
        reused = _articles(store)
    assert len(cleanings) == 4  # the two dumps without the site line: not again
    for _, _, _, text, _ in reused:
        assert SITE_LINE not in text
    assert (
        sum(1 for *_, dropped in reused if any(d.reason == "learned-furniture" for d in dropped))
        == 4
    )

    # Every dump cleaned a second time, as before: the same articles.
    monkeypatch.setattr(FurnitureModel, "touches", lambda self, text: True)
    with Store(tmp_path / "twice.sqlite") as store:
        ingest_paths(store, [str(folder)])
        assert _articles(store) == reused
    assert len(cleanings) == 4 + 6
