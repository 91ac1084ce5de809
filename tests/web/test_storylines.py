"""Storylines in the web app: the API listing and detail, their reports (the CLI's
JSON) and pages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx

from tests.conftest import unsafe_markup


def test_storylines_are_listed_newest_first_and_filtered(api: httpx.Client) -> None:
    listed = api.get("/api/storylines").json()
    # The dam breach (with the hostile article's story: it is about the breach too), the
    # spillway collapse, the tram line.
    assert listed["total"] == 3 and listed["next_offset"] is None
    ends = [line["end"] for line in listed["items"]]
    assert ends == sorted(ends, reverse=True)
    for line in listed["items"]:
        assert line["story_count"] == len(line["story_ids"]) >= 1
        assert line["article_count"] == len(line["article_ids"]) >= 1
    breach = next(line for line in listed["items"] if line["article_count"] >= 10)
    assert (breach["start"][:10], breach["end"][:10]) == ("2025-03-12", "2025-03-14")
    assert breach["story_count"] == 2 and listed["items"][0] == breach
    paged = api.get("/api/storylines", params={"limit": 2, "offset": 1}).json()
    assert [line["id"] for line in paged["items"]] == [line["id"] for line in listed["items"][1:]]
    herald = api.get("/api/storylines", params={"outlet": "The Estravia Herald"}).json()
    assert herald["total"] == 2
    sept = api.get("/api/storylines", params={"since": "2024-09-01", "until": "2024-09-30"})
    assert sept.json()["total"] == 1
    assert api.get("/api/storylines", params={"limit": 0}).status_code == 400


def test_storylines_filter_by_outlet_and_dates_together(api: httpx.Client) -> None:
    listed = api.get("/api/storylines").json()["items"]
    agency = "Continental Press Agency"
    wanted = [
        line["id"] for line in listed if agency in line["outlets"] and line["end"] >= "2025-03"
    ]
    params = {"outlet": agency, "since": "2025-03-01", "limit": 1, "offset": 1}
    second = api.get("/api/storylines", params=params).json()
    assert second["total"] == len(wanted) == 2 and second["next_offset"] is None
    assert [line["id"] for line in second["items"]] == wanted[1:]
    before = api.get("/api/storylines", params={"outlet": agency, "until": "2024-12-31"}).json()
    assert [line["start"][:7] for line in before["items"]] == ["2024-09"]
    bad = api.get("/api/storylines", params={"since": "13 March"})
    assert bad.status_code == 400 and "since" in bad.json()["error"]


def test_one_storyline_with_its_stories(api: httpx.Client) -> None:
    line = api.get("/api/storylines").json()["items"][0]
    found = api.get(f"/api/storylines/{line['id'][:16]}").json()
    assert found["id"] == line["id"]
    assert [s["id"] for s in found["stories"]] == line["story_ids"]
    assert all(s["outlet_count"] == len(s["outlets"]) for s in found["stories"])
    assert api.get("/api/storylines/storyline-ffffffffffff").status_code == 404
    assert api.get("/api/storylines/storyline-").status_code == 409


def test_storyline_report_is_the_cli_report(api: httpx.Client, example_store: Path) -> None:
    line = next(
        line for line in api.get("/api/storylines").json()["items"] if line["article_count"] >= 10
    )
    served = api.get(f"/api/reports/{line['id']}").json()
    cli = subprocess.run(
        [sys.executable, "-m", "newsweave", "report", line["id"], "--format", "json",
         "--db", str(example_store)],
        capture_output=True, text=True, timeout=600, check=True,
    )  # fmt: skip
    assert served == json.loads(cli.stdout)
    assert served["kind"] == "storyline"
    assert [s["id"] for s in served["stories"]] == line["story_ids"]
    assert {"summary", "timeline", "quotes", "compare", "articles"} <= set(served)


def test_storyline_pages(api: httpx.Client) -> None:
    listing = api.get("/storylines").text
    assert unsafe_markup(listing) == []
    assert listing.count('<li class="storyline">') == 3
    herald = api.get("/storylines", params={"outlet": "The Estravia Herald"}).text
    assert herald.count('<li class="storyline">') == 2
    line = api.get("/api/storylines").json()["items"][0]
    assert f'href="/storylines/{line["id"]}"' in listing
    page = api.get(f"/storylines/{line['id']}")
    assert page.status_code == 200 and unsafe_markup(page.text) == []
    assert 'class="report storyline"' in page.text and 'id="stories"' in page.text
    for story_id in line["story_ids"]:
        assert f'href="/stories/{story_id}"' in page.text
    # Each story on the stories page links to its storyline.
    assert f'href="/storylines/{line["id"]}"' in api.get("/").text
    assert api.get("/storylines/storyline-ffffffffffff").status_code == 404
