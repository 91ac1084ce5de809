"""When the plain trafilatura pass runs behind our own passes, and when it need not.

It is there to catch an article our passes miss: its body replaces ours when it has
five times our words. A page whose extra words sit in navigation and footers, which
trafilatura's cleaning removes before any of its extractors look, cannot give it that
many, so it is not run; a page whose extra words are body text still runs it. The
pages are written for these tests.
"""

from __future__ import annotations

from typing import Any

import pytest
import trafilatura

from newsweave.extract.html import extractor as html_extractor
from newsweave.extract.html.extractor import extract_html

REPORT = (
    "The harbour board of Lindqvist Bay voted on Tuesday to rebuild the eastern pier, "
    "closed since a winter storm cracked two of its pylons last February.",
    "Ferry crews have tied up at the old fishing quay since then, where only one boat "
    "at a time can load, and the morning crossings have run forty minutes late.",
    "Work starts in May and should take eleven months; the board expects the pier to "
    "carry twice the old load once the new steel pylons are set in place.",
)


def _menu(section: str, count: int) -> str:
    links = "".join(
        f'<li><a href="/{section}/{k}">{section.title()} guide number {k} for visitors '
        f"and residents of the bay area</a></li>"
        for k in range(count)
    )
    return f"<ul>{links}</ul>"


def _page(extra: str) -> str:
    paragraphs = "".join(f"<p>{text}</p>" for text in REPORT)
    return (
        "<html><head><title>Pier to be rebuilt | Bay Courier</title></head><body>"
        f"<nav>{_menu('ferries', 40)}</nav>"
        f"<main><article><h1>Pier to be rebuilt</h1>{paragraphs}</article>{extra}</main>"
        f"<footer>{_menu('archive', 40)}</footer></body></html>"
    )


def _plain_runs(monkeypatch: pytest.MonkeyPatch, page: str) -> tuple[int, list[str]]:
    # The plain pass is the one that keeps comments (apart from the body).
    real = trafilatura.bare_extraction
    runs: list[bool] = []

    def counted(*args: Any, **kwargs: Any) -> Any:
        runs.append(bool(kwargs.get("include_comments")))
        return real(*args, **kwargs)

    monkeypatch.setattr(trafilatura, "bare_extraction", counted)
    result = extract_html(page)
    return runs.count(True), list(result.paragraphs)


def test_plain_pass_is_skipped_when_only_menus_hold_the_other_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = _page("")
    tree = html_extractor.parse_html(page)
    found = sum(len(text.split()) for text in REPORT)
    # The page has over five times the report's words, all of them in menus.
    assert html_extractor._page_words(tree) > html_extractor.FALLBACK_GAIN * found
    plain, paragraphs = _plain_runs(monkeypatch, page)
    assert plain == 0
    assert paragraphs[-len(REPORT) :] == list(REPORT)


def test_plain_pass_runs_when_the_body_holds_the_other_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Readers' comments: our passes leave them out, the cleaning keeps them, so they
    # could be an article under a misleading id (the listicle test's case).
    notes = "".join(
        f"<p>Reader note {k}: the old pier carried the bay's ferries for sixty years, "
        "and many of us learned to fish from its far end as children.</p>"
        for k in range(40)
    )
    plain, paragraphs = _plain_runs(monkeypatch, _page(f'<div id="comments">{notes}</div>'))
    assert plain == 1
    assert paragraphs[-len(REPORT) :] == list(REPORT)
