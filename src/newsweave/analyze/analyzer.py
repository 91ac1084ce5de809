"""Per-article language analysis: sentences, entities, time expressions, quotes.

Speed is the point of this module's design. spaCy's small English model spends most of
its time in the tagger and the dependency parser; the analysis needs neither. Only the
NER component runs (it has its own token-to-vector layer); sentences come from a
rule-based, quote-aware splitter and quotes from cue words, marks and entities. That
makes the whole analysis several times faster than the full spaCy pipeline.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc

from newsweave.analyze.entities import link_entities
from newsweave.analyze.nlp import load_english
from newsweave.analyze.quotes.finder import extract_quotes
from newsweave.analyze.quotes.text import split_sentences
from newsweave.analyze.timex.finder import find_times
from newsweave.records import PARAGRAPH_SEPARATOR, Analysis, Entity, Sentence, TimeExpr

ArticleInput = tuple[str, str, datetime | None, str | None]  # id, text, published, language
EntityLinker = Callable[[Doc], tuple[Entity, ...]]
TimeFinder = Callable[[str, Sequence[Sentence], datetime | None], tuple[TimeExpr, ...]]

# spaCy refuses texts over nlp.max_length; longer articles are cut at paragraph breaks.
DEFAULT_CHUNK_CHARS = 200_000


class Analyzer:
    """Loads the English model once and analyses articles one by one or in batches."""

    def __init__(self, batch_size: int = 32, chunk_chars: int = DEFAULT_CHUNK_CHARS) -> None:
        self.nlp: Language = load_english(enable=("ner",))
        self.batch_size = batch_size
        self.chunk_chars = min(chunk_chars, self.nlp.max_length)
        self.link_entities: EntityLinker = link_entities
        self.find_times: TimeFinder = find_times

    def analyze(
        self, article_id: str, text: str, published: datetime | None, language: str | None
    ) -> Analysis:
        return next(self.analyze_many([(article_id, text, published, language)]))

    def analyze_many(self, items: Iterable[ArticleInput]) -> Iterator[Analysis]:
        """Analyses in input order; non-English articles come back empty, not analysed."""
        iterator = iter(items)
        while batch := list(islice(iterator, self.batch_size)):
            english = [item for item in batch if _is_english(item[3])]
            short = [item[1] for item in english if len(item[1]) <= self.chunk_chars]
            docs = iter(self.nlp.pipe(short, batch_size=self.batch_size))
            for article_id, text, published, language in batch:
                if not _is_english(language):
                    yield Analysis(article_id, language or "", (), (), (), ())
                    continue
                doc = next(docs) if len(text) <= self.chunk_chars else self._long_doc(text)
                yield self._analysis(article_id, doc, published, language or "en")

    def _long_doc(self, text: str) -> Doc:
        """Run the model over paragraph-aligned chunks and join them back into one Doc."""
        chunks = list(_chunks(text, self.chunk_chars))
        doc = Doc.from_docs(list(self.nlp.pipe(chunks)), ensure_whitespace=False)
        if doc.text != text:  # pragma: no cover - from_docs keeps every character
            raise ValueError("chunked analysis changed the article text")
        return doc

    def _analysis(
        self, article_id: str, doc: Doc, published: datetime | None, language: str
    ) -> Analysis:
        sentences = tuple(
            Sentence(doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text), doc[a:b].text)
            for a, b in split_sentences(doc)
        )
        times = self.find_times(doc.text, sentences, published)
        return Analysis(
            article_id=article_id,
            language=language,
            sentences=sentences,
            entities=self.link_entities(doc),
            times=times,
            quotes=extract_quotes(doc),
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
