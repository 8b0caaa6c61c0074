"""What a document says about where it is, as the ranking of each name weighs it."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from ..geo import km, km_to_many


@dataclass
class DocumentPlaceContext:
    """What a document says about where it is: country votes (countries named, demonyms, and
    the best readings of its place names, a sure reading counting double) and the points of
    its places. Votes and points are kept by name key, so a name is never its own evidence.
    Build it with `Geocoder.context(text)` and pass it to `find`/`resolve` for each sentence."""

    votes: list[tuple[str, str, float]] = field(default_factory=list)  # (name key, country, weight)
    points: list[tuple[str, float, float]] = field(default_factory=list)  # (name key, lat, lon)
    country_hint: str | None = None
    regions: list[tuple[str, str]] = field(default_factory=list)  # (name key, "CC.admin1") of named regions
    # Every reading of every name, not just the best: (name key, lat, lon) of towns and counties.
    readings: list[tuple[str, float, float]] = field(default_factory=list)

    _reading_arrays: tuple | None = field(default=None, repr=False)
    # Caches of the two lookups below, each with the length of the list it was made from (names are
    # appended while a text is read).
    _distinct_points: tuple | None = field(default=None, repr=False)
    _vote_sums: tuple | None = field(default=None, repr=False)

    def neighbours(self, lat: float, lon: float, own_key: str) -> int:
        """How many other names of the text have some reading within 50 km: "Paris and Henry
        County" is Paris, Tennessee, though each alone would be read elsewhere."""
        if not self.readings:
            return 0
        if self._reading_arrays is None:
            keys, lats, lons = zip(*dict.fromkeys(self.readings))  # each distinct reading once
            self._reading_arrays = (np.array(keys, dtype=object), np.array(lats), np.array(lons))
        keys, lats, lons = self._reading_arrays
        near = keys[(km_to_many(lat, lon, lats, lons) < 50) & (keys != own_key)]
        return len(set(near))

    def region_weight(self, cc: str, admin1: str, own_key: str = "") -> float:
        """Same-named towns (Dublin, Ohio or Ireland; Richmond, Virginia or Kentucky): the one
        in a first-level region the document names, the more often the more."""
        if not admin1:
            return 0.0
        code = f"{cc}.{admin1}"
        n = sum(1 for key, region in self.regions if key != own_key and region == code)
        return 1.0 + 0.5 * min(n, 3) if n else 0.0

    def country_weight(self, cc: str, own_key: str = "") -> float:
        weight = 3.0 if cc == self.country_hint else 0.0
        # The sums over all votes less the name's own, not a loop over the votes per name
        # (quadratic in a long list of names); the weights are halves, so the sums are exact.
        if self._vote_sums is None or self._vote_sums[0] != len(self.votes):
            by_country: Counter[str] = Counter()
            by_key: Counter[str] = Counter()
            by_key_country: Counter[tuple[str, str]] = Counter()
            for key, country, w in self.votes:
                by_country[country] += w
                by_key[key] += w
                by_key_country[key, country] += w
            self._vote_sums = (len(self.votes), sum(by_country.values()), by_country, by_key, by_key_country)
        _, all_votes, by_country, by_key, by_key_country = self._vote_sums
        total = all_votes - by_key[own_key]
        mine = by_country[cc] - by_key_country[own_key, cc]
        if mine:
            weight += 1.5 + 2.0 * mine / total
        return weight

    def proximity(self, lat: float, lon: float, own_key: str) -> float:
        # Each distinct point once: a text that lists the same names a thousand times ranked
        # each name against every repetition (quadratic, 18 s for 12 KB of names).
        if self._distinct_points is None or self._distinct_points[0] != len(self.points):
            self._distinct_points = (len(self.points), list(dict.fromkeys(self.points)))
        distances = [km(lat, lon, la, lo) for key, la, lo in self._distinct_points[1] if key != own_key]
        return 2.0 * math.exp(-min(distances) / 200.0) if distances else 0.0

    @property
    def countries(self) -> Counter[str]:
        totals: Counter[str] = Counter()
        for _, cc, w in self.votes:
            totals[cc] += w
        return totals
