"""Check that examples/expected.json agrees with the files in examples/corpus.

Run with the project venv: ``.venv/bin/python examples/check_expected.py``. It checks the
corpus itself (every file parses, every reference resolves, every first/last-words,
snippet and furniture string is really in its file), not newsweave, so a failing line
here means the example data or its documented intent is wrong. Exits 1 on any problem.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import feedparser
import lxml.html

EXAMPLES = Path(__file__).resolve().parent
SPACES = re.compile(r"\s+")
# text_content() glues "<p>a</p><p>b</p>" into "ab"; a line break after each block
# keeps the words apart.
BLOCK_END = re.compile(
    r"(</(?:p|div|li|h[1-6]|figcaption|blockquote|section|header|footer|aside|nav)>)", re.I
)


def squash(text: str) -> str:
    return SPACES.sub(" ", text).strip()


def html_text(markup: str) -> str:
    tree = lxml.html.fromstring(BLOCK_END.sub("\\1\n", markup))
    for node in tree.xpath("//script|//style"):
        node.getparent().remove(node)
    return squash(tree.text_content())


def html_paragraphs(markup: str, container_xpath: str) -> list[str]:
    tree = lxml.html.fromstring(markup)
    return [squash(p.text_content()) for p in tree.xpath(container_xpath)]


def load_records() -> tuple[dict[str, str], dict[str, str]]:
    """Visible text of every document, keyed like expected.json ("path" or "path#N"), and
    the titles that feed containers carry outside the text (JSONL field, RSS item)."""
    texts: dict[str, str] = {}
    titles: dict[str, str] = {}
    corpus = EXAMPLES / "corpus"
    for path in sorted((corpus / "html").glob("*.html")):
        texts[path.relative_to(EXAMPLES).as_posix()] = html_text(path.read_text(encoding="utf-8"))
    for path in sorted((corpus / "text").glob("*.txt")):
        texts[path.relative_to(EXAMPLES).as_posix()] = squash(path.read_text(encoding="utf-8"))
    wire = corpus / "feeds" / "wire.jsonl"
    for index, line in enumerate(wire.read_text(encoding="utf-8").splitlines()):
        obj = json.loads(line)
        body = obj["text"] if "text" in obj else html_text(obj["html"])
        texts[f"corpus/feeds/wire.jsonl#{index}"] = squash(body)
        titles[f"corpus/feeds/wire.jsonl#{index}"] = obj["title"]
    feed = feedparser.parse((corpus / "feeds" / "regional.xml").read_bytes())
    if feed.bozo:
        raise SystemExit(f"regional.xml does not parse: {feed.bozo_exception}")
    for index, entry in enumerate(feed.entries):
        texts[f"corpus/feeds/regional.xml#{index}"] = html_text(entry.content[0].value)
        titles[f"corpus/feeds/regional.xml#{index}"] = entry.title
    return texts, titles


def check_articles(
    expected: dict, texts: dict[str, str], titles: dict[str, str], problems: list[str]
) -> None:
    for article in expected["articles"]:
        where = article["file"]
        text = texts.get(where)
        if text is None:
            problems.append(f"{where}: no such document")
            continue
        for key in ("first_words", "last_words"):
            if squash(article[key]) not in text:
                problems.append(f"{where}: {key} {article[key]!r} not in the document")
        if article["title"] not in titles.get(where, text):
            problems.append(f"{where}: title {article['title']!r} not in the document")
        for furniture in article["must_not_contain"]:
            if furniture not in text:
                problems.append(f"{where}: furniture {furniture!r} absent (vacuous check)")
    listed = {a["file"] for a in expected["articles"]}
    for missing in sorted(set(texts) - listed):
        problems.append(f"{missing}: in the corpus but not in expected.json")


def check_quotes(expected: dict, texts: dict[str, str], problems: list[str]) -> None:
    for quote in expected["quotes"]:
        text = texts.get(quote["file"], "")
        if squash(quote["snippet"]) not in text:
            problems.append(f"{quote['file']}: quote snippet {quote['snippet']!r} not found")
        if not quote["anonymous"] and quote["speaker_name"].split()[-1] not in text:
            problems.append(f"{quote['file']}: speaker {quote['speaker_name']!r} never named")


def check_duplicates(expected: dict, texts: dict[str, str], problems: list[str]) -> None:
    wire_lines = (EXAMPLES / "corpus/feeds/wire.jsonl").read_text(encoding="utf-8").splitlines()
    wire_bodies = [json.loads(line) for line in wire_lines]
    for dup in expected["duplicates"]:
        copy, original = texts.get(dup["copy"]), texts.get(dup["original"])
        if copy is None or original is None:
            problems.append(f"duplicate {dup}: a reference does not resolve")
            continue
        if dup["kind"] == "exact":
            # The copy's body paragraphs (its template's furniture aside) equal the original's.
            markup = (EXAMPLES / dup["copy"]).read_text(encoding="utf-8")
            body = html_paragraphs(markup, '//div[@class="article-text"]/p')
            index = int(dup["original"].rsplit("#", 1)[1])
            if body != [squash(p) for p in wire_bodies[index]["text"].split("\n\n")]:
                problems.append(f"{dup['copy']}: body is not an exact copy of {dup['original']}")
        elif copy == original or original[:200] not in copy:
            problems.append(f"{dup['copy']}: not a near copy of {dup['original']}")


def check_facts(expected: dict, texts: dict[str, str], problems: list[str]) -> None:
    outlets = {a["file"]: a["outlet"] for a in expected["articles"]}
    for outlet, figure in expected["disagreement"]["versions"].items():
        files = [f for f, o in outlets.items() if o == outlet and story_of(expected, f) == "main"]
        other = "2,000" if figure == "1,200" else "1,200"
        if not any(figure in texts[f] for f in files):
            problems.append(f"{outlet}: never gives {figure}")
        if any(other in texts[f] for f in files):
            problems.append(f"{outlet}: also gives {other}, so it does not disagree cleanly")
    only = expected["only_one_outlet"]
    holders = [f for f, text in texts.items() if only["snippet"] in text]
    if holders != [only["file"]]:
        problems.append(f"only_one_outlet snippet found in {holders}")


def story_of(expected: dict, file: str) -> str:
    return next(a["story"] for a in expected["articles"] if a["file"] == file)


def main() -> int:
    expected = json.loads((EXAMPLES / "expected.json").read_text(encoding="utf-8"))
    texts, titles = load_records()
    problems: list[str] = []
    check_articles(expected, texts, titles, problems)
    check_quotes(expected, texts, problems)
    check_duplicates(expected, texts, problems)
    check_facts(expected, texts, problems)
    for problem in problems:
        print("PROBLEM", problem)
    print(f"{len(texts)} documents, {len(expected['articles'])} articles, "
          f"{len(expected['quotes'])} quotes checked: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
