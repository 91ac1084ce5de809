"""Clean a plain-text dump of a news page: keep the body paragraphs, read the metadata.

The dump holds one block per line with all page furniture still in. The cleaner
1. splits lines, un-glues furniture stuck to a sentence, marks pattern furniture;
2. scores each line with small fitted models (``text_features``: a logistic stage on
   the line's shape, then boosted trees on its context, ``trees``) and takes the
   article span as the best-scoring contiguous run of lines, cut before an
   end-of-article marker ("Related articles", "Comments");
3. inside the span keeps every line except clear furniture, pull quotes and
   crossheads (it must never lose a body paragraph), outside drops everything;
4. reads title, outlet, dateline and byline from the lines it dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from newsweave.extract import Extraction
from newsweave.extract.furniture import FurnitureModel
from newsweave.extract.text.features import (
    TERMINAL_RE,
    LineModel,
    best_run,
    context_features,
    default_line_model,
    line_features,
    span_gains,
)
from newsweave.extract.text.header import Header, MetaLine, mark_metadata, pick_header
from newsweave.extract.text.lines import Line, split_lines
from newsweave.extract.text.patterns import END_MARKER_MAX_WORDS, END_OF_ARTICLE
from newsweave.extract.text.title import choose_title
from newsweave.records import DroppedBlock

# Inside the span, a line this long that ends a sentence is body whatever the model says.
SURE_BODY_WORDS = 12
# A full sentence scores at least this much above the span threshold, so a body
# sentence next to the article is never left out of it (WCXB dev, odd pages: F1 +0.002).
SENTENCE_MARGIN = 0.1
FLOOR_MIN_WORDS = 8
CROSSHEAD_MAX_WORDS = 10
ATTRIBUTION_MAX_WORDS = 5
MIN_BODY_BEFORE_END_MARKER = 80
# The body before an end marker must be at least this share of the sentences after it
# (1.0 chosen on WCXB dev dumps: lower cuts articles at share bars above the body).
END_MARKER_SHARE = 1.0
LIST_OPENER_RE = re.compile(r":[\"'”’]?$")
_NORMALISE_RE = re.compile(r"[\W_]+")

__all__ = ["Segmentation", "clean_text_dump", "segment_text_dump"]


@dataclass(frozen=True, slots=True)
class Segmentation:
    """A dump's lines with their verdicts so far, and the article span (``span`` is empty
    when no line looked like body). Title choice and outside reasons come after."""

    lines: list[Line]
    span: range
    metadata: list[MetaLine]
    outlet: str | None


def clean_text_dump(
    text: str, *, furniture: FurnitureModel | None = None, model: LineModel | None = None
) -> Extraction:
    """Body paragraphs and metadata of one text dump; see the module docstring."""
    learned: list[DroppedBlock] = []
    if furniture is not None:
        # Learned furniture is taken out before the article span is sought: a site line
        # sitting between two body paragraphs must not look like the article's end.
        text, learned = _remove_learned(text, furniture)
    segmentation = segment_text_dump(text, model=model)
    lines, span = segmentation.lines, segmentation.span
    if not lines:
        return Extraction(paragraphs=(), dropped=tuple(learned))
    title = choose_title(lines, span.start, [lines[i].text for i in span if not lines[i].reason])
    _drop_outside(lines, span, title)
    header = pick_header(segmentation.metadata, segmentation.outlet, span)
    result = _result(lines, title, header)
    return replace(result, dropped=result.dropped + tuple(learned))


def _remove_learned(text: str, furniture: FurnitureModel) -> tuple[str, list[DroppedBlock]]:
    kept, dropped = [], []
    for line in text.split("\n"):
        if line.strip() and furniture.is_furniture(line):
            dropped.append(DroppedBlock(line.strip(), "learned-furniture"))
        else:
            kept.append(line)
    return "\n".join(kept), dropped


def segment_text_dump(
    text: str, *, furniture: FurnitureModel | None = None, model: LineModel | None = None
) -> Segmentation:
    """Split, score and mark a dump, find the article span and judge the lines inside it."""
    lines = split_lines(text, furniture)
    model = model or default_line_model()
    score_lines(lines, model)
    metadata, outlet = mark_metadata(lines)
    found = _article_span(lines, model)
    if found is None:
        return Segmentation(lines, range(len(lines), len(lines)), metadata, outlet)
    start, end = _cut_at_end_marker(lines, *found)
    for i in range(start, end + 1):
        _judge_inside(lines, i, model)
    _drop_pull_quotes(lines, start, end)
    _drop_crossheads(lines, start, end)
    return Segmentation(lines, range(start, end + 1), metadata, outlet)


def score_lines(lines: list[Line], model: LineModel) -> None:
    """Set each line's body probability (stage one, then stage two when the model has it)."""
    texts = [line.text for line in lines]
    flags = [line.reason is not None for line in lines]
    own = line_features(texts, flags)
    for line, vector in zip(lines, own, strict=True):
        line.probability = 0.0 if line.reason else model.probability(vector)
    if model.context_weights or model.trees is not None:
        _rescore_in_context(lines, texts, own, model)
    for line in lines:
        # A full sentence is always some evidence of body: on a short page, or one unlike
        # the pages the model was fitted on, the scores alone may all sit near zero.
        if line.reason is None and line.words >= FLOOR_MIN_WORDS and _ends_like_body(line):
            line.probability = max(line.probability, model.span_threshold + SENTENCE_MARGIN)


def _rescore_in_context(
    lines: list[Line], texts: list[str], own: list[list[float]], model: LineModel
) -> None:
    vectors = second_stage_features(lines, texts, own if model.trees is not None else None)
    for line, vector in zip(lines, vectors, strict=True):
        if line.reason:
            line.probability = 0.0
        elif model.trees is not None:
            line.probability = model.trees.probability(vector)
        else:
            line.probability = model.context_probability(vector)


def second_stage_features(
    lines: Sequence[Line], texts: list[str], own: list[list[float]] | None
) -> list[list[float]]:
    """Context features from the stage-one scores now on ``lines`` (the trees also see
    each line's own features)."""
    stage_one = [line.probability for line in lines]
    words = [line.words for line in lines]
    terminals = [bool(TERMINAL_RE.search(text)) for text in texts]
    context = context_features(stage_one, words, terminals)
    if own is None:
        return context
    return [a + b for a, b in zip(own, context, strict=True)]


def _article_span(lines: Sequence[Line], model: LineModel) -> tuple[int, int] | None:
    """The contiguous run of lines with the largest summed body evidence (max-sum subarray),
    trimmed so that it starts and ends with a sentence."""
    gains = span_gains(
        [line.probability for line in lines], [line.words for line in lines], model.span_threshold
    )
    run = best_run(gains)
    if not run:
        return None
    start, end = run.start, run.stop - 1
    while start < end and not _ends_like_body(lines[start]):
        start += 1
    while end > start and not _ends_like_body(lines[end]):
        end -= 1
    return start, end


def _cut_at_end_marker(lines: list[Line], start: int, end: int) -> tuple[int, int]:
    """End the body before a "Related articles"/"Comments"-style line, so a comment thread
    or teaser list never joins the article. The marker must follow a real stretch of body
    and most of the span's sentences: a share bar above the article is not its end."""
    sentence_words = [line.words if _is_sentence(line) else 0 for line in lines[: end + 1]]
    before = 0
    for i in range(start, end + 1):
        line = lines[i]
        before += sentence_words[i]
        if (
            sentence_words[i] == 0
            and before >= MIN_BODY_BEFORE_END_MARKER
            and line.words <= END_MARKER_MAX_WORDS
            and END_OF_ARTICLE.search(line.text)
            and before >= END_MARKER_SHARE * sum(sentence_words[i:])
        ):
            new_end = i - 1
            while new_end > start and not _ends_like_body(lines[new_end]):
                new_end -= 1
            return start, new_end
    return start, end


def _ends_like_body(line: Line) -> bool:
    """Where an article may start or end: a sentence, but not a short question, which at
    the edge of the body is far more often a teaser headline than the lede or last line."""
    if not _is_sentence(line):
        return False
    return line.words >= SURE_BODY_WORDS or not line.text.rstrip("\"'”’)").endswith("?")


def _is_sentence(line: Line) -> bool:
    return (
        line.reason is None
        and line.words >= 4
        and bool(TERMINAL_RE.search(line.text) or LIST_OPENER_RE.search(line.text))
    )


def _judge_inside(lines: list[Line], i: int, model: LineModel) -> None:
    line = lines[i]
    if line.reason is not None:
        if line.words >= SURE_BODY_WORDS and line.reason not in _ALWAYS_DROP:
            line.reason = None  # a long sentence inside the article is body, not a prompt
        return
    if line.probability < model.keep_inside and not _is_sentence(line):
        line.reason = "boilerplate"


_ALWAYS_DROP = frozenset(
    {
        "footer",
        "learned-furniture",
        "donation-appeal",
        "server-error",
        "cookie-notice",
        "dateline",
        "byline",
        "masthead",
    }
)


def _normalise(text: str) -> str:
    return _NORMALISE_RE.sub(" ", text.casefold()).strip()


def _drop_pull_quotes(lines: list[Line], start: int, end: int) -> None:
    """A line repeated inside a longer body line is a pull quote (and so is its speaker line)."""
    kept = [i for i in range(start, end + 1) if lines[i].reason is None]
    bodies = [(i, _normalise(lines[i].text)) for i in kept]
    for i, text in bodies:
        line = lines[i]
        if line.words < 5 or (TERMINAL_RE.search(line.text) and line.words >= SURE_BODY_WORDS * 3):
            continue
        if any(j != i and len(other) > len(text) and text in other for j, other in bodies):
            line.reason = "pull-quote"
            following = i + 1
            if following <= end and _looks_like_speaker(lines[following]):
                lines[following].reason = "pull-quote"


def _looks_like_speaker(line: Line) -> bool:
    return (
        line.reason is None
        and 1 <= line.words <= ATTRIBUTION_MAX_WORDS
        and not TERMINAL_RE.search(line.text)
        and line.text[:1].isupper()
    )


def _drop_crossheads(lines: list[Line], start: int, end: int) -> None:
    """A short unpunctuated line between two body paragraphs is a subheading."""
    kept = [i for i in range(start, end + 1) if lines[i].reason is None]
    for position in range(1, len(kept) - 1):
        line = lines[kept[position]]
        if line.words > CROSSHEAD_MAX_WORDS or _is_sentence(line) or line.text.endswith(":"):
            continue
        before, after = lines[kept[position - 1]], lines[kept[position + 1]]
        if _is_sentence(before) and _is_sentence(after):
            line.reason = "crosshead"


def _drop_outside(lines: list[Line], span: range, title: int | None) -> None:
    """Everything outside the article span goes, each with the best reason we can name."""
    first = span.start if span else len(lines)
    for i, line in enumerate(lines):
        if i in span or line.reason is not None:
            continue
        line.reason = "title" if i == title else _outside_reason(line, i < first, i > (title or -1))


def _outside_reason(line: Line, before_body: bool, after_title: bool) -> str:
    tokens = line.text.split()
    all_capitalised = all(t[:1].isupper() or not t[:1].isalpha() for t in tokens)
    if line.words <= 3 or (all_capitalised and not TERMINAL_RE.search(line.text)):
        return "navigation"
    if before_body:
        return "caption" if after_title else "header"
    if line.words <= 20 and not line.text.endswith("."):
        return "related-link"
    return "footer"


def _result(lines: Sequence[Line], title: int | None, header: Header) -> Extraction:
    return Extraction(
        paragraphs=tuple(line.text for line in lines if line.reason is None),
        title=lines[title].text if title is not None else None,
        outlet=header.outlet,
        published=header.published,
        author=header.author,
        dropped=tuple(DroppedBlock(line.text, line.reason) for line in lines if line.reason),
    )
