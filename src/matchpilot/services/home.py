"""The home page's plan (and ``matchpilot next``): what to do now, from the date and the state of the workspace.

Gathers the workspace's state (programs, demo programs, profile, rank list, the letters log's thank-yous due)
and the season's Match Week rules, and asks the pure :func:`matchpilot.domain.next_steps.plan_for`.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from matchpilot.domain.next_steps import Plan, ThankYouDue, WorkspaceState, plan_for, unknown_visa_programs
from matchpilot.domain.rules import MatchWeekSchedule
from matchpilot.domain.season import season_for
from matchpilot.errors import InputError
from matchpilot.letters.templates import LetterKind
from matchpilot.services.demo import demo_program_count
from matchpilot.services.letters import letter_log, season_view
from matchpilot.services.rank_lists import rank_list
from matchpilot.services.soap import load_rules
from matchpilot.services.workspace import Services
from matchpilot.storage import ProgramStore

__all__ = ["home_plan", "workspace_state"]

_THANK_YOU_CODES = frozenset({"thank-you-due", "thank-you-soon"})


def workspace_state(services: Services) -> WorkspaceState:
    """The state of ``services``' workspace as the plan reads it."""
    today = services.today()
    season = season_for(today)
    profile = services.profile()
    need = profile.visa_need.value if profile is not None and profile.visa_need is not None else None
    with services.database.transaction() as session:
        programs = ProgramStore(session, services.owner_id).briefs()
    names = {program.code: program.name for program in programs}
    count, unknown = unknown_visa_programs([(p.code, p.name, p.visa_j1, p.visa_h1b) for p in programs], need)
    rol = rank_list(services)
    log = letter_log(services)
    thank_yous = tuple(
        ThankYouDue(w.program, names.get(w.program, w.program), w.by - timedelta(days=3), w.by)
        for w in season_view(services).warnings
        if w.code in _THANK_YOU_CODES and w.by is not None
    )
    return WorkspaceState(
        programs=len(programs),
        demo_programs=demo_program_count(services),
        has_profile=profile is not None,
        visa_need=need,
        unknown_visa_count=count,
        unknown_visa=unknown,
        rank_list_size=len(rol.unique_programs),
        certified_on=rol.certified_on,
        thank_yous=thank_yous,
        interviews=sum(1 for i in log.interviews if season_for(i.on) == season and i.on <= today),
        intent_sent=any(m.kind == LetterKind.INTENT.value and season_for(m.sent_on) == season for m in log.messages),
    )


def _schedule(services: Services, rules_path: Path | None) -> MatchWeekSchedule | None:
    """The Match Week rules of today's season (None when the rules hold none, or the user's file is broken: the
    plan then says its days are estimates)."""
    try:
        rules = load_rules(rules_path).rules
    except InputError:
        return None
    return rules.match_week(season_for(services.today()).match_year)


def home_plan(services: Services, *, rules_path: Path | None = None) -> Plan:
    """The plan for today: the season's stage, its next deadlines and the steps the workspace needs
    (``rules_path``: the user's rules file merged over the packaged rules)."""
    return plan_for(services.today(), workspace_state(services), _schedule(services, rules_path))
