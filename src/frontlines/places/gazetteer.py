"""The place index: every place the geocoder can name, looked up by name.

The base (gazetteer_build.py, cached by gazetteer_cache.py) is built once per version from
packages and curated files; user GeoNames dumps (geonames_dumps.py) are layered on top when
a Gazetteer is made.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from . import names as N
from .gazetteer_cache import load_base
from .geonames_dumps import add_dumps
from .name_index import ARABIC_TRANSLIT, KeyIndex, abbreviation_key, key_hash

_SKELETON_SIMILARITY = 70  # rapidfuzz ratio: Deir Ezzor/Deir ez-Zor 95, Baghdadi/Baghdadeh 88, Putin/Patna 60


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer record. `location` is the name an analyst would write for it."""

    idx: int
    location: str
    latitude: float
    longitude: float
    country_code: str
    admin1_code: str
    population: int
    feature_code: str
    geonameid: int | None
    source: str
    precision: int
    parent: int | None  # for a region: the record whose name and point stand for it (its capital)

    @property
    def arabic_names(self) -> bool:
        return self.country_code in ARABIC_TRANSLIT

    @property
    def is_region(self) -> bool:
        return self.precision == 3


@dataclass(frozen=True, slots=True)
class Match:
    idx: int
    kind: str  # curated | full | bare (matched only without the article) | skeleton


class Gazetteer:
    """All places the geocoder can name. Build it once per process: `get_gazetteer()`."""

    def __init__(self, user_dumps: Sequence[Path] | None = None, *, cache_dir: Path | None = None):
        base = load_base(cache_dir)
        self._indexes: list[KeyIndex] = [base["index"]]
        dumps = [Path(p) for p in user_dumps or ()]
        if dumps:
            self._indexes.append(add_dumps(base, dumps))
        self._cols: dict = base["columns"]
        self._by_country: dict[str, int] = base["by_country"]
        self._by_admin1: dict[str, int] = base["by_admin1"]
        self._admin1_names: dict[str, str] = base["admin1_names"]
        self._demonyms: dict[str, int] = base["demonyms"]

    def __len__(self) -> int:
        return len(self._cols["location"])

    def _get(self, namespace: bytes, key: str) -> set[int]:
        if not key:
            return set()
        h = key_hash(namespace, key)
        return {int(i) for index in self._indexes for i in index.get(h)}

    def lookup(self, name: str) -> list[Match]:
        """Records named `name`: by curated alias, by fold key as written, by fold key without
        the leading article, and only when none of those hit, by consonant skeleton."""
        full, bare = N.fold_keys(name)
        found: dict[int, str] = {}
        for kind, namespace, key in (
            ("curated", b"c", full), ("curated", b"c", bare), ("full", b"f", full), ("bare", b"f", bare),
        ):
            for idx in self._get(namespace, key or ""):
                found.setdefault(idx, kind)
        for idx in self.abbreviations(name):
            found.setdefault(idx, "curated")
        if not found:
            # A skeleton merges unrelated names too: keep the ones that still look alike.
            key = N.fold(name)
            for idx in self._get(b"s", N.skeleton(name)):
                if fuzz.ratio(key, N.fold(self._cols["location"][idx])) >= _SKELETON_SIMILARITY:
                    found[idx] = "skeleton"
        return [Match(i, k) for i, k in found.items()]

    def abbreviations(self, name: str) -> list[int]:
        """Records an abbreviation written with its full stops names ("W.Va.", "Calif.")."""
        return sorted(self._get(b"b", abbreviation_key(name))) if "." in name else []

    def airports(self, name: str) -> list[int]:
        """Airfields named by their bare name or their town ("Deir ez-Zor" + "airport")."""
        return sorted(self._get(b"a", N.fold(name)))

    def entry(self, idx: int) -> Entry:
        c = self._cols
        parent = int(c["parent"][idx])
        return Entry(
            idx=idx,
            location=c["location"][idx],
            latitude=float(c["lat"][idx]),
            longitude=float(c["lon"][idx]),
            country_code=c["cc"][idx],
            admin1_code=c["admin1"][idx],
            population=int(c["pop"][idx]),
            feature_code=c["fcode"][idx],
            geonameid=int(c["gid"][idx]) or None,
            source=c["source"][idx],
            precision=int(c["precision"][idx]),
            parent=parent if parent >= 0 else None,
        )

    def country(self, cc: str) -> Entry | None:
        idx = self._by_country.get(cc)
        return self.entry(idx) if idx is not None else None

    def country_name(self, cc: str) -> str | None:
        idx = self._by_country.get(cc)
        return self._cols["location"][idx] if idx is not None else None

    def admin1_region(self, cc: str, admin1_code: str) -> Entry | None:
        idx = self._by_admin1.get(f"{cc}.{admin1_code}")
        return self.entry(idx) if idx is not None else None

    def admin1_name(self, cc: str, admin1_code: str) -> str | None:
        return self._admin1_names.get(f"{cc}.{admin1_code}") if admin1_code else None

    def demonym(self, word: str) -> Entry | None:
        """The country (or continent) a demonym names: "Syrian" → Syria."""
        idx = self._demonyms.get(N.fold(word))
        return self.entry(idx) if idx is not None else None


@functools.cache
def get_gazetteer() -> Gazetteer:
    """The packaged gazetteer without user dumps, for a Geocoder built without one."""
    return Gazetteer()
