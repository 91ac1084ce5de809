"""A report (the JSON of :mod:`newsweave.reports.report`) as Markdown.

Scraped text is escaped so a Markdown viewer shows it as text: no HTML tag, link or
emphasis a page smuggled in takes effect; sources are linked only when ``http(s)``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from newsweave.reports.render.html import day, http_url, side_text, span

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|!])")


def md(value: object) -> str:
    """Text for Markdown: one line, every character with a Markdown meaning escaped."""
    return _SPECIAL.sub(r"\\\1", " ".join(str(value).split()))


def _link(url: object, label: str) -> str:
    safe = http_url(url)
    return f"[{md(label)}](<{safe}>)" if safe else ""


def render_report_markdown(report: Mapping[str, Any]) -> str:
    lines = [
        f"# {md(report.get('label') or report['id'])}",
        "",
        f"*{report.get('kind', 'story')} · {span(report.get('start'), report.get('end'))} ·"
        f" {report.get('article_count', 0)} articles ·"
        f" {md(', '.join(report.get('outlets') or []))}*",
        "",
    ]
    for key, section in SECTIONS:
        if key in report:
            lines += section(report[key])
    return "\n".join(lines).rstrip() + "\n"


def _summary(summary: Mapping[str, Any]) -> list[str]:
    lines = ["## Summary", ""]
    for sentence in summary.get("sentences") or ():
        lines += [f"{md(sentence['text'])} ({md(sentence['outlet'])})", ""]
    if not summary.get("sentences"):
        lines += ["No sentence to summarise.", ""]
    return lines


def _timeline(timeline: Mapping[str, Any]) -> list[str]:
    lines = ["## Timeline", ""]
    for entry in timeline.get("entries") or ():
        for sentence in entry.get("sentences") or ():
            outlets = ", ".join(sentence.get("outlets") or ())
            lines.append(
                f"- **{md(day(entry.get('date')))}** {md(sentence['text'])} ({md(outlets)})"
            )
    undated = timeline.get("undated") or ()
    if undated:
        lines += ["", f"Undated articles: {', '.join(md(str(i)[:10]) for i in undated)}"]
    return [*lines, ""]


def _quotes(quotes: Mapping[str, Any]) -> list[str]:
    lines = ["## Who said what", ""]
    for speaker in quotes.get("speakers") or ():
        extra = ", ".join(
            text for text in (speaker.get("role"), side_text(speaker.get("side"))) if text
        )
        anonymous = " (anonymous source)" if speaker.get("anonymous") else ""
        lines += [f"### {md(speaker['name'])}{' — ' + md(extra) if extra else ''}{anonymous}", ""]
        for statement in speaker.get("statements") or ():
            where = "; ".join(
                f"{a.get('outlet') or 'source'} {day(a.get('published'))}"
                for a in statement.get("articles") or ()
            )
            lines.append(f"- {md(statement['text'])} *({md(statement['kind'])}; {md(where)})*")
        lines.append("")
    return lines


def _compare(compare: Mapping[str, Any]) -> list[str]:
    outlets = [str(o) for o in compare.get("outlets") or ()]
    lines = ["## Outlets compared", ""]
    facts = compare.get("facts") or ()
    if facts and outlets:
        lines += ["| fact | " + " | ".join(md(o) for o in outlets) + " |"]
        lines += ["|---" * (len(outlets) + 1) + "|"]
        for fact in facts:
            marks = ["✓" if (fact.get("outlets") or {}).get(o) else "" for o in outlets]
            lines.append(f"| {md(fact['text'])} | " + " | ".join(marks) + " |")
        lines.append("")
    for conflict in compare.get("conflicts") or ():
        sides = "; ".join(
            f"{s.get('outlet')}: “{s.get('text')}”" for s in conflict.get("sides") or ()
        )
        lines.append(
            f"- **Conflict ({md(conflict.get('kind', ''))}),"
            f" {md(conflict.get('about', ''))}:** {md(sides)}"
        )
    sourcing = compare.get("sourcing") or {}
    if sourcing:
        lines += ["", "| outlet | named | anonymous | direct | reported |", "|---|---|---|---|---|"]
        for outlet, p in sorted(sourcing.items()):
            counts = " | ".join(
                str(p.get(k, 0)) for k in ("named", "anonymous", "direct", "reported")
            )
            lines.append(f"| {md(outlet)} | {counts} |")
    return [*lines, ""]


def _articles(articles: list[Mapping[str, Any]]) -> list[str]:
    lines = ["## Articles", ""]
    for article in articles:
        link = _link(article.get("url"), "source")
        lines.append(
            f"- {md(article.get('outlet') or 'unknown outlet')}, {day(article.get('published'))}:"
            f" {md(article.get('title') or '')} `{article['id']}` {link}".rstrip()
        )
        for copy in article.get("copies") or ():
            lines.append(
                f"  - {md(copy.get('kind', ''))} copy: {md(copy.get('outlet') or '')},"
                f" {day(copy.get('published'))} `{copy['id']}`"
                f" {_link(copy.get('url'), 'source')}".rstrip()
            )
    return [*lines, "", "Read an article's clean text with `newsweave show ID`.", ""]


SECTIONS = (
    ("summary", _summary),
    ("timeline", _timeline),
    ("quotes", _quotes),
    ("compare", _compare),
    ("articles", _articles),
)
