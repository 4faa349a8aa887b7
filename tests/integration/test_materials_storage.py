"""Application materials stored per owner on SQLite and PostgreSQL: statements, experience entries, letters;
bad input names its field and saves nothing."""

from __future__ import annotations

from datetime import date

import pytest

from matchpilot.errors import InvalidDataError, NotFoundError
from matchpilot.letters.materials import LetterPlan, LetterState
from matchpilot.services import Services, soap_week
from matchpilot.services import materials as mat

from support.db import make_services

PMR = (
    "Physiatry is where I belong. During my observership on an inpatient rehabilitation unit I took part in team "
    "rounds and functional assessments, and saw what quality of life means to a patient after a stroke."
)


def test_a_statement_written_here_is_the_soap_documents_variant(services: Services) -> None:
    saved = mat.save_statement(services, "pmr", PMR)
    assert saved.written and saved.review is not None and saved.review.passed
    stored = {s.key: s for s in soap_week.documents(services).statements}
    assert stored["pmr"].text == PMR and stored["pmr"].title == "PM&R SOAP PS"
    mat.save_statement(services, "bridge", "My long-term goal is PM&R; this preliminary year is my foundation.")
    views = {view.variant: view for view in mat.statements(services)}
    assert views["prelim"].written and views["prelim"].review is not None and views["prelim"].review.passed
    assert not views["general"].written and views["general"].review is None


def test_a_statement_keeps_the_title_the_user_gave_it(services: Services) -> None:
    soap_week.add_statement(services, "general", "My general PS", "Old text.")
    mat.save_statement(services, "general", "New text about complex, chronically ill patients.")
    assert mat.statement(services, "general").title == "My general PS"


def test_an_empty_statement_or_unknown_variant_names_the_field_and_saves_nothing(services: Services) -> None:
    mat.save_statement(services, "pmr", PMR)
    with pytest.raises(InvalidDataError) as empty:
        mat.save_statement(services, "pmr", "   ")
    assert [issue.where for issue in empty.value.issues] == ["text"]
    with pytest.raises(InvalidDataError) as unknown:
        mat.save_statement(services, "surgery", PMR)
    assert [issue.where for issue in unknown.value.issues] == ["variant"]
    with pytest.raises(InvalidDataError) as long:
        mat.save_statement(services, "pmr", "x" * 20_001)
    assert [issue.where for issue in long.value.issues] == ["text"]
    assert mat.statement(services, "pmr").text == PMR


def test_experience_entries_are_stored_checked_edited_and_removed(services: Services) -> None:
    first = mat.add_experience(services, "Research assistant", "", "I cleaned data for a cardiology trial.")
    second = mat.add_experience(
        services, " Stroke unit volunteer ", "City Hospital", "I helped patients with transfers and mobility."
    )
    listed = mat.experiences(services)
    assert [e.experience.title for e in listed] == ["Research assistant", "Stroke unit volunteer"]
    assert not listed[0].review.passed and listed[1].review.passed
    mat.update_experience(services, first.id, "Research assistant", "", "Data on quality of life after stroke.")
    assert mat.experience(services, first.id).review.passed
    mat.remove_experience(services, second.id)
    assert [e.id for e in mat.experiences(services)] == [first.id]
    with pytest.raises(NotFoundError):
        mat.remove_experience(services, second.id)


def test_a_bad_experience_edit_names_each_field_and_keeps_the_entry(services: Services) -> None:
    entry = mat.add_experience(services, "Elective", "", "Functional assessments with the team.")
    with pytest.raises(InvalidDataError) as bad:
        mat.update_experience(services, entry.id, "", "x" * 201, "")
    assert {issue.where for issue in bad.value.issues} == {"title", "organization", "description"}
    assert mat.experience(services, entry.id).experience.description == "Functional assessments with the team."


def test_letters_are_planned_tracked_and_advised(services: Services) -> None:
    neuro = mat.add_letter(services, LetterPlan("Dr. Ruiz", "Neurology", requested_on=date(2026, 10, 1)))
    assert neuro.plan.state is LetterState.REQUESTED
    view = mat.letters(services)
    assert "None of your letters is from a PM&R physician." in [a.message for a in view.advice]
    mat.update_letter(services, neuro.id, LetterPlan("Dr. Ruiz", "Neurology", date(2026, 10, 1), date(2026, 11, 2)))
    mat.add_letter(services, LetterPlan("Dr. Okafor", "PM&R"))
    view = mat.letters(services)
    assert [(v.plan.writer, v.plan.state) for v in view.letters] == [
        ("Dr. Ruiz", LetterState.UPLOADED),
        ("Dr. Okafor", LetterState.PLANNED),
    ]
    assert "pmr-letter" in [a.code for a in view.advice]


def test_a_letter_with_dates_out_of_order_saves_nothing(services: Services) -> None:
    letter = mat.add_letter(services, LetterPlan("Dr. Ruiz", "Neurology", requested_on=date(2026, 10, 1)))
    bad = LetterPlan("Dr. Ruiz", "Neurology", requested_on=date(2026, 10, 1), uploaded_on=date(2026, 9, 1))
    with pytest.raises(InvalidDataError) as error:
        mat.update_letter(services, letter.id, bad)
    assert [issue.where for issue in error.value.issues] == ["uploaded_on"]
    assert mat.letter(services, letter.id).plan.uploaded_on is None
    with pytest.raises(InvalidDataError):
        mat.add_letter(services, LetterPlan("", "Neurology"))
    assert len(mat.letters(services).letters) == 1


def test_one_owners_materials_are_not_anothers(services: Services, database_url: str) -> None:
    entry = mat.add_experience(services, "Elective", "", "Functional assessments with the team.")
    letter = mat.add_letter(services, LetterPlan("Dr. Okafor", "PM&R"))
    mat.save_statement(services, "pmr", PMR)
    other = make_services(database_url)
    try:
        assert mat.experiences(other) == [] and mat.letters(other).letters == ()
        assert not mat.statement(other, "pmr").written
        with pytest.raises(NotFoundError):
            mat.remove_experience(other, entry.id)
        with pytest.raises(NotFoundError):
            mat.update_letter(other, letter.id, LetterPlan("Dr. X", "PM&R"))
    finally:
        other.database.dispose()
    assert mat.letter(services, letter.id).plan.writer == "Dr. Okafor"


def test_readiness_reads_what_is_stored(services: Services) -> None:
    before = mat.readiness(services)
    assert not before.ready and all(not item.ready for item in before.items)
    mat.save_statement(services, "pmr", PMR)
    after = {item.key: item for item in mat.readiness(services).items}
    assert after["statement-pmr"].ready and not after["statement-prelim"].ready
