"""The reports in the web app: ``/api/reports/{id}`` is the CLI's report JSON, the
story and article pages are the digest's, linked into the server, and inert."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from newsweave.reports.report import story_subject
from newsweave.reports.stored import subject_key
from newsweave.store.db import Store
from newsweave.store.report_reads import stored_report
from newsweave.store.reports import delete_reports, put_report
from tests.conftest import unsafe_markup
from tests.web.conftest import HOSTILE_AUTHOR, HOSTILE_TITLE, parsed, served


def hrefs(page: str, prefix: str) -> list[str]:
    return [
        str(attrs["href"])
        for tag, attrs in parsed(page).tags
        if tag == "a" and str(attrs.get("href") or "").startswith(prefix)
    ]


def dam_story(api: httpx.Client) -> dict[str, Any]:
    story: dict[str, Any] = api.get("/api/stories").json()["items"][0]
    assert "Dam breach" in story["title"]
    return story


def test_report_json_is_the_cli_report(api: httpx.Client, example_store: Path) -> None:
    story = dam_story(api)
    served = api.get(f"/api/reports/{story['id'][:14]}")
    assert served.status_code == 200
    assert served.headers["content-type"] == "application/json"
    cli = subprocess.run(
        [sys.executable, "-m", "newsweave", "report", story["id"], "--format", "json",
         "--db", str(example_store)],
        capture_output=True, text=True, timeout=600, check=True,
    )  # fmt: skip
    report = served.json()
    assert report == json.loads(cli.stdout)
    assert report["id"] == story["id"] and report["kind"] == "story"
    assert {"summary", "timeline", "quotes", "compare", "articles"} <= set(report)
    # Kept: the second answer is the same body, not made afresh differently.
    assert api.get(f"/api/reports/{story['id']}").content == served.content


def test_report_errors_are_json(api: httpx.Client) -> None:
    missing = api.get("/api/reports/story-ffffffffffff")
    assert missing.status_code == 404 and "error" in missing.json()
    ambiguous = api.get("/api/reports/story-")
    assert ambiguous.status_code == 409 and "error" in ambiguous.json()
    assert api.get("/stories/story-ffffffffffff").status_code == 404


def test_story_page_is_the_report_with_links_into_the_server(api: httpx.Client) -> None:
    story = dam_story(api)
    response = api.get(f"/stories/{story['id']}")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    page = response.text
    assert unsafe_markup(page) == []
    tags = parsed(page)
    assert [a.get("src") for t, a in tags.tags if t == "script"] == ["/assets/newsweave.js"]
    assert ("link", {"rel": "stylesheet", "href": "/assets/newsweave.css"}) in tags.tags
    for section in ("summary", "timeline", "quotes", "compare", "articles"):
        assert f'id="{section}"' in page, section
    assert "1,200" in page and "2,000" in page  # the evacuation conflict
    cited = hrefs(page, "/articles/")
    assert cited and all(re.fullmatch(r"/articles/[0-9a-f]+(#at-\d+)?", h) for h in cited)
    # Every sentence link lands on an anchor of its article's page.
    for href in sorted({h for h in cited if "#" in h})[:12]:
        path, anchor = href.split("#")
        assert f'id="{anchor}"' in api.get(path).text, href
    assert "/" in hrefs(page, "/")  # back to the stories list


def test_article_page_marks_quotes_entities_dates_and_the_removed(api: httpx.Client) -> None:
    story = dam_story(api)
    articles = [api.get(f"/api/articles/{i}").json() for i in story["article_ids"]]
    quoted = next(a for a in articles if a["quotes"] and a["dropped"])
    page = api.get(f"/articles/{quoted['id']}").text
    assert unsafe_markup(page) == []
    assert 'class="quote spk-0' in page
    assert quoted["quotes"][0]["speaker"] in page
    assert 'class="ent ent-' in page and 'class="time"' in page
    assert '<details class="dropped">' in page
    assert quoted["dropped"][0]["text"].split("\n")[0][:40] in page.replace("&#39;", "'")
    assert f'href="/stories/{story["id"]}"' in page
    copy = next((a for a in articles if a["copy_of"]), None)
    if copy is not None:  # a copy links to its original
        original = copy["copy_of"]["original_id"]
        assert f'href="/articles/{original}"' in api.get(f"/articles/{copy['id']}").text


def test_hostile_article_page_is_text(api: httpx.Client) -> None:
    hit = api.get("/api/search", params={"q": "drill"}).json()["items"]
    hostile = next(h for h in hit if h["title"] == HOSTILE_TITLE)
    page = api.get(f"/articles/{hostile['id']}").text
    assert unsafe_markup(page) == []
    text = "".join(parsed(page).text)
    assert HOSTILE_TITLE in text and HOSTILE_AUTHOR in text
    assert "<script>alert('body')</script>" in text
    assert [t for t, _ in parsed(page).tags if t in ("img", "iframe")] == []
    report = api.get(f"/stories/{hostile['story_id']}").text
    assert unsafe_markup(report) == [] and HOSTILE_TITLE in "".join(parsed(report).text)


def test_server_pages_link_to_report_pages_and_share_the_stylesheet(api: httpx.Client) -> None:
    page = api.get("/").text
    assert hrefs(page, "/stories/") and not hrefs(page, "/api/stories/")
    assert 'href="/assets/newsweave.css"' in page
    css = api.get("/assets/newsweave.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    script = api.get("/assets/newsweave.js")
    assert script.headers["content-type"].startswith("text/javascript")
    assert api.get("/assets/../app.py").status_code == 404
    assert api.get("/assets/secret.css").status_code == 404


def test_reports_are_read_from_the_store_and_a_missing_one_is_stored(store_copy: Path) -> None:
    with Store(store_copy) as store:
        first, second, third = [story_subject(s) for s in list(store.iter_stories())[:3]]
        found = stored_report(store, first.id)
        assert found is not None
        marked = json.loads(found.body) | {"label": "Read from the store"}
        put_report(store, first.id, "story", found.key, json.dumps(marked).encode())
        # A stored report whose key is out of date is not served.
        put_report(store, third.id, "story", "stale", json.dumps(marked).encode())
        delete_reports(store, [second.id])
    with served(store_copy) as client:
        assert client.get(f"/api/reports/{first.id}").json()["label"] == "Read from the store"
        made = client.get(f"/api/reports/{second.id}").json()
        assert client.get(f"/api/reports/{third.id}").json()["label"] == third.label
    kept = None
    for _ in range(100):  # stored by the server's keeper thread, off the request's path
        with Store(store_copy, readonly=True) as store:
            kept = stored_report(store, second.id)
            if kept is not None and kept.key == subject_key(store, second):
                break
        time.sleep(0.05)
    assert kept is not None
    assert json.loads(kept.body) == made and made["label"] == second.label


def test_a_read_only_server_makes_a_missing_report_without_storing_it(store_copy: Path) -> None:
    with Store(store_copy) as store:
        subject = story_subject(next(iter(store.iter_stories())))
        delete_reports(store, [subject.id])
    with served(store_copy, read_only=True) as client:
        assert client.get(f"/api/reports/{subject.id}").json()["id"] == subject.id
    with Store(store_copy, readonly=True) as store:
        assert stored_report(store, subject.id) is None


def test_a_stored_report_is_read_from_the_store_each_time(store_copy: Path) -> None:
    # Reports the store holds are not kept in memory as well: what the store holds now
    # is what is served.
    with Store(store_copy) as store:
        subject = story_subject(next(iter(store.iter_stories())))
        found = stored_report(store, subject.id)
    assert found is not None
    with served(store_copy, read_only=True) as client:
        assert client.get(f"/api/reports/{subject.id}").content == found.body
        marked = json.loads(found.body) | {"label": "Stored again"}
        with Store(store_copy) as store:
            put_report(store, subject.id, "story", found.key, json.dumps(marked).encode())
        assert client.get(f"/api/reports/{subject.id}").json()["label"] == "Stored again"


def test_a_report_made_here_is_made_once_per_key(
    store_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A read-only server cannot store the report it makes: it keeps it in memory.
    from newsweave.reports import stored

    made: list[str] = []
    make = stored.report_json

    def counted(reader: Any, subject: Any) -> bytes:
        made.append(subject.id)
        return make(reader, subject)

    monkeypatch.setattr(stored, "report_json", counted)
    with Store(store_copy) as store:
        subject = story_subject(next(iter(store.iter_stories())))
        delete_reports(store, [subject.id])
    with served(store_copy, read_only=True) as client:
        first = client.get(f"/api/reports/{subject.id}").content
        assert client.get(f"/api/reports/{subject.id}").content == first
    assert made == [subject.id]
