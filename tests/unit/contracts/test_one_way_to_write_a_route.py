"""Issue 13, item 4: one way to write a web route. The web app had four (routes inside ``create_app``,
``sheet_router()``, ``letters_router(request_services(), templates)`` through a stand-in ``Services`` that forwarded
every call to the request's, ``match_router(templates)``). Now every route lives in the module-level ``router`` of
a router module (``web/*_routes.py``, or ``web/api.py`` for the JSON API), and every route over an applicant's
data takes the owner-scoped services as a dependency (``services: OwnerServices``, or the route's
``dependencies=SIGNED_IN_OWNER`` when the page reads nothing of the workspace)."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from typing import Any, cast

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute, Mount

from matchpilot.services import Services
from matchpilot.services.accounts import AccountServices
from matchpilot.web import create_app
from matchpilot.web.auth import MultiUser
from matchpilot.web.owner import SignedIn, current_viewer, owner_services, reading_services

ACCOUNT_MODULES = frozenset(
    {"matchpilot.web.login_routes", "matchpilot.web.account_routes", "matchpilot.web.admin_routes"}
)
"""The pages of accounts rather than of a workspace (multi-user mode only): they take the signed-in viewer."""

PUBLIC = frozenset(
    {
        ("matchpilot.web.login_routes", "login_form"),
        ("matchpilot.web.login_routes", "login"),
        ("matchpilot.web.login_routes", "logout"),
        ("matchpilot.web.account_routes", "invitation"),  # an invitation link opens before its adviser signs in
        ("matchpilot.web.account_routes", "accept"),
        ("matchpilot.web.api", "openapi"),  # describes the API's routes, never a workspace
    }
)
"""The routes anyone may open: signing in and out, an invitation, the API's description."""

OWNER = frozenset({owner_services, reading_services})


def _calls(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    for sub in dependant.dependencies:
        if sub.call is not None:
            yield sub.call
        yield from _calls(sub)


def _routes(app: FastAPI) -> Iterator[BaseRoute]:
    """Every route of ``app``, those of included routers too (newer FastAPI keeps an included router as one entry
    of ``app.routes`` and lists its routes on demand)."""
    try:
        from fastapi.routing import iter_route_contexts
    except ImportError:  # an older FastAPI copies the included routes into app.routes
        yield from app.routes
        return
    for context in iter_route_contexts(app.routes):
        yield context.original_route


def _is_router_module(name: str) -> bool:
    return name == "matchpilot.web.api" or (name.startswith("matchpilot.web.") and name.endswith("_routes"))


def route_problems(app: FastAPI) -> list[str]:
    """What breaks the one way to write a route in ``app``: a route outside the router modules (or not in its
    module's ``router``), a route over a workspace without the owner-scoped services, an account page without
    the signed-in viewer."""
    problems: list[str] = []
    for route in _routes(app):
        if isinstance(route, Mount) and route.path == "/static":
            continue
        if not isinstance(route, APIRoute):
            problems.append(f"{getattr(route, 'path', route)!r}: not a route of a router module")
            continue
        module, name = route.endpoint.__module__, route.endpoint.__name__
        where = f"{sorted(route.methods)} {route.path} ({module}.{name})"
        if not _is_router_module(module):
            problems.append(f"{where}: written outside the router modules (web/*_routes.py, web/api.py)")
            continue
        router = getattr(importlib.import_module(module), "router", None)
        if not isinstance(router, APIRouter) or route.endpoint not in {
            r.endpoint for r in router.routes if isinstance(r, APIRoute)
        }:
            problems.append(f"{where}: not in its module's router")
        if (module, name) in PUBLIC:
            continue
        calls = set(_calls(route.dependant))
        if module in ACCOUNT_MODULES:
            if current_viewer not in calls:
                problems.append(f"{where}: an account page without the signed-in viewer (who: SignedIn)")
        elif not calls & OWNER:
            problems.append(f"{where}: a workspace route without the owner-scoped services (services: OwnerServices)")
    return problems


def _multi_user_app() -> FastAPI:
    """The app in multi-user mode (every route, the account pages included); nothing is connected."""
    accounts = cast(AccountServices, object())
    return create_app(cast(Services, object()), multi_user=MultiUser(accounts=accounts, secret_key="k" * 32))


def test_every_route_is_in_a_router_module_and_takes_its_owner() -> None:
    assert route_problems(_multi_user_app()) == []
    assert route_problems(create_app(cast(Services, object()))) == []


def test_the_check_finds_a_route_written_in_the_app_factory_and_one_without_the_services() -> None:
    app = _multi_user_app()

    @app.get("/written-in-the-factory")
    def in_the_factory() -> str:
        return ""

    from matchpilot.web import match_routes

    stray = APIRouter()

    @stray.get("/no-owner")
    def no_owner(request: Request) -> str:
        return ""

    no_owner.__module__ = match_routes.__name__  # as if written in a router module, without the dependency
    app.include_router(stray)
    found = route_problems(app)
    assert any("/written-in-the-factory" in problem and "outside the router modules" in problem for problem in found)
    assert any("/no-owner" in problem and "without the owner-scoped services" in problem for problem in found)
    assert any("/no-owner" in problem and "not in its module's router" in problem for problem in found)


def test_an_account_page_without_the_viewer_is_found() -> None:
    app = FastAPI()
    router = APIRouter()

    @router.get("/account/stray")
    def stray() -> str:
        return ""

    @router.get("/account/fine")
    def fine(who: SignedIn) -> str:
        return ""

    stray.__module__ = fine.__module__ = "matchpilot.web.account_routes"
    app.include_router(router)
    found = route_problems(app)
    assert any("/account/stray" in problem and "signed-in viewer" in problem for problem in found)
    assert not any("/account/fine" in problem and "signed-in viewer" in problem for problem in found)


def test_a_route_with_the_owner_as_a_router_dependency_counts() -> None:
    app = FastAPI()
    router = APIRouter(dependencies=[Depends(owner_services)])

    @router.get("/match-simulator-like")
    def page() -> str:
        return ""

    page.__module__ = "matchpilot.web.match_routes"
    app.include_router(router)
    assert not any("owner-scoped" in problem for problem in route_problems(app))


def test_one_csrf_guard_in_both_modes() -> None:
    """Issue 13, item 4: there were two CSRF mechanisms (a same-origin middleware and form tokens); now one guard
    checks both parts of one rule, in the local app and in multi-user mode."""
    from matchpilot.web.csrf import CsrfGuard

    for app in (create_app(cast(Services, object())), _multi_user_app()):
        guards = [entry for entry in app.user_middleware if entry.cls is CsrfGuard]
        assert len(guards) == 1
        others = [entry.cls.__name__ for entry in app.user_middleware if "origin" in entry.cls.__name__.lower()]
        assert others == []
