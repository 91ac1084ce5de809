"""The web load benchmark's client: a bounded number of requests per page over several
connections, with the latency of each (see ``web_load.py``)."""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

# report: each of the newest stories opened once (its first open, made afresh unless an
# earlier run kept it); report_again: opened again (stored or kept, unless it grew).
PAGES = ("stories", "search", "report", "report_again", "article", "static")
# Queries a reader of the development topics would type (FTS5 syntax).
SEARCHES = (
    "oil", "spill", "BP", "swine flu", '"oil spill"', "vaccine", "Haiti", "earthquake",
    "Jackson", "Obama", "Gulf", "pandemic", "aid OR relief", "rescue*", "well AND cap",
    "doctor", "hurricane", "Deepwater", "Tamiflu", '"Port-au-Prince"',
)  # fmt: skip


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of process ``pid`` and its children, from /proc (0.0
    where there is no /proc)."""
    total = 0.0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        pending += [int(child) for child in children]
    return total


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))
    return ordered[index]


async def targets(
    client: httpx.AsyncClient, requests: int, rng: random.Random
) -> dict[str, list[str]]:
    """The URLs each page's requests go to, chosen before any is timed."""
    stories = (await client.get("/api/stories", params={"limit": 100})).json()["items"]
    total = (await client.get("/api/articles", params={"limit": 1})).json()["total"]
    article_ids: list[str] = []
    offsets = range(0, max(1, total), 50)  # pages of 50 articles, ten of them
    for offset in rng.sample(offsets, min(10, len(offsets))):
        page = await client.get("/api/articles", params={"limit": 50, "offset": offset})
        article_ids += [a["id"] for a in page.json()["items"]]
    pick = rng.choice
    return {
        "stories": [f"/?offset={50 * (i % 4)}" for i in range(requests)],
        "search": ["/?" + urlencode({"q": pick(SEARCHES)}) for _ in range(requests)],
        "report": [f"/api/reports/{story['id']}" for story in stories[:requests]],
        "report_again": [f"/api/reports/{pick(stories)['id']}" for _ in range(requests)],
        "article": [f"/api/articles/{pick(article_ids)}" for _ in range(requests)],
        "static": ["/static/site.css"] * requests,
    }


async def load(
    client: httpx.AsyncClient, urls: list[str], connections: int, server_pid: int
) -> dict[str, Any]:
    queue: asyncio.Queue[str] = asyncio.Queue()
    for url in urls:
        queue.put_nowait(url)
    latencies: list[float] = []
    errors: list[str] = []

    async def worker() -> None:
        while not queue.empty():
            url = queue.get_nowait()
            started = time.perf_counter()
            try:
                response = await client.get(url)
                if response.status_code != 200:
                    errors.append(f"{response.status_code} {url}: {response.text[:200]}")
            except httpx.HTTPError as exc:
                errors.append(f"{type(exc).__name__} {url}")
            latencies.append(time.perf_counter() - started)

    cpu_before = cpu_seconds(server_pid)
    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(connections)))
    elapsed = time.perf_counter() - started
    server_cpu = cpu_seconds(server_pid) - cpu_before
    return {
        "requests": len(urls),
        "rps": round(len(urls) / elapsed, 1),
        "p50_ms": round(1000 * statistics.median(latencies), 1),
        "p99_ms": round(1000 * percentile(latencies, 0.99), 1),
        # The server's CPU per request: what the page costs, however busy the machine.
        "server_cpu_ms": round(1000 * server_cpu / len(urls), 2),
        "errors": len(errors),
        "error_samples": errors[:3],
    }


async def run(base_url: str, requests: int, connections: int, server_pid: int) -> dict[str, Any]:
    rng = random.Random(0)
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(base_url=base_url, timeout=60, limits=limits) as client:
        urls = await targets(client, requests, rng)
        # Open the connections first.
        await load(client, urls["static"][:connections], connections, server_pid)
        return {page: await load(client, urls[page], connections, server_pid) for page in PAGES}


def run_client(base_url: str, requests: int, connections: int, server_pid: int) -> dict[str, Any]:
    return asyncio.run(run(base_url, requests, connections, server_pid))
