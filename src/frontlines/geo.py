"""Great-circle distances in kilometres (haversine on a sphere of the Earth's mean radius)."""

from __future__ import annotations

import math

import numpy as np

_EARTH_DIAMETER_KM = 2 * 6371.0


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance between two points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return _EARTH_DIAMETER_KM * math.asin(min(1.0, math.sqrt(h)))


def km_to_many(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """Distances from one point to arrays of points, all in degrees."""
    p = math.radians(lat)
    p2 = np.radians(lats)
    h = np.sin((p2 - p) / 2) ** 2 + math.cos(p) * np.cos(p2) * np.sin((np.radians(lons) - math.radians(lon)) / 2) ** 2
    return _EARTH_DIAMETER_KM * np.arcsin(np.sqrt(np.minimum(h, 1.0)))
