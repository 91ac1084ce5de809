"""Per-article language analysis: sentences, entities, time expressions, quotes.

Speed is the point of this module's design. spaCy's small English model spends most of
its time in the tagger and the dependency parser; the analysis needs neither. Only the
NER component runs (it has its own token-to-vector layer); sentences come from a
rule-based, quote-aware splitter and quotes from cue words, marks and entities. That
makes the whole analysis several times faster than the full spaCy pipeline.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime

from spacy.language import Language
from spacy.tokens import Doc

from newsweave.analyze.batches import (
    DEFAULT_BATCH_CHARS,
    DEFAULT_BATCH_SIZE,
    ArticleInput,
    batches,
)
from newsweave.analyze.entities import link_entities
from newsweave.analyze.nlp import load_english
from newsweave.analyze.quotes.finder import extract_quotes
from newsweave.analyze.sentences import sentence_records, split_sentences
from newsweave.analyze.timex.finder import find_times
from newsweave.errors import LimitExceeded
from newsweave.limits import check_deadline, time_limit
from newsweave.records import (
    PARAGRAPH_SEPARATOR,
    Analysis,
    AnalysisFailure,
    Entity,
    Sentence,
    TimeExpr,
)

log = logging.getLogger(__name__)

# (doc, its text): Doc.text rebuilds the string from the tokens on every access.
EntityLinker = Callable[[Doc, str], tuple[Entity, ...]]
TimeFinder = Callable[[str, Sequence[Sentence], datetime | None], tuple[TimeExpr, ...]]

# Longer articles go through the model in paragraph-aligned chunks of at most this
# many characters: the NER model's memory grows with the text it is given at once
# (a 200,000-character chunk took 700 MB), and the deadline is checked between chunks.
DEFAULT_CHUNK_CHARS = 20_000

__all__ = ["DEFAULT_BATCH_CHARS", "DEFAULT_CHUNK_CHARS", "Analyzer", "ArticleInput"]


class Analyzer:
    """Loads the English model once and analyses articles one by one or in batches."""

    def __init__(
        self,
        batch_size: int = DEFAULT_BATCH_SIZE,
        chunk_chars: int = DEFAULT_CHUNK_CHARS,
        batch_chars: int = DEFAULT_BATCH_CHARS,
    ) -> None:
        self.nlp: Language = load_english(enable=("ner",))
        self.batch_size = batch_size
        self.chunk_chars = min(chunk_chars, self.nlp.max_length)
        self.batch_chars = batch_chars
        self.link_entities: EntityLinker = link_entities
        self.find_times: TimeFinder = find_times

    def analyze(
        self, article_id: str, text: str, published: datetime | None, language: str | None
    ) -> Analysis:
        return next(self.analyze_many([(article_id, text, published, language)]))

    def analyze_many(self, items: Iterable[ArticleInput]) -> Iterator[Analysis]:
        """Analyses in input order; non-English articles come back empty, not analyzed.
        No time limit; errors propagate."""
        for result in self._results(items, 0.0, keep_going=False):
            assert isinstance(result, Analysis)  # keep_going=False raises instead
            yield result

    def analyze_within(
        self, items: Iterable[ArticleInput], time_limit_s: float
    ) -> Iterator[Analysis | AnalysisFailure]:
        """Analyses in input order, each article within ``time_limit_s`` (in any thread);
        one that runs out of time, or fails, comes back as an AnalysisFailure."""
        return self._results(items, time_limit_s, keep_going=True)

    def _results(
        self, items: Iterable[ArticleInput], time_limit_s: float, *, keep_going: bool
    ) -> Iterator[Analysis | AnalysisFailure]:
        for batch in batches(items, self.batch_size, self.batch_chars):
            docs = self._batch_docs(batch, time_limit_s)
            for item, doc in zip(batch, docs, strict=True):
                yield self._one(item, doc, time_limit_s, keep_going=keep_going)

    def _batch_docs(self, batch: list[ArticleInput], time_limit_s: float) -> list[Doc | None]:
        """The model run once over the batch's short English articles (faster than one
        call each); None where an article is not among them, and for all of them when
        the batch as a whole runs out of time (each is then run on its own)."""
        docs: list[Doc | None] = [None] * len(batch)
        short = [
            i
            for i, (_, text, _, language) in enumerate(batch)
            if _is_english(language) and len(text) <= self.chunk_chars
        ]
        if len(short) < 2:
            return docs
        try:
            with time_limit(time_limit_s):
                texts = [batch[i][1] for i in short]
                for i, doc in zip(short, self.nlp.pipe(texts, batch_size=len(texts)), strict=True):
                    docs[i] = doc
                check_deadline()  # the model has no checks inside: judge the batch here
        except LimitExceeded:
            return [None] * len(batch)
        return docs

    def _one(
        self, item: ArticleInput, doc: Doc | None, time_limit_s: float, *, keep_going: bool
    ) -> Analysis | AnalysisFailure:
        article_id, text, published, language = item
        if not _is_english(language):
            return Analysis(article_id, language or "", (), (), (), ())
        try:
            with time_limit(time_limit_s):
                if doc is None:
                    doc = self._doc(text)
                analysis = self._analysis(article_id, doc, text, published, language or "en")
                # A short article may pass no check inside the loops: its time is judged
                # here too, so the limit means the same for every article.
                check_deadline()
                return analysis
        except LimitExceeded as exc:
            if not keep_going:
                raise
            return AnalysisFailure(article_id, exc.reason, exc.detail)
        except Exception as exc:  # an analysis bug must not end the run: record it
            if not keep_going:
                raise
            log.exception("analysis failed for article %s", article_id)
            return AnalysisFailure(article_id, "analysis-error", f"{type(exc).__name__}: {exc}")

    def _doc(self, text: str) -> Doc:
        """The model over the text, in paragraph-aligned chunks when it is long, joined
        back into one Doc; the deadline is checked after each chunk."""
        if len(text) <= self.chunk_chars:
            return self.nlp(text)
        docs = []
        for doc in self.nlp.pipe(_chunks(text, self.chunk_chars), batch_size=1):
            check_deadline()
            docs.append(doc)
        joined = Doc.from_docs(docs, ensure_whitespace=False)
        if joined.text != text:  # pragma: no cover - from_docs keeps every character
            raise ValueError("chunked analysis changed the article text")
        return joined

    def _analysis(
        self, article_id: str, doc: Doc, text: str, published: datetime | None, language: str
    ) -> Analysis:
        """``text`` is the doc's text: the tokenizer keeps every character, and a
        chunked doc is checked to (``_doc``)."""
        # One split serves the sentences and the quote finder.
        spans = split_sentences(doc)
        sentences = sentence_records(doc, spans)
        times = self.find_times(text, sentences, published)
        return Analysis(
            article_id=article_id,
            language=language,
            sentences=sentences,
            entities=self.link_entities(doc, text),
            times=times,
            quotes=extract_quotes(doc, spans, text),
        )


def _is_english(language: str | None) -> bool:
    return language is None or language.lower().split("-")[0] in ("en", "")


def _chunks(text: str, size: int) -> Iterator[str]:
    """Pieces of at most ``size`` characters, cut after a paragraph separator when one is
    near; their concatenation is exactly ``text``."""
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = text.rfind(PARAGRAPH_SEPARATOR, start, end)
            if cut > start:
                end = cut + len(PARAGRAPH_SEPARATOR)
            else:
                space = text.rfind(" ", start, end)
                end = space + 1 if space > start else end
        yield text[start:end]
        start = end
