"""The stored report key's code hash: what shapes a report's JSON is in it, what only
draws a report is not (a template or chart change must not remake every report)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from newsweave.reports.stored import _python_files


def _hashed() -> set[str]:
    root = Path(str(resources.files("newsweave.reports")))
    return {
        str(Path(str(p)).relative_to(root))
        for p in _python_files(resources.files("newsweave.reports"))
    }


def test_report_code_hash_covers_the_json_makers() -> None:
    hashed = _hashed()
    for name in ("summary.py", "report.py", "ledger.py", "render/summary.py"):
        assert name in hashed, name
    assert any(name.startswith("compare/") for name in hashed)
    assert any(name.startswith("timeline/") for name in hashed)


def test_report_code_hash_leaves_out_the_renderers() -> None:
    hashed = _hashed()
    assert "render/html.py" not in hashed
    assert "render/markdown.py" not in hashed
    assert not any(name.startswith("render/charts/") for name in hashed)
