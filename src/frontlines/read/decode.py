"""Page bytes → text: pick the encoding, refuse binary content, tell HTML from plain text."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

BINARY = "binary content, not a text or HTML page"

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_HTML_START = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
    re.IGNORECASE | re.DOTALL,
)
# C0 controls other than tab, newline, vertical tab, form feed and carriage return never occur in real pages.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_MAX_CONTROL_SHARE = 0.01


def decode(data: bytes) -> str | None:
    """The page's text, or None when the bytes are not text."""
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _unless_binary(data.decode(codec, errors="replace"))
    if b"\x00" in data[:65536]:
        return None
    try:
        return _unless_binary(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(data[:8192])
    if declared:
        try:
            return _unless_binary(data.decode(declared.group(1).decode("ascii")))
        except (LookupError, UnicodeDecodeError):
            pass
    return _unless_binary(_detect(data))


def _detect(data: bytes) -> str:
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return data.decode("cp1252", errors="replace")
    # On short English text charset_normalizer's language coherence is noise, and it may rank cp1250
    # first (è → č); when cp1252 reads the bytes as cleanly, take it: undeclared legacy Western pages are
    # cp1252 (WHATWG maps latin-1 to it).
    for match in matches:
        if match.chaos <= best.chaos and "cp1252" in match.could_be_from_charset:
            return data.decode("cp1252", errors="replace")
    return str(best)


def _unless_binary(text: str) -> str | None:
    sample = text[:65536]
    if sample and len(_CONTROL.findall(sample)) > _MAX_CONTROL_SHARE * len(sample):
        return None
    return text


def looks_like_html(text: str) -> bool:
    return _HTML_START.match(text[:4096].lstrip("\ufeff")) is not None
