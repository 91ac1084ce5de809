"""Report bodies are made once per key, evicted oldest first, never reused for another
key (a story that gains an article has another key)."""

from __future__ import annotations

import json

from newsweave.web.cache import ReportCache


def test_a_body_is_made_once_per_key_and_the_oldest_goes_first() -> None:
    made: list[str] = []
    cache = ReportCache(entries=2)

    def maker(name: str) -> object:
        return lambda: made.append(name) or {"name": name}

    assert json.loads(cache.body(("s", ("a1",)), maker("one"))) == {"name": "one"}
    assert json.loads(cache.body(("s", ("a1",)), maker("again"))) == {"name": "one"}
    assert json.loads(cache.body(("s", ("a1", "a2")), maker("grown"))) == {"name": "grown"}
    cache.body(("t", ()), maker("third"))  # evicts ("s", ("a1",))
    cache.body(("s", ("a1",)), maker("remade"))
    assert made == ["one", "grown", "third", "remade"]
