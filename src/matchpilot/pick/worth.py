"""What a match at a program is worth to you (pure): your interest (1-5) when you gave it, else the default of
its kind of position adjusted by the preferences of your profile, each step said in words.

A stated preference changes the **worth** of a program to you, never the chance of an interview there: a
program does not see which Census division or setting you prefer. (Only your preferred *states* also count in
the chances model, as a sign of ties a program can see; see ``chances/weights.toml``, ``[geography]``.)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from matchpilot.domain.geography import division_of
from matchpilot.domain.profile import Profile
from matchpilot.domain.program import Program
from matchpilot.pick.limits import DEFAULT_UTILITY

__all__ = ["HIGHEST_WORTH", "LOWEST_WORTH", "PREFERENCE_STEPS", "Worth", "program_worth"]

LOWEST_WORTH, HIGHEST_WORTH = 1.0, 5.0
"""The interest scale a worth stays on."""

PREFERENCE_STEPS: Mapping[str, float] = MappingProxyType(
    {"place": 1.0, "avoided_state": -1.0, "setting": 0.5, "program_type": 0.5, "fellowship": 0.5}
)
"""How much each preference met moves the default worth — an assumption, the same for everyone: a program in a
state or Census division you prefer +1 (once, not once per match), in a state you would rather avoid -1, in the
setting you prefer (urban, suburban, rural: the sheet's ``setting`` column) +0.5, of a program type you prefer
+0.5, offering a fellowship you want +0.5; the result stays within 1-5. Your interest in the sheet's
``interest`` column overrides it all."""


@dataclass(frozen=True, slots=True)
class Worth:
    """What a match at a program is worth (``value``, 1-5) and why, in words: ``source`` the starting point
    (your interest, or the default of its kind of position), ``steps`` each preference that moved it."""

    value: float
    source: str
    steps: tuple[str, ...] = ()

    @property
    def explanation(self) -> str:
        """The whole rule in one sentence: "worth 4 of 5: the default for pmr is 3; +1 because ..."."""
        if not self.steps:
            return self.source
        return f"worth {self.value:g} of 5: {self.source}; " + "; ".join(self.steps)


def _wanted_fellowship(wanted: tuple[str, ...], offered: tuple[str, ...]) -> str | None:
    for want in wanted:
        key = want.casefold()
        for fellowship in offered:
            if key in fellowship.casefold() or fellowship.casefold() in key:
                return fellowship
    return None


def program_worth(program: Program, category: str, profile: Profile | None) -> Worth:
    """The worth of a match at ``program`` (whose kind of position is ``category``) for ``profile``: the
    program's interest when the sheet gives it, else :data:`DEFAULT_UTILITY` of the category moved by the steps
    of :data:`PREFERENCE_STEPS` for each preference of ``profile`` the program meets (a fact the sheet does not
    give moves nothing)."""
    if program.interest is not None:
        return Worth(float(program.interest), f"your interest {program.interest} of 5")
    base = DEFAULT_UTILITY[category]
    source = f"no interest given: counted as {base:g} of 5 (the default for {category})"
    if profile is None:
        return Worth(base, source)
    steps: list[tuple[float, str]] = []
    state = program.state.upper() if program.state else None
    division = division_of(state)
    if state is not None and state in profile.preferred_states:
        steps.append((PREFERENCE_STEPS["place"], f"it is in {state}, one of your preferred states"))
    elif division is not None and division in profile.preferred_divisions:
        steps.append((PREFERENCE_STEPS["place"], f"it is in your preferred division, {division}"))
    if state is not None and state in profile.avoid_states:
        steps.append((PREFERENCE_STEPS["avoided_state"], f"it is in {state}, a state you would rather avoid"))
    if program.setting is not None and program.setting is profile.preferred_setting:
        steps.append((PREFERENCE_STEPS["setting"], f"its setting is {program.setting.value}, as you prefer"))
    if program.program_type is not None and program.program_type in profile.preferred_program_types:
        steps.append((PREFERENCE_STEPS["program_type"], f"it is a {program.program_type.value} program, as you prefer"))
    offered = _wanted_fellowship(profile.wanted_fellowships, program.fellowships)
    if offered is not None:
        steps.append((PREFERENCE_STEPS["fellowship"], f"it offers a fellowship you want ({offered})"))
    if not steps:
        return Worth(base, source)
    total = base + sum(step for step, _ in steps)
    value = min(HIGHEST_WORTH, max(LOWEST_WORTH, total))
    words = [f"{step:+g} because {why}" for step, why in steps]
    if value != total:
        words.append(f"kept within 1-5 (it would be {total:g})")
    return Worth(value, f"the default for {category} is {base:g}", tuple(words))
