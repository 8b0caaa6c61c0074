"""Files written so that a reader never sees half of one: exports, trained models, caches."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


@contextmanager
def written_atomically(path: Path) -> Iterator[BinaryIO]:
    """A file opened beside `path` and renamed onto it when the block ends without error; on
    an error `path` is left as it was."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        with partial.open("wb") as fh:
            yield fh
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def save_to_cache(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write a cache file named `<kind>-<key><suffix>` and drop that kind's files of other keys
    (other code or data versions: stale)."""
    kind = path.name.split("-", 1)[0]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with written_atomically(path) as fh:
            write(fh)
        for old in path.parent.glob(f"{kind}-*{path.suffix}"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # an unwritable cache dir costs a rebuild per process, nothing else
