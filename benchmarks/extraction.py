"""Main-text extraction benchmark on WCXB-layout data (HTML pages or plain-text dumps).

    python benchmarks/extraction.py [--data DIR] [--limit N]

HTML mode (DIR/html/): newsweave.extract.html.extractor.extract_html against plain
``trafilatura.extract`` (default options; ``extract_metadata`` for title and date).
Text mode (DIR/text/): newsweave.extract.text.cleaner.clean_text_dump against the uncleaned
dump and against jusText run over the dump's lines, in the same run.

A page a system rejects (newsweave's RejectedInput) or raises on scores as an empty
answer, is counted for that system (``rejected``, ``trafilatura_rejected``,
``justext_rejected`` in the JSON), and the run goes on.

Prints a table, then one JSON line of metrics as the very last line.
"""

from __future__ import annotations

import argparse
import html as html_lib
import json
import sys
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

# Run from a checkout: the helper module beside this script, and the package under src/.
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1] / "src"))

from wcxb import (
    TITLE_FUZZY_RATIO,
    Tally,
    data_mode,
    format_table,
    iter_pages,
    parse_gold_date,
    read_input,
    word_scores,
)

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "extraction" / "wcxb-dev-articles"
TITLE_RULE = (
    f"title: equal after whitespace/case normalisation, or fuzzy ratio >= {TITLE_FUZZY_RATIO:.0f}"
)

# One system's answer for a page: body text, title, published date.
Answer = tuple[str, str | None, date | datetime | None]
NO_ANSWER: Answer = ("", None, None)


def timed(tally: Tally, run: Callable[[], Answer]) -> Answer:
    """The system's answer for one page, timed into its tally. A page it rejects or
    raises on is an empty answer, counted in ``tally.rejections`` under the rejection's
    reason (or the exception's name); the run goes on."""
    started = time.perf_counter()
    try:
        answer = run()
    except Exception as error:  # one page must not end the run, whatever it raises
        reason = getattr(error, "reason", None)
        tally.rejections[reason if isinstance(reason, str) else type(error).__name__] += 1
        answer = NO_ANSWER
    tally.seconds += time.perf_counter() - started
    return answer


def score_page(
    tally: Tally,
    answer: Answer,
    gold_text: str,
    gold_title: str | None,
    gold_day: date | None,
    with_meta: bool,
) -> None:
    body, title, published = answer
    tally.add_words(word_scores(body, gold_text))
    if with_meta:
        tally.add_title(title, gold_title)
        tally.add_date(published, gold_day)


def trafilatura_answer(page_html: str, url: str | None) -> Answer:
    import trafilatura

    body = trafilatura.extract(page_html) or ""
    meta = trafilatura.extract_metadata(page_html, default_url=url)
    published: date | None = None
    if meta is not None and meta.date:
        published = parse_gold_date(meta.date)
    return body, (meta.title if meta is not None else None), published


def justext_answer(dump: str) -> Answer:
    import justext

    # Each dump line becomes a <p>, so jusText judges the same blocks the cleaner does.
    wrapped = "".join(
        f"<p>{html_lib.escape(line)}</p>" for line in dump.splitlines() if line.strip()
    )
    if not wrapped:
        return "", None, None
    paragraphs = justext.justext(
        f"<html><body>{wrapped}</body></html>", justext.get_stoplist("English")
    )
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate), None, None


def run_html(data_dir: Path, limit: int | None) -> tuple[str, dict[str, Any]]:
    try:
        from newsweave.extract.html.extractor import extract_html
    except ImportError as error:
        raise SystemExit(
            "HTML mode needs newsweave.extract.html.extractor.extract_html, which is not"
            f" importable: {error}"
        ) from error
    ours, baseline = Tally(), Tally()
    skipped = 0
    for gold, source in iter_pages(data_dir, limit):
        if gold.main_content is None:
            skipped += 1
            continue
        page_html = read_input(source)
        gold_day = parse_gold_date(gold.publish_date)

        def run_ours(page: str = page_html, url: str | None = gold.url) -> Answer:
            result = extract_html(page, url=url)
            return "\n\n".join(result.paragraphs), result.title, result.published

        def run_baseline(page: str = page_html, url: str | None = gold.url) -> Answer:
            return trafilatura_answer(page, url)

        score_page(ours, timed(ours, run_ours), gold.main_content, gold.title, gold_day, True)
        score_page(
            baseline, timed(baseline, run_baseline), gold.main_content, gold.title, gold_day, True
        )
    rows = [system_row("newsweave extract_html", ours), system_row("trafilatura.extract", baseline)]
    metrics = common_metrics(ours, skipped)
    metrics.update(
        trafilatura_f1=baseline.mean(baseline.f1),
        trafilatura_precision=baseline.mean(baseline.precision),
        trafilatura_recall=baseline.mean(baseline.recall),
        trafilatura_pages_per_s=baseline.pages_per_s,
        trafilatura_title_acc=baseline.title_acc,
        trafilatura_date_acc=baseline.date_acc,
        trafilatura_rejected=baseline.rejected,
    )
    return table(rows, ours, skipped, {"trafilatura": baseline}), metrics


def run_text(data_dir: Path, limit: int | None) -> tuple[str, dict[str, Any]]:
    from newsweave.extract.text.cleaner import clean_text_dump

    ours, with_crossheads, uncleaned, justext_tally = Tally(), Tally(), Tally(), Tally()
    skipped = 0
    for gold, source in iter_pages(data_dir, limit):
        if gold.main_content is None:
            skipped += 1
            continue
        dump = read_input(source)
        gold_day = parse_gold_date(gold.publish_date)
        crossheads: list[str] = []

        def run_ours(dump: str = dump, crossheads: list[str] = crossheads) -> Answer:
            result = clean_text_dump(dump)
            # WCXB's gold keeps subheadings, which the cleaner deliberately leaves out
            # of the body (recorded as "crosshead"): a row shows what that costs.
            crossheads.extend(b.text for b in result.dropped if b.reason == "crosshead")
            return "\n\n".join(result.paragraphs), result.title, result.published

        answer = timed(ours, run_ours)
        score_page(ours, answer, gold.main_content, gold.title, gold_day, True)
        with_crossheads.add_words(
            word_scores(f"{answer[0]}\n{' '.join(crossheads)}", gold.main_content)
        )
        score_page(uncleaned, (dump, None, None), gold.main_content, None, None, False)
        answer = timed(justext_tally, lambda dump=dump: justext_answer(dump))  # type: ignore[misc]
        score_page(justext_tally, answer, gold.main_content, None, None, False)
    rows = [
        system_row("newsweave clean_text_dump", ours),
        system_row("  + crossheads put back", with_crossheads, meta=False, speed=False),
        system_row("uncleaned dump", uncleaned, meta=False, speed=False),
        system_row("jusText over lines", justext_tally, meta=False),
    ]
    metrics = common_metrics(ours, skipped)
    metrics.update(
        f1_with_crossheads=with_crossheads.mean(with_crossheads.f1),
        uncleaned_f1=uncleaned.mean(uncleaned.f1),
        justext_f1=justext_tally.mean(justext_tally.f1),
        justext_precision=justext_tally.mean(justext_tally.precision),
        justext_recall=justext_tally.mean(justext_tally.recall),
        justext_pages_per_s=justext_tally.pages_per_s,
        justext_rejected=justext_tally.rejected,
    )
    return table(rows, ours, skipped, {"jusText": justext_tally}), metrics


def system_row(name: str, tally: Tally, meta: bool = True, speed: bool = True) -> tuple[str, ...]:
    return (
        name,
        f"{tally.mean(tally.f1):.3f}",
        f"{tally.mean(tally.precision):.3f}",
        f"{tally.mean(tally.recall):.3f}",
        f"{tally.title_acc:.3f} ({tally.title_pages})" if meta else "-",
        f"{tally.date_acc:.3f} ({tally.date_pages})" if meta else "-",
        f"{tally.pages_per_s:.1f}" if speed else "-",
    )


def table(rows: list[tuple[str, ...]], ours: Tally, skipped: int, others: dict[str, Tally]) -> str:
    header = ("system", "F1", "P", "R", "title acc (n)", "date acc (n)", "pages/s")
    rejected = "; ".join(
        f"{name} {tally.rejected}" + (f" {dict(tally.rejections)}" if tally.rejected else "")
        for name, tally in {"newsweave": ours, **others}.items()
    )
    notes = (
        f"pages scored: {ours.pages}; skipped (gold has no main_content): {skipped}\n"
        f"rejected or raised on (scored as empty answers): {rejected}\n"
        f"{TITLE_RULE}; date: same calendar day, pages with no gold date not counted\n"
        "word scores: macro average over pages of bag-of-\\w+ (lowercase) P/R/F1"
    )
    return f"{format_table(rows, header)}\n{notes}"


def common_metrics(ours: Tally, skipped: int) -> dict[str, Any]:
    return {
        "f1": ours.mean(ours.f1),
        "precision": ours.mean(ours.precision),
        "recall": ours.mean(ours.recall),
        "pages_per_s": ours.pages_per_s,
        "title_acc": ours.title_acc,
        "title_pages": ours.title_pages,
        "date_acc": ours.date_acc,
        "date_pages": ours.date_pages,
        "pages": ours.pages,
        "skipped": skipped,
        "rejected": ours.rejected,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None, help="score only the first N pages")
    args = parser.parse_args(argv)
    data_dir: Path = args.data
    mode = data_mode(data_dir)
    report, metrics = (run_html if mode == "html" else run_text)(data_dir, args.limit)
    print(f"WCXB-layout extraction benchmark, {mode} mode, data: {data_dir}")
    print(report)
    print(
        json.dumps(
            {
                "benchmark": f"extraction-{mode}",
                **{
                    key: round(value, 4) if isinstance(value, float) else value
                    for key, value in metrics.items()
                },
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
