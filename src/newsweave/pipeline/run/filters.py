"""Filters crawl users ask for, applied before the expensive steps (analysis, MinHash):
by host (before extraction when the container gives the URL, as WARC and JSONL do),
by publication date range and by language (after extraction, which finds them).

What a filter leaves out is not a rejection (nothing is wrong with it): it is listed in
the ``filtered`` table with the filter that left it out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from newsweave.records import Article, RawDocument


@dataclass(frozen=True, slots=True)
class RunFilters:
    hosts: tuple[str, ...] = ()  # a host and its subdomains (``bbc.co.uk``)
    since: date | None = None  # published on or after (UTC date)
    until: date | None = None  # published on or before
    languages: tuple[str, ...] = ()  # ISO 639-1 codes, as extraction detects them

    def raw_reason(self, raw: RawDocument) -> tuple[str, str] | None:
        """Why ``raw`` is left out before extraction, or None (kept, for now)."""
        url = raw.url or raw.hints.get("url")
        if self.hosts and url and not self._host_kept(url):
            return "host", f"host of {url} is not one of {', '.join(self.hosts)}"
        return None

    def article_reason(self, article: Article, raw: RawDocument) -> tuple[str, str] | None:
        """Why ``article`` is left out before analysis, or None."""
        url = article.url or raw.url or raw.hints.get("url")
        if self.hosts and (url is None or not self._host_kept(url)):
            return "host", f"host of {url or 'an input without a URL'} is not one of the hosts"
        if self.since or self.until:
            if article.published is None:
                return "date", "no publication date, and a date range was asked for"
            day = article.published.date()
            if (self.since and day < self.since) or (self.until and day > self.until):
                return "date", f"published {day.isoformat()}, outside the date range"
        if self.languages and (article.language or "") not in self.languages:
            return "language", f"language {article.language or 'unknown'} not asked for"
        return None

    def _host_kept(self, url: str) -> bool:
        host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
        return any(host == h or host.endswith("." + h) for h in self.hosts)
