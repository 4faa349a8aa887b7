"""The JSON API against its own OpenAPI description, fuzzed by schemathesis (bounded examples per endpoint): no
server error, and every response matches the schema (status code, content type, body), in multi-user mode with an
API token, on SQLite and on PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from matchpilot.services import Services
from matchpilot.services.accounts import Viewer
from matchpilot.services.demo import load_demo

from support.multi_user import Server, make_server

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
"""No server error; status, content type, headers and body as described. (Schema-valid data may still be refused
with 400: a profile is checked beyond its JSON shape, so schemathesis' "positive data accepted" check is not run.)"""

EXAMPLES = 15
"""Examples per endpoint: bounded, so the test takes seconds; derandomized, so a run is repeatable."""


@dataclass
class ApiWorld:
    """An applicant with the demo data and their API token."""

    server: Server
    token: str


@pytest.fixture
def api_world(services: Services) -> ApiWorld:
    server = make_server(services)
    alice = server.account("alice")
    load_demo(server.workspace(alice))
    token = server.accounts.create_api_token(Viewer(alice, alice.workspace_id, alice.username), "fuzz")
    return ApiWorld(server, token)


def test_the_api_keeps_its_description(api_world: ApiWorld) -> None:
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", api_world.server.app)
    headers = {"Authorization": f"Bearer {api_world.token}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def conforms(case: schemathesis.Case) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS)

        conforms()


def test_the_description_is_served_with_token_authentication(api_world: ApiWorld) -> None:
    described = api_world.server.client().get("/api/v1/openapi.json").json()
    assert described["components"]["securitySchemes"]["token"] == {"type": "http", "scheme": "bearer"}
    assert {"/api/v1/profile", "/api/v1/programs", "/api/v1/programs/{code}", "/api/v1/picks"} <= set(
        described["paths"]
    )
    assert {"/api/v1/letters/lint", "/api/v1/match/run", "/api/v1/soap/plan"} <= set(described["paths"])
