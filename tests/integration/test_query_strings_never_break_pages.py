"""No query string makes a page answer 5xx (issue 19, finding 15): every GET route of the web app, pages and API,
local and multi-user, is asked with arbitrary values for the parameters the app reads and for made-up ones —
huge numbers, thousands of digits, dates far out of range, lone surrogates, bytes that are not UTF-8. A bad value
answers 4xx naming the parameter (or is ignored), never 500 (which also drops the keep-alive connection)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from unittest.mock import patch
from urllib.parse import quote

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.datastructures import QueryParams

from matchpilot.bootstrap import build_services
from matchpilot.domain import ProgramQuery
from matchpilot.services.accounts import Role
from matchpilot.services.demo import load_demo
from matchpilot.web import create_app

from support.db import TODAY
from support.multi_user import TestClient, make_server

NAMES = (
    # the sheet and its filters, My list, the rank list's simulation, Match Week, compose, the sheet tools
    *("state", "specialty", "track", "visa", "min_img_share", "search", "sort", "dir", "page", "per_page"),
    *("max", "budget", "pmr_min", "pmr_max", "prelim_min", "prelim_max", "other_min", "other_max"),
    *("max_applications", "runs", "seed", "kind", "first", "second", "status", "tz", "now", "plan"),
    *("program", "interviewer", "interview_date", "discussed", "update", "saved", "recorded", "filtered"),
    *("imported", "others", "merged", "new", "added", "updated", "kept", "conflicts", "resolved", "column"),
    *("choice", "next", "signed_out", "message", "notice", "subject", "log_error", "code"),
)

_DIGITS = st.integers(min_value=1, max_value=6000).map(lambda n: "9" * n)
_HUGE = st.integers(min_value=-(10**40), max_value=10**40).map(str)
_FLOATS = st.sampled_from(["1e400", "-1e400", "nan", "inf", "-0", "1e-400", "0x10", "1_000", "٣", "²"])
_MOMENTS = st.builds(
    lambda year, rest: f"{year}{rest}",
    st.integers(min_value=-99999, max_value=99999),
    st.sampled_from(["-12-31T23:59", "-01-01", "-02-30T25:61", "-03-17T10:30:00+14:00", "-06-01T00:00Z"]),
)
_EDGE_MOMENTS = st.sampled_from(["9999-12-31T23:59", "0001-01-01T00:00", "9999-12-31", "0001-01-01"])
_SURROGATES = st.text(
    st.one_of(st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), st.characters()), min_size=1, max_size=12
)
VALUES = st.one_of(_DIGITS, _HUGE, _FLOATS, _MOMENTS, _EDGE_MOMENTS, _SURROGATES, st.text(max_size=40))
RAW = st.sampled_from(["%FF", "%ED%A0%80", "%C0%AF", "%00", "%", "%%", "&&&", "=", "a=%E2%82"])


def encode(text: str) -> str:
    """Percent-encode ``text`` as UTF-8, lone surrogates too (as a browser sends what it was given)."""
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


QUERIES = st.lists(
    st.one_of(
        st.tuples(st.one_of(st.sampled_from(NAMES), st.text(max_size=8)), VALUES).map(
            lambda pair: f"{encode(pair[0])}={encode(pair[1])}"
        ),
        RAW,
    ),
    min_size=1,
    max_size=8,
).map("&".join)
"""Parameters besides those a route was seen to read: the names the app reads somewhere, and made-up ones."""

_PARAM = re.compile(r"{(\w+)(?::\w+)?}")


def get_routes(app: object, code: str) -> Iterator[str]:
    """Every GET route of ``app`` with its path parameters filled in with a value that exists."""
    values = {"code": code, "kind": "csv", "token": "mp_not-a-real-invitation", "variant": "pmr"}
    values |= {"experience_id": "1", "letter_id": "1"}
    for route in iter_route_contexts(app.routes):  # type: ignore[attr-defined]
        if isinstance(route.original_route, APIRoute) and "GET" in (route.methods or set()):
            yield _PARAM.sub(lambda found: values[found.group(1)], route.path)


def _local_routes() -> list[str]:
    services = build_services(database_url="sqlite://", today=lambda: TODAY)
    try:
        return sorted(set(get_routes(create_app(services), "CODE")))
    finally:
        services.database.dispose()


LOCAL_ROUTES = _local_routes()


def names_read(client: TestClient, path: str) -> tuple[str, ...]:
    """The query parameters the route at ``path`` looks up when asked without any (each is then fuzzed)."""
    seen: set[str] = set()
    looked_up = QueryParams.__getitem__
    listed = QueryParams.getlist
    contains = QueryParams.__contains__

    def getitem(self: QueryParams, key: str) -> str:
        seen.add(key)
        return looked_up(self, key)

    def getlist(self: QueryParams, key: str) -> list[str]:
        seen.add(key)
        return listed(self, key)

    def has(self: QueryParams, key: object) -> bool:
        seen.add(str(key))
        return contains(self, key)

    with (
        patch.object(QueryParams, "__getitem__", getitem),
        patch.object(QueryParams, "getlist", getlist),
        patch.object(QueryParams, "__contains__", has),
    ):
        client.get(path)
    return tuple(sorted(seen))


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, str, dict[str, tuple[str, ...]]]]:
    folder: Path = tmp_path_factory.mktemp("query")
    services = build_services(database_url=f"sqlite:///{folder}/web.db", today=lambda: TODAY)
    load_demo(services)
    code = services.list_programs(ProgramQuery(per_page=1)).programs[0].code
    app = create_app(services)
    client = TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False, follow_redirects=False)
    read = {route: names_read(client, route.replace("CODE", code)) for route in LOCAL_ROUTES}
    assert read["/programs"] and read["/match-week"] and read["/rank-list/simulate"], "names not discovered"
    yield client, code, read
    services.database.dispose()


@pytest.fixture(scope="module")
def multi(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, TestClient, list[str]]]:
    folder: Path = tmp_path_factory.mktemp("query-multi")
    services = build_services(database_url=f"sqlite:///{folder}/web.db", today=lambda: TODAY)
    server = make_server(services)
    applicant = server.account("applicant")
    load_demo(server.workspace(applicant))
    admin = server.signed_in(server.account("root", Role.ADMINISTRATOR))
    yield server.signed_in(applicant), admin, ["/login", "/account", "/comments", "/invite/mp_nothing", "/admin"]
    services.database.dispose()


def _check(client: TestClient, path: str, query: str) -> None:
    answer = client.get(f"{path}?{query}")
    assert answer.status_code < 500, f"GET {path}?{query[:300]} answered {answer.status_code}: {answer.text[:300]}"


@pytest.mark.parametrize("route", LOCAL_ROUTES)
@given(data=st.data())
@settings(max_examples=12, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_no_query_string_breaks_a_page_of_the_local_app(
    local: tuple[TestClient, str, dict[str, tuple[str, ...]]], route: str, data: st.DataObject
) -> None:
    client, code, read = local
    own = [
        f"{encode(name)}={encode(value)}"
        for name in read[route]
        if (value := data.draw(st.one_of(st.none(), VALUES), label=name)) is not None
    ]
    query = "&".join([*own, data.draw(QUERIES, label="others")])
    _check(client, route.replace("CODE", code), query)


@given(data=st.data())
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_no_query_string_breaks_an_account_page(
    multi: tuple[TestClient, TestClient, list[str]], data: st.DataObject
) -> None:
    applicant, admin, routes = multi
    path = data.draw(st.sampled_from(routes), label="route")
    _check(admin if path == "/admin" else applicant, path, data.draw(QUERIES, label="query"))


@pytest.mark.parametrize(
    ("path", "query", "named"),
    [
        ("/programs", "page=99999999999999999999", None),
        ("/match-week", "now=9999-12-31T23:59", "now"),
        ("/rank-list/simulate", "seed=" + "5" * 5000, "seed"),
        ("/rank-list/simulate", "runs=%C2%B2", "runs"),
    ],
)
def test_the_query_strings_that_broke_pages(
    local: tuple[TestClient, str, dict[str, tuple[str, ...]]], path: str, query: str, named: str | None
) -> None:
    client, _, _ = local
    answer = client.get(f"{path}?{query}")
    assert answer.status_code in (200, 400), answer.text[:500]
    if answer.status_code == 400:  # the message names the parameter
        assert named is not None
        assert named.capitalize() in answer.text or f"{named}=" in answer.text
