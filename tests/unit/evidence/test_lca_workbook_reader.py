"""The LCA workbook reader (python-calamine-plus, streaming) gives the rows openpyxl gives on the test files,
refuses a zip bomb naming the limit before reading anything, and reads a hostile workbook that names a far cell
without holding the sheet (the whole-sheet reader python-calamine aborts the process on it)."""

from __future__ import annotations

import io
import tempfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from matchpilot.domain.evidence import match_lca_header
from matchpilot.errors import InputError, TooLargeError
from matchpilot.io.lca import LcaRow, LcaStream, open_lca

from support.hostile import xlsx_bomb
from support.lca import FY2020_HEADER, OLDER_HEADER, big_cases, sample_cases, write_xlsx, write_xlsx_bomb


def read_with_openpyxl(path: Path) -> list[LcaRow]:
    """The reference: the same classification over openpyxl's read-only rows (matchpilot's earlier reader)."""
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = list(book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()
    return list(LcaStream(match_lca_header(list(rows[0])), iter(rows[1:]), path.name).rows())


def read_with_matchpilot(path: Path) -> list[LcaRow]:
    with path.open("rb") as handle:
        return list(open_lca(handle, path.name).rows())


def awkward_workbook(path: Path) -> Path:
    """Columns in another order, an empty column before them, dates as dates, datetimes and text, a number where
    text is expected, blank cells and a blank row, a state written out, spaces around values."""
    header = ["", "EMPLOYER_NAME", "JOB_TITLE", "CASE_STATUS", "CASE_NUMBER", "SOC_CODE", "DECISION_DATE",
              "EMPLOYER_STATE", "VISA_CLASS", "RECEIVED_DATE"]  # fmt: skip
    rows: list[list[object]] = [
        [None, "Univ. of Lakeview Med. Ctr., Inc.", " Resident Physician ", "Certified", "I-1", "29-1228.00",
         date(2025, 3, 1), "NY", "H-1B", date(2025, 2, 1)],
        [None, "Harbor City Hosp Sys", "PGY-2", "Denied", "I-2", "29-1228", datetime(2025, 4, 2, 13, 5),
         "New Jersey", "H-1B", None],
        [],
        [None, "Maple Grove Health Partners LLC", "House Staff", "Withdrawn", "I-3", "29-1069", "2024-10-01",
         None, "H-1B", "10/01/2024"],
        [None, "Fictional Employer 7 Inc", "Clinical Fellow", "Certified - Withdrawn", 4, "29-1228.00",
         "10/02/2024", "pa", "H-1B", None],
        [None, "Fictional Employer 8 Inc", "Resident Physician", "Certified", "I-5", "29-1228.00", None, "TX",
         "E-3 Australian", None],
        [None, "Fictional Employer 9 Inc", "Resident", "Certified"],  # a short row
    ]  # fmt: skip
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


@pytest.mark.parametrize("header", [FY2020_HEADER, OLDER_HEADER], ids=["FY2020+", "older"])
def test_the_reader_gives_what_openpyxl_gives_on_the_test_files(tmp_path: Path, header: list[str]) -> None:
    path = write_xlsx(tmp_path / "lca.xlsx", sample_cases() + big_cases(400), header=header)
    ours = read_with_matchpilot(path)
    assert ours == read_with_openpyxl(path)
    assert len(ours) > len(sample_cases()) // 2  # the comparison is over rows really kept


def test_the_reader_gives_what_openpyxl_gives_on_an_awkward_workbook(tmp_path: Path) -> None:
    path = awkward_workbook(tmp_path / "awkward.xlsx")
    ours = read_with_matchpilot(path)
    assert ours == read_with_openpyxl(path)
    assert [row.case_number for row in ours] == ["I-1", "I-2", "I-3", "4"]
    assert [row.decision_date for row in ours] == [date(2025, 3, 1), date(2025, 4, 2), date(2024, 10, 1),
                                                   date(2024, 10, 2)]  # fmt: skip
    assert [row.employer_state for row in ours] == ["NY", "NJ", "", "PA"]


def test_progress_counts_the_rows_of_a_workbook(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "lca.xlsx", big_cases(5000))
    calls: list[tuple[int, int]] = []
    with path.open("rb") as handle:
        stream = open_lca(handle, path.name, progress=lambda done, total: calls.append((done, total)))
        list(stream.rows())
    assert stream.rows_read == 5000
    assert calls[0][0] == 4096 and calls[-1] == (5000, 5000)


def test_an_lca_zip_bomb_is_refused_naming_the_limit_before_it_is_read(tmp_path: Path) -> None:
    path = write_xlsx_bomb(tmp_path / "LCA_Disclosure_Data_FY2025_Q1.xlsx")
    assert path.stat().st_size < 20_000
    with path.open("rb") as handle, pytest.raises(TooLargeError) as refused:
        open_lca(handle, path.name)
    assert str(refused.value) == (
        "LCA_Disclosure_Data_FY2025_Q1.xlsx: the workbook unpacks to more than 5 GB "
        "(the limit for an LCA disclosure file)"
    )


def test_a_workbook_naming_a_far_cell_is_refused_for_its_columns_not_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "far.xlsx"
    path.write_bytes(xlsx_bomb(far_cell="XFD1048576"))  # 1.5 KB; a whole-sheet reader wants 512 GB for it
    with path.open("rb") as handle, pytest.raises(InputError, match="lacks the columns CASE_NUMBER"):
        open_lca(handle, path.name)


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "lca.xlsx"
    path.write_bytes(b"CASE_NUMBER,CASE_STATUS\n")
    with path.open("rb") as handle, pytest.raises(InputError, match=r"lca\.xlsx: not a readable XLSX workbook"):
        open_lca(handle, path.name)


def test_an_upload_without_a_path_is_read_from_a_temporary_copy_that_is_then_deleted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spool = tmp_path / "spool"
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))
    path = write_xlsx(tmp_path / "lca.xlsx", sample_cases())
    stream = open_lca(io.BytesIO(path.read_bytes()), "lca.xlsx")
    assert [p.name for p in spool.iterdir()] != []  # the copy the reader streams from, while it reads
    assert list(stream.rows()) == read_with_openpyxl(path)
    assert list(spool.iterdir()) == []
    with pytest.raises(InputError, match="lacks the columns"):
        open_lca(io.BytesIO(xlsx_bomb(far_cell="XFD1048576")), "far.xlsx")
    assert list(spool.iterdir()) == []
