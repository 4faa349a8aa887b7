"""Simulation use cases: build a market around the stored applicant and list, run the batches on an executor,
and hand the summary to :func:`matchpilot.io.simulation_json.summary_to_dict` (the ``matchpilot.simulation/1``
document).

The pure core is :mod:`matchpilot.match.simulate`; this module gathers the rank order list, the sheet and the
chances (per-program interview and match ranges for the stored profile), and hands the batches to an executor
(:mod:`matchpilot.services.executors`: local processes or a Dask cluster).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from matchpilot.chances import is_pmr_specialty
from matchpilot.domain.program import Program
from matchpilot.domain.query import ProgramQuery
from matchpilot.domain.rank_list import RankOrderList, normal_code
from matchpilot.errors import InputError, MatchpilotError, NextStep
from matchpilot.match.simulate import (
    MARKET_PRESETS,
    BatchTask,
    ListVariant,
    MarketSpec,
    NamedProgram,
    ProgramOdds,
    SimulationJob,
    SimulationSummary,
    batch_tasks,
    build_market,
    compile_variants,
    run_task,
    summarize,
)
from matchpilot.services.executors import BatchExecutor, LocalExecutor
from matchpilot.services.workspace import Services

__all__ = [
    "MARKETS",
    "PreparedSimulation",
    "SimulationRequest",
    "parse_what_if",
    "prepare_simulation",
    "run_prepared",
    "simulate_rank_list",
]

MARKETS = ("pmr", "national", "sheet")
"""The markets a simulation can use: ``pmr`` (generated, about the PM&R Match's size), ``national`` (generated,
the 2025 Main Match's size), ``sheet`` (generated around every program of your sheet — with the demo data loaded
this is the demo market). A request's applicants, programs and competition describe your own."""


@dataclass(frozen=True, slots=True)
class SimulationRequest:
    """What to simulate: runs, seed, the market (a name of :data:`MARKETS`, optionally resized: applicants,
    programs, competition = positions per applicant), the what-ifs (``swap:A,B``, ``drop:A``, ``add:A`` or
    ``add:A@RANK``), the market's own seed and the engine."""

    runs: int = 2000
    seed: int = 7
    market: str = "pmr"
    applicants: int | None = None
    programs: int | None = None
    competition: float | None = None
    what_ifs: tuple[str, ...] = ()
    market_seed: int = 0
    engine: str = "auto"


@dataclass(frozen=True, slots=True)
class PreparedSimulation:
    """A simulation ready to run: the job every batch shares, the batches, the list variants (the stored list
    first) and notes for the user (programs simulated without odds, ...)."""

    job: SimulationJob
    tasks: tuple[BatchTask, ...]
    variants: tuple[ListVariant, ...]
    seed: int
    notes: tuple[str, ...]

    @property
    def runs(self) -> int:
        """How many runs in all."""
        return sum(task.runs for task in self.tasks)


def _variant(name: str, rol: RankOrderList) -> ListVariant:
    return ListVariant(name, rol.primary, tuple((s.attached_to, s.codes) for s in rol.supplemental))


def parse_what_if(text: str, rol: RankOrderList) -> ListVariant:
    """The list variant a what-if describes: ``swap:A,B`` (exchange two ranks), ``drop:A`` (remove A),
    ``add:A`` (add A last) or ``add:A@N`` (add A at rank N). InputError naming the problem otherwise."""
    kind, _, rest = text.strip().partition(":")
    kind = kind.strip().lower()
    if kind == "swap":
        codes = [c for c in rest.split(",") if c.strip()]
        if len(codes) != 2:
            raise InputError(f"what-if {text!r}: swap needs two codes, as in swap:A,B")
        changed = rol.swapped(codes[0], codes[1])
    elif kind == "drop":
        changed = rol.removed(rest)
    elif kind == "add":
        code, _, at = rest.partition("@")
        if at.strip() and not at.strip().isdigit():
            raise InputError(f"what-if {text!r}: the rank after @ must be a whole number")
        changed = rol.with_added(code, int(at) if at.strip() else None)
    else:
        raise InputError(f"what-if {text!r}: use swap:A,B, drop:A or add:A (add:A@N for rank N)")
    if not changed.primary:
        raise InputError(f"what-if {text!r} leaves the list empty")
    return _variant(text.strip(), changed)


def _market_spec(request: SimulationRequest, sheet: Sequence[Program]) -> MarketSpec:
    if request.market not in MARKETS:
        raise InputError(f"The market must be one of {', '.join(MARKETS)} (got {request.market!r})")
    if request.market == "sheet":
        positions = sum(p.positions if p.positions else 4 for p in sheet)
        base = MarketSpec(max(1, round(positions / 0.915)), max(1, len(sheet)), 0.915, 0.10, name="sheet")
    else:
        base = MARKET_PRESETS[request.market]
    competition = base.positions_per_applicant if request.competition is None else request.competition
    if not 0.05 <= competition <= 5.0:
        raise InputError(f"Competition (positions per applicant) must be between 0.05 and 5 (got {competition})")
    applicants = base.applicants if request.applicants is None else request.applicants
    programs = base.programs if request.programs is None else request.programs
    if applicants < 1 or programs < 1:
        raise InputError("The numbers of applicants and programs must be at least 1")
    custom = (request.applicants, request.programs, request.competition) != (None, None, None)
    return MarketSpec(
        applicants,
        programs,
        competition,
        base.supplemental_share,
        request.market_seed,
        f"{base.name} (resized)" if custom else base.name,
    )


def _track_of(code: str) -> str:
    letter = code[7:8] if len(code) >= 8 else ""
    return letter if letter in ("C", "A", "R", "P", "T") else "C"


def prepare_simulation(services: Services, request: SimulationRequest) -> PreparedSimulation:
    """Build the market around the stored list and profile, the list variants and the batches.

    Raises InputError when the list is empty, there is no profile, a what-if or a size is wrong, or the market
    cannot hold your programs.
    """
    from matchpilot.services.chances import chances_for
    from matchpilot.services.rank_lists import rank_list

    rol = rank_list(services)
    if not rol.primary:
        raise InputError(
            "your rank order list is empty: a simulation needs the programs you will rank",
            next_step=NextStep.ADD_TO_RANK_LIST,
        )
    if services.profile() is None:
        raise InputError(
            "no profile yet: a simulation needs your profile (scores, visa need, targets)",
            next_step=NextStep.FILL_PROFILE,
        )
    variants = [_variant("your list", rol)] + [parse_what_if(text, rol) for text in request.what_ifs]
    sheet = list(services.list_programs(ProgramQuery(per_page=None)).programs)
    by_code = {p.code: p for p in sheet}
    wanted: list[str] = []
    for variant in variants:
        wanted += variant.primary
        for attached, ranked in variant.supplemental:
            wanted += attached
            wanted += ranked
    spec = _market_spec(request, sheet)
    codes = list(dict.fromkeys(wanted))
    if request.market == "sheet":
        codes = list(dict.fromkeys([*codes, *(p.code for p in sheet)]))
    notes: list[str] = []
    named: list[NamedProgram] = []
    for code in codes:
        program = by_code.get(code)
        if program is None:
            named.append(NamedProgram(code, _track_of(code), code[4:7] == "340", None))
            if code in wanted:
                notes.append(f"{code} is not on your sheet: simulated as a program that does not rank you")
        else:
            pmr = is_pmr_specialty(program.specialty)
            named.append(NamedProgram(code, program.track.letter, pmr, program.positions))
    report = chances_for(services)
    odds = [
        ProgramOdds(
            e.program.code,
            (e.chance.p_interview.low, e.chance.p_interview.mid, e.chance.p_interview.high),
            (e.chance.p_match.low, e.chance.p_match.mid, e.chance.p_match.high),
        )
        for e in report.estimates
        if e.program.code in set(wanted)
    ]
    for e in report.estimates:
        if e.program.code in rol.primary and e.chance.is_filtered:
            notes.append(f"{e.program.code}: {e.chance.filtered[0].reason} (simulated as never ranking you)")
    market = build_market(spec, named, odds)
    compiled = compile_variants(market, variants)
    tasks = batch_tasks(request.runs, request.seed, market.entries)
    job = SimulationJob(market, compiled, request.engine)
    return PreparedSimulation(job, tuple(tasks), tuple(variants), request.seed, tuple(notes))


def run_prepared(
    prepared: PreparedSimulation,
    executor: BatchExecutor | None = None,
    *,
    on_done: Callable[[int], None] | None = None,
) -> SimulationSummary:
    """Run the batches of ``prepared`` on ``executor`` (default: this process) and summarize them; the result is
    the same whatever the executor."""
    chosen: BatchExecutor = executor if executor is not None else LocalExecutor(1)
    try:
        results = chosen.run(run_task, prepared.job, prepared.tasks, size=_task_runs, on_done=on_done)
    except MatchpilotError:
        raise
    return summarize(prepared.job.market, prepared.variants, results, seed=prepared.seed)


def _task_runs(task: Any) -> int:
    return int(task.runs)


def simulate_rank_list(
    services: Services,
    request: SimulationRequest,
    executor: BatchExecutor | None = None,
    *,
    on_done: Callable[[int], None] | None = None,
) -> tuple[SimulationSummary, tuple[str, ...]]:
    """Prepare and run a simulation of the stored list; returns the summary and the notes."""
    prepared = prepare_simulation(services, request)
    return run_prepared(prepared, executor, on_done=on_done), prepared.notes


def normal_codes(texts: Sequence[str]) -> list[str]:
    """Program codes as stored."""
    return [normal_code(t) for t in texts]
