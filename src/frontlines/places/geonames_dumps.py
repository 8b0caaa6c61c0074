"""User GeoNames dumps (the `geonames` setting) layered over the cached base at load time, so
changing them never invalidates the cached base."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

from . import names as N
from .name_index import KeyIndex, Records

# GeoNames feature codes of areas: coded at their centre with ACLED precision 3.
REGION_CODES = frozenset(
    "ADM1 ADM2 ADM3 ADMD PCLI PCLD PCLF PCLS PCLIX TERR RGN RGNE RGNH AREA DSRT MTS HLLS PLN PLAT VAL ZN".split()
)


def read_geonames_dump(path: Path) -> Iterator[list[str]]:
    """Rows of a GeoNames main-table file (allCountries.txt, XX.txt, cities500.txt)."""
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) >= 19 and not row[0].startswith("#"):
                yield row


def add_dumps(base: dict, paths: Sequence[Path]) -> KeyIndex:
    """Layer user dumps in the GeoNames 19-column layout over the base, in place: a row whose
    geonameid is known updates that record (feature code, population, point, names); others
    become new records. Returns the index of the layer's names."""
    c = base["columns"]
    by_gid = {int(g): i for i, g in enumerate(c["gid"]) if g}
    layer = Records(offset=len(c["location"]))
    for path in paths:
        for row in read_geonames_dump(path):
            gid, fclass, fcode, cc, a1 = int(row[0]), row[6], row[7] or row[6], row[8], row[10]
            pop = int(row[14] or 0)
            precision = 3 if (fclass == "A" or fcode in REGION_CODES) else 1
            names = [row[1], row[2], *row[3].split(",")]
            if fcode == "ADM1" and cc and a1:
                base["admin1_names"].setdefault(f"{cc}.{a1}", N.ascii_name(row[1]))
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
                base["by_admin1"].setdefault(f"{cc}.{a1}", idx)
    new = layer.columns()
    for name, column in new.items():
        c[name] = c[name] + column if isinstance(column, list) else np.concatenate([c[name], column])
    return layer.index()
