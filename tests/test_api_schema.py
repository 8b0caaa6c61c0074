"""Property-based requests built from the service's own OpenAPI definition (schemathesis), sent
to the running service over the merged corpus on SQLite and PostgreSQL: none gets a server
error, and every refusal is a problem+json."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from serving import copy_database, serving, target_database

from frontlines.api import create_app
from frontlines.settings import Settings

EXAMPLES = 25  # requests per operation


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def api_schema(request, corpus_db, tmp_path_factory):
    store = copy_database(corpus_db, target_database(request.param, tmp_path_factory.mktemp("schema")))
    with serving(create_app(Settings.load(environ={}), store=store)) as base:
        yield schemathesis.openapi.from_url(f"{base}/api"), base


def test_no_request_gets_a_server_error(api_schema):
    # Hypothesis run per operation by hand: schemathesis' pytest plugin does not load under pytest 9.
    schema, base = api_schema
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/collections/events/items", "/collections/control/items", "/documents"}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def no_server_error(case):
            answer = case.call(base_url=base)
            where = f"{case.method} {case.formatted_path} {case.query}"
            assert answer.status_code < 500, f"{where}: {answer.text[:300]}"
            if 400 <= answer.status_code < 500:
                assert answer.headers["content-type"] == ["application/problem+json"], f"{where}: {answer.text[:300]}"

        no_server_error()
