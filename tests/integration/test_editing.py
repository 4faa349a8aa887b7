"""Editing the sheet one program at a time (issue 15, item 2), through the services both shells use, on SQLite
and PostgreSQL: a corrected fact keeps its source and date, a bad field is named and nothing is half-saved, a
program is added and removed, and clearing the demo removes only the demo's programs."""

from __future__ import annotations

from datetime import date

import pytest

from matchpilot.errors import NotFoundError
from matchpilot.services import Services
from matchpilot.services.demo import clear_demo, demo_program_count, load_demo
from matchpilot.services.editing import add_program, edit_program, remove_program, set_interest_notes
from matchpilot.services.rank_lists import rank_list


def _demo(services: Services) -> str:
    load_demo(services)
    return services.list_programs().programs[0].code


def test_a_corrected_fact_is_saved_with_its_own_source_and_date(services: Services) -> None:
    code = _demo(services)
    before = services.get_program(code)
    wanted = not before.visa_j1
    result = edit_program(
        services,
        code,
        {
            "visa_j1": "Y" if wanted else "no",
            "visa_j1_source": "email from the coordinator",
            "visa_j1_checked_on": "2026-01-15",
        },
    )
    assert result.ok and result.changed == ("visa_j1",)
    after = services.get_program(code)
    assert after.visa_j1 is wanted
    assert after.provenance_of("visa_j1").source == "email from the coordinator"
    assert after.provenance_of("visa_j1").checked_on == date(2026, 1, 15)
    assert after.img_share == before.img_share and after.name == before.name


def test_a_changed_fact_without_a_source_is_refused_naming_the_source_field(services: Services) -> None:
    code = _demo(services)
    before = services.get_program(code)
    result = edit_program(services, code, {"visa_h1b": "no" if before.visa_h1b else "yes"})
    assert not result.ok
    assert [issue.where for issue in result.errors] == ["visa_h1b_source"]
    assert services.get_program(code) == before


def test_one_bad_field_saves_nothing_of_the_good_ones(services: Services) -> None:
    code = _demo(services)
    before = services.get_program(code)
    result = edit_program(
        services,
        code,
        {"positions": "3", "positions_source": "website", "min_step2": "four hundred", "min_step2_source": "x"},
    )
    assert not result.ok
    assert {issue.where for issue in result.errors} == {"min_step2"}
    assert services.get_program(code) == before


def test_a_check_date_in_the_future_is_refused(services: Services) -> None:
    code = _demo(services)
    later = services.today().replace(year=services.today().year + 1).isoformat()
    result = edit_program(services, code, {"state": "NY", "state_source": "website", "state_checked_on": later})
    assert not result.ok and [issue.where for issue in result.errors] == ["state_checked_on"]


def test_interest_and_notes_need_no_source_and_are_checked_like_the_sheet(services: Services) -> None:
    code = _demo(services)
    assert set_interest_notes(services, code, interest="★★★★", notes="Met the PD at a conference").ok
    program = services.get_program(code)
    assert (program.interest, program.notes) == (4, "Met the PD at a conference")
    refused = set_interest_notes(services, code, interest="9", notes="changed")
    assert not refused.ok and refused.errors[0].where == "interest"
    assert services.get_program(code).notes == "Met the PD at a conference"


def test_a_program_is_added_with_the_importers_readings_and_refused_twice(services: Services) -> None:
    fields = {
        "code": "1234340C0",
        "name": "Riverside Rehab (fictional)",
        "specialty": "Physical Medicine & Rehabilitation",
        "track": "Categorical",
        "state": "New York",
        "img_share": "35%",
        "source": "program website",
    }
    result = add_program(services, fields)
    assert result.ok
    program = services.get_program("1234340C0")
    assert (program.specialty, program.state, program.img_share) == ("PM&R", "NY", 35)
    assert program.checked_on == services.today()
    again = add_program(services, fields)
    assert not again.ok and [issue.where for issue in again.errors] == ["code"]
    assert services.program_count() == 1


def test_adding_without_the_required_columns_names_each_and_saves_nothing(services: Services) -> None:
    result = add_program(services, {"code": "1234340C0", "track": "nonsense"})
    assert not result.ok
    assert {issue.where for issue in result.errors} == {"name", "specialty", "track", "source"}
    assert services.program_count() == 0


def test_a_removed_program_is_gone_and_a_second_removal_is_not_found(services: Services) -> None:
    code = _demo(services)
    count = services.program_count()
    assert remove_program(services, code).code == code
    assert services.program_count() == count - 1
    with pytest.raises(NotFoundError):
        remove_program(services, code)


def test_clearing_the_demo_keeps_the_users_own_programs(services: Services) -> None:
    code = _demo(services)
    assert add_program(
        services, {"code": "1234340C0", "name": "Mine", "specialty": "PM&R", "track": "C", "source": "website"}
    ).ok
    assert edit_program(services, code, {"notes": "edited demo program"}).ok
    demo_count = demo_program_count(services)
    assert demo_count == services.program_count() - 1
    report = clear_demo(services)
    assert (report.programs, report.profile, report.kept) == (demo_count, True, 1)
    assert [p.code for p in services.list_programs().programs] == ["1234340C0"]
    assert services.profile() is None
    assert rank_list(services).primary == ()


def test_a_source_the_database_cannot_keep_is_refused_by_its_field(services: Services) -> None:
    code = _demo(services)
    before = services.get_program(code)
    for source in ("email\x00", "x" * 2001):
        result = edit_program(services, code, {"state": "NY" if before.state != "NY" else "NJ", "state_source": source})
        assert not result.ok and [issue.where for issue in result.errors] == ["state_source"]
    assert services.get_program(code) == before
