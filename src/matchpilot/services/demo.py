"""Loading the fictional demo market and applicant into one owner's workspace.

The top of the services: it writes what every other use case reads (the sheet, the profile, a rank list and the
Match Week data), so it may import them all and nothing imports it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from matchpilot.domain.profile import profile_to_dict
from matchpilot.services.soap_week import load_soap_demo
from matchpilot.services.workspace import DemoReport, Services
from matchpilot.storage import ProfileStore, ProgramStore, RankListStore

__all__ = ["ClearReport", "clear_demo", "demo_program_count", "load_demo"]


def load_demo(services: Services, *, seed: int | None = None, if_empty: bool = False) -> DemoReport:
    """Load the fictional demo market and applicant (same seed, same data) into ``services``' workspace,
    replacing the sheet and profile; with ``if_empty``, do nothing when the sheet already holds programs."""
    from matchpilot.demo import DEMO_SEED, generate_demo  # the generator is heavy: only when asked
    from matchpilot.demo.rank_list import demo_rank_list

    chosen_seed = DEMO_SEED if seed is None else seed
    with services.database.transaction(locked_owner=services.owner_id) as session:
        store = ProgramStore(session, services.owner_id)
        if if_empty and store.count() > 0:
            return DemoReport(False, store.count(), False, chosen_seed)
        demo = generate_demo(chosen_seed, as_of=services.today())
        count = store.replace_all(demo.programs)
        ProfileStore(session, services.owner_id).save(profile_to_dict(demo.profile))
        RankListStore(session, services.owner_id).save(demo_rank_list(demo.programs, demo.profile))
        load_soap_demo(session, services.owner_id)  # documents, plans, cheat sheet
    return DemoReport(True, count, True, chosen_seed)


@dataclass(frozen=True, slots=True)
class ClearReport:
    """What ``clear_demo`` removed: how many demo programs, whether the demo applicant's profile, and how many
    programs of the user's own are left."""

    programs: int
    profile: bool
    kept: int


def clear_demo(services: Services) -> ClearReport:
    """Remove the fictional demo data from ``services``' workspace, and nothing of the user's own: the programs
    the demo generator wrote (their name ends in " (fictional)" and their row's source is the generator's), the
    demo applicant's profile (its name ends in " (fictional)"), and those programs from the rank list."""
    from matchpilot.demo.generator import FICTIONAL_SUFFIX

    with services.database.transaction(locked_owner=services.owner_id) as session:
        store = ProgramStore(session, services.owner_id)
        demo_codes = _demo_codes(store)
        removed = store.delete_codes(demo_codes)
        profiles = ProfileStore(session, services.owner_id)
        stored = profiles.get()
        demo_profile = stored is not None and str(stored.get("name", "")).endswith(FICTIONAL_SUFFIX)
        if demo_profile:
            profiles.clear()
        rank_lists = RankListStore(session, services.owner_id)
        rol = rank_lists.get()
        if demo_codes & set(rol.unique_programs):
            supplemental = tuple(
                replace(
                    s,
                    attached_to=tuple(c for c in s.attached_to if c not in demo_codes),
                    codes=tuple(c for c in s.codes if c not in demo_codes),
                )
                for s in rol.supplemental
                if set(s.attached_to) - demo_codes
            )
            kept_primary = tuple(code for code in rol.primary if code not in demo_codes)
            rank_lists.save(replace(rol, primary=kept_primary, supplemental=supplemental))
        kept = store.count()
    return ClearReport(removed, demo_profile, kept)


def _demo_codes(store: ProgramStore) -> set[str]:
    """The codes of the programs the demo generator wrote: named "... (fictional)", with the generator as the
    row's source (a program of the user's own, even edited from a demo one, keeps its own row source)."""
    from matchpilot.demo.generator import DEMO_SOURCE, FICTIONAL_SUFFIX

    return {
        program.code
        for program in store.briefs()
        if program.name.endswith(FICTIONAL_SUFFIX) and program.source == DEMO_SOURCE
    }


def demo_program_count(services: Services) -> int:
    """How many of the sheet's programs are fictional demo ones (what ``clear_demo`` would remove)."""
    with services.database.transaction() as session:
        return len(_demo_codes(ProgramStore(session, services.owner_id)))
