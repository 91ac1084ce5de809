"""Analysis records to and from the store's JSON columns and quote rows.

Sentence and entity spans are kept compactly as JSON arrays per article (they are
read whole, per article); quotes also get a row each, because the ledger, exports and
the web UI query them across articles.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from newsweave.records import Analysis, Entity, Quote, Sentence, Span, TimeExpr


def analysis_to_json(analysis: Analysis) -> str:
    return json.dumps(
        {
            "language": analysis.language,
            "sentences": [[s.start, s.end] for s in analysis.sentences],
            "entities": [[e.start, e.end, e.label, e.cluster] for e in analysis.entities],
            "times": [
                [
                    t.start,
                    t.end,
                    t.value.isoformat() if t.value else None,
                    t.granularity,
                    t.relative,
                    t.sentence,
                ]
                for t in analysis.times
            ],
            "quotes": [quote_to_dict(q) for q in analysis.quotes],
        },
        ensure_ascii=False,
    )


def analysis_from_json(article_id: str, text: str, data: str) -> Analysis:
    """Rebuild an Analysis; span texts are sliced from the article text, not stored twice."""
    obj = json.loads(data)
    return Analysis(
        article_id=article_id,
        language=obj["language"],
        sentences=tuple(Sentence(s, e, text[s:e]) for s, e in obj["sentences"]),
        entities=tuple(
            Entity(s, e, text[s:e], label, cluster) for s, e, label, cluster in obj["entities"]
        ),
        times=tuple(
            TimeExpr(s, e, text[s:e], date.fromisoformat(v) if v else None, g, rel, sent)
            for s, e, v, g, rel, sent in obj["times"]
        ),
        quotes=tuple(quote_from_dict(q) for q in obj["quotes"]),
    )


def quote_to_dict(quote: Quote) -> dict[str, Any]:
    return {
        "start": quote.start,
        "end": quote.end,
        "text": quote.text,
        "kind": quote.kind,
        "speaker": quote.speaker,
        "speaker_name": quote.speaker_name,
        "anonymous": quote.anonymous,
        "cue": quote.cue,
        "speaker_start": quote.speaker_span.start if quote.speaker_span else None,
        "speaker_end": quote.speaker_span.end if quote.speaker_span else None,
        "cue_start": quote.cue_span.start if quote.cue_span else None,
        "cue_end": quote.cue_span.end if quote.cue_span else None,
        "antecedent": quote.antecedent,
        "antecedent_start": quote.antecedent_span.start if quote.antecedent_span else None,
        "antecedent_end": quote.antecedent_span.end if quote.antecedent_span else None,
    }


def quote_from_dict(obj: dict[str, Any]) -> Quote:
    speaker_span = (
        Span(obj["speaker_start"], obj["speaker_end"])
        if obj.get("speaker_start") is not None
        else None
    )
    cue_span = Span(obj["cue_start"], obj["cue_end"]) if obj.get("cue_start") is not None else None
    return Quote(
        start=obj["start"],
        end=obj["end"],
        text=obj["text"],
        kind=obj["kind"],
        speaker=obj["speaker"],
        speaker_name=obj["speaker_name"],
        anonymous=bool(obj["anonymous"]),
        cue=obj["cue"],
        speaker_span=speaker_span,
        cue_span=cue_span,
        antecedent=obj.get("antecedent"),
        antecedent_span=(
            Span(obj["antecedent_start"], obj["antecedent_end"])
            if obj.get("antecedent_start") is not None
            else None
        ),
    )
