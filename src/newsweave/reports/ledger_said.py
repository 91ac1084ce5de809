"""One quote and who said it, and the speakers the ledger groups quotes under."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from newsweave.records import Quote
from newsweave.reports.ledger import LedgerArticle


@dataclass(frozen=True, slots=True)
class Said:
    """One quote and the phrase that names its speaker (its antecedent for "he")."""

    article: LedgerArticle
    quote: Quote
    phrase: str
    phrase_start: int | None


@dataclass(slots=True)
class SpeakerGroup:
    name: str
    anonymous: bool
    said: list[Said] = field(default_factory=list)
    described: bool = False  # named by a description ("the council"), not a name

    def forms(self) -> list[str]:
        """The speaker as written (pronouns included), most used first."""
        counts = Counter(s.quote.speaker for s in self.said if s.quote.speaker)
        return [form for form, _ in counts.most_common()]
