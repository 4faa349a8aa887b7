"""Monte Carlo simulation of one applicant's Match: how likely their rank order list is to match, and where.

Pure: markets come from :func:`matchpilot.match.generate_market` with a passed seed, every random number from
``numpy.random.Generator`` objects built from passed :class:`numpy.random.SeedSequence` values, and nothing
reads a clock or a file.

The model, run by run (``docs/rank-list.md``):

1. **The market** (:func:`build_market`) is a fictional one from the generator — sized like PM&R (about 1,000
   applicants and 150 programs), like the national Match, or as described — in which the programs the applicant
   may rank (the *named* programs: their codes, tracks and, when known, positions) take the places of generated
   programs of the same track. Every other applicant keeps the list the generator gave them; their *quality* is
   read back from how the generated programs ranked them.
2. **A draw** re-draws every program's ranking of the other applicants who applied to it as the generator does
   (quality plus normal noise of sd 0.7, about 8% left off), and draws the programs' rankings of the applicant
   from the chances model: one common position ``u`` inside every program's range (the part of what is unknown
   that programs share: how strong the applicant really is; the range's low end at ``u = 0``, its middle at
   ``u = 0.5``, its high end at ``u = 1``), then per program: ranked within its quota with probability
   ``p_match`` (a first choice there is then certain to match), ranked below its quota with probability
   ``p_interview - p_match`` (a match only if others above go elsewhere), not ranked otherwise.
3. **The engine** (the kernel of :func:`matchpilot.match.run_match`, Roth & Peranson 1999) runs once per draw
   and per list variant; variants (what-ifs: swap two, drop one, add one) share the draw, so their differences
   are not noise (common random numbers; Glasserman & Yao 1992, "Some guidelines and guarantees for common
   random numbers", Management Science 38(6)).

Runs are split into batches of a size fixed by the market and the number of runs, each with its own seed from
``SeedSequence(seed).spawn(batches)``; :func:`combine` joins the batches in order, so the result is identical
for the same seed whatever the number of workers or where they run.

Intervals are 95% Wilson score intervals for chances (Wilson 1927, JASA 22(158)) and normal intervals of the
paired per-run differences for what-ifs.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from matchpilot.domain.market import MatchInstance
from matchpilot.errors import InputError
from matchpilot.match.generate import generate_market

__all__ = [
    "MARKET_PRESETS",
    "BatchResult",
    "BatchTask",
    "CompiledVariant",
    "Estimate",
    "ListVariant",
    "MarketSpec",
    "NamedProgram",
    "ProgramOdds",
    "SimulationJob",
    "SimulationMarket",
    "SimulationSummary",
    "VariantSummary",
    "batch_sizes",
    "batch_tasks",
    "build_market",
    "combine",
    "compile_variants",
    "paired_difference",
    "run_batch",
    "run_task",
    "summarize",
    "warm_up",
    "wilson_interval",
]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

NOISE_SD = 0.7
"""Noise of a program's judgement of an applicant, in units of quality (as in the generator)."""

DROP_SHARE = 0.08
"""Share of applicants who applied that a program leaves off its list (as in the generator)."""

_PROPOSALS_PER_ENTRY = 10
_MAX_ROUNDS = 30
"""Bounds on one engine run (cycling through supplemental lists is rare; a stopped run is counted)."""

Z95 = 1.959963984540054
"""The 97.5% quantile of the standard normal distribution."""


@dataclass(frozen=True, slots=True)
class MarketSpec:
    """A generated market: its size, its competition (``positions_per_applicant``: fewer is harder), the share
    of applicants with supplemental lists, and the seed of the generator (same spec, same market)."""

    applicants: int = 1000
    programs: int = 150
    positions_per_applicant: float = 0.915
    supplemental_share: float = 0.25
    seed: int = 0
    name: str = "pmr"


MARKET_PRESETS: Mapping[str, MarketSpec] = {
    "pmr": MarketSpec(1000, 150, 0.915, 0.10, 0, "pmr"),
    "national": MarketSpec(47_208, 6_626, 43_237 / 47_208, 0.10, 0, "national"),
}
"""Ready-made markets: ``pmr`` (about the size of the PM&R Match) and ``national`` (the 2025 Main Match's size:
47,208 active applicants, 6,626 programs, 43,237 positions; NRMP press release 2025, sizes only)."""


@dataclass(frozen=True, slots=True)
class NamedProgram:
    """A program of the applicant's world placed in the market: its ``code``, track letter (C, A, R, P, T),
    whether it is PM&R, and its number of positions when known."""

    code: str
    track: str
    pmr: bool = False
    quota: int | None = None


@dataclass(frozen=True, slots=True)
class ProgramOdds:
    """The chances model's ranges at one program: ``(low, middle, high)`` of an interview and of a match."""

    code: str
    p_interview: tuple[float, float, float]
    p_match: tuple[float, float, float]


@dataclass(frozen=True, slots=True)
class ListVariant:
    """One version of the applicant's list: ``name`` (``"your list"``, ``"swap:A,B"``, ...), the primary list
    of codes and the supplemental lists as ``(attached advanced codes, PGY-1 codes)`` pairs."""

    name: str
    primary: tuple[str, ...]
    supplemental: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()


@dataclass(frozen=True, slots=True)
class CompiledVariant:
    """A list variant as program indices of a market: ``primary`` in order, ``supp_of`` (per program, the
    number of its attached supplemental list or -1), ``supplemental`` (each list's programs in order)."""

    name: str
    primary: IntArray
    supp_of: IntArray
    supplemental: tuple[IntArray, ...]


@dataclass(frozen=True, slots=True)
class SimulationMarket:
    """A market ready to simulate (flat arrays; picklable, so it is sent once to each worker).

    Others' applications (CSR over applicants ``o_ptr``): ``o_prog`` the program, ``o_q`` the entry's index in
    the program's pool, ``o_supp`` the global number of the supplemental list attached (-1). Others'
    supplemental lists (CSR ``so_ptr``): ``so_prog``, ``so_q``. Programs' pools of applicants who applied (CSR
    ``q_ptr``): ``q_app``. ``quality`` per applicant, ``quota`` per program; ``codes`` the market's program ids
    (named programs under their own code); ``odds`` per program: interview and match (low, mid, high) as six
    columns (zero for programs the applicant cannot rank); ``advanced`` marks the advanced (PGY-2) programs.
    """

    spec: MarketSpec
    codes: tuple[str, ...]
    index: Mapping[str, int]
    quota: IntArray
    quality: FloatArray
    q_ptr: IntArray
    q_app: IntArray
    o_ptr: IntArray
    o_prog: IntArray
    o_q: IntArray
    o_supp: IntArray
    so_ptr: IntArray
    so_prog: IntArray
    so_q: IntArray
    odds: FloatArray
    advanced: npt.NDArray[np.bool_]

    @property
    def applicants(self) -> int:
        """Applicants in the market, the simulated applicant included."""
        return len(self.o_ptr)  # others + 1

    @property
    def entries(self) -> int:
        """Applications in the market (the work of one draw)."""
        return len(self.q_app)


@dataclass(frozen=True, slots=True)
class BatchTask:
    """One batch of runs: its number, its seed and how many runs it holds."""

    number: int
    seed: np.random.SeedSequence
    runs: int


@dataclass(frozen=True, slots=True)
class BatchResult:
    """What one batch found: per variant and run, the program matched through the primary list (-1: none)
    and through a supplemental list (-1: none); arrays of shape (variants, runs); ``stopped`` counts the engine
    runs the bound on cycling stopped (supplemental lists can make the engine cycle; the match then stands as it
    was when stopped)."""

    number: int
    matched: npt.NDArray[np.int32]
    supplemental: npt.NDArray[np.int32]
    stopped: int = 0


@dataclass(frozen=True, slots=True)
class Estimate:
    """A chance estimated from runs, with its 95% interval."""

    value: float
    low: float
    high: float


@dataclass(frozen=True, slots=True)
class VariantSummary:
    """One list variant's results: the chance of a match, of going unmatched, per program on the primary
    list (in list order), per PGY-1 program through a supplemental list, of an advanced match without a PGY-1,
    and (for what-ifs) the change in the chance of a match against the applicant's list, paired by run."""

    name: str
    primary: tuple[str, ...]
    p_match: Estimate
    unmatched: Estimate
    by_program: tuple[tuple[str, Estimate], ...]
    by_supplemental: tuple[tuple[str, Estimate], ...]
    advanced_without_pgy1: Estimate
    difference: Estimate | None = None
    changed_runs: int = 0


@dataclass(frozen=True, slots=True)
class SimulationSummary:
    """Everything a simulation reports: runs, seed, the market's size, how many batches, how many engine runs
    the bound on cycling stopped, the applicant's list and the what-ifs."""

    runs: int
    seed: int
    market: MarketSpec
    applicants: int
    programs: int
    positions: int
    batches: int
    stopped: int
    baseline: VariantSummary
    what_ifs: tuple[VariantSummary, ...]


# --- building the market ------------------------------------------------------------------------------------


def _kind(program_id: str) -> tuple[str, bool]:
    """Track letter (T for specialty 999) and whether PM&R, from a generated program id."""
    specialty, letter = program_id[4:7], program_id[7:8]
    return ("T" if specialty == "999" else letter), specialty == "340"


def _place(generated: Sequence[str], named: Sequence[NamedProgram]) -> dict[int, NamedProgram]:
    """Which generated program each named program replaces: same track and PM&R-ness first, then same track,
    then any program left (deterministic: the first free one in market order)."""
    kinds = [_kind(pid) for pid in generated]
    free = list(range(len(generated)))
    taken: dict[int, NamedProgram] = {}
    if len(named) > len(generated):
        raise InputError(
            f"the market has {len(generated)} programs but {len(named)} of yours must be placed in it; "
            "describe a larger market"
        )
    for want in named:
        chosen = next((p for p in free if kinds[p] == (want.track, want.pmr)), None)
        if chosen is None:
            chosen = next((p for p in free if kinds[p][0] == want.track), None)
        if chosen is None:
            chosen = free[0]
        free.remove(chosen)
        taken[chosen] = want
    return taken


def _qualities(instance: MatchInstance, app_index: Mapping[str, int]) -> FloatArray:
    """Each applicant's quality as the generated programs saw it: the mean standing on the lists that ranked
    them, turned into normal scores by rank (unranked applicants come last)."""
    n = len(app_index)
    total = np.zeros(n)
    count = np.zeros(n)
    for program in instance.programs:
        length = len(program.rol)
        for rank, aid in enumerate(program.rol):
            a = app_index[aid]
            total[a] += 1.0 - (rank + 0.5) / length
            count[a] += 1.0
    standing = np.where(count > 0, total / np.maximum(count, 1.0), -1.0)
    order = np.argsort(standing, kind="stable")
    quantiles = (np.arange(n) + 0.5) / n
    scores = np.array([_normal_quantile(float(q)) for q in quantiles])
    quality = np.empty(n)
    quality[order] = scores
    return quality


def _normal_quantile(p: float) -> float:
    """The standard normal quantile (Acklam's rational approximation refined by one Newton step)."""
    low, high = 0.02425, 1 - 0.02425
    a = (-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.3577518672690, -30.66479806614716,
         2.506628277459239)  # fmt: skip
    b = (-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572)
    c = (-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
         2.938163982698783)  # fmt: skip
    d = (0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416)
    if p < low:
        q = math.sqrt(-2 * math.log(p))
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / (
            (((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1
        )
    elif p > high:
        q = math.sqrt(-2 * math.log(1 - p))
        x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / (
            (((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1
        )
    else:
        q = p - 0.5
        r = q * q
        x = (
            (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5])
            * q
            / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
        )
    e = 0.5 * math.erfc(-x / math.sqrt(2)) - p
    u = e * math.sqrt(2 * math.pi) * math.exp(x * x / 2)
    return x - u / (1 + x * u / 2)


def _int(values: Sequence[int]) -> IntArray:
    return np.asarray(values, dtype=np.int64) if len(values) else np.zeros(0, dtype=np.int64)


def build_market(spec: MarketSpec, named: Sequence[NamedProgram], odds: Sequence[ProgramOdds]) -> SimulationMarket:
    """Generate the market of ``spec`` and place the ``named`` programs in it, with the applicant's ``odds``.

    The generated market has no couples and no reversions (the applicant's outcome barely depends on them and
    runs stay fast). Named programs keep their code and, when known, their number of positions. ``odds`` for a
    code that is not named are ignored; a named program without odds never ranks the applicant. Raises
    :class:`~matchpilot.errors.InputError` for a market too small for the named programs or bad sizes.
    """
    codes_named = [n.code for n in named]
    if len(set(codes_named)) != len(codes_named):
        raise InputError("a program is named twice in the simulated market")
    instance = generate_market(
        spec.applicants,
        spec.programs,
        supplemental_share=spec.supplemental_share,
        seed=spec.seed,
        positions_per_applicant=spec.positions_per_applicant,
    )
    generated = [p.id for p in instance.programs]
    placed = _place(generated, named)
    codes = tuple(placed[p].code if p in placed else f"m{p + 1}" for p in range(len(generated)))
    index = {code: p for p, code in enumerate(codes)}
    gen_index = {pid: p for p, pid in enumerate(generated)}
    quotas = []
    for p, entry in enumerate(instance.programs):
        own = placed[p].quota if p in placed else None
        quotas.append(own if own is not None and own > 0 else entry.quota)
    quota = _int(quotas)
    app_index = {a.id: i for i, a in enumerate(instance.applicants)}
    quality = _qualities(instance, app_index)

    pools: list[list[int]] = [[] for _ in generated]
    pool_pos: list[dict[int, int]] = [{} for _ in generated]

    def join(p: int, a: int) -> int:
        found = pool_pos[p].get(a)
        if found is None:
            found = len(pools[p])
            pool_pos[p][a] = found
            pools[p].append(a)
        return found

    o_ptr, o_prog, o_local, o_supp = [0], [], [], []
    so_ptr, so_prog, so_local = [0], [], []
    for a, applicant in enumerate(instance.applicants):
        attach: dict[int, int] = {}
        for supplemental in applicant.supplemental_lists:
            number = len(so_ptr) - 1
            for pid in supplemental.rol:
                p = gen_index[pid]
                so_prog.append(p)
                so_local.append(join(p, a))
            so_ptr.append(len(so_prog))
            for pid in supplemental.attached_to:
                attach[gen_index[pid]] = number
        for pid in applicant.ranked:
            p = gen_index[pid]
            o_prog.append(p)
            o_local.append(join(p, a))
            o_supp.append(attach.get(p, -1))
        o_ptr.append(len(o_prog))
    q_ptr = np.zeros(len(generated) + 1, dtype=np.int64)
    q_ptr[1:] = np.cumsum([len(pool) for pool in pools])
    q_app = _int([a for pool in pools for a in pool])
    o_prog_a = _int(o_prog)
    so_prog_a = _int(so_prog)
    o_q = q_ptr[o_prog_a] + _int(o_local) if o_prog else _int([])
    so_q = q_ptr[so_prog_a] + _int(so_local) if so_prog else _int([])

    table = np.zeros((len(generated), 6))
    for item in odds:
        found = index.get(item.code)
        if found is None or found not in placed:
            continue
        p = found
        interview = _ordered(item.p_interview)
        match = _ordered(item.p_match)
        match = tuple(min(m, i) for m, i in zip(match, interview, strict=True))  # type: ignore[assignment]
        table[p, :3] = interview
        table[p, 3:] = match
    return SimulationMarket(
        spec=spec,
        codes=codes,
        index=index,
        quota=quota,
        quality=np.append(quality, 0.0),
        q_ptr=q_ptr,
        q_app=q_app,
        o_ptr=_int(o_ptr),
        o_prog=o_prog_a,
        o_q=o_q,
        o_supp=_int(o_supp),
        so_ptr=_int(so_ptr),
        so_prog=so_prog_a,
        so_q=so_q,
        odds=table,
        advanced=np.array(
            [(placed[p].track if p in placed else _kind(pid)[0]) == "A" for p, pid in enumerate(generated)],
            dtype=np.bool_,
        ),
    )


def _ordered(values: tuple[float, float, float]) -> tuple[float, float, float]:
    low, mid, high = (min(1.0, max(0.0, float(v))) for v in values)
    mid = min(max(mid, low), max(high, low))
    return low, mid, max(high, mid)


def compile_variants(market: SimulationMarket, variants: Sequence[ListVariant]) -> tuple[CompiledVariant, ...]:
    """The variants as program indices of ``market``; InputError naming a code the market does not hold."""
    compiled = []
    for variant in variants:

        def at(code: str, variant: ListVariant = variant) -> int:
            p = market.index.get(code)
            if p is None:
                raise InputError(f"{variant.name}: {code} is not in the simulated market")
            return p

        supp_of = np.full(len(market.codes), -1, dtype=np.int64)
        lists = []
        for number, (attached, ranked) in enumerate(variant.supplemental):
            lists.append(_int([at(code) for code in ranked]))
            for code in attached:
                supp_of[at(code)] = number
        primary = _int([at(code) for code in variant.primary])
        compiled.append(CompiledVariant(variant.name, primary, supp_of, tuple(lists)))
    return tuple(compiled)


# --- one draw -----------------------------------------------------------------------------------------------


def _draw(
    q_ptr: Any, q_app: Any, quality: Any, noise: Any, keep_u: Any, state: Any, place_u: Any, quota: Any,
    o_ptr: Any, o_prog: Any, o_q: Any, o_supp: Any, so_ptr: Any, so_prog: Any, so_q: Any,
    drop_share: float, noise_sd: float,
) -> tuple[Any, Any, Any, Any, Any, Any, Any, Any, Any, Any, Any]:  # fmt: skip
    """Build the engine's arrays for one draw (plain Python over NumPy arrays in the subset Numba compiles).

    Each program keeps the applicants of its pool whose ``keep_u`` is at least ``drop_share`` and ranks them by
    ``quality + noise_sd * noise``; the simulated applicant (the last one) is inserted per ``state`` (0: not
    ranked, 1: within the quota, 2: below it) at a place drawn from ``place_u``. Returns the applicants' CSR
    arrays for the others (the simulated applicant's entries are added per variant), the programs' lists, the
    supplemental arrays of the others and the simulated applicant's rank at each program (-1: not ranked).
    """
    n_p = len(q_ptr) - 1
    n_o = len(o_ptr) - 1
    focal = n_o
    q_rank = np.full(len(q_app), -1, np.int64)
    p_ptr = np.zeros(n_p + 1, np.int64)
    kept = np.zeros(n_p, np.int64)
    for p in range(n_p):
        m = 0
        for i in range(q_ptr[p], q_ptr[p + 1]):
            if keep_u[i] >= drop_share:
                m += 1
        kept[p] = m
        p_ptr[p + 1] = p_ptr[p] + m + (1 if state[p] > 0 else 0)
    p_app = np.zeros(p_ptr[n_p], np.int64)
    focal_rank = np.full(n_p, -1, np.int64)
    largest = 1
    for p in range(n_p):
        largest = max(largest, q_ptr[p + 1] - q_ptr[p])
    score = np.zeros(largest, np.float64)
    found = np.zeros(largest, np.int64)
    key = np.zeros(largest, np.float64)
    idx = np.zeros(largest, np.int64)
    bucket = np.zeros(largest, np.int64)
    count = np.zeros(2 * largest + 1, np.int64)
    for p in range(n_p):
        # bucket sort by score (exact: buckets placed by counting, then an insertion pass), best first
        m = 0
        low = np.inf
        high = -np.inf
        for i in range(q_ptr[p], q_ptr[p + 1]):
            if keep_u[i] >= drop_share:
                value = -(quality[q_app[i]] + noise_sd * noise[i])
                score[m] = value
                found[m] = i
                m += 1
                low = min(low, value)
                high = max(high, value)
        buckets = 2 * m
        width = (high - low) / (buckets - 1) if m > 1 and high > low else 1.0
        count[: buckets + 1] = 0
        for j in range(m):
            b = min(int((score[j] - low) / width), buckets - 1)
            bucket[j] = b
            count[b + 1] += 1
        for b in range(buckets):
            count[b + 1] += count[b]
        for j in range(m):
            at = count[bucket[j]]
            count[bucket[j]] += 1
            key[at] = score[j]
            idx[at] = found[j]
        for j in range(1, m):
            value = key[j]
            item = idx[j]
            b = j - 1
            while b >= 0 and key[b] > value:
                key[b + 1] = key[b]
                idx[b + 1] = idx[b]
                b -= 1
            key[b + 1] = value
            idx[b + 1] = item
        k = -1
        if state[p] == 1:
            k = int(place_u[p] * min(quota[p], m + 1))
        elif state[p] == 2:
            k = quota[p] + int(place_u[p] * (m - quota[p] + 1)) if m >= quota[p] else m
        k = min(k, m)
        out = p_ptr[p]
        r = 0
        for j in range(m):
            if r == k and focal_rank[p] < 0:
                p_app[out + r] = focal
                focal_rank[p] = r
                r += 1
            i = idx[j]
            p_app[out + r] = q_app[i]
            q_rank[i] = r
            r += 1
        if k >= 0 and focal_rank[p] < 0:
            p_app[out + r] = focal
            focal_rank[p] = r
    p_pos = np.full(len(p_app), -1, np.int64)
    a_ptr = np.zeros(n_o + 1, np.int64)
    a_prog = np.zeros(len(o_prog), np.int64)
    a_rank = np.zeros(len(o_prog), np.int64)
    a_supp = np.zeros(len(o_prog), np.int64)
    n = 0
    for a in range(n_o):
        pos = 0
        for e in range(o_ptr[a], o_ptr[a + 1]):
            r = q_rank[o_q[e]]
            if r >= 0:
                p = o_prog[e]
                a_prog[n] = p
                a_rank[n] = r
                a_supp[n] = o_supp[e]
                p_pos[p_ptr[p] + r] = pos
                pos += 1
                n += 1
        a_ptr[a + 1] = n
    s_ptr = np.zeros(len(so_ptr), np.int64)
    s_prog = np.zeros(len(so_prog), np.int64)
    s_rank = np.zeros(len(so_prog), np.int64)
    n_s = 0
    for s in range(len(so_ptr) - 1):
        for e in range(so_ptr[s], so_ptr[s + 1]):
            r = q_rank[so_q[e]]
            if r >= 0:
                s_prog[n_s] = so_prog[e]
                s_rank[n_s] = r
                n_s += 1
        s_ptr[s + 1] = n_s
    return a_ptr, a_prog[:n], a_rank[:n], a_supp[:n], p_ptr, p_app, p_pos, s_ptr, s_prog[:n_s], s_rank[:n_s], focal_rank


_compiled_draw: list[Callable[..., Any]] = []


def _drawer(engine: str) -> Callable[..., Any]:
    from matchpilot.match.engine import numba_available

    if engine == "python" or (engine == "auto" and not numba_available()):
        return _draw
    if not _compiled_draw:
        import numba  # type: ignore[import-untyped,import-not-found,unused-ignore]

        _compiled_draw.append(numba.njit(cache=True)(_draw))
    return _compiled_draw[0]


def _solver(engine: str) -> Callable[..., Any]:
    """The engine's algorithm followed by its stability check, as one run of the match always is."""
    from matchpilot.match import engine as match_engine

    solve, check, _name = match_engine._solver(engine)  # type: ignore[arg-type]

    def solve_and_check(*args: Any) -> tuple[Any, ...]:
        out = solve(*args)
        match_engine._run_check(check, args, out)
        return out

    return solve_and_check


def warm_up(engine: str = "auto") -> None:
    """Compile (or load from the cache) the draw and the engine kernel now, so batches do not pay for it."""
    market = build_market(MarketSpec(12, 6, seed=1, name="tiny"), (), ())
    run_batch(market, (), BatchTask(0, np.random.SeedSequence(0), 1), engine=engine)


def _odds_now(odds: FloatArray, u: float) -> tuple[FloatArray, FloatArray]:
    """Each program's chance of an interview and of a match at the common position ``u`` in its range."""
    if u < 0.5:
        t = 2.0 * u
        interview = odds[:, 0] + t * (odds[:, 1] - odds[:, 0])
        match = odds[:, 3] + t * (odds[:, 4] - odds[:, 3])
    else:
        t = 2.0 * u - 1.0
        interview = odds[:, 1] + t * (odds[:, 2] - odds[:, 1])
        match = odds[:, 4] + t * (odds[:, 5] - odds[:, 4])
    return interview, np.minimum(match, interview)


def run_batch(
    market: SimulationMarket, variants: Sequence[CompiledVariant], task: BatchTask, *, engine: str = "auto"
) -> BatchResult:
    """Run the ``task.runs`` draws of one batch for every variant (the first is the applicant's list).

    The random numbers of a run, in this order from ``default_rng(task.seed)``: the others' noise and keep
    draws (one per application), the common position ``u``, then per program the draw that decides whether it
    ranks the applicant and the place it gives. They do not depend on the variants, so adding a what-if never
    changes the others' results.
    """
    draw = _drawer(engine)
    solve = _solver(engine)
    rng = np.random.default_rng(task.seed)
    n_p = len(market.codes)
    n_o = len(market.o_ptr) - 1
    n_a = n_o + 1
    entries = market.entries
    a_couple = np.full(n_a, -1, dtype=np.int64)
    empty = np.zeros(0, dtype=np.int64)
    c_ptr = np.zeros(1, dtype=np.int64)
    rev_to = np.full(n_p, -1, dtype=np.int64)
    no_packed = np.zeros(0, dtype=np.int32)  # the engine's fast singles path is not used here
    matched = np.full((max(len(variants), 1), task.runs), -1, dtype=np.int32)
    supplemental = np.full_like(matched, -1)
    base_supp = len(market.so_ptr) - 1
    stopped = 0
    for run in range(task.runs):
        noise = rng.standard_normal(entries)
        keep_u = rng.random(entries)
        u = float(rng.random())
        decide = rng.random(n_p)
        place_u = rng.random(n_p)
        interview, match = _odds_now(market.odds, u)
        state = np.where(decide < match, 1, np.where(decide < interview, 2, 0)).astype(np.int64)
        a_ptr, a_prog, a_rank, a_supp, p_ptr, p_app, p_pos, s_ptr, s_prog, s_rank, focal_rank = draw(
            market.q_ptr, market.q_app, market.quality, noise, keep_u, state, place_u, market.quota,
            market.o_ptr, market.o_prog, market.o_q, market.o_supp, market.so_ptr, market.so_prog, market.so_q,
            DROP_SHARE, NOISE_SD,
        )  # fmt: skip
        for v, variant in enumerate(variants):
            mine = variant.primary[focal_rank[variant.primary] >= 0]
            ranks = focal_rank[mine]
            attached = variant.supp_of[mine]
            v_supp = np.where(attached >= 0, attached + base_supp, -1)
            v_pos = p_pos.copy()
            v_pos[p_ptr[mine] + ranks] = np.arange(len(mine), dtype=np.int64)
            extra_prog = [empty]
            extra_rank = [empty]
            ptr = [s_ptr]
            end = int(s_ptr[-1])
            for ranked in variant.supplemental:
                kept = ranked[focal_rank[ranked] >= 0]
                extra_prog.append(kept)
                extra_rank.append(focal_rank[kept])
                end += len(kept)
                ptr.append(np.array([end], dtype=np.int64))
            out = solve(
                np.append(a_ptr, a_ptr[-1] + len(mine)), np.concatenate((a_prog, mine)),
                np.concatenate((a_rank, ranks)), np.concatenate((a_supp, v_supp)), a_couple,
                p_ptr, p_app, v_pos, market.quota,
                np.concatenate(ptr), np.concatenate((s_prog, *extra_prog)), np.concatenate((s_rank, *extra_rank)),
                c_ptr, empty, empty, empty, empty, empty, empty, empty, empty,
                rev_to, empty, no_packed,
                _PROPOSALS_PER_ENTRY * (len(a_prog) + len(s_prog) + len(mine)) + 10_000, _MAX_ROUNDS,
            )  # fmt: skip
            matched[v, run] = out[0][n_o]
            supplemental[v, run] = out[1][n_o]
            stopped += int(out[5][3])
    return BatchResult(task.number, matched[: len(variants)], supplemental[: len(variants)], stopped)


# --- batches and results ------------------------------------------------------------------------------------


def batch_sizes(runs: int, entries: int) -> list[int]:
    """How ``runs`` are split into batches: about 2 million applications of work per batch (at most 250 runs,
    at least 1), so small markets make few large batches and large markets many small ones. Depends only on the
    runs and the market, never on the workers."""
    if runs < 1:
        raise InputError(f"The number of runs must be at least 1 (got {runs})")
    size = max(1, min(250, 2_000_000 // max(entries, 1)))
    full, rest = divmod(runs, size)
    return [size] * full + ([rest] if rest else [])


def batch_tasks(runs: int, seed: int, entries: int) -> list[BatchTask]:
    """The batches of a simulation, each with its own seed from ``SeedSequence(seed).spawn(...)``."""
    if seed < 0:
        raise InputError(f"The seed must be 0 or more (got {seed})")
    sizes = batch_sizes(runs, entries)
    seeds = np.random.SeedSequence(seed).spawn(len(sizes))
    return [BatchTask(number, child, size) for number, (child, size) in enumerate(zip(seeds, sizes, strict=True))]


def combine(results: Sequence[BatchResult]) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int32]]:
    """The batches' outcomes joined in batch order (whatever order they finished in): arrays of shape
    (variants, runs)."""
    ordered = sorted(results, key=lambda r: r.number)
    if [r.number for r in ordered] != list(range(len(ordered))):
        raise ValueError("batches are missing or repeated")
    return (
        np.concatenate([r.matched for r in ordered], axis=1),
        np.concatenate([r.supplemental for r in ordered], axis=1),
    )


def wilson_interval(successes: int, runs: int) -> Estimate:
    """The chance ``successes / runs`` with its 95% Wilson score interval (Wilson 1927)."""
    if runs <= 0:
        return Estimate(0.0, 0.0, 1.0)
    p = successes / runs
    z2 = Z95 * Z95
    centre = (p + z2 / (2 * runs)) / (1 + z2 / runs)
    half = Z95 * math.sqrt(p * (1 - p) / runs + z2 / (4 * runs * runs)) / (1 + z2 / runs)
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == runs else min(1.0, centre + half)
    return Estimate(p, low, high)


def paired_difference(variant: npt.NDArray[np.bool_], baseline: npt.NDArray[np.bool_]) -> Estimate:
    """The mean per-run difference of two 0/1 outcomes observed on the same draws, with a 95% normal interval
    (the interval of a difference under common random numbers is narrower than of two independent runs)."""
    d = variant.astype(np.float64) - baseline.astype(np.float64)
    n = len(d)
    if n == 0:
        return Estimate(0.0, 0.0, 0.0)
    mean = float(d.mean())
    sd = float(d.std(ddof=1)) if n > 1 else 0.0
    half = Z95 * sd / math.sqrt(n)
    return Estimate(mean, mean - half, mean + half)


def _variant_summary(
    market: SimulationMarket,
    variant: ListVariant,
    matched: npt.NDArray[np.int32],
    supplemental: npt.NDArray[np.int32],
    baseline: npt.NDArray[np.int32] | None,
) -> VariantSummary:
    runs = matched.shape[0]
    any_match = matched >= 0
    p_match = wilson_interval(int(any_match.sum()), runs)
    unmatched = wilson_interval(runs - int(any_match.sum()), runs)
    by_program = tuple(
        (code, wilson_interval(int((matched == market.index[code]).sum()), runs)) for code in variant.primary
    )
    supp_codes = tuple(dict.fromkeys(code for _, ranked in variant.supplemental for code in ranked))
    by_supp = tuple(
        (code, wilson_interval(int((supplemental == market.index[code]).sum()), runs)) for code in supp_codes
    )
    at_advanced = np.zeros(runs, dtype=np.bool_)
    matched_somewhere = matched >= 0
    at_advanced[matched_somewhere] = market.advanced[matched[matched_somewhere]]
    stranded = int((at_advanced & (supplemental < 0)).sum())
    difference = None
    changed = 0
    if baseline is not None:
        difference = paired_difference(any_match, baseline >= 0)
        changed = int((matched != baseline).sum())
    return VariantSummary(
        variant.name,
        variant.primary,
        p_match,
        unmatched,
        by_program,
        by_supp,
        wilson_interval(stranded, runs),
        difference,
        changed,
    )


def summarize(
    market: SimulationMarket,
    variants: Sequence[ListVariant],
    results: Sequence[BatchResult],
    *,
    seed: int,
) -> SimulationSummary:
    """Combine the batches (in order) and summarize every variant; the first variant is the applicant's list,
    the others are what-ifs compared with it run by run."""
    matched, supplemental = combine(results)
    runs = matched.shape[1]
    baseline = _variant_summary(market, variants[0], matched[0], supplemental[0], None)
    what_ifs = tuple(
        _variant_summary(market, variant, matched[v], supplemental[v], matched[0])
        for v, variant in enumerate(variants)
        if v > 0
    )
    return SimulationSummary(
        runs=runs,
        seed=seed,
        market=market.spec,
        applicants=market.applicants,
        programs=len(market.codes),
        positions=int(market.quota.sum()),
        batches=len(results),
        stopped=sum(r.stopped for r in results),
        baseline=baseline,
        what_ifs=what_ifs,
    )


@dataclass(frozen=True, slots=True)
class SimulationJob:
    """What every batch of one simulation shares (sent once to each worker): the market, the compiled list
    variants (the applicant's list first) and the engine to use."""

    market: SimulationMarket
    variants: tuple[CompiledVariant, ...]
    engine: str = "auto"


def run_task(job: SimulationJob, task: BatchTask) -> BatchResult:
    """Run one batch of ``job`` (the function executors send to their workers)."""
    return run_batch(job.market, job.variants, task, engine=job.engine)
