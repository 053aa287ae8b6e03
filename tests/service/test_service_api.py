"""The service's published OpenAPI, fuzzed by schemathesis over HTTP on loopback: never a 5xx.

Once with authentication off (so that every handler sees the generated requests),
once with it on (so that the guard itself is fuzzed too).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from support.service_harness import Ehr, running_service


@pytest.fixture(scope="module")
def open_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[schemathesis.BaseSchema]:
    with running_service(tmp_path_factory.mktemp("open"), None) as service:
        yield schemathesis.openapi.from_url(f"{service.url}/openapi.json")


@pytest.fixture(scope="module")
def guarded_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[schemathesis.BaseSchema]:
    folder = tmp_path_factory.mktemp("guarded")
    with running_service(folder, Ehr.create(folder)) as service:
        yield schemathesis.openapi.from_url(f"{service.url}/openapi.json")


open_schema = schemathesis.pytest.from_fixture("open_service")
guarded_schema = schemathesis.pytest.from_fixture("guarded_service")


@open_schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_generated_request_gets_a_server_error(case: schemathesis.Case) -> None:
    """Any request the schema allows, or nearly allows: a 2xx or a 4xx, never a 5xx."""
    response = case.call()
    assert response.status_code < 500, (response.status_code, response.text[:500])


@guarded_schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_without_a_token_every_operation_is_401(case: schemathesis.Case) -> None:
    """No token, no service: 401 (or 405 for a method the route does not have); only the rule
    catalogue, which holds no patient data, is public."""
    response = case.call()
    if case.path == "/catalogue":
        assert response.status_code in (200, 405), response.status_code
    else:
        assert response.status_code in (401, 405), response.status_code
