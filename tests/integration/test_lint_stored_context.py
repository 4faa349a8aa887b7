"""The lint context built from what is stored, on SQLite and PostgreSQL: the day the rank order list was certified
and the SOAP window with the programs that made an offer or replied."""

from __future__ import annotations

from datetime import UTC, date, datetime

from matchpilot.domain.match_week import SoapOffer
from matchpilot.services import Services, letters, rank_lists
from matchpilot.storage import SoapOfferStore

NOTE = "Dear Dr. Rivera,\n\nI remain very interested in your program.\n\nAmina\n"


def test_the_stored_context_feeds_after_rol_and_soap_unsolicited(services: Services) -> None:
    context = letters.lint_context(services, today=date(2026, 3, 17))
    assert context.rank_list is None and context.rank_list_certified_on is None
    assert context.soap is not None and (context.soap.starts_on, context.soap.ends_on) == (
        date(2026, 3, 16),
        date(2026, 3, 19),
    )
    rank_lists.add_program(services, "1001340C0")
    rank_lists.certify_rank_list(services, date(2026, 2, 20))
    with services.database.transaction() as session:
        SoapOfferStore(session, services.owner_id).add(
            # round 2 runs on Thursday 19 March, 12:00-14:00 ET (all rounds are on Thursday since the 2022 Match)
            SoapOffer("3001140P0", 2, datetime(2026, 3, 19, 18, 0, tzinfo=UTC), "open")
        )
    letters.record_reply(services, "3002140P0", "Can we talk at 2 pm?", on=date(2026, 3, 17))
    context = letters.lint_context(services, today=date(2026, 3, 19))
    assert context.rank_list == ("1001340C0",) and context.rank_list_certified_on == date(2026, 2, 20)
    assert context.soap is not None
    assert dict(context.soap.contacted_by) == {"3001140P0": date(2026, 3, 19), "3002140P0": date(2026, 3, 17)}
    on_soap_day = {
        code: [f.rule for f in letters.lint_message(services, NOTE, code, send_on=date(2026, 3, 19))]
        for code in ("3001140P0", "3002140P0", "3003140P0")
    }
    assert on_soap_day == {
        "3001140P0": ["after-rol"],
        "3002140P0": ["after-rol"],
        "3003140P0": ["after-rol", "soap-unsolicited"],
    }
    assert [f.rule for f in letters.lint_message(services, NOTE, "1001340C0", send_on=date(2026, 2, 1))] == []
