import os

import pytest
from hypothesis import settings as hypothesis_settings

# Fuzzing budgets (tests/test_fuzz.py): inputs per target, scaled by each target's weight. The
# default keeps every test run short; `make fuzz` picks "fuzz" (over 100,000 inputs in all).
# No deadline: the fuzz targets enforce their own CPU budget, and wall time on a shared machine is noise.
hypothesis_settings.register_profile("default", max_examples=25, deadline=None, database=None)
hypothesis_settings.register_profile("fuzz", max_examples=15_000, deadline=None, database=None)
hypothesis_settings.load_profile("default")


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """Each storage test runs on an SQLite file and on the PostgreSQL server CI starts."""
    if request.param == "sqlite":
        return str(tmp_path / "frontlines.sqlite")
    url = os.environ.get("FRONTLINES_TEST_POSTGRES")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("CI must provide FRONTLINES_TEST_POSTGRES (started by .ci/run)")
        pytest.skip("no PostgreSQL server: set FRONTLINES_TEST_POSTGRES")
    from frontlines.store.migrate import drop_schema

    drop_schema(url)  # every test starts from an empty schema
    return url


@pytest.fixture(scope="session")
def settings():
    """The defaults, whatever this machine's environment says (the shared model cache included)."""
    from frontlines.settings import Settings

    return Settings.load(environ={})


@pytest.fixture(scope="session")
def resources(settings):
    """Models, recognizers, gazetteer and typing model, built once for the whole session; the
    typing model is built first if this version of the code and data has none yet."""
    from frontlines.build_model import ensure_typing_model
    from frontlines.resources import Resources

    ensure_typing_model(settings)
    return Resources.build(settings)


@pytest.fixture(scope="session")
def pipeline(resources):
    from frontlines.pipeline import Pipeline

    return Pipeline(resources)


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory, pipeline):
    """The 46-page fixture corpus ingested and merged once, for the tests that only read it."""
    from pathlib import Path

    from frontlines.ingest import ingest
    from frontlines.merge.events import merge_stored_events
    from frontlines.store import Store

    path = tmp_path_factory.mktemp("corpus") / "frontlines.sqlite"
    store = Store(path)
    assert ingest([Path(__file__).parent / "fixtures" / "corpus"], store, pipeline=pipeline).stored == 46
    merge_stored_events(store)
    return path
