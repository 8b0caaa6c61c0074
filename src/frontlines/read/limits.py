"""How much of one page the reader accepts (the `max_page_bytes` setting)."""

from __future__ import annotations

MB = 1024 * 1024
# A news page is rarely over 2 MB of HTML; past this limit a file is a dump or a mistake, and reading
# it would hold the whole thing in memory.
DEFAULT_MAX_PAGE_BYTES = 20 * MB


def over_limit(what: str, limit: int, size: int | None = None) -> str:
    """The reason for skipping; `size` None when only a capped read was done (a decompressed stream)."""
    stated = f"the {limit / MB:g} MB limit"
    return f"{what} is over {stated}" if size is None else f"{what} is {size / MB:.1f} MB, over {stated}"
