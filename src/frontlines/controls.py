"""Control characters in text that frontlines writes out: page text, outlet names and file names
are data, and an ESC byte in them must never reach a terminal or a spreadsheet as a command.

Terminal output shows them escaped (`\\x1b`, `\\n`), so that what a page holds can still be seen;
files meant for other programs (CSV) have them removed.
"""

from __future__ import annotations

import json
import os
import re

# C0 and C1 controls and DEL; tab is kept (it is spacing), and newlines are kept where a caller
# keeps them (multi-line table cells). C1 0x9b is a one-byte CSI on some terminals.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROLS_AND_NEWLINES = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def escaped(text: str, *, keep_newlines: bool = False) -> str:
    """`text` with each control character written as its Python escape (ESC → `\\x1b`)."""
    pattern = _CONTROLS if keep_newlines else _CONTROLS_AND_NEWLINES
    return pattern.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def without_controls(text: str) -> str:
    """`text` with its control characters (newlines and tabs kept) removed."""
    return _CONTROLS.sub("", text)


def escaped_path(path: os.PathLike | str) -> str:
    """A file name as text that can be stored and shown on one line: bytes that are not UTF-8 (which
    Python keeps as surrogates, surrogateescape) become `\\xNN`, control characters (a newline in a
    name) their escapes. The bytes of a name are still there to read in it."""
    return escaped(os.fsencode(path).decode("utf-8", "backslashreplace"))


# JSON escapes C0 controls itself but writes DEL and the C1 block raw when ensure_ascii is off; a
# JSON string may hold any of them as `\u00XX`, which decodes to the same character (lossless).
_JSON_RAW_CONTROLS = re.compile(r"[\x7f-\x9f]")


def json_dumps(value, **options) -> str:
    """`json.dumps(value, ensure_ascii=False, **options)` with DEL and C1 controls written as
    `\\u00XX` escapes, so that JSON read in a terminal or by a lax reader carries no raw control
    byte while every string still decodes to what the page held."""
    text = json.dumps(value, ensure_ascii=False, **options)
    return _JSON_RAW_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
