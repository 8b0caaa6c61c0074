"""Page bytes → text: pick the encoding, refuse binary content, tell HTML from plain text."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

BINARY = "binary content, not a text or HTML page"

# The charset an HTML page or an XML feed declares: <meta charset=…>, <?xml … encoding="…"?>.
_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""",
    re.IGNORECASE,
)
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
        # UTF-32's marks begin with UTF-16's: asked first.
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _unless_binary(data.decode(codec, errors="replace"))
    if b"\x00" in data[:65536]:
        return _unmarked_utf16_or_32(data)
    try:
        return _unless_binary(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    declared = _DECLARED_CHARSET.search(data[:8192])
    if declared:
        name = (declared.group(1) or declared.group(2)).decode("ascii")
        try:
            return _unless_binary(data.decode(name))
        # LookupError: unknown, or not a text encoding (base64); "undefined" raises UnicodeError itself.
        except (LookupError, UnicodeError):
            pass
    return _unless_binary(_detect(data))


# Byte lanes that are NUL in UTF-16 and UTF-32 text of mostly Latin script, by codec: (width, NUL lanes).
_UNMARKED = (("utf-32-le", 4, (1, 2, 3)), ("utf-32-be", 4, (0, 1, 2)), ("utf-16-le", 2, (1,)), ("utf-16-be", 2, (0,)))


def _unmarked_utf16_or_32(data: bytes) -> str | None:
    """UTF-16 or UTF-32 text written without a byte order mark, told by where its NUL bytes fall;
    None for anything else with NUL bytes (binary). charset_normalizer does not try these."""
    sample = data[:4096]
    for codec, width, nul_lanes in _UNMARKED:
        if len(data) % width:
            continue
        lanes = [sample[i::width] for i in range(width)]
        if all(lanes[i].count(0) > 0.3 * len(lanes[i]) for i in nul_lanes) and all(
            lanes[i].count(0) < 0.05 * len(lanes[i]) for i in range(width) if i not in nul_lanes
        ):
            try:
                return _unless_binary(data.decode(codec))
            except UnicodeDecodeError:
                return None
    return None


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
