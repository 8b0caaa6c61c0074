"""Which countries border which: countryinfo's land borders (a package dataset), by ISO code."""

from __future__ import annotations

import functools
import importlib.metadata
import json
from pathlib import Path


@functools.cache
def neighbours() -> dict[str, frozenset[str]]:
    """ISO 3166-1 alpha-2 code → the alpha-2 codes of the countries it shares a land border with."""
    folder = importlib.metadata.distribution("countryinfo").locate_file("countryinfo/data")
    infos = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(Path(folder).glob("*.json"))]
    alpha2 = {i["ISO"]["alpha3"]: i["ISO"]["alpha2"] for i in infos if i.get("ISO", {}).get("alpha3") and i["ISO"].get("alpha2")}
    out: dict[str, frozenset[str]] = {}
    for info in infos:
        cc = (info.get("ISO") or {}).get("alpha2")
        if cc:
            out[cc] = frozenset(alpha2[b] for b in info.get("borders") or () if b in alpha2)
    return out
