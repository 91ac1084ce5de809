"""Loading the English model: the process-level settings that come with it."""

from __future__ import annotations

import platform

import pytest
from thinc.api import NumpyOps

from newsweave.analyze.nlp import load_english, reuse_freed_memory


def test_every_layer_of_the_loaded_model_uses_numpy_ops() -> None:
    ner = load_english(enable=("ner",)).get_pipe("ner")
    assert all(isinstance(node.ops, NumpyOps) for node in ner.model.walk())


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="the settings are glibc's (mallopt)")
def test_loading_the_model_keeps_freed_memory_for_reuse() -> None:
    load_english(enable=("ner",))
    assert reuse_freed_memory.cache_info().currsize == 1  # load_english asked for it
    assert reuse_freed_memory() is True  # and glibc took both settings
