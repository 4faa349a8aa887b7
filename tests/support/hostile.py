"""Hostile spreadsheets, generated small: a workbook whose ``<dimension>`` declares far more than it holds (the
"XLSX bomb" of issue 19), and a CSV of millions of one-character rows."""

from __future__ import annotations

import io
import zipfile

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _cell(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


def xlsx_bomb(dimension: str = "A1:XFD1048576", *, far_cell: str | None = None) -> bytes:
    """A workbook of about 1.5 KB: a header (code, name), one program row, an empty row element at the last
    row ``dimension`` declares, and a ``<dimension ref=...>`` declaring ``dimension`` (by default every cell a
    workbook can have). A reader that trusts the dimension makes every row up to the last one 16,384 cells
    wide. With ``far_cell`` (such as ``"XFD1048576"``) the last row element holds a value in that cell instead."""
    rows = f'<row r="1">{_cell("A1", "code")}{_cell("B1", "name")}</row>'
    rows += f'<row r="2">{_cell("A2", "1001340C0")}{_cell("B2", "Lakeview (fictional)")}</row>'
    if far_cell is not None:
        number = "".join(ch for ch in far_cell if ch.isdigit())
        rows += f'<row r="{number}">{_cell(far_cell, "x")}</row>'
    else:
        last = "".join(ch for ch in dimension.split(":")[-1] if ch.isdigit())
        if int(last) > 2:
            rows += f'<row r="{last}"/>'
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_RELS}">'
            f'<Relationship Id="rId1" Type="{_DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN}" xmlns:r="{_DOC}">'
            '<sheets><sheet name="programs" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_RELS}">'
            f'<Relationship Id="rId1" Type="{_DOC}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}">'
            f'<dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>'
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return out.getvalue()


def tiny_rows_csv(rows: int) -> bytes:
    """A CSV with a one-column header and ``rows`` rows of one character each (two bytes a row)."""
    return b"code\n" + b"a\n" * rows
