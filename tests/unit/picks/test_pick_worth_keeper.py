"""``make_pick`` works out a program's worth once per combination of the facts the profile's preferences read
(the interest when given, else the kind of position and only the state, setting, program type and fellowships
some preference asks about): every program's worth, its value and its words, is :func:`program_worth`'s for
that program, whichever preferences a profile has, on a 5,000-program sheet with interests given to some."""

from __future__ import annotations

import dataclasses
import random
from datetime import date

import pytest

from matchpilot.demo.generator import generate_demo
from matchpilot.domain.geography import Setting
from matchpilot.domain.program import ProgramType
from matchpilot.pick.make import _worth_keeper
from matchpilot.pick.worth import program_worth

from support.sheets import demo_programs

_AS_OF = date(2026, 12, 1)

PREFERENCES = {
    "none": {},
    "states": {"preferred_states": ("NY", "NJ", "PA", "IL")},
    "avoided": {"avoid_states": ("TX", "NY")},
    "divisions": {"preferred_divisions": ("Middle Atlantic", "Pacific")},
    "setting": {"preferred_setting": Setting.URBAN},
    "types": {"preferred_program_types": (ProgramType.UNIVERSITY,)},
    "fellowships": {"wanted_fellowships": ("SCI", "pain")},
    "all": {
        "preferred_states": ("CA", "MA"),
        "avoid_states": ("CA",),
        "preferred_divisions": ("New England",),
        "preferred_setting": Setting.RURAL,
        "preferred_program_types": (ProgramType.COMMUNITY, ProgramType.UNIVERSITY),
        "wanted_fellowships": ("sports",),
    },
}


@pytest.mark.parametrize("name", sorted(PREFERENCES))
def test_each_programs_worth_is_program_worths(name: str) -> None:
    rng = random.Random(name)
    programs = [
        dataclasses.replace(p, interest=rng.choice([1, 3, 5, 2.5, 4.0])) if rng.random() < 0.1 else p
        for p in demo_programs(5_000, _AS_OF)
    ]
    profile = None if name == "none" else dataclasses.replace(generate_demo(as_of=_AS_OF).profile, **{
        "preferred_states": (), "avoid_states": (), "preferred_divisions": (), "preferred_setting": None,
        "preferred_program_types": (), "wanted_fellowships": (), **PREFERENCES[name],
    })  # fmt: skip
    worth = _worth_keeper(profile)
    moved = 0
    for program in programs:
        for category in ("pmr", "prelim", "transitional", "other"):
            kept = worth(program, category)
            expected = program_worth(program, category, profile)
            assert (kept.value, kept.source, kept.steps) == (expected.value, expected.source, expected.steps)
            assert type(kept.value) is type(expected.value) and kept.explanation == expected.explanation
            moved += bool(expected.steps)
    if name != "none":
        assert moved > 100  # the preferences move some programs' worth
