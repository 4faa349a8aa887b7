"""The JSON API under ``/api/v1``: thin wrappers over the same services as the pages.

Endpoints: the profile (read, replace), programs (the sheet's filters, sort and pages; one program), picks
(the list of where to apply), letters lint, a match run on an instance, and the SOAP plan. Its OpenAPI
description is served at ``/api/v1/openapi.json``.

In multi-user mode every request needs an API token (``Authorization: Bearer mp_...``, created on the account
page; cookies are not accepted here, so there is no CSRF to guard against), and works on the token's workspace
with the same isolation as the pages: another owner's record is 404. An adviser's token reads and lints, it
never changes anything (403). In local mode the API, like the pages, needs no sign-in. Errors are JSON:
``{"detail": "...", "details": [...]}``.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from matchpilot.domain.limits import unstorable_strings
from matchpilot.domain.profile import profile_to_dict
from matchpilot.domain.sheet import program_to_cells
from matchpilot.errors import InputError, NotFoundError
from matchpilot.io.format_names import INSTANCE_FORMAT
from matchpilot.web.owner import OwnerServices, ReadingServices
from matchpilot.web.present import sheet_request

__all__ = ["API_PREFIX", "api_openapi", "refuse_unstorable_text", "router"]

API_PREFIX = "/api/v1"
_MAX_TEXT = 20_000
_MAX_INSTANCE = 2_000_000


class Problem(BaseModel):
    """An error: what went wrong, and the details (each problem of the input) when there are several."""

    detail: str
    details: list[str] = []


class ProgramPageOut(BaseModel):
    """One page of the filtered, sorted sheet: the programs (their sheet cells, as text) and the counts."""

    total: int
    page: int
    pages: int
    per_page: int
    programs: list[dict[str, str]]


class ProfileSaved(BaseModel):
    """The profile as saved."""

    profile: dict[str, Any]


class LintIn(BaseModel):
    """A message to check: its text and, for the context rules, the program code and the kind of message;
    ``path``: how the result names the message (as ``letters lint`` names a file)."""

    text: str = Field(max_length=_MAX_TEXT)
    path: str = Field(default="message", max_length=255)
    program: str | None = Field(default=None, max_length=64)
    kind: str = Field(default="other", max_length=32)


class FindingOut(BaseModel):
    """One finding: the rule, its severity, where it is in the text (character offsets), why, and a fix."""

    rule: str
    severity: str
    start: int
    end: int
    message: str
    suggestion: str | None


class LintFileOut(BaseModel):
    """One message (``path``: how the request named it) and its findings, in text order."""

    path: str
    findings: list[FindingOut]


class LintOut(BaseModel):
    """The ``matchpilot.lint-result/1`` document, as ``letters lint --json`` writes it: the message (in
    ``files``), its findings in text order, and how many are errors (an error blocks saving the message)."""

    format: str
    files: list[LintFileOut]
    findings: list[FindingOut]
    errors: int


_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": Problem, "description": "The input cannot be used"},
    401: {"model": Problem, "description": "No valid API token (multi-user mode)"},
    403: {"model": Problem, "description": "The token's account may not do this"},
    404: {"model": Problem, "description": "No such record in this workspace"},
    429: {"model": Problem, "description": "Too many requests"},
    503: {"model": Problem, "description": "The database cannot be reached"},
}


async def refuse_unstorable_text(request: Request) -> None:
    """Refuse (InputError: 400) a JSON body holding text that cannot be stored or shown: a lone surrogate
    (``"\\ud800"``) or a NUL, naming where it is (``name``, ``goals.2``). Runs before any route reads the body,
    so nothing is saved, and no page later fails on it."""
    if request.method not in ("POST", "PUT", "PATCH") or "json" not in request.headers.get("content-type", ""):
        return
    body = await request.body()
    if b"\\u" not in body and b"\xed" not in body:  # neither an escape nor a UTF-8 surrogate-range lead byte
        return
    try:
        data = json.loads(body)
        found = next(unstorable_strings(data), None)
    except (ValueError, RecursionError):
        return  # not JSON: the route's own parsing says so
    if found is not None:
        where, problem = found
        raise InputError(f"{where or 'the body'}: {problem}; nothing was saved")


router = APIRouter(prefix=API_PREFIX, tags=["api"], responses=_ERRORS, dependencies=[Depends(refuse_unstorable_text)])


@router.get("/profile", response_model=dict[str, Any])
def get_profile(services: OwnerServices) -> dict[str, Any]:
    """The stored profile (404 when none has been saved)."""
    profile = services.profile()
    if profile is None:
        raise NotFoundError("no profile yet")
    return profile_to_dict(profile)


@router.put("/profile", response_model=ProfileSaved)
def put_profile(services: OwnerServices, data: Annotated[dict[str, Any], Body()]) -> ProfileSaved:
    """Check and save the profile (the same fields as the profile file); 400 with every problem otherwise."""
    result = services.save_profile(data)
    if result.profile is None:
        problems = [str(issue) for issue in result.issues if issue.is_error]
        raise InputError("the profile has errors; nothing was saved: " + "; ".join(problems))
    return ProfileSaved(profile=profile_to_dict(result.profile))


@router.get("/programs", response_model=ProgramPageOut)
def list_programs(
    services: OwnerServices,
    state: Annotated[str | None, Query(max_length=64)] = None,
    specialty: Annotated[str | None, Query(max_length=200)] = None,
    track: Annotated[str | None, Query(max_length=32)] = None,
    visa: Annotated[str | None, Query(max_length=16, description="j1 or h1b")] = None,
    min_img_share: Annotated[str | None, Query(max_length=16)] = None,
    search: Annotated[str | None, Query(max_length=200)] = None,
    sort: Annotated[str | None, Query(max_length=64)] = None,
    dir: Annotated[str | None, Query(max_length=4, description="asc or desc")] = None,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=500)] = 50,
) -> ProgramPageOut:
    """The sheet with the same filters, sort and pages as the Programs page (400 for a bad filter)."""
    given = {
        "state": state,
        "specialty": specialty,
        "track": track,
        "visa": visa,
        "min_img_share": min_img_share,
        "search": search,
        "sort": sort,
        "dir": dir,
        "page": str(page),
    }
    wanted = sheet_request({key: value for key, value in given.items() if value is not None}, per_page=per_page)
    if wanted.errors:
        raise InputError("some filters cannot be used: " + "; ".join(f"{k}: {v}" for k, v in wanted.errors.items()))
    found = services.list_programs(wanted.query)
    return ProgramPageOut(
        total=found.total,
        page=found.page,
        pages=found.pages,
        per_page=per_page,
        programs=[program_to_cells(program) for program in found.programs],
    )


@router.get("/programs/{code}", response_model=dict[str, str])
def get_program(code: str, services: OwnerServices) -> dict[str, str]:
    """One program by its code (404 when this workspace has none)."""
    return program_to_cells(services.get_program(code))


@router.get("/picks", response_model=dict[str, Any])
def picks(
    services: OwnerServices,
    max_applications: Annotated[int | None, Query(ge=1, le=200)] = None,
    budget: Annotated[int | None, Query(ge=1, le=100_000)] = None,
) -> dict[str, Any]:
    """Where to apply (format ``matchpilot.pick/1``, as ``matchpilot pick --json``)."""
    from matchpilot.io.pick_json import pick_to_dict
    from matchpilot.pick import PickLimits
    from matchpilot.services.picks import pick_for
    from matchpilot.web.rules import rules_file

    return pick_to_dict(pick_for(services, PickLimits(max_applications, budget), rules_path=rules_file()))


@router.post("/letters/lint", response_model=LintOut)
def lint(services: ReadingServices, message: LintIn) -> dict[str, Any]:
    """Check a message against the NRMP rules (with a program: also against the stored message log); the
    ``matchpilot.lint-result/1`` document, the same as ``letters lint --json`` writes for the same text."""
    from matchpilot.io.lint_json import lint_result_to_dict
    from matchpilot.services import letters

    if message.program and message.program.strip():
        services.get_program(message.program.strip())  # 404 for a program not in this workspace
        found = letters.lint_message(services, message.text, message.program.strip(), message.kind)
    else:
        found = letters.lint_text_only(message.text)
    return lint_result_to_dict([(message.path, found)])


@router.post("/match/run", response_model=dict[str, Any])
async def match_run(
    services: ReadingServices, instance: Annotated[dict[str, Any], Body(description=INSTANCE_FORMAT)]
) -> dict[str, Any]:
    """Run the NRMP-style match on an instance; the result document (``matchpilot.match-result/1``)."""
    from matchpilot.services.match_simulator import run_uploaded

    content = json.dumps(instance).encode("utf-8")
    if len(content) > _MAX_INSTANCE:
        raise InputError("the instance is larger than 2 MB")
    outcome = await run_in_threadpool(run_uploaded, content, "instance.json")
    return outcome.document


@router.get("/soap/plan", response_model=dict[str, Any])
def soap_plan(
    services: OwnerServices,
    plan: Annotated[str | None, Query(max_length=100)] = None,
    status: Annotated[str | None, Query(max_length=32)] = None,
) -> dict[str, Any]:
    """The Match Week (SOAP) plan on the stored unfilled list (format ``matchpilot.soap-plan/1``)."""
    from matchpilot.web.soap_routes import plan_report

    return plan_report(services, plan, status).to_dict()


def api_openapi(router: APIRouter, *, tokens: bool) -> dict[str, Any]:
    """The OpenAPI description of the API ``router``'s routes (with bearer tokens when ``tokens``)."""
    schema = get_openapi(title="matchpilot API", version="1", description=__doc__ or "", routes=router.routes)
    if tokens:
        components = schema.setdefault("components", {})
        components.setdefault("securitySchemes", {})["token"] = {"type": "http", "scheme": "bearer"}
        schema["security"] = [{"token": []}]
    return schema


_SCHEMAS: dict[bool, dict[str, Any]] = {}


@router.get("/openapi.json", include_in_schema=False)
def openapi(request: Request) -> JSONResponse:
    """The OpenAPI description of the JSON API (public: it describes the routes, never a workspace)."""
    tokens = getattr(request.app.state, "multi_user", None) is not None
    if tokens not in _SCHEMAS:
        _SCHEMAS[tokens] = api_openapi(router, tokens=tokens)
    return JSONResponse(_SCHEMAS[tokens])
