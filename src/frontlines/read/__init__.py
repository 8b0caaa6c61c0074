"""Page bytes → `Document`: text and HTML files (gzip too), folders of them, JSON lines, WARC
archives and RSS/Atom feeds.

Nothing here raises on bad input: each input that cannot become a page comes out as a `Skipped`
with a one-line reason, in the same stream as the documents.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from ..model import Document, Skipped
from .files import read_file, walk
from .limits import DEFAULT_MAX_PAGE_BYTES

__all__ = ["read_paths"]


def read_paths(
    paths: list[str | Path],
    *,
    source_name: str | None = None,
    url: str | None = None,
    published: dt.date | None = None,
    max_page_bytes: int = DEFAULT_MAX_PAGE_BYTES,
) -> Iterator[Document | Skipped]:
    """Pages from files and folders (recursed in sorted order, hidden files left out).

    The keyword arguments describe every page read; a jsonl line's own fields win over them.
    """
    for given in paths:
        path = Path(given)
        for file in walk(path) if path.is_dir() else (path,):
            if isinstance(file, Skipped):  # a folder that could not be listed
                yield file
                continue
            yield from read_file(file, source=source_name, url=url, published=published, max_page_bytes=max_page_bytes)
