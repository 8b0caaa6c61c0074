import os

import pytest


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
    from sqlalchemy import create_engine, text

    from frontlines.store.schema import metadata

    engine = create_engine(url)
    metadata.drop_all(engine)  # every test starts from an empty schema
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()
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
