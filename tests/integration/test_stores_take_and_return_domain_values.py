"""The stores take the domain's values and give the same values back (SQLite and PostgreSQL): what the services
save is what they read, with no storage type or converter between."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

from matchpilot.domain.comments import Comment
from matchpilot.domain.evidence import CaseStatus, LcaRow, Role
from matchpilot.domain.letters_log import Interview, LoggedMessage, Reply
from matchpilot.domain.mapping import ColumnMapping, SavedMapping
from matchpilot.domain.match_week import (
    AssignmentEntry,
    DistributionPlan,
    Letter,
    SoapOffer,
    Statement,
    UnfilledProgram,
)
from matchpilot.domain.materials import Experience, LetterPlan
from matchpilot.domain.outcomes import Outcome, RecordedOutcome
from matchpilot.domain.portfolio import CategoryBounds
from matchpilot.domain.predictions import Prediction
from matchpilot.domain.program import Track
from matchpilot.services import Services
from matchpilot.storage import (
    LettersLogStore,
    OutcomeStore,
    SoapAssignmentStore,
    SoapDocumentStore,
    SoapOfferStore,
    SoapPlanStore,
    SoapUnfilledStore,
)
from matchpilot.storage.accounts import CommentStore
from matchpilot.storage.evidence import EvidenceStore
from matchpilot.storage.materials import MaterialsStore
from matchpilot.storage.predictions import PredictionStore
from matchpilot.storage.sheet_tools import MappingStore

DAY = date(2026, 10, 1)


def test_outcomes_come_back_as_recorded(services: Services) -> None:
    recorded = [
        RecordedOutcome("1001340C0", Outcome.INVITED, DAY),
        RecordedOutcome("1002340C0", Outcome.SILENT, DAY + timedelta(days=3)),
    ]
    with services.database.transaction() as session:
        store = OutcomeStore(session, services.owner_id)
        for item in reversed(recorded):
            assert not store.record(item)
        assert store.record(RecordedOutcome("1001340C0", Outcome.INVITED, DAY))  # replaced, same value
    with services.database.transaction() as session:
        store = OutcomeStore(session, services.owner_id)
        assert store.all() == recorded
        assert store.get("1002340C0") == recorded[1]


def test_match_week_records_come_back_as_stored(services: Services) -> None:
    plan = DistributionPlan(
        "worst-case",
        {"pmr": CategoryBounds(5, 15), "other": CategoryBounds(0, None)},
        max_applications=30,
        default=True,
        note="few PM&R programs (fictional)",
    )
    bare = DistributionPlan("bare", {"prelim": CategoryBounds(1, 2)})
    unfilled = UnfilledProgram(
        "7002140P0", "Clearwater Medicine (fictional)", "Internal Medicine", Track.PRELIMINARY, 3, None, 3, {"x": "y"}
    )
    statement = Statement("pmr", "PM&R SOAP PS", "text (fictional)")
    letter = Letter("letter-1", "Dr. A (fictional)", "PM&R", "uploaded by the writer", "Observership letter")
    untitled = Letter("letter-2", "Dr. B (fictional)", "Neurology")
    entry = AssignmentEntry("specialty:neurology", None, ("letter-2", "letter-1"))
    east = timezone(timedelta(hours=-4))
    offer = SoapOffer("7002140P0", 2, datetime(2027, 3, 19, 11, 0, tzinfo=east), "open")
    with services.database.transaction() as session:
        owner = services.owner_id
        SoapPlanStore(session, owner).save(plan)
        SoapPlanStore(session, owner).save(bare)
        SoapUnfilledStore(session, owner).replace([unfilled], source="list.csv", imported_on=DAY)
        for document in (untitled, letter, statement):
            SoapDocumentStore(session, owner).save(document)
        SoapAssignmentStore(session, owner).save(entry)
        SoapOfferStore(session, owner).add(offer)
    with services.database.transaction() as session:
        owner = services.owner_id
        assert SoapPlanStore(session, owner).all() == [bare, plan]
        assert SoapUnfilledStore(session, owner).all() == [unfilled]
        assert SoapDocumentStore(session, owner).all() == [
            statement,
            letter,
            Letter("letter-2", "Dr. B (fictional)", "Neurology", "", "Letter from Dr. B (fictional)"),
        ]
        assert SoapAssignmentStore(session, owner).all() == [entry]
        (back,) = SoapOfferStore(session, owner).all()
    assert back == offer  # the same moment, given back in UTC
    assert back.deadline is not None and back.deadline.utcoffset() == timedelta(0)


def test_mappings_comments_and_lca_rows_come_back_as_saved(services: Services) -> None:
    saved = SavedMapping("freida export", ColumnMapping((("Program ID", "code"), ("Title", "name"))))
    row = LcaRow(
        "I-200-25001-000001",
        CaseStatus.CERTIFIED,
        Role.RESIDENT,
        date(2025, 3, 1),
        "Univ. of Lakeview Med. Ctr. (fictional)",
        "NY",
        "Resident Physician",
        "29-1228.00",
        "H-1B",
    )
    written = datetime(2026, 10, 2, 9, 30, tzinfo=UTC)
    with services.database.transaction() as session:
        owner = services.owner_id
        MappingStore(session, owner).save(saved.name, saved.mapping)
        comment_id = CommentStore(session, owner).add("adviser", "1001340C0", "Ask about J-1.", now=written)
        evidence = EvidenceStore(session, owner)
        evidence.add_import("lca.csv", "cd" * 32, "FY2020+", DAY, 1, 1)
        assert evidence.save_cases("cd" * 32, [row]) == (1, 0, 0)
        assert evidence.save_cases("cd" * 32, [row]) == (0, 0, 1)
    with services.database.transaction() as session:
        owner = services.owner_id
        assert MappingStore(session, owner).all() == [saved]
        (comment,) = CommentStore(session, owner).list()
        assert comment == Comment(comment_id, "adviser", "1001340C0", "Ask about J-1.", comment.created_at)
        at = comment.created_at
        assert (at.replace(tzinfo=UTC) if at.tzinfo is None else at) == written
        ((key, state, case),) = EvidenceStore(session, owner).cases()
    assert (key, state) == ("UNIVERSITY LAKEVIEW MEDICAL CENTER FICTIONAL", "NY")
    assert (case.case_number, case.status, case.role, case.decision_date, case.employer_name, case.job_title) == (
        row.case_number,
        row.status,
        row.role,
        row.decision_date,
        row.employer_name,
        row.job_title,
    )


def test_letters_of_recommendation_come_back_with_their_ids(services: Services) -> None:
    planned = LetterPlan("Dr. Example (fictional)", "PM&R", date(2026, 9, 1), None, None, "asked in person")
    uploaded = LetterPlan("Dr. Other (fictional)", "Neurology", date(2026, 9, 2), date(2026, 9, 20))
    with services.database.transaction() as session:
        store = MaterialsStore(session, services.owner_id)
        first = store.add_letter(planned)
        second = store.add_letter(planned)
        assert store.update_letter(second, uploaded)
        assert not store.update_letter(second + 1000, uploaded)
    with services.database.transaction() as session:
        assert MaterialsStore(session, services.owner_id).letters() == [(first, planned), (second, uploaded)]


def test_the_letters_log_comes_back_as_logged(services: Services) -> None:
    later = LoggedMessage("1001340C0", DAY + timedelta(days=2), "thank-you", "Thank you (fictional).", requested=True)
    earlier = LoggedMessage("1002340C0", DAY, "update")
    noted = Interview("1001340C0", DAY + timedelta(days=1), ("Dr. A (fictional)", "Dr. B"), "asked about SCI")
    bare = Interview("1002340C0", DAY)
    reply = Reply("1002340C0", DAY + timedelta(days=3), "Please send your new score.")
    with services.database.transaction() as session:
        log = LettersLogStore(session, services.owner_id)
        sent = [log.add_message(later), log.add_message(earlier)]
        held = [log.add_interview(noted), log.add_interview(bare)]
        written = log.add_reply(reply)
    assert [replace(m, id=None) for m in sent] == [later, earlier]  # given back as taken, with their ids
    assert [replace(i, id=None) for i in held] == [noted, bare] and replace(written, id=None) == reply
    assert sent[0].id is not None and sent[1].id is not None and sent[0].id != sent[1].id
    (later, earlier), (noted, bare), reply = sent, held, written
    with services.database.transaction() as session:
        log = LettersLogStore(session, services.owner_id)
        assert log.messages() == [earlier, later]
        assert log.messages("1001340C0") == [later]
        assert log.interviews() == [bare, noted]
        assert log.replies() == [reply]
        assert log.replies("1001340C0") == []


def test_experience_entries_come_back_with_their_ids(services: Services) -> None:
    research = Experience("Research assistant", "", "I cleaned data for a cardiology trial (fictional).")
    rounds = Experience("Observership", "Lakeview Rehab (fictional)", "Team rounds on function.")
    with services.database.transaction() as session:
        store = MaterialsStore(session, services.owner_id)
        first = store.add_experience(research)
        second = store.add_experience(research)
        assert first != second
        assert store.update_experience(second, rounds)
        assert not store.update_experience(second + 1000, rounds)
    with services.database.transaction() as session:
        assert MaterialsStore(session, services.owner_id).experiences() == [(first, research), (second, rounds)]


def test_predictions_come_back_as_kept(services: Services) -> None:
    earlier = Prediction("1001340C0", DAY, 0.125, 0.25, 0.5, cohort_shift=0.375)
    later = Prediction("1001340C0", DAY + timedelta(days=1), 0.25, 0.5, 0.75)
    other = Prediction("1002340C0", DAY, 0.0625, 0.125, 0.25, cohort_shift=-0.5)
    with services.database.transaction() as session:
        store = PredictionStore(session, services.owner_id)
        assert store.keep(DAY, [earlier, other]) == 2
        assert store.keep(later.predicted_on, [later]) == 1
    with services.database.transaction() as session:
        kept = PredictionStore(session, services.owner_id).latest(["1001340C0", "1002340C0", "1003340C0"])
    assert kept == {"1001340C0": later, "1002340C0": other}
