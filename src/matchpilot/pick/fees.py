"""ERAS fees: the tiers in force for one Match year, and the specialty an application is counted in (pure).

ERAS fees are charged per specialty by tier (US$11 for each of programs 1-30, US$30 beyond, in the 2025-26
season). A portfolio's fee therefore depends on how many programs of each specialty it holds, not on which.
"""

from __future__ import annotations

from dataclasses import dataclass

from matchpilot.chances import is_pmr_specialty
from matchpilot.domain.program import Program
from matchpilot.domain.rules import FeeTier, eras_fee_total

__all__ = ["FeeSchedule", "fee_group"]


@dataclass(frozen=True, slots=True)
class FeeSchedule:
    """The ERAS fee tiers in force for one Match year, with their citation.

    ``note`` warns when the tiers are applied more than a year after they were checked.
    """

    tiers: tuple[FeeTier, ...]
    match_year: int
    citation: str
    note: str = ""

    def total(self, programs: int) -> int:
        """The fee in US$ for ``programs`` applications in one specialty."""
        return eras_fee_total(self.tiers, programs)

    def price(self, position: int) -> int:
        """The fee in US$ of the ``position``-th application (1-based) in one specialty."""
        return self.total(position) - self.total(position - 1)

    def describe(self) -> str:
        """The tiers in words: ``US$11 for programs 1-30, US$30 from program 31 (per specialty)``."""
        parts = [
            f"US${t.usd} for programs {t.first}-{t.last}"
            if t.last is not None
            else f"US${t.usd} from program {t.first}"
            for t in self.tiers
        ]
        return ", ".join(parts) + " (per specialty)"


def fee_group(program: Program) -> str:
    """The specialty ERAS counts an application in: ``PM&R`` for any spelling of it, else the specialty as
    written (compared without case)."""
    return "PM&R" if is_pmr_specialty(program.specialty) else " ".join(program.specialty.split()).casefold()
