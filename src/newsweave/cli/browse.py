"""Commands that read articles: articles, show, search, rejects."""

from __future__ import annotations

import click
from rich.table import Table

from newsweave.cli.app import cli, db_option, out
from newsweave.store.db import Store


@cli.command()
@click.argument("article_id", metavar="ID")
@db_option
@click.option("--dropped", is_flag=True, help="Also list what extraction left out, and why.")
def show(article_id: str, db_path: str, dropped: bool) -> None:
    """Show one article (ID or a unique prefix of it)."""
    with Store(db_path, readonly=True) as store:
        article = store.get_article(article_id)
        sources = store.sources_of(article.id)
    out.print(f"[bold]{article.title or '(untitled)'}[/]", markup=True)
    published = article.published.isoformat() if article.published else "date unknown"
    out.print(
        f"{article.outlet or 'outlet unknown'} · {published} · {article.author or 'no byline'}"
    )
    out.print(f"id {article.id} · language {article.language or '?'} · {article.url or ''}")
    for source in sources:
        out.print(f"source {source}")
    out.print()
    for paragraph in article.paragraphs:
        out.print(paragraph, markup=False)
        out.print()
    if dropped:
        out.print(f"[dim]{len(article.dropped)} blocks left out:[/]", markup=True)
        for block in article.dropped:
            out.print(f"  [{block.reason}] {block.text[:120]}", markup=False)


@cli.command()
@click.argument("query", nargs=-1, required=True)
@db_option
@click.option("-n", "--limit", default=20, show_default=True, help="Most results to show.")
def search(query: tuple[str, ...], db_path: str, limit: int) -> None:
    """Full-text search over titles and article text (SQLite FTS5 syntax:
    words, "exact phrases", OR, NOT, prefix*)."""
    with Store(db_path, readonly=True) as store:
        hits = store.search(" ".join(query), limit=limit)
    if not hits:
        out.print("no matches")
        return
    table = Table("id", "outlet", "title", "snippet", show_lines=False)
    for article, snippet in hits:
        table.add_row(article.id[:10], article.outlet or "", article.title or "", snippet)
    out.print(table)


@cli.command()
@db_option
@click.option("-n", "--limit", default=0, help="Show at most this many (0: all).")
def articles(db_path: str, limit: int) -> None:
    """List stored articles: id, outlet, date, words, title."""
    with Store(db_path, readonly=True) as store:
        table = Table("id", "outlet", "published", "words", "title", "author")
        for count, article in enumerate(store.iter_articles(), start=1):
            table.add_row(
                article.id[:10],
                article.outlet or "",
                article.published.date().isoformat() if article.published else "",
                str(len(article.text.split())),
                article.title or "",
                article.author or "",
            )
            if limit and count >= limit:
                break
    out.print(table if table.row_count else "no articles stored")


@cli.command()
@db_option
def rejects(db_path: str) -> None:
    """List every rejected input with its reason."""
    with Store(db_path, readonly=True) as store:
        rows = store.rejections()
    if not rows:
        out.print("no rejected inputs")
        return
    table = Table("source", "reason", "detail", "when")
    for row in rows:
        table.add_row(row.source, row.reason, row.detail, row.created_at)
    out.print(table)
