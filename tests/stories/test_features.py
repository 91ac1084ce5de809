"""Story features' word list."""

from __future__ import annotations

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS as SKLEARN_STOP_WORDS

from newsweave.stories.stop_words import ENGLISH_STOP_WORDS


def test_the_kept_stop_words_are_scikit_learns() -> None:
    # Features were tuned with scikit-learn's list; the copy must not drift from it.
    assert ENGLISH_STOP_WORDS == SKLEARN_STOP_WORDS
