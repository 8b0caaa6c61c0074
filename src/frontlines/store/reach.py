"""Where and when a report may meet another report of the same event: the merge's search window,
and the two ways the store indexes it.

A report reaches the points within `km` of its place, between two dates (its own dates widened
by the merge's slack). Two reports can be one event only when one is within the other's reach,
so the merge asks the store for the merged events whose reports' reaches touch a new report's,
then judges each pair exactly (merge/events.py).

- SQLite, and PostgreSQL without PostGIS: a reach is filed under grid *blocks* (event family,
  week, a quarter degree of latitude and of longitude); two reaches that touch share a block.
- PostGIS: a reach is a box (longitude, latitude) for each week it spans, in a GiST index over
  (week, box) (btree_gist makes the week part of it), asked with `week = ` and `&&`. The
  distance that decides is the larger of the two reports' radii, one per report, so it is not
  one `ST_DWithin` radius per query; each report's own box is indexed instead. (Measured before
  choosing, with EXPLAIN ANALYZE of 1,000 reaches on bench_merge_candidates.py's 1M store: one
  3-D box per reach in an n-D GiST index, `&&&`, took 0.7 ms a probe; (week, box) 0.02 ms.)
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from dataclasses import dataclass

_CELL_DEG = 0.25  # a block: a week by a quarter degree, for one event family
_KM_PER_DEG = 111.32  # a degree of latitude; of longitude, times the cosine of the latitude


@dataclass(frozen=True, slots=True)
class Reach:
    family: str  # merge/events.py's event family: reports of other families never meet
    latitude: float
    longitude: float
    km: float
    first: dt.date
    last: dt.date

    def bounds(self) -> tuple[float, float, float, float]:
        """(west, south, east, north) in degrees."""
        dlat = self.km / _KM_PER_DEG
        dlon = self.km / (_KM_PER_DEG * max(math.cos(math.radians(self.latitude)), 0.01))
        return self.longitude - dlon, self.latitude - dlat, self.longitude + dlon, self.latitude + dlat

    def weeks(self) -> range:
        """The weeks (day ordinal // 7) from its first day to its last."""
        return range(self.first.toordinal() // 7, self.last.toordinal() // 7 + 1)

    def blocks(self) -> Iterator[str]:
        west, south, east, north = self.bounds()
        ys = range(math.floor(south / _CELL_DEG), math.floor(north / _CELL_DEG) + 1)
        xs = range(math.floor(west / _CELL_DEG), math.floor(east / _CELL_DEG) + 1)
        for week in self.weeks():
            for y in ys:
                for x in xs:
                    yield f"{self.family}|{week}|{y}|{x}"
