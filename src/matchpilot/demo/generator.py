"""A seeded generator of a fictional residency market for PM&R applicants, and a fictional demo applicant.

Nothing here is real: institutions, cities and program codes are invented, every program name ends in
``" (fictional)"``, and the mixes (visa sponsorship, IMG share, cutoffs, unknowns) are plausible shapes, not
figures from the NRMP or any other source (``domain/RULES.md``, "Data licensing").

The generator is pure: all randomness comes from one ``random.Random(seed)`` created inside
``generate_demo``, the date is passed in, and nothing iterates over a set, so the same seed gives the same
data on every run and under any ``PYTHONHASHSEED``.

Codes look like NRMP program codes: a 4-digit institution number, a 3-digit specialty part (340 PM&R,
140 internal medicine, 440 surgery, 999 transitional year, 120 family medicine, 180 neurology, 400
psychiatry), the track letter of ``Track.letter`` (C, A, P, T, R) and a digit.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta
from types import MappingProxyType
from typing import Final

from matchpilot.domain import (
    ApplicantType,
    Emphasis,
    Profile,
    Program,
    ProgramType,
    Provenance,
    Step3Status,
    Target,
    Track,
    VisaNeed,
)
from matchpilot.domain.geography import Setting

__all__ = [
    "DEMO_SEED",
    "DEMO_SOURCE",
    "FELLOWSHIPS",
    "FICTIONAL_SUFFIX",
    "DemoData",
    "demo_profile",
    "further_programs",
    "generate_demo",
]

DEMO_SEED: Final = 2027
"""The seed of the demo data that ``matchpilot demo`` loads."""

FICTIONAL_SUFFIX: Final = " (fictional)"
"""Every generated program name (and the demo applicant's name) ends with this."""

DEMO_SOURCE: Final = "demo generator (fictional)"
"""The row-level ``source`` of every generated program."""

PMR: Final = "PM&R"
INTERNAL_MEDICINE: Final = "Internal Medicine"
SURGERY: Final = "Surgery"
TRANSITIONAL_YEAR: Final = "Transitional Year"
FAMILY_MEDICINE: Final = "Family Medicine"
NEUROLOGY: Final = "Neurology"
PSYCHIATRY: Final = "Psychiatry"

_SPECIALTY_CODES: Final[dict[str, str]] = {
    PMR: "340",
    INTERNAL_MEDICINE: "140",
    SURGERY: "440",
    TRANSITIONAL_YEAR: "999",
    FAMILY_MEDICINE: "120",
    NEUROLOGY: "180",
    PSYCHIATRY: "400",
}

_PROGRAM_LABELS: Final[dict[tuple[str, Track], str]] = {
    (PMR, Track.CATEGORICAL): "Physical Medicine and Rehabilitation",
    (PMR, Track.ADVANCED): "Physical Medicine and Rehabilitation",
    (PMR, Track.PHYSICIAN): "Physical Medicine and Rehabilitation",
    (INTERNAL_MEDICINE, Track.PRELIMINARY): "Internal Medicine (Preliminary)",
    (SURGERY, Track.PRELIMINARY): "Surgery (Preliminary)",
    (TRANSITIONAL_YEAR, Track.TRANSITIONAL): "Transitional Year",
    (INTERNAL_MEDICINE, Track.CATEGORICAL): "Internal Medicine",
    (FAMILY_MEDICINE, Track.CATEGORICAL): "Family Medicine",
    (NEUROLOGY, Track.CATEGORICAL): "Neurology",
    (PSYCHIATRY, Track.CATEGORICAL): "Psychiatry",
}

FELLOWSHIPS: Final[tuple[str, ...]] = (
    "pain",
    "sports",
    "SCI",
    "TBI",
    "pediatric rehab",
    "neuromuscular",
    "cancer rehab",
)
"""In-house PM&R fellowships the generator draws from, in the order they are listed."""

# Relative weights of states, shaped like the spread of residency programs (many in the large states).
_STATE_WEIGHTS: Final[tuple[tuple[str, float], ...]] = (
    ("NY", 12.0),
    ("CA", 9.0),
    ("TX", 7.0),
    ("PA", 7.0),
    ("FL", 5.0),
    ("IL", 5.0),
    ("OH", 5.0),
    ("MI", 5.0),
    ("NJ", 4.0),
    ("MA", 4.0),
    ("NC", 2.8),
    ("MD", 2.3),
    ("GA", 2.3),
    ("CT", 2.0),
    ("VA", 2.0),
    ("MO", 2.0),
    ("TN", 2.0),
    ("WI", 1.8),
    ("MN", 1.5),
    ("IN", 1.5),
    ("LA", 1.5),
    ("DC", 1.2),
    ("KY", 1.2),
    ("AL", 1.2),
    ("SC", 1.2),
    ("CO", 1.2),
    ("WA", 1.2),
    ("AZ", 1.2),
    ("PR", 0.8),
    ("WV", 0.8),
    ("OK", 0.8),
    ("KS", 0.7),
    ("IA", 0.7),
    ("UT", 0.6),
    ("NE", 0.6),
    ("AR", 0.6),
    ("OR", 0.6),
    ("RI", 0.6),
    ("MS", 0.5),
    ("NV", 0.5),
    ("NM", 0.4),
    ("NH", 0.3),
    ("VT", 0.3),
    ("ME", 0.3),
    ("DE", 0.3),
    ("HI", 0.3),
    ("SD", 0.2),
    ("ND", 0.2),
    ("ID", 0.2),
    ("MT", 0.1),
    ("WY", 0.1),
    ("AK", 0.1),
)
_STATES: Final = tuple(state for state, _ in _STATE_WEIGHTS)
_STATE_CUM_WEIGHTS: Final = tuple(sum(w for _, w in _STATE_WEIGHTS[: i + 1]) for i in range(len(_STATE_WEIGHTS)))

_CITY_PREFIXES: Final = (
    "Alder",
    "Amber",
    "Ash",
    "Birch",
    "Bracken",
    "Bramble",
    "Cedar",
    "Clover",
    "Copper",
    "Crane",
    "Elder",
    "Fern",
    "Finch",
    "Hazel",
    "Heather",
    "Heron",
    "Juniper",
    "Kestrel",
    "Lark",
    "Laurel",
    "Linden",
    "Marble",
    "Moss",
    "Myrtle",
    "Osprey",
    "Pebble",
    "Quill",
    "Raven",
    "Rowan",
    "Sable",
    "Saffron",
    "Sorrel",
    "Sparrow",
    "Tamarack",
    "Tansy",
    "Thistle",
    "Verbena",
    "Wren",
    "Yarrow",
)
_CITY_SUFFIXES: Final = (
    "mere",
    "wick",
    "haven",
    "crest",
    "holt",
    "stead",
    "combe",
    "ford",
    "field",
    "ridge",
    "view",
    "ton",
    "port",
    "bury",
    " Falls",
    " Springs",
    " Hollow",
    " Landing",
    " Crossing",
    " Bluff",
)
# Combinations that are, or sound too much like, real places or institutions.
_AVOID_CITY_NAMES: Final = frozenset(
    {"Ashford", "Ashton", "Ashview", "Cedar Falls", "Cedar Springs", "Copperfield", "Ashfield", "Sparrows Point"}
)

_INSTITUTION_PATTERNS: Final[dict[ProgramType, tuple[str, ...]]] = {
    ProgramType.UNIVERSITY: (
        "University of {city}",
        "{city} University Medical Center",
        "{city} University Hospital",
        "{city} College of Medicine",
    ),
    ProgramType.COMMUNITY_UNIVERSITY: (
        "{city} Medical Center",
        "{city} Health System",
        "{city} Rehabilitation Institute",
        "{city} Health Sciences Center",
    ),
    ProgramType.COMMUNITY: (
        "{city} Community Hospital",
        "{city} Regional Medical Center",
        "{city} General Hospital",
        "{city} Valley Hospital",
    ),
    ProgramType.MILITARY: ("{city} Military Medical Center",),
}

_ROW_FACT_SOURCES: Final = (
    "program website (fictional)",
    "phone call (fictional)",
    "email from program coordinator (fictional)",
)

_NOTES: Final = (
    "Interview invitations came by email in October (fictional note).",
    "Coordinator said they review applications holistically (fictional note).",
    "Residents mentioned a strong inpatient rehab unit (fictional note).",
    "Asked about visas at a virtual open house (fictional note).",
    "Prefers US letters of recommendation (fictional note).",
    "Program director is new this year (fictional note).",
)


@dataclass(frozen=True, slots=True)
class DemoData:
    """The fictional demo market: its programs (ordered by code) and a demo applicant's profile."""

    programs: tuple[Program, ...]
    profile: Profile


def generate_demo(seed: int = DEMO_SEED, *, as_of: date) -> DemoData:
    """Generate the fictional demo market and applicant.

    Takes a ``seed`` (the same seed gives the same data) and ``as_of``, the day the data is "as of": every
    ``checked_on`` lies within about 18 months before it, so some rows are stale (checked more than 12 months
    before). Returns a ``DemoData`` with about 110 PM&R programs (categorical, advanced, physician), about
    160 PGY-1 programs (preliminary internal medicine and surgery, transitional year) and about 40 categorical
    programs of other specialties, ordered by code, and the profile of ``demo_profile(as_of=as_of)``.

    Steps: plan PM&R programs institution by institution (many offer both a categorical and an advanced
    track; some advanced tracks have a linked PGY-1), then PGY-1 programs (first at the institutions with a
    linked PGY-1, then at PM&R institutions and new hospitals), then other specialties; then draw each
    program's facts from its institution's (visa policy, openness to IMGs, type, VA) with per-program
    variation, cutoffs some programs state, unknowns and provenance.
    """
    market = _Market(random.Random(seed), as_of, places=random.Random(f"setting-{seed}"))
    market.plan_pmr(market.rng.randint(104, 116))
    market.plan_pgy1(market.rng.randint(150, 170))
    market.plan_other(market.rng.randint(36, 44))
    programs = [market.program(plan) for plan in market.plans]
    programs.sort(key=lambda program: program.code)
    return DemoData(programs=tuple(programs), profile=demo_profile(as_of=as_of))


def demo_profile(*, as_of: date) -> Profile:
    """The fictional demo applicant: a non-US IMG who needs a J-1, graduated three years before ``as_of``."""
    return Profile(
        name=f"Demo Applicant{FICTIONAL_SUFFIX}",
        applicant_type=ApplicantType.NON_US_IMG,
        aamc_id="12345678",  # fictional
        graduation_year=as_of.year - 3,
        ecfmg_certified=True,
        step1="pass",
        step2_ck=238,
        step3=Step3Status.NONE,
        exam_failures=0,
        visa_need=VisaNeed.J1,
        usce_months=5.0,
        usce_pmr_months=2.0,
        observership_months=3.0,
        research_items=4,
        pmr_research_items=1,
        letters=("pmr", "pmr", "internal_medicine", "neurology"),
        languages=("English", "Arabic", "French"),
        preferred_states=("NY", "NJ", "PA", "IL"),
        avoid_states=(),
        goals=("neurorehabilitation", "spinal cord injury"),
        targets=(Target.PMR, Target.PRELIM, Target.TRANSITIONAL),
    )


_POSITION_RANGES: Final[dict[tuple[str, Track], tuple[int, int]]] = {
    (PMR, Track.CATEGORICAL): (1, 6),
    (PMR, Track.ADVANCED): (2, 12),
    (PMR, Track.PHYSICIAN): (1, 2),
    (INTERNAL_MEDICINE, Track.PRELIMINARY): (3, 12),
    (SURGERY, Track.PRELIMINARY): (2, 10),
    (TRANSITIONAL_YEAR, Track.TRANSITIONAL): (4, 12),
    (INTERNAL_MEDICINE, Track.CATEGORICAL): (6, 12),
    (FAMILY_MEDICINE, Track.CATEGORICAL): (4, 10),
    (NEUROLOGY, Track.CATEGORICAL): (2, 8),
    (PSYCHIATRY, Track.CATEGORICAL): (3, 10),
}

_SETTING_WEIGHTS: Final[dict[ProgramType, tuple[int, int, int]]] = {  # urban, suburban, rural
    ProgramType.UNIVERSITY: (70, 25, 5),
    ProgramType.COMMUNITY_UNIVERSITY: (45, 40, 15),
    ProgramType.COMMUNITY: (25, 45, 30),
    ProgramType.MILITARY: (30, 60, 10),
}

_PGY1_KINDS: Final[tuple[tuple[str, Track], ...]] = (
    (INTERNAL_MEDICINE, Track.PRELIMINARY),
    (SURGERY, Track.PRELIMINARY),
    (TRANSITIONAL_YEAR, Track.TRANSITIONAL),
)
_OTHER_SPECIALTIES: Final = (INTERNAL_MEDICINE, FAMILY_MEDICINE, NEUROLOGY, PSYCHIATRY)


@dataclass(frozen=True, slots=True)
class _Institution:
    """A fictional sponsoring institution; the facts its programs share start here."""

    number: int
    name: str
    city: str
    state: str
    program_type: ProgramType
    va_affiliated: bool
    img_openness: float  # 0..1, how open the institution is to IMGs
    sponsors_j1: bool
    sponsors_h1b: bool
    fellowships: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Plan:
    """A program to generate: where, which specialty and track, and (advanced only) a linked PGY-1."""

    institution: _Institution
    specialty: str
    track: Track
    linked_pgy1: bool | None = None


class _Market:
    """Plans and then fills in the market from one random stream."""

    def __init__(self, rng: random.Random, as_of: date, *, places: random.Random | None = None) -> None:
        self.rng = rng
        # a stream of its own for each city's setting, so adding it changed none of the other facts
        self.places = places if places is not None else random.Random(0)
        self.settings: dict[tuple[str, str], Setting] = {}
        self.as_of = as_of
        self.numbers = rng.sample(range(1000, 4000), 1000)
        self.cities_by_state: dict[str, list[str]] = {}
        self.used_cities: dict[str, None] = {}
        self.institutions: list[_Institution] = []
        self.institution_names: dict[str, None] = {}
        self.planned: dict[tuple[int, str, Track], None] = {}
        self.plans: list[_Plan] = []

    # -- planning ------------------------------------------------------------------------------------------

    def plan_pmr(self, target: int) -> None:
        """Plan ``target`` PM&R programs: institutions offer C, A or both; a few of them also an R track."""
        rng = self.rng
        physician = rng.randint(3, 9)
        count = 0
        institutions: list[_Institution] = []
        while count < target - physician:
            inst = self._institution((0.45, 0.3, 0.22, 0.03), pmr=True)
            institutions.append(inst)
            draw = rng.random()
            tracks = (
                [Track.CATEGORICAL]
                if draw < 0.38
                else [Track.ADVANCED]
                if draw < 0.58
                else [Track.CATEGORICAL, Track.ADVANCED]
            )
            for track in tracks[: target - physician - count]:
                linked = (rng.random() < 0.4) if track is Track.ADVANCED else None
                count += self._plan(_Plan(inst, PMR, track, linked))
        for inst in rng.sample(institutions, min(physician, len(institutions))):
            count += self._plan(_Plan(inst, PMR, Track.PHYSICIAN))

    def plan_pgy1(self, target: int) -> None:
        """Plan ``target`` PGY-1 programs: first where an advanced PM&R track has a linked PGY-1."""
        rng = self.rng
        count = 0
        pmr_hosts = [plan.institution for plan in self.plans if plan.linked_pgy1]
        for inst in pmr_hosts:
            if count >= target:
                return
            kind = _PGY1_KINDS[0] if rng.random() < 0.7 else _PGY1_KINDS[2]
            count += self._plan(_Plan(inst, *kind))
        pmr_institutions = list(self.institutions)
        while count < target:
            if rng.random() < 0.25:
                inst = rng.choice(pmr_institutions)
                if inst.program_type is ProgramType.MILITARY:
                    continue
                kinds = 1
            else:
                inst = self._institution((0.22, 0.35, 0.43, 0.0), pmr=False)
                kinds = rng.choices((1, 2, 3), weights=(6, 3, 1))[0]
            for kind in rng.sample(_PGY1_KINDS, kinds)[: target - count]:
                if kind[0] == SURGERY and rng.random() < 0.3:  # fewer surgery prelims than medicine ones
                    kind = _PGY1_KINDS[0]
                count += self._plan(_Plan(inst, *kind))

    def plan_other(self, target: int) -> None:
        """Plan ``target`` categorical programs of other specialties (medicine, family, neurology, psychiatry)."""
        rng = self.rng
        count = 0
        while count < target:
            if rng.random() < 0.5:
                inst = rng.choice(self.institutions)
            else:
                inst = self._institution((0.3, 0.33, 0.35, 0.02), pmr=False)
            specialty = rng.choices(_OTHER_SPECIALTIES, weights=(0.35, 0.3, 0.15, 0.2))[0]
            count += self._plan(_Plan(inst, specialty, Track.CATEGORICAL))

    def _plan(self, plan: _Plan) -> bool:
        key = (plan.institution.number, plan.specialty, plan.track)
        if key in self.planned:
            return False
        self.planned[key] = None
        self.plans.append(plan)
        return True

    def _city(self, state: str) -> str:
        pool = self.cities_by_state.setdefault(state, [])
        if pool and self.rng.random() < 0.45:
            return self.rng.choice(pool)
        name = ""
        for _ in range(200):
            name = self.rng.choice(_CITY_PREFIXES) + self.rng.choice(_CITY_SUFFIXES)
            if name not in self.used_cities and name not in _AVOID_CITY_NAMES:
                break
        else:  # pragma: no cover - 780 combinations, a few hundred at most are needed
            name = f"{name} Heights"
        self.used_cities[name] = None
        pool.append(name)
        return name

    def _institution(self, type_weights: tuple[float, float, float, float], *, pmr: bool) -> _Institution:
        """A new institution; ``type_weights`` weigh university, community-university, community, military."""
        rng = self.rng
        program_type = rng.choices(
            (ProgramType.UNIVERSITY, ProgramType.COMMUNITY_UNIVERSITY, ProgramType.COMMUNITY, ProgramType.MILITARY),
            weights=type_weights,
        )[0]
        state, city, name = "", "", ""
        for _ in range(100):
            state = rng.choices(_STATES, cum_weights=_STATE_CUM_WEIGHTS)[0]
            city = self._city(state)
            name = rng.choice(_INSTITUTION_PATTERNS[program_type]).format(city=city)
            if name not in self.institution_names:
                break
        else:  # pragma: no cover - practically unreachable
            name = f"{name} East"
        self.institution_names[name] = None
        if program_type is ProgramType.MILITARY:
            openness, j1, h1b, va = 0.0, False, False, False
        else:
            alpha, beta, va_chance = {
                ProgramType.UNIVERSITY: (0.9, 11.0, 0.7),
                ProgramType.COMMUNITY_UNIVERSITY: (1.3, 4.5, 0.45),
                ProgramType.COMMUNITY: (2.6, 2.2, 0.15),
            }[program_type]
            openness = rng.betavariate(alpha, beta)
            j1 = rng.random() < 0.47 + 0.8 * min(openness, 0.5)
            h1b = rng.random() < ((0.24 + 0.2 * openness) if j1 else 0.08)
            va = rng.random() < va_chance
        fellowships: tuple[str, ...] = ()
        if pmr:
            counts = {
                ProgramType.UNIVERSITY: (1, 2, 3, 2, 1),
                ProgramType.COMMUNITY_UNIVERSITY: (3, 3, 2, 1, 0),
                ProgramType.COMMUNITY: (6, 3, 1, 0, 0),
                ProgramType.MILITARY: (2, 2, 1, 0, 0),
            }[program_type]
            chosen = rng.sample(FELLOWSHIPS, rng.choices(range(5), weights=counts)[0])
            fellowships = tuple(f for f in FELLOWSHIPS if f in chosen)
        inst = _Institution(
            number=self.numbers[len(self.institutions)],
            name=name,
            city=city,
            state=state,
            program_type=program_type,
            va_affiliated=va,
            img_openness=openness,
            sponsors_j1=j1,
            sponsors_h1b=h1b,
            fellowships=fellowships,
        )
        self.institutions.append(inst)
        return inst

    # -- facts ---------------------------------------------------------------------------------------------

    def _setting(self, inst: _Institution) -> Setting | None:
        """The setting of the institution's city (drawn once per city, leaning on the first institution's type),
        left unknown for about one program in eight."""
        key = (inst.state, inst.city)
        if key not in self.settings:
            weights = _SETTING_WEIGHTS[inst.program_type]
            self.settings[key] = self.places.choices((Setting.URBAN, Setting.SUBURBAN, Setting.RURAL), weights)[0]
        return None if self.places.random() < 0.12 else self.settings[key]

    def _hide(self, chance: float) -> bool:
        """True when a known fact should be left unknown (the applicant has not found it out yet)."""
        return self.rng.random() < chance

    def _days_ago(self, most: int) -> date:
        return self.as_of - timedelta(days=self.rng.randint(0, most))

    def program(self, plan: _Plan) -> Program:
        """Every fact of one planned program, with unknowns and provenance."""
        rng = self.rng
        inst = plan.institution
        is_pmr = plan.specialty == PMR
        university = inst.program_type is ProgramType.UNIVERSITY
        community = inst.program_type is ProgramType.COMMUNITY
        military = inst.program_type is ProgramType.MILITARY
        digit = rng.choices((0, 1, 2), weights=(8, 1, 1))[0]
        code = f"{inst.number:04d}{_SPECIALTY_CODES[plan.specialty]}{plan.track.letter}{digit}"

        # Visa policy is the institution's, with a few programs that differ from it.
        j1: bool | None = inst.sponsors_j1 if rng.random() > 0.06 else not inst.sponsors_j1
        h1b: bool | None = inst.sponsors_h1b if rng.random() > 0.05 else (bool(j1) and not inst.sponsors_h1b)
        if military:
            j1, h1b = False, False
        step3: bool | None = (rng.random() < 0.75) if h1b else None

        shift = {Track.PRELIMINARY: 9.0 if plan.specialty == INTERNAL_MEDICINE else 5.0, Track.TRANSITIONAL: -4.0}
        img: float | None = 0.0
        if not military:
            share = inst.img_openness * 100 + shift.get(plan.track, 0.0 if is_pmr else 3.0) + rng.gauss(0, 5)
            img = float(max(0, min(100, round(share))))

        min_step2: int | None = None
        if rng.random() < (0.35 if university else 0.22):
            weights = (1.0, 2.0, 3.0, 3.0, 2.0, 1.0) if university else (2.0, 3.0, 3.0, 2.0, 1.0, 0.5)
            min_step2 = rng.choices((210, 215, 220, 225, 230, 235), weights=weights)[0]
        max_years: int | None = None
        if rng.random() < (0.32 if community else 0.18):
            max_years = rng.choices((3, 5, 7), weights=(3, 5, 2))[0]
        usce: bool | None = None
        if rng.random() < 0.5:
            usce = rng.random() < (0.7 if community else 0.5)

        emphasis: Emphasis | None = None
        if is_pmr:
            emphasis = rng.choices((Emphasis.INPATIENT, Emphasis.OUTPATIENT, Emphasis.BALANCED), (35, 20, 45))[0]
        linked = plan.linked_pgy1
        positions: int | None = rng.randint(*_POSITION_RANGES[(plan.specialty, plan.track)])
        program_type: ProgramType | None = inst.program_type
        va: bool | None = inst.va_affiliated
        interest = rng.randint(1, 5) if rng.random() < 0.06 else None
        notes = rng.choice(_NOTES) if rng.random() < 0.1 else None

        # Unknowns: facts the applicant has not found out yet (10-20% of each).
        if self._hide(0.15):
            j1 = None
        if self._hide(0.16):
            h1b, step3 = None, None
        if step3 is not None and self._hide(0.12):
            step3 = None
        if self._hide(0.18):
            img = None
        if self._hide(0.1):
            program_type = None
        if self._hide(0.14):
            va = None
        if emphasis is not None and self._hide(0.16):
            emphasis = None
        if linked is not None and self._hide(0.15):
            linked = None
        if self._hide(0.1):
            positions = None
        if linked:
            notes = "Linked PGY-1 at the same institution (joint A/P) (fictional note)."

        provenance: dict[str, Provenance] = {}
        if j1 is not None and rng.random() < 0.25:
            provenance["visa_j1"] = Provenance(rng.choice(_ROW_FACT_SOURCES), self._days_ago(240))
        if h1b is not None and rng.random() < 0.1:
            provenance["visa_h1b"] = Provenance(rng.choice(_ROW_FACT_SOURCES), self._days_ago(300))
        if img is not None and rng.random() < 0.1:
            provenance["img_share"] = Provenance("program website (fictional)", self._days_ago(450))
        if min_step2 is not None and rng.random() < 0.15:
            provenance["min_step2"] = Provenance("program website (fictional)", self._days_ago(400))

        return Program(
            code=code,
            name=f"{inst.name}, {_PROGRAM_LABELS[(plan.specialty, plan.track)]}{FICTIONAL_SUFFIX}",
            specialty=plan.specialty,
            track=plan.track,
            institution=inst.name,
            city=inst.city,
            state=inst.state,
            setting=self._setting(inst),
            positions=positions,
            visa_j1=j1,
            visa_h1b=h1b,
            img_share=img,
            program_type=program_type,
            va_affiliated=va,
            linked_pgy1=linked,
            emphasis=emphasis,
            fellowships=inst.fellowships if is_pmr else (),
            min_step2=min_step2,
            max_years_since_graduation=max_years,
            usce_required=usce,
            step3_for_h1b=step3,
            interest=interest,
            notes=notes,
            source=DEMO_SOURCE,
            checked_on=self._days_ago(548),  # about 18 months, so some rows are stale (over 12 months old)
            provenance=MappingProxyType(provenance),
        )


def further_programs(count: int, *, as_of: date) -> list[Program]:
    """``count`` fictional programs from further seeds of the demo generator (1, 2, ...), renumbered so their codes
    never clash with the demo's (institution numbers from 4000 up; the demo uses 1000-3999): a sheet larger than
    the demo's for load and speed measurements. ValueError when the codes' 4-digit institution numbers run out."""
    found: list[Program] = []
    number, seed = 4000, 1
    while len(found) < count:
        renumbered: dict[str, str] = {}
        for program in generate_demo(seed, as_of=as_of).programs:
            institution = program.code[:4]
            if institution not in renumbered:
                renumbered[institution] = str(number)
                number += 1
            found.append(replace(program, code=renumbered[institution] + program.code[4:]))
        if number > 9999:
            raise ValueError(f"{count} programs are too many: program codes have 4-digit institution numbers")
        seed += 1
    return found[:count]
