"""The rank order list of one owner: primary entries by rank, supplemental PGY-1 lists, the PGY-1 flag.

The store reads and writes the domain value :class:`~matchpilot.domain.rank_list.RankOrderList` whole: saving
replaces the owner's rows in the caller's transaction, so a reorder never leaves a half-written list. A couple's
paired list (:class:`~matchpilot.domain.rank_list.CoupleRankList`) has its own store, :class:`CoupleListStore`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from matchpilot.domain.rank_list import CouplePair, CoupleRankList, RankOrderList, SupplementalRankList
from matchpilot.storage.database import note_owner
from matchpilot.storage.tables import couple_rank_lists, rank_list_entries, rank_lists, supplemental_rank_lists

__all__ = ["CoupleListStore", "RankListStore"]


class RankListStore:
    """The rank order list of one owner (an empty list when none was saved)."""

    def __init__(self, session: Session, owner_id: int) -> None:
        """Work inside ``session`` for ``owner_id``."""
        self.session = session
        self.owner_id = owner_id
        note_owner(session, owner_id)

    def get(self) -> RankOrderList:
        """The stored list: primary codes by rank, supplemental lists by number, the PGY-1 flag, the day it was
        certified."""
        head = self.session.execute(
            select(rank_lists.c.pgy1_held, rank_lists.c.certified_on).where(rank_lists.c.owner_id == self.owner_id)
        ).one_or_none()
        held, certified = (head[0], head[1]) if head is not None else (False, None)
        primary = self.session.execute(
            select(rank_list_entries.c.code)
            .where(rank_list_entries.c.owner_id == self.owner_id)
            .order_by(rank_list_entries.c.rank)
        ).scalars()
        rows = self.session.execute(
            select(supplemental_rank_lists.c.attached_to, supplemental_rank_lists.c.codes)
            .where(supplemental_rank_lists.c.owner_id == self.owner_id)
            .order_by(supplemental_rank_lists.c.number)
        ).all()
        supplemental = tuple(
            SupplementalRankList(tuple(str(c) for c in attached), tuple(str(c) for c in codes))
            for attached, codes in rows
        )
        return RankOrderList(tuple(primary), supplemental, bool(held), certified)

    def save(self, rol: RankOrderList) -> None:
        """Store ``rol`` as the owner's list, replacing the earlier one."""
        owner = self.owner_id
        exists = self.session.execute(
            select(rank_lists.c.owner_id).where(rank_lists.c.owner_id == owner)
        ).scalar_one_or_none()
        if exists is None:
            self.session.execute(
                insert(rank_lists).values(owner_id=owner, pgy1_held=rol.pgy1_held, certified_on=rol.certified_on)
            )
        else:
            self.session.execute(
                update(rank_lists)
                .where(rank_lists.c.owner_id == owner)
                .values(pgy1_held=rol.pgy1_held, certified_on=rol.certified_on, updated_at=func.now())
            )
        self.session.execute(delete(rank_list_entries).where(rank_list_entries.c.owner_id == owner))
        self.session.execute(delete(supplemental_rank_lists).where(supplemental_rank_lists.c.owner_id == owner))
        if rol.primary:
            self.session.execute(
                insert(rank_list_entries),
                [{"owner_id": owner, "rank": rank, "code": code} for rank, code in enumerate(rol.primary, start=1)],
            )
        if rol.supplemental:
            self.session.execute(
                insert(supplemental_rank_lists),
                [
                    {"owner_id": owner, "number": number, "attached_to": list(s.attached_to), "codes": list(s.codes)}
                    for number, s in enumerate(rol.supplemental, start=1)
                ],
            )

    def clear(self) -> None:
        """Forget the owner's list."""
        owner = self.owner_id
        self.session.execute(delete(rank_list_entries).where(rank_list_entries.c.owner_id == owner))
        self.session.execute(delete(supplemental_rank_lists).where(supplemental_rank_lists.c.owner_id == owner))
        self.session.execute(delete(rank_lists).where(rank_lists.c.owner_id == owner))


def _half(value: Any) -> str | None:
    return None if value is None else str(value)


class CoupleListStore:
    """The couple's paired list of one owner (an empty list when none was saved)."""

    def __init__(self, session: Session, owner_id: int) -> None:
        """Work inside ``session`` for ``owner_id``."""
        self.session = session
        self.owner_id = owner_id
        note_owner(session, owner_id)

    def get(self) -> CoupleRankList:
        """The stored couple's list: the partner's name and id and the pairs, best first."""
        row = self.session.execute(
            select(couple_rank_lists.c.partner_name, couple_rank_lists.c.partner_id, couple_rank_lists.c.pairs).where(
                couple_rank_lists.c.owner_id == self.owner_id
            )
        ).one_or_none()
        if row is None:
            return CoupleRankList()
        name, ident, pairs = row
        return CoupleRankList(str(name), str(ident), tuple(CouplePair(_half(a), _half(b)) for a, b in pairs))

    def save(self, couple: CoupleRankList) -> None:
        """Store ``couple`` as the owner's couple's list, replacing the earlier one (an empty list: forget it)."""
        self.clear()
        if couple.empty:
            return
        self.session.execute(
            insert(couple_rank_lists).values(
                owner_id=self.owner_id,
                partner_name=couple.partner_name,
                partner_id=couple.partner_id,
                pairs=[[pair.mine, pair.partner] for pair in couple.pairs],
            )
        )

    def clear(self) -> None:
        """Forget the owner's couple's list."""
        self.session.execute(delete(couple_rank_lists).where(couple_rank_lists.c.owner_id == self.owner_id))
