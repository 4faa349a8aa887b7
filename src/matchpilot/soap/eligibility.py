"""SOAP eligibility: may this applicant take part in SOAP, and for which positions?

The facts come from the dated rules (:class:`matchpilot.domain.rules.Rules`), and every reason cites the rule's
source and the year it was checked. matchpilot is not the NRMP; the current Match Participation Agreement
governs.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from matchpilot.domain.profile import Profile
from matchpilot.domain.rules import DatedRule, Rules, in_force

__all__ = [
    "ASK_ECFMG",
    "ASK_REGISTERED",
    "NOT_THE_NRMP",
    "Eligibility",
    "MatchStatus",
    "Reason",
    "SoapStatus",
    "Verdict",
    "check_eligibility",
]

NOT_THE_NRMP = (
    "matchpilot is not the NRMP: the current Match Participation Agreement and the NRMP's own rules govern; "
    "check your status in the NRMP R3 system."
)
"""The reminder shown wherever matchpilot applies a rule."""

ASK_REGISTERED = "Tell matchpilot whether you are registered for the Main Residency Match."
"""What eligibility asks when the applicant has not said whether they registered (matchpilot cannot know it)."""

ASK_ECFMG = (
    "Tell matchpilot whether you are (or will be) ECFMG certified by the rank order list certification deadline."
)
"""What eligibility asks when neither the applicant nor the profile says whether they are ECFMG certified."""


class MatchStatus(StrEnum):
    """The applicant's result of the matching algorithm, as the NRMP tells it on Monday of Match Week."""

    UNMATCHED = "unmatched"
    PARTIALLY_MATCHED_ADVANCED = "partially_matched_advanced"
    """Matched to an advanced (PGY-2) position without the PGY-1 it needs."""
    PARTIALLY_MATCHED_PGY1 = "partially_matched_pgy1"
    """Matched to a PGY-1 (preliminary) position without the advanced position it leads to."""
    MATCHED = "matched"


@dataclass(frozen=True, slots=True)
class SoapStatus:
    """What the eligibility check needs beyond the profile.

    ``registered_for_main_match``: ``None`` means unknown (matchpilot cannot know it: the applicant tells it);
    ``ecfmg_certified_by_rol_deadline``: ``None`` means "take it from the profile" (``ecfmg_certified``).
    """

    registered_for_main_match: bool | None = None
    match_status: MatchStatus = MatchStatus.UNMATCHED
    ecfmg_certified_by_rol_deadline: bool | None = None
    conflicting_commitment: bool = False


class Verdict(StrEnum):
    """The answer of the eligibility check."""

    ELIGIBLE = "eligible"
    COMPLEMENTARY_ONLY = "eligible_complementary_only"
    NOT_ELIGIBLE = "not_eligible"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        """The verdict in plain words."""
        return {
            Verdict.ELIGIBLE: "eligible for SOAP",
            Verdict.COMPLEMENTARY_ONLY: "eligible for SOAP, for complementary positions only",
            Verdict.NOT_ELIGIBLE: "not eligible for SOAP",
            Verdict.UNKNOWN: "cannot tell yet",
        }[self]


@dataclass(frozen=True, slots=True)
class Reason:
    """One condition of eligibility and whether it is met (``None``: unknown), citing its rule."""

    code: str
    met: bool | None
    text: str
    rule: str
    source: str
    checked: str

    def citation(self) -> str:
        """``source, checked YEAR``."""
        return f"{self.source}, checked {self.checked}" if self.source else "no rule in the data for this year"


@dataclass(frozen=True, slots=True)
class Eligibility:
    """The verdict for Match ``year`` with its reasons.

    ``positions`` says which unfilled positions the applicant may apply to; ``limits`` cite the year's SOAP cap
    and number of rounds; ``instead`` says what to do when SOAP is closed to the applicant (or what to settle
    when the verdict is unknown); ``caveats`` list rules applied beyond the year they were checked.
    """

    year: int
    verdict: Verdict
    reasons: tuple[Reason, ...]
    positions: str
    limits: tuple[Reason, ...]
    instead: tuple[str, ...]
    caveats: tuple[str, ...]
    notice: str = NOT_THE_NRMP


def _cite(
    code: str, met: bool | None, text: str, rule: DatedRule[Any] | None, name: str, caveats: list[str], year: int
) -> Reason:
    if rule is None:
        caveats.append(f"The rules data has no entry of {name} for {year}: add it to your rules file.")
        return Reason(code, met, text, name, "", "")
    if not rule.confirmed_for(year):
        caveats.append(_UNCONFIRMED + rule.title)
    return Reason(code, met, text, name, rule.source, rule.checked)


_UNCONFIRMED = "\0unconfirmed:"


def _caveats(found: list[str], year: int) -> tuple[str, ...]:
    """The caveats in order, with the rules not confirmed for ``year`` gathered into one sentence."""
    unconfirmed = list(dict.fromkeys(c.removeprefix(_UNCONFIRMED) for c in found if c.startswith(_UNCONFIRMED)))
    out = [c for c in dict.fromkeys(found) if not c.startswith(_UNCONFIRMED)]
    if unconfirmed:
        out.append(
            f"Not yet confirmed for {year} (checked more than a year before): {'; '.join(unconfirmed)}. "
            "Check the NRMP's pages for the year and correct your rules file if they changed."
        )
    return tuple(out)


def check_eligibility(profile: Profile | None, status: SoapStatus, rules: Rules, year: int) -> Eligibility:
    """Decide whether the applicant may take part in SOAP in Match ``year``.

    Steps: (1) each condition — registered for the Main Match; unmatched or partially matched; for an IMG,
    ECFMG certification by the rank order list certification deadline (from ``status``, else from the
    profile; unknown when neither says); no conflicting commitment — becomes a :class:`Reason` citing its
    dated rule; (2) any condition not met gives NOT_ELIGIBLE, else any unknown gives UNKNOWN, else a partial
    match gives COMPLEMENTARY_ONLY, else ELIGIBLE; (3) the year's cap and rounds are cited; (4) when not
    eligible, ``instead`` gives the post-SOAP, off-cycle route. ``profile`` may be ``None`` (no profile
    stored): the ECFMG condition is then unknown unless ``status`` settles it.
    """
    caveats: list[str] = []
    participation = in_force(rules.soap_participation, year)
    reasons: list[Reason] = []

    def cite(code: str, met: bool | None, text: str, rule: DatedRule[Any] | None, name: str) -> None:
        reasons.append(_cite(code, met, text, rule, name, caveats, year))

    if status.registered_for_main_match is None:
        cite(
            "registered",
            None,
            f"{ASK_REGISTERED} SOAP is only for Main Residency Match applicants.",
            participation,
            "soap_participation",
        )
    elif status.registered_for_main_match:
        cite(
            "registered", True, "You are registered for the Main Residency Match.", participation, "soap_participation"
        )
    else:
        cite(
            "not-registered",
            False,
            "You are not registered for the Main Residency Match: SOAP is only for Main Match applicants.",
            participation,
            "soap_participation",
        )

    partial = in_force(rules.soap_partial_match, year)
    match status.match_status if status.registered_for_main_match is not False else None:
        case MatchStatus.UNMATCHED:
            cite(
                "unmatched",
                True,
                "You did not match: SOAP is open to unmatched applicants.",
                participation,
                "soap_participation",
            )
        case MatchStatus.PARTIALLY_MATCHED_ADVANCED:
            cite(
                "partial-advanced",
                True,
                "You matched to an advanced (PGY-2) position without a PGY-1: in SOAP you see only PGY-1 "
                "positions (preliminary or transitional) that complete your match.",
                partial,
                "soap_partial_match",
            )
        case MatchStatus.PARTIALLY_MATCHED_PGY1:
            cite(
                "partial-pgy1",
                True,
                "You matched to a PGY-1 position only: in SOAP you see only advanced (PGY-2) positions that "
                "complete your match.",
                partial,
                "soap_partial_match",
            )
        case MatchStatus.MATCHED:
            cite(
                "matched",
                False,
                "You matched: SOAP is only for unmatched or partially matched applicants.",
                participation,
                "soap_participation",
            )

    ecfmg = in_force(rules.soap_ecfmg, year)
    if profile is not None and not profile.applicant_type.is_img:
        pass  # ECFMG certification concerns international medical graduates only
    else:
        certified = status.ecfmg_certified_by_rol_deadline
        told_by = "you said so"
        if certified is None and profile is not None:
            certified = profile.ecfmg_certified
            told_by = "your profile says so"
        if certified is True:
            text = (
                f"ECFMG certification by the rank order list certification deadline: yes ({told_by}). "
                "It must be in place by that deadline, not just before Match Week."
            )
        elif certified is False:
            text = (
                f"You are not ECFMG certified by the rank order list certification deadline ({told_by}): "
                "IMGs need that certification for SOAP. If you were certified in time, correct your profile."
            )
        elif profile is None:
            text = (
                f"{ASK_ECFMG} No profile is stored, so matchpilot cannot tell whether you are an IMG; "
                "IMGs need that certification for SOAP."
            )
        else:
            text = f"{ASK_ECFMG} Your profile does not say; IMGs need that certification for SOAP."
        cite("ecfmg", certified, text, ecfmg, "soap_ecfmg")

    commitment = in_force(rules.soap_conflicting_commitment, year)
    if status.conflicting_commitment:
        cite(
            "conflict",
            False,
            "You accepted a commitment outside the Match that conflicts with your participation: SOAP is "
            "closed to you.",
            commitment,
            "soap_conflicting_commitment",
        )
    else:
        cite(
            "no-conflict",
            True,
            "You have no conflicting commitment outside the Match.",
            commitment,
            "soap_conflicting_commitment",
        )

    if any(r.met is False for r in reasons):
        verdict = Verdict.NOT_ELIGIBLE
    elif any(r.met is None for r in reasons):
        verdict = Verdict.UNKNOWN
    elif status.match_status in (MatchStatus.PARTIALLY_MATCHED_ADVANCED, MatchStatus.PARTIALLY_MATCHED_PGY1):
        verdict = Verdict.COMPLEMENTARY_ONLY
    else:
        verdict = Verdict.ELIGIBLE

    limits = _limits(rules, year, caveats)
    return Eligibility(
        year,
        verdict,
        tuple(reasons),
        _positions(verdict, status.match_status),
        limits,
        _instead(verdict, reasons, rules, year, caveats),
        _caveats(caveats, year),
    )


def _positions(verdict: Verdict, match_status: MatchStatus) -> str:
    if verdict is Verdict.NOT_ELIGIBLE:
        return "none through SOAP"
    if match_status is MatchStatus.PARTIALLY_MATCHED_ADVANCED:
        return "PGY-1 positions only (preliminary or transitional) that complete your advanced match"
    if match_status is MatchStatus.PARTIALLY_MATCHED_PGY1:
        return "advanced (PGY-2) positions only, which complete your PGY-1 match"
    return "every unfilled position on the list of unfilled programs"


def _limits(rules: Rules, year: int, caveats: list[str]) -> tuple[Reason, ...]:
    out: list[Reason] = []
    cap = in_force(rules.soap_application_cap, year)
    if cap is not None:
        text = f"Up to {cap.value} applications in all, across specialties, through ERAS."
        out.append(_cite("cap", None, text, cap, "soap_application_cap", caveats, year))
    rounds = in_force(rules.soap_rounds, year)
    if rounds is not None:
        text = f"{rounds.value} offer rounds; an accepted offer is binding and ends your SOAP."
        out.append(_cite("rounds", None, text, rounds, "soap_rounds", caveats, year))
    contact = in_force(rules.soap_contact, year)
    if contact is not None:
        out.append(_cite("contact", None, contact.value, contact, "soap_contact", caveats, year))
    return tuple(out)


def _instead(verdict: Verdict, reasons: list[Reason], rules: Rules, year: int, caveats: list[str]) -> tuple[str, ...]:
    failed = {r.code for r in reasons if r.met is False}
    if verdict is Verdict.UNKNOWN:
        return (
            "Answer what is unknown above (whether you are registered for the Main Residency Match; for IMGs, "
            "ECFMG certification by the rank order list certification deadline); the NRMP R3 system shows your "
            "SOAP eligibility.",
        )
    if verdict is not Verdict.NOT_ELIGIBLE:
        return ()
    if failed == {"matched"}:
        return ("You matched: no SOAP for you. Prepare for onboarding, licensing and visa steps.",)
    out: list[str] = []
    contact = in_force(rules.soap_contact, year)
    wait = "Do not contact programs during Match Week while SOAP runs"
    if contact is not None:
        wait += f" ({contact.source}, checked {contact.checked})"
    out.append(
        wait + ". After SOAP ends, positions still unfilled may be pursued outside the Match (the post-SOAP, "
        "off-cycle route): write to those programs directly, by e-mail and phone, with your CV and a "
        "PM&R-focused message."
    )
    if "not-registered" in failed:
        out.append("Register for the Main Residency Match of the next season (registration opens in autumn).")
    if "ecfmg" in failed:
        out.append(
            "Complete ECFMG certification: programs need it before you can start training, and it decides "
            "your SOAP eligibility next season."
        )
    if "conflict" in failed:
        out.append("Honour the commitment you accepted; ask the NRMP if you are unsure whether it conflicts.")
    out.append(
        "Strengthen the next application: US clinical experience (PM&R if you can), PM&R research, Step 3 if "
        "pending, and a stronger list built on the My list page."
    )
    return tuple(out)
