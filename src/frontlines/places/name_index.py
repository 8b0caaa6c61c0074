"""The name index's storage: records in columns and their names as 64-bit key hashes.

Storage is columnar (numpy arrays and lists of interned strings) and names are kept only as
64-bit hashes of their lookup keys in sorted arrays: the ~780 k keys (~900 k key→record pairs)
cost 12 MB this way; a pyahocorasick automaton over the same names measured ~170 MB. The
loaded gazetteer holds ~90 MB in all.

Keys live in namespaces: b"c" curated names, b"f" other names, b"s" consonant skeletons,
b"b" abbreviations, b"a" airfields by bare name or town.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Iterable, Sequence

import numpy as np

from . import names as N

# Countries whose place names reach English news as romanised Arabic (or Persian/Dari,
# romanised the same ways): their names are indexed without the leading article and with a
# consonant skeleton. Elsewhere "El Paso" keeps its article and no skeleton is made.
ARABIC_TRANSLIT = frozenset(
    "SY IQ LB JO PS IL SA YE OM AE QA BH KW EG LY TN DZ MA EH MR SD SO DJ KM TD ER IR AF".split()
)


def key_hash(namespace: bytes, key: str) -> int:
    return int.from_bytes(hashlib.blake2b(namespace + key.encode(), digest_size=8).digest(), "little")


class KeyIndex:
    """Sorted 64-bit key hashes → record ids (a CSR layout: ids[starts[i]:starts[i+1]])."""

    def __init__(self, hashes: np.ndarray, starts: np.ndarray, ids: np.ndarray):
        self.hashes, self.starts, self.ids = hashes, starts, ids

    @classmethod
    def build(cls, hashes: Sequence[int], ids: Sequence[int]) -> KeyIndex:
        h = np.asarray(hashes, dtype=np.uint64)
        i = np.asarray(ids, dtype=np.uint32)
        order = np.lexsort((i, h))
        h, i = h[order], i[order]
        keep = np.ones(len(h), dtype=bool)
        keep[1:] = (h[1:] != h[:-1]) | (i[1:] != i[:-1])
        h, i = h[keep], i[keep]
        uniq, starts = np.unique(h, return_index=True)
        return cls(uniq, np.append(starts, len(h)).astype(np.uint32), i)

    def get(self, hashed: int) -> np.ndarray:
        pos = int(np.searchsorted(self.hashes, np.uint64(hashed)))
        if pos < len(self.hashes) and int(self.hashes[pos]) == hashed:
            return self.ids[self.starts[pos] : self.starts[pos + 1]]
        return self.ids[:0]


class Records:
    """Columns of records being built, with their name keys. Ids start at `offset`, so a
    layer of user-dump records continues the base's numbering."""

    def __init__(self, offset: int = 0) -> None:
        self.offset = offset
        self.location: list[str] = []
        self.lat: list[float] = []
        self.lon: list[float] = []
        self.cc: list[str] = []
        self.admin1: list[str] = []
        self.pop: list[int] = []
        self.fcode: list[str] = []
        self.gid: list[int] = []
        self.source: list[str] = []
        self.precision: list[int] = []
        self.parent: list[int] = []
        self._hashes: list[int] = []
        self._ids: list[int] = []

    def add(self, *, location, lat, lon, cc, admin1, pop, fcode, gid, source, precision, parent=-1) -> int:
        self.location.append(location)
        self.lat.append(float(lat))
        self.lon.append(float(lon))
        # Hundreds of thousands of repeated codes: one string object each.
        self.cc.append(sys.intern(cc))
        self.admin1.append(sys.intern(admin1 or ""))
        self.pop.append(int(pop or 0))
        self.fcode.append(sys.intern(fcode))
        self.gid.append(int(gid or 0))
        self.source.append(sys.intern(source))
        self.precision.append(precision)
        self.parent.append(parent)
        return self.offset + len(self.location) - 1

    def key(self, namespace: bytes, key: str, idx: int) -> None:
        if key:
            self._hashes.append(key_hash(namespace, key))
            self._ids.append(idx)

    def names(self, idx: int, names: Iterable[str], cc: str, *, curated: bool = False) -> None:
        """Index a record's names: fold keys (article-free in ARABIC_TRANSLIT countries and for
        Arabic script), and consonant skeletons where romanisation varies."""
        arabic_region = cc in ARABIC_TRANSLIT
        seen: set[str] = set()
        for name in dict.fromkeys(names):
            if not _usable_name(name, curated):
                continue
            full, bare = N.fold_keys(name)
            arabic_script = N.is_arabic_script(name)
            key = bare if ((arabic_region or arabic_script) and bare) else full
            if key in seen:
                continue
            seen.add(key)
            self.key(b"c" if curated else b"f", key, idx)
            if arabic_region and not arabic_script:
                self.key(b"s", N.skeleton(name), idx)

    def columns(self) -> dict:
        return {
            "location": self.location,
            "cc": self.cc,
            "admin1": self.admin1,
            "fcode": self.fcode,
            "source": self.source,
            "lat": np.asarray(self.lat, dtype=np.float64),
            "lon": np.asarray(self.lon, dtype=np.float64),
            "pop": np.asarray(self.pop, dtype=np.int64),
            "gid": np.asarray(self.gid, dtype=np.int64),
            "precision": np.asarray(self.precision, dtype=np.int8),
            "parent": np.asarray(self.parent, dtype=np.int32),
        }

    def index(self) -> KeyIndex:
        return KeyIndex.build(self._hashes, self._ids)


_CODE_LIKE = re.compile(r"^[A-Z0-9]{2,4}$|\d{3,}|https?:|www\.")


def _usable_name(name: str, curated: bool) -> bool:
    """Alternate names in other scripts, airport/postal codes and links cannot be matched in
    English or Arabic news; acronyms are matched only when curated (US, UK, T4)."""
    if not name or len(name) > 80:
        return False
    if curated:
        return True
    return not _CODE_LIKE.search(name) and N.is_latin_or_arabic(name)


def abbreviation_key(name: str) -> str:
    """Abbreviations keep their full stops: without them "Pa." and "La." would be common words."""
    return "".join(name.casefold().split())
