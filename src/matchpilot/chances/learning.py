"""Learning from outcomes: update the strength belief from recorded outcomes, re-estimate, explain the change."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from matchpilot.chances.cohort import CohortTerm
from matchpilot.chances.estimate import estimate_all
from matchpilot.chances.model import Interval, Outcome, ProgramChance
from matchpilot.chances.rules import signal_tiers
from matchpilot.chances.strength import StrengthBelief, prior_belief, update_strength
from matchpilot.chances.weights import Weights
from matchpilot.domain.evidence import H1bEvidence
from matchpilot.domain.issues import Issue, Severity
from matchpilot.domain.profile import Profile
from matchpilot.domain.program import Program

__all__ = ["Evidence", "Outlook", "OutlookChange", "ProgramDelta", "explain_change", "outlook"]


@dataclass(frozen=True, slots=True)
class Evidence:
    """One outcome the model learned from.

    ``expected`` is the middle chance of an invitation the model gave before any outcome; ``shift`` how far
    this outcome alone moves the strength's mean (log-odds; positive: up).
    """

    code: str
    outcome: Outcome
    expected: float
    shift: float

    def describe(self) -> str:
        """One line: what happened, what was expected, which way it pushes."""
        what = {
            Outcome.INVITED: "invited",
            Outcome.REJECTED: "rejected",
            Outcome.SILENT: "silent",
        }[self.outcome]
        way = "up" if self.shift > 0 else "down" if self.shift < 0 else "nowhere"
        return (
            f"{self.code}: {what} where the model expected a {round(100 * self.expected)}% chance of an invitation "
            f"(alone, this moves your strength {way} by {abs(self.shift):.2f})"
        )


@dataclass(frozen=True, slots=True)
class Outlook:
    """The chances at every program under one strength belief, and the outcomes that belief learned from."""

    belief: StrengthBelief
    chances: tuple[ProgramChance, ...]
    evidence: tuple[Evidence, ...] = ()

    def chance(self, code: str) -> ProgramChance | None:
        """The chance at the program with ``code``, or None."""
        for chance in self.chances:
            if chance.code == code:
                return chance
        return None


def outlook(
    profile: Profile,
    programs: Sequence[Program],
    weights: Weights,
    *,
    season_year: int,
    signals: Collection[str] | Mapping[str, str | None] = (),
    outcomes: Iterable[tuple[str, Outcome]] = (),
    h1b_evidence: Mapping[str, H1bEvidence] | None = None,
    cohort: Mapping[str, CohortTerm] | None = None,
) -> tuple[Outlook, Outlook, list[Issue]]:
    """The outlook before and after learning from ``outcomes`` (pairs of program code and outcome).

    Steps: estimate every program under the prior; turn each outcome at a known, unfiltered program into a
    logistic observation with that program's factors; compute the exact grid posterior; re-estimate every
    program under it (programs with an outcome show what it implies). Returns ``(before, after, issues)``:
    the issues are warnings for outcomes that were not learned from (an unknown code, a filtered program, a
    code given twice — the last one counts). ``h1b_evidence`` maps program codes to the DOL LCA evidence for
    their institutions (used where the sheet's H-1B fact is unknown); ``cohort`` maps program codes to the terms
    the server's cohort fitted (:mod:`matchpilot.chances.cohort`), a factor of both outlooks.
    """
    prior = prior_belief(weights)
    signal_set = signal_tiers(signals)
    before = Outlook(
        prior,
        estimate_all(
            profile,
            programs,
            weights,
            season_year=season_year,
            signals=signal_set,
            h1b_evidence=h1b_evidence,
            cohort=cohort,
        ),
    )
    by_code = {c.code: c for c in before.chances}
    issues: list[Issue] = []
    recorded: dict[str, Outcome] = {}
    for code, outcome in outcomes:
        where = f"outcome for {code}"
        if code not in by_code:
            issues.append(Issue("unknown-program", Severity.WARNING, "no program with this code in your sheet", where))
            continue
        if code in recorded:
            issues.append(Issue("duplicate", Severity.WARNING, "given more than once; the last one counts", where))
        recorded[code] = outcome
    observations: list[tuple[str, float, Outcome]] = []
    for code, outcome in recorded.items():
        chance = by_code[code]
        if chance.is_filtered:
            reason = chance.filtered[0].reason
            note = " — an invitation suggests the sheet is wrong there" if outcome is Outcome.INVITED else ""
            issues.append(
                Issue(
                    "filtered-program",
                    Severity.WARNING,
                    f"not learned from: the model filters this program ({reason}){note}",
                    f"outcome for {code}",
                )
            )
            continue
        observations.append((code, chance.log_odds[1], outcome))
    if not recorded:  # nothing to learn from: the posterior is the prior, so the estimates are the same ones
        return before, Outlook(prior, before.chances), issues
    posterior = update_strength(prior, ((eta, outcome) for _, eta, outcome in observations), weights)
    evidence = tuple(
        Evidence(
            code,
            outcome,
            by_code[code].p_interview.mid,
            update_strength(prior, [(eta, outcome)], weights).mean - prior.mean,
        )
        for code, eta, outcome in observations
    )
    after_chances = estimate_all(
        profile,
        programs,
        weights,
        season_year=season_year,
        signals=signal_set,
        belief=posterior,
        outcomes=recorded,
        h1b_evidence=h1b_evidence,
        cohort=cohort,
    )
    return before, Outlook(posterior, after_chances, evidence), issues


@dataclass(frozen=True, slots=True)
class ProgramDelta:
    """How the chance at one program changed between two outlooks, and why."""

    code: str
    before: Interval
    after: Interval
    why: str

    @property
    def delta(self) -> float:
        """The change of the middle chance of an invitation (after minus before)."""
        return self.after.mid - self.before.mid


@dataclass(frozen=True, slots=True)
class OutlookChange:
    """How the outlook changed: the strength before and after (mean and standard deviation, log-odds), the
    outcomes behind it (strongest push first), the per-program changes (largest first) and a summary."""

    strength_before: tuple[float, float]
    strength_after: tuple[float, float]
    evidence: tuple[Evidence, ...]
    programs: tuple[ProgramDelta, ...]
    summary: str


def explain_change(before: Outlook, after: Outlook) -> OutlookChange:
    """Explain how ``after`` differs from ``before`` (as returned by :func:`outlook`).

    The strength moved because of the outcomes in ``after.evidence``; every program not yet heard from moves
    the same way on the log-odds scale, so its chance moves in that direction too; a program with an outcome
    shows that outcome; a filtered program stays at 0.
    """
    mean_before, sd_before = before.belief.mean, before.belief.sd
    mean_after, sd_after = after.belief.mean, after.belief.sd
    moved = mean_after - mean_before
    direction = "up" if moved > 0.005 else "down" if moved < -0.005 else "about the same"
    counts = {o: sum(1 for e in after.evidence if e.outcome is o) for o in Outcome}
    heard = ", ".join(
        f"{n} {word}"
        for n, word in (
            (counts[Outcome.INVITED], "invitation" + ("s" if counts[Outcome.INVITED] != 1 else "")),
            (counts[Outcome.REJECTED], "rejection" + ("s" if counts[Outcome.REJECTED] != 1 else "")),
            (counts[Outcome.SILENT], "silence" + ("s" if counts[Outcome.SILENT] != 1 else "")),
        )
        if n
    )
    if not after.evidence:
        summary = "No outcome to learn from yet: the estimates rest on the factors and the prior alone."
    else:
        summary = (
            f"From {heard}, your estimated strength moved {direction}: {mean_before:+.2f} ± {sd_before:.2f} "
            f"→ {mean_after:+.2f} ± {sd_after:.2f} (log-odds). "
            + (
                "You did better than the factors predicted, so every program not yet heard from looks better."
                if moved > 0.005
                else "You did worse than the factors predicted, so every program not yet heard from looks harder."
                if moved < -0.005
                else "The outcomes were about what the factors predicted."
            )
            + (" The ranges narrowed: the model is surer about you." if sd_after < sd_before - 0.005 else "")
        )
    before_by_code = {c.code: c for c in before.chances}
    deltas: list[ProgramDelta] = []
    for chance in after.chances:
        old = before_by_code.get(chance.code)
        if old is None:
            continue
        if chance.observed is not None:
            why = {
                Outcome.INVITED: "you were invited: the interview is certain",
                Outcome.REJECTED: "you were rejected",
                Outcome.SILENT: "silent so far: what remains is the chance of a late invitation",
            }[chance.observed]
        elif chance.is_filtered:
            why = f"filtered ({chance.filtered[0].reason}); outcomes elsewhere do not change this"
        elif after.evidence:
            why = (
                f"your strength moved {direction} ({mean_before:+.2f} → {mean_after:+.2f}) "
                "and this program moves with it"
            )
        else:
            why = "no change"
        deltas.append(ProgramDelta(chance.code, old.p_interview, chance.p_interview, why))
    deltas.sort(key=lambda d: -abs(d.delta))
    evidence = tuple(sorted(after.evidence, key=lambda e: -abs(e.shift)))
    return OutlookChange((mean_before, sd_before), (mean_after, sd_after), evidence, tuple(deltas), summary)
