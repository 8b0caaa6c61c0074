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


def save_to_cache(path: Path, write: Callable[[BinaryIO], None], *, keep: int = 3) -> None:
    """Write a cache file named `<kind>-<key><suffix>` and keep the `keep` most recently used
    files of that kind: other keys are other code or data versions (another branch, another
    checkout sharing the cache), worth keeping a while, not for ever."""
    kind = path.name.split("-", 1)[0]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with written_atomically(path) as fh:
            write(fh)
        versions = sorted(path.parent.glob(f"{kind}-*{path.suffix}"), key=_last_used, reverse=True)
        for old in versions[keep:]:
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # an unwritable cache dir costs a rebuild per process, nothing else


def _last_used(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
