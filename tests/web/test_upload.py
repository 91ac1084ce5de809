"""Adding articles through the running server: the same ingest job as the CLI, with
its rejections, the size limit, the per-document time limit in the server's threads,
and read-only mode refusing every write."""

from __future__ import annotations

import gzip
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.conftest import html_page
from tests.web.conftest import served

DAM_PARAGRAPHS = (
    "Engineers from the Quillonby institute reached the Halvard dam on Friday to examine"
    " the breach in its eastern embankment, the Civil Protection Agency said.",
    "The agency said the evacuation of Brennick would stay in force over the weekend"
    " while water levels in the Tessa river fell.",
    '"We will not let anyone home until the embankment is safe," said Mayor Ilse Varga.',
)


def dam_page(title: str = "Quillonby engineers examine Halvard dam breach") -> bytes:
    return html_page(
        title, DAM_PARAGRAPHS, site="Upper Tessa Gazette", published="2025-03-14T12:00:00+01:00"
    ).encode()


def test_uploaded_file_joins_its_story_without_a_restart(store_copy: Path) -> None:
    with served(store_copy) as client:
        before = client.get("/api/search", params={"q": "Quillonby"}).json()
        assert before["total"] == 0
        response = client.post("/api/articles", files={"files": ("gazette.html", dam_page())})
        assert response.status_code == 200, response.text
        added = response.json()
        assert added["new"] == 1 and added["rejected"] == 0 and added["analyzed"] == 1
        article = added["articles"][0]
        assert article["title"] == "Quillonby engineers examine Halvard dam breach"
        assert article["outlet"] == "Upper Tessa Gazette" and article["story_id"]
        found = client.get("/api/search", params={"q": "Quillonby"}).json()
        assert [h["id"] for h in found["items"]] == [article["id"]]
        story = client.get(f"/api/stories/{article['story_id']}").json()
        assert article["id"] in story["article_ids"]
        assert "Halvard" in story["title"] or story["article_count"] > 1
        detail = client.get(f"/api/articles/{article['id']}").json()
        assert detail["sources"] == ["upload:gazette.html"]
        assert any(q["speaker_name"] == "Ilse Varga" for q in detail["quotes"])
        again = client.post("/api/articles", files={"files": ("gazette.html", dam_page())})
        assert again.json()["new"] == 0 and again.json()["duplicate"] == 1


def test_rejections_come_back_in_the_response(store_copy: Path) -> None:
    with served(store_copy) as client:
        response = client.post(
            "/api/articles",
            files=[
                ("files", ("blob.bin", bytes(range(256)) * 40)),
                ("files", ("empty.html", b"")),
                ("files", ("cut.html.gz", gzip.compress(dam_page())[:-20])),
                ("files", ("ok.html.gz", gzip.compress(dam_page("Second Quillonby report")))),
            ],
        )
        body = response.json()
        assert response.status_code == 200 and body["new"] == 1 and body["rejected"] == 3
        reasons = {r["source"]: r["reason"] for r in body["rejections"]}
        assert reasons == {
            "upload:blob.bin": "binary",
            "upload:empty.html": "empty",
            "upload:cut.html.gz": "truncated-gzip",
        }


def test_pasted_text_is_ingested_as_a_record(store_copy: Path) -> None:
    with served(store_copy) as client:
        pasted = {
            "title": "Brennick residents return as Halvard dam water falls",
            "outlet": "Pasted Press",
            "published": "2025-03-15",
            "text": "\n\n".join(DAM_PARAGRAPHS),
        }
        as_json = client.post("/api/articles", json=pasted).json()
        assert as_json["new"] == 1
        assert as_json["articles"][0]["outlet"] == "Pasted Press"
        as_form = client.post(
            "/api/articles", data=dict(pasted, title="Form paste", outlet="Form Press")
        )
        assert as_form.json()["articles"][0]["title"] == "Form paste"


def test_bad_uploads_are_400(store_copy: Path) -> None:
    with served(store_copy) as client:
        nothing = client.post("/api/articles", data={"title": "no text"})
        assert nothing.status_code == 400 and "nothing to add" in nothing.json()["error"]
        not_json = client.post(
            "/api/articles", content=b"{oops", headers={"content-type": "application/json"}
        )
        assert not_json.status_code == 400 and "JSON" in not_json.json()["error"]
        plain = client.post("/api/articles", content=b"hi", headers={"content-type": "text/plain"})
        assert plain.status_code == 400


def test_uploads_over_the_size_limit_are_413(store_copy: Path) -> None:
    with served(store_copy, max_upload_bytes=4000) as client:
        big = client.post("/api/articles", files={"files": ("big.html", b"<p>x</p>" * 1000)})
        assert big.status_code == 413 and "limit" in big.json()["error"]

        def chunks() -> object:  # no Content-Length: counted as it arrives
            yield b'{"text": "'
            for _ in range(100):
                yield b"word " * 20
            yield b'"}'

        streamed = client.post(
            "/api/articles", content=chunks(), headers={"content-type": "application/json"}
        )
        assert streamed.status_code == 413
        small = client.post("/api/articles", json={"text": "\n\n".join(DAM_PARAGRAPHS)})
        assert small.status_code == 200


def test_time_limit_holds_in_the_servers_threads(store_copy: Path) -> None:
    with served(store_copy, time_limit_s=1e-9) as client:
        response = client.post("/api/articles", files={"files": ("slow.html", dam_page())})
        body = response.json()
        assert body["new"] == 0
        assert [r["reason"] for r in body["rejections"]] == ["timeout"]


def test_read_only_refuses_every_write(example_store: Path) -> None:
    with served(example_store, read_only=True) as client:
        for method in ("POST", "PUT", "DELETE", "PATCH"):
            response = client.request(method, "/api/articles", json={"text": "x"})
            assert response.status_code == 403
            assert "--read-only" in response.json()["error"]
        assert client.get("/api/stories").status_code == 200
        assert 'id="add-form"' not in client.get("/").text


def test_concurrent_uploads_are_ingested_one_at_a_time(store_copy: Path) -> None:
    with served(store_copy) as client:

        def upload(number: int) -> dict[str, object]:
            page = dam_page(f"Quillonby report number {number}")
            result: dict[str, object] = client.post(
                "/api/articles", files={"files": (f"r{number}.html", page)}
            ).json()
            return result

        with ThreadPoolExecutor(4) as pool:
            results = list(pool.map(upload, range(4)))
        assert [r["new"] for r in results] == [1, 1, 1, 1]
        found = client.get("/api/search", params={"q": "Quillonby"}).json()
        assert found["total"] == 4
        assert json.dumps(results).count('"story_id": null') == 0
