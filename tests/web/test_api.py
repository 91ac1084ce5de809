"""The JSON API through a real HTTP client against the app running in uvicorn."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from newsweave.reports.render import summary_json
from newsweave.reports.story import story_summary
from newsweave.store.db import Store


def test_stories_are_listed_newest_first_with_counts_and_pages(api: httpx.Client) -> None:
    # Three stories of the example corpus and the hostile article's own.
    first = api.get("/api/stories", params={"limit": 3}).json()
    assert first["total"] == 4 and first["limit"] == 3 and first["next_offset"] == 3
    ends = [s["end"] for s in first["items"]]
    assert ends == sorted(ends, reverse=True)
    dam = first["items"][0]
    assert "Dam breach" in dam["title"]
    assert dam["article_count"] == len(dam["article_ids"]) >= 10
    assert dam["outlet_count"] == len(dam["outlets"]) >= 5
    rest = api.get("/api/stories", params={"limit": 3, "offset": 3}).json()
    assert rest["next_offset"] is None and len(rest["items"]) == 1
    ids = {s["id"] for s in first["items"]} | {s["id"] for s in rest["items"]}
    assert len(ids) == 4


def test_stories_filter_by_outlet_and_dates(api: httpx.Client) -> None:
    herald = api.get("/api/stories", params={"outlet": "The Estravia Herald"}).json()
    assert herald["total"] == 2
    assert all("The Estravia Herald" in s["outlets"] for s in herald["items"])
    sept = api.get("/api/stories", params={"since": "2024-09-01", "until": "2024-09-30"}).json()
    assert [s["title"] for s in sept["items"]] == [
        s["title"] for s in sept["items"] if "2024-09" in (s["start"] or "")
    ]
    assert sept["total"] == 1
    later = api.get("/api/stories", params={"since": "2025-03-14"}).json()
    assert later["total"] >= 1 and all(s["end"] >= "2025-03-14" for s in later["items"])
    assert api.get("/api/stories", params={"outlet": "No Such Outlet"}).json()["total"] == 0


def test_articles_filter_by_outlet_and_dates_together_a_page_at_a_time(
    api: httpx.Client,
) -> None:
    everything = api.get("/api/articles", params={"limit": 500}).json()["items"]
    courier = "Tessa Valley Courier"
    wanted = [
        a["id"]
        for a in everything
        if a["outlet"] == courier and "2025-03-12" <= (a["published"] or "")[:10] <= "2025-03-13"
    ]
    params = {"outlet": courier, "since": "2025-03-12", "until": "2025-03-13", "limit": 2}
    first = api.get("/api/articles", params=params).json()
    assert first["total"] == len(wanted) == 3 and first["next_offset"] == 2
    rest = api.get("/api/articles", params=params | {"offset": 2}).json()
    assert rest["next_offset"] is None
    assert [a["id"] for a in first["items"] + rest["items"]] == wanted
    assert all(a["story_id"] for a in first["items"] + rest["items"])


@pytest.mark.parametrize(
    ("params", "word"),
    [({"limit": 0}, "limit"), ({"limit": 10_000}, "limit"), ({"offset": -1}, "offset"),
     ({"since": "13 March"}, "since")],
)  # fmt: skip
def test_bad_parameters_are_400_json(
    api: httpx.Client, params: dict[str, object], word: str
) -> None:
    response = api.get("/api/stories", params=params)
    assert response.status_code == 400
    assert word in response.json()["error"]


def test_story_detail_by_prefix_with_articles_and_copies(api: httpx.Client) -> None:
    listed = api.get("/api/stories").json()["items"][0]
    story = api.get(f"/api/stories/{listed['id'][:12]}").json()
    assert story["id"] == listed["id"]
    assert [a["id"] for a in story["articles"]] == listed["article_ids"]
    assert all("text" not in a and a["words"] > 0 for a in story["articles"])
    members = set(listed["article_ids"])
    assert all(c["article_id"] in members and c["original_id"] in members for c in story["copies"])


def test_unknown_ambiguous_and_malformed_ids(api: httpx.Client) -> None:
    missing = api.get("/api/stories/story-ffffffffffff")
    assert missing.status_code == 404 and "no story" in missing.json()["error"]
    ambiguous = api.get("/api/stories/story-")
    assert ambiguous.status_code == 409 and "ambiguous" in ambiguous.json()["error"]
    assert api.get("/api/articles/not-hex").status_code == 400
    assert api.get("/api/articles/0000000000000000").status_code == 404
    nowhere = api.get("/api/nowhere")
    assert nowhere.status_code == 404 and nowhere.json() == {"error": "no such page: /api/nowhere"}


def test_summary_is_the_cli_json(api: httpx.Client, example_store: Path) -> None:
    story_id = api.get("/api/stories").json()["items"][0]["id"]
    served = api.get(f"/api/stories/{story_id}/summary").json()
    with Store(example_store, readonly=True) as store:
        assert served == summary_json(story_summary(store, story_id))
        for sentence in served["sentences"]:
            text = store.get_article(sentence["article_id"]).text
            assert text[sentence["start"] : sentence["end"]] == sentence["text"]


def test_article_detail_has_quotes_entities_times_and_links(
    api: httpx.Client, example_store: Path
) -> None:
    story = api.get("/api/stories").json()["items"][0]
    details = [api.get(f"/api/articles/{i}").json() for i in story["article_ids"]]
    assert all(d["story_id"] == story["id"] and d["analyzed"] for d in details)
    with_quotes = next(d for d in details if d["quotes"])
    for quote in with_quotes["quotes"]:
        assert quote["article_id"] == with_quotes["id"]
        assert {"speaker", "speaker_name", "kind", "start", "end"} <= quote.keys()
    for entity in with_quotes["entities"]:
        assert with_quotes["text"][entity["start"] : entity["end"]] == entity["text"]
    assert any(d["times"] and d["times"][0]["granularity"] for d in details)
    copies = [d for d in details if d["copy_of"]]
    for copy in copies:
        original = api.get(f"/api/articles/{copy['copy_of']['original_id']}").json()
        assert copy["id"] in [c["article_id"] for c in original["copies"]]
    listed = api.get("/api/articles", params={"limit": 5}).json()
    assert listed["total"] == 16 and len(listed["items"]) == 5


def test_quotes_and_speakers_across_stories(api: httpx.Client) -> None:
    speakers = api.get("/api/speakers", params={"limit": 200}).json()
    names = {s["name"]: s for s in speakers["items"]}
    varga = names["Ilse Varga"]
    assert varga["quotes"] >= 10 and varga["outlets"] >= 3 and not varga["anonymous"]
    said = api.get("/api/speakers/ilse varga", params={"limit": 500}).json()
    assert said["statements"]["total"] == varga["quotes"]
    assert all(q["speaker_name"] == "Ilse Varga" for q in said["statements"]["items"])
    assert all(q["story_id"] and q["outlet"] for q in said["statements"]["items"])
    anonymous = next(s for s in speakers["items"] if s["anonymous"])
    described = api.get(f"/api/speakers/{anonymous['name']}").json()
    assert described["anonymous"] and described["statements"]["total"] == anonymous["quotes"]
    by_filter = api.get("/api/quotes", params={"speaker": "Ilse Varga", "limit": 1}).json()
    assert by_filter["total"] == varga["quotes"] and len(by_filter["items"]) == 1
    assert api.get("/api/speakers/Nobody At All").status_code == 404


def test_outlets_sourcing_counts_the_stored_quotes(api: httpx.Client) -> None:
    outlets = api.get("/api/outlets").json()["items"]
    assert len(outlets) >= 8
    for profile in outlets:
        quotes = api.get("/api/quotes", params={"outlet": profile["outlet"], "limit": 500}).json()
        sourcing = profile["sourcing"]
        assert sourcing["direct"] + sourcing["reported"] == quotes["total"]
        assert sourcing["anonymous"] == sum(q["anonymous"] for q in quotes["items"])
    herald = api.get("/api/outlets/The Estravia Herald").json()
    assert herald["stories"] == herald["story_list"]["total"] == 2
    assert sum(m["direct"] + m["reported"] for m in herald["by_month"]) == sum(
        herald["sourcing"][k] for k in ("direct", "reported")
    )
    assert api.get("/api/outlets/Nowhere Times").status_code == 404


def test_search_pages_and_marks_matches(api: httpx.Client) -> None:
    hits = api.get("/api/search", params={"q": "spillway", "limit": 1}).json()
    assert hits["total"] >= 2 and hits["next_offset"] == 1
    assert "[" in hits["items"][0]["snippet"] and hits["items"][0]["story_id"]
    herald = api.get("/api/search", params={"q": "dam", "outlet": "The Estravia Herald"}).json()
    assert herald["total"] >= 1 and {h["outlet"] for h in herald["items"]} == {
        "The Estravia Herald"
    }


@pytest.mark.parametrize(
    "query", ['"unterminated', "dam AND", "nosuchcolumn:dam", "*", "NEAR(", ")", "AND OR"]
)
def test_invalid_search_syntax_is_a_clear_400(api: httpx.Client, query: str) -> None:
    response = api.get("/api/search", params={"q": query})
    assert response.status_code == 400
    assert "FTS5 syntax" in response.json()["error"]


def test_every_response_carries_the_security_headers(api: httpx.Client) -> None:
    for path in ("/api/stories", "/", "/static/site.js", "/api/nowhere", "/docs"):
        headers = api.get(path).headers
        policy = headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert headers["x-content-type-options"] == "nosniff"


def test_api_docs_are_served_locally(api: httpx.Client) -> None:
    schema = api.get("/api/openapi.json").json()
    for path in ("/api/stories", "/api/search", "/api/articles", "/api/speakers/{name}"):
        assert path in schema["paths"]
    assert "requestBody" in schema["paths"]["/api/articles"]["post"]
    page = api.get("/docs")
    assert page.status_code == 200 and "/api/stories/{story_id}/summary" in page.text
    assert "cdn" not in page.text.lower() and '<script src="http' not in page.text
    assert api.get("/redoc").status_code == 404
