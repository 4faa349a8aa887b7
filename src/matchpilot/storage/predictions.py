"""The chances matchpilot showed an applicant: per program and day, the chance of an interview and its range.

One row per (owner, program code, day): showing the chances again the same day replaces that day's row (one bulk
upsert), so a page viewed a thousand times stores one row per program. Writing here does not move the owner's
revision (see :data:`matchpilot.storage.tables.predictions`). The store takes and returns the domain's
:class:`~matchpilot.domain.predictions.Prediction` as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matchpilot.domain.predictions import Prediction
from matchpilot.storage.database import NUL_CHECKED, refuse_nul
from matchpilot.storage.tables import outcomes, predictions

if TYPE_CHECKING:
    from sqlalchemy.engine import Dialect

__all__ = ["PredictionStore"]

_KEPT_COLUMNS = ("owner_id", "code", "predicted_on", "p_low", "p_mid", "p_high", "cohort_shift")
_SHOWN_COLUMNS = ("p_low", "p_mid", "p_high", "cohort_shift")
_SQLITE_UPSERT = (
    f"INSERT INTO {predictions.name} ({', '.join(_KEPT_COLUMNS)}) VALUES ({', '.join('?' * len(_KEPT_COLUMNS))}) "
    "ON CONFLICT (owner_id, code, predicted_on) DO UPDATE SET "
    + ", ".join(f"{name} = excluded.{name}" for name in _SHOWN_COLUMNS)
)
"""The upsert of :meth:`PredictionStore.keep` on SQLite, written out (the statement SQLAlchemy compiles for it)."""


def _bound(processor: Callable[[Any], Any] | None, values: list[Any], *, same: bool) -> list[Any]:
    """``values`` as the driver takes them: through the column type's bind processor when it has one (once,
    when every value is the ``same``)."""
    if processor is None or not values:
        return values
    if same:
        return [processor(values[0])] * len(values)
    return [*map(processor, values)]


class PredictionStore:
    """The predictions shown to one owner."""

    def __init__(self, session: Session, owner_id: int) -> None:
        """Work inside ``session`` for ``owner_id`` (no ``note_owner``: these rows move no revision)."""
        self.session = session
        self.owner_id = owner_id

    def keep(self, day: date, shown: Sequence[Prediction]) -> int:
        """Keep ``shown`` as the predictions of ``day`` (their own ``predicted_on`` is ignored), skipping the
        programs that already have an outcome recorded (no longer a prediction); one statement replaces the
        day's earlier rows of the same programs. Returns the number of programs kept."""
        return self.keep_columns(
            day,
            [p.code for p in shown],
            [p.p_low for p in shown],
            [p.p_mid for p in shown],
            [p.p_high for p in shown],
            [p.cohort_shift for p in shown],
        )

    def keep_columns(
        self,
        day: date,
        codes: Sequence[str],
        lows: Sequence[float],
        mids: Sequence[float],
        highs: Sequence[float],
        shifts: Sequence[float],
    ) -> int:
        """:meth:`keep` from columns: the ``n``-th prediction is ``codes[n]``, ``lows[n]``, ``mids[n]``,
        ``highs[n]`` and ``shifts[n]`` (the cohort's part), all of one length."""
        if not len(codes) == len(lows) == len(mids) == len(highs) == len(shifts):
            raise ValueError("the columns of the predictions kept differ in length")
        answered = set(
            self.session.execute(select(outcomes.c.code).where(outcomes.c.owner_id == self.owner_id)).scalars()
        )
        columns: tuple[Sequence[Any], ...] = (codes, lows, mids, highs, shifts)
        if answered:
            keep = [n for n, code in enumerate(codes) if code not in answered]
            columns = tuple([column[n] for n in keep] for column in columns)
        dialect = self.session.get_bind().dialect
        if dialect.name == "sqlite":
            return self._keep_sqlite(dialect, day, columns)
        rows = [
            {
                "owner_id": self.owner_id,
                "code": code,
                "predicted_on": day,
                "p_low": low,
                "p_mid": mid,
                "p_high": high,
                "cohort_shift": shift,
            }
            for code, low, mid, high, shift in zip(*columns, strict=True)
        ]
        if not rows:
            return 0
        # Imported here: the PostgreSQL dialect package (every driver's module) costs ~40 ms to import, which
        # `matchpilot pick` on SQLite would pay for nothing.
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        statement = postgresql_insert(predictions)
        statement = statement.on_conflict_do_update(
            index_elements=["owner_id", "code", "predicted_on"],
            set_={name: statement.excluded[name] for name in _SHOWN_COLUMNS},
        )
        self.session.execute(statement, rows)
        return len(rows)

    def _keep_sqlite(self, dialect: Dialect, day: date, kept: tuple[Sequence[Any], ...]) -> int:
        """:meth:`keep` on SQLite, from the columns ``kept`` (codes, lows, mids, highs, cohort shifts): the same
        upsert as one ``executemany`` of plain tuples through the driver, each value converted by its column
        type's own bind processor (the day once), so the rows stored are the ones SQLAlchemy's statement
        stores; without SQLAlchemy making a parameter dictionary for each of the thousands of rows (about three
        quarters of the write's time at 5,000 programs)."""
        count = len(kept[0])
        if not count:
            return 0
        processors = [predictions.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in _KEPT_COLUMNS]
        columns: tuple[list[Any], ...] = ([self.owner_id] * count, list(kept[0]), [day] * count, *map(list, kept[1:]))
        bound = [
            _bound(processor, values, same=index in (0, 2))  # the owner and the day: one value, converted once
            for index, (processor, values) in enumerate(zip(processors, columns, strict=True))
        ]
        # The only text the rows hold: the codes and the day (its ISO text, one value), checked here at once
        # rather than each of the rows' values before the statement runs (NUL_CHECKED).
        refuse_nul(bound[1])
        refuse_nul(bound[2][:1])
        rows = list(zip(*bound, strict=True))
        self.session.connection().exec_driver_sql(_SQLITE_UPSERT, rows, execution_options={NUL_CHECKED: True})
        return len(rows)

    def latest(self, codes: Iterable[str]) -> dict[str, Prediction]:
        """The latest prediction kept for each of ``codes`` (codes never shown are left out)."""
        wanted = sorted(set(codes))
        if not wanted:
            return {}
        latest = (
            select(predictions.c.code, func.max(predictions.c.predicted_on).label("day"))
            .where(predictions.c.owner_id == self.owner_id, predictions.c.code.in_(wanted))
            .group_by(predictions.c.code)
            .subquery()
        )
        rows = self.session.execute(
            select(
                predictions.c.code,
                predictions.c.predicted_on,
                predictions.c.p_low,
                predictions.c.p_mid,
                predictions.c.p_high,
                predictions.c.cohort_shift,
            )
            .join(latest, (latest.c.code == predictions.c.code) & (latest.c.day == predictions.c.predicted_on))
            .where(predictions.c.owner_id == self.owner_id)
        ).all()
        return {
            row.code: Prediction(row.code, row.predicted_on, row.p_low, row.p_mid, row.p_high, row.cohort_shift)
            for row in rows
        }

    def count(self) -> int:
        """How many rows the owner has (for checks and tests)."""
        found = self.session.execute(
            select(func.count()).select_from(predictions).where(predictions.c.owner_id == self.owner_id)
        ).scalar_one()
        return int(found)
