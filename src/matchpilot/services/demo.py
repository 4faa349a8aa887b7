"""Loading the fictional demo market and applicant into one owner's workspace.

The top of the services: it writes what every other use case reads (the sheet, the profile, a rank list and the
Match Week data), so it may import them all and nothing imports it.
"""

from __future__ import annotations

from matchpilot.domain.profile import profile_to_dict
from matchpilot.services.soap_week import load_soap_demo
from matchpilot.services.workspace import DemoReport, Services
from matchpilot.storage import ProfileStore, ProgramStore, RankListStore

__all__ = ["load_demo"]


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
