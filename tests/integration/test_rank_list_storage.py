"""Rank order lists stored per owner on SQLite and PostgreSQL: edits persist in order, owners are separate,
the demo loads a list, and the check runs on the stored data."""

from __future__ import annotations

from datetime import date

import pytest

from matchpilot.domain.rank_list import CouplePair, CoupleRankList, RankOrderList, SupplementalRankList
from matchpilot.errors import InputError, NotFoundError
from matchpilot.services import Services
from matchpilot.services import rank_lists as service
from matchpilot.services.demo import load_demo

from support.db import make_services


def test_edits_persist_in_order(services: Services) -> None:
    assert service.rank_list(services) == RankOrderList()
    service.add_program(services, "1001340c0")
    service.add_program(services, "1002340A0")
    service.add_program(services, "1003340C0", 1)
    service.move_program(services, "1002340A0", 1)
    service.set_supplemental(services, "1002340A0", ["1004140P0", "1005999T0"])
    service.set_pgy1_held(services, True)
    stored = service.rank_list(services)
    assert stored.primary == ("1002340A0", "1003340C0", "1001340C0")
    assert stored.supplemental == (SupplementalRankList(("1002340A0",), ("1004140P0", "1005999T0")),)
    assert stored.pgy1_held
    service.remove_program(services, "1002340A0")
    stored = service.rank_list(services)
    assert stored.primary == ("1003340C0", "1001340C0")
    assert stored.supplemental == ()
    with pytest.raises(InputError):
        service.add_program(services, "1001340C0")
    with pytest.raises(NotFoundError):
        service.move_program(services, "9999340C0", 1)
    assert service.rank_list(services).primary == ("1003340C0", "1001340C0")  # a failed edit saved nothing


def test_owners_have_their_own_lists(services: Services, database_url: str) -> None:
    service.save_rank_list(services, RankOrderList(("1001340C0",)))
    other = make_services(database_url)
    try:
        assert service.rank_list(other) == RankOrderList()
        service.save_rank_list(other, RankOrderList(("2001340C0", "2002340C0")))
        assert service.rank_list(services).primary == ("1001340C0",)
    finally:
        from sqlalchemy import delete

        from matchpilot.storage.tables import owners

        with other.database.engine.begin() as connection:
            connection.execute(delete(owners).where(owners.c.id == other.owner_id))
        other.database.dispose()


def test_the_demo_loads_a_checked_list_with_supplemental_lists(services: Services) -> None:
    load_demo(services)
    report = service.check_report(services)
    rol = report.rol
    assert len(rol.primary) == 12
    tracks = {report.programs[code].track.letter for code in rol.primary}
    assert tracks == {"C", "A"}
    advanced = [code for code in rol.primary if report.programs[code].track.letter == "A"]
    assert all(rol.supplemental_for(code) is not None for code in advanced)
    assert report.errors == []
    assert "Primary rank order list" in service.export_list(services)


def test_a_couple_list_persists_in_entry_order_and_is_checked(services: Services) -> None:
    assert service.couple_list(services) == CoupleRankList()
    service.set_couple_partner(services, "Sam Partner", "N123")
    service.add_couple_pair(services, "1001340c0", "2001140C0")
    service.add_couple_pair(services, "none", "2002140C0")
    service.add_couple_pair(services, "1003340C0", "no-match", 1)
    stored = service.couple_list(services)
    assert (stored.partner_name, stored.partner_id) == ("Sam Partner", "N123")
    assert stored.pairs == (
        CouplePair("1003340C0", None),
        CouplePair("1001340C0", "2001140C0"),
        CouplePair(None, "2002140C0"),
    )
    with pytest.raises(InputError):
        service.add_couple_pair(services, "none", "none")
    service.remove_couple_pair(services, 1)
    with pytest.raises(NotFoundError):
        service.remove_couple_pair(services, 3)
    assert [p.mine for p in service.couple_list(services).pairs] == ["1001340C0", None]
    assert service.rank_list(services) == RankOrderList()  # the primary list is separate
    export = service.export_couple_list(services).splitlines()
    assert export[0] == "Couple's paired rank order list with Sam Partner (N123)"
    assert export[1:] == ["  1. 1001340C0  |  2001140C0", "  2. No match  |  2002140C0"]
    # a stored list with problems (as a restore could bring) is reported by the check
    bad = CoupleRankList(
        "Sam", "", (CouplePair(None, None), CouplePair("1001340C0", None), CouplePair("1001340C0", None))
    )
    service.edit_couple_list(services, lambda _: bad)
    codes = {issue.code for issue in service.check_report(services).issues}
    assert {"couple-both-no-match", "couple-duplicate"} <= codes


def test_certifying_stores_the_day_with_the_list(services: Services) -> None:
    with pytest.raises(InputError, match="nothing to certify"):
        service.certify_rank_list(services, date(2026, 2, 1))
    service.add_program(services, "1001340C0")
    with pytest.raises(InputError, match="after today"):
        service.certify_rank_list(services, date(9999, 1, 1))
    service.certify_rank_list(services, date(2026, 2, 20))
    assert service.rank_list(services).certified_on == date(2026, 2, 20)
    service.add_program(services, "1002340C0")  # editing keeps the recorded day
    assert service.rank_list(services) == RankOrderList(("1001340C0", "1002340C0"), certified_on=date(2026, 2, 20))
