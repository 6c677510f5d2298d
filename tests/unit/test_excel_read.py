"""Reading workbooks safely: refused formats, limits, zip bombs, hostile sheets; the safe writer."""

from __future__ import annotations

import io
import struct
import time
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from targets.config import Settings
from targets.errors import UnreadableFile
from targets.workbook import excel
from targets.workbook import writer as workbook_writer
from tests.unit.workbooks import HEADER, book, rezip, row, save, with_sheet_xml

VALID = book([row(12)])


@pytest.mark.parametrize("name, data, code", [
    ("old.xls", VALID, "legacy_xls"),
    ("data.csv", b"a,b,c\n1,2,3\n", "csv_file"),
    ("wps.et", VALID, "wps_et"),
    ("book.xlsb", VALID, "xlsb_file"),
    ("encrypted.xlsx", bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 512, "ole2_file"),
    ("text.xlsx", "指标编号,地区\n".encode(), "not_xlsx"),
    ("empty.xlsx", b"", "not_xlsx"),
    ("other.zip.xlsx", b"PK\x03\x04" + b"\0" * 100, "workbook_corrupt"),
])
def test_files_that_are_not_xlsx_are_refused_with_a_sentence(name, data, code):
    with pytest.raises(UnreadableFile) as err:
        excel.read_sheet(data, name)
    assert err.value.code == code and err.value.exit_code == 2
    assert name in str(err.value) and "Traceback" not in str(err.value)


def test_a_zip_without_a_workbook_is_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(UnreadableFile) as err:
        excel.read_sheet(buf.getvalue(), "f.xlsx")
    assert err.value.code == "not_xlsx"


def test_a_file_over_the_size_limit_is_refused_before_parsing():
    data = b"PK\x03\x04" + b"\0" * (10 * 1024 * 1024 + 1)  # not even a valid zip: size comes first
    started = time.perf_counter()
    with pytest.raises(UnreadableFile) as err:
        excel.read_sheet(data, "big.xlsx")
    assert err.value.code == "file_too_large"
    assert time.perf_counter() - started < 0.5


def _bomb(size: int) -> bytes:
    filler = b"<row/>" * (size // 6)
    return with_sheet_xml(VALID, b"</sheetData>", filler + b"</sheetData>")


def test_zip_bomb_is_refused_by_inflated_size():
    settings = Settings(max_unzipped_mb=1)
    with pytest.raises(UnreadableFile) as err:
        excel.read_sheet(_bomb(2 * 1024 * 1024), "bomb.xlsx", settings)
    assert err.value.code == "zip_bomb"


def test_zip_bomb_with_forged_sizes_is_refused():
    """A part whose header claims a small size but inflates to more: CRC check fails, refused."""
    data = bytearray(_bomb(3 * 1024 * 1024))
    central = data.find(b"PK\x01\x02")
    while central != -1:
        name_len = struct.unpack_from("<H", data, central + 28)[0]
        name = bytes(data[central + 46:central + 46 + name_len])
        if name == b"xl/worksheets/sheet1.xml":
            struct.pack_into("<I", data, central + 24, 1000)
            local = struct.unpack_from("<I", data, central + 42)[0]
            struct.pack_into("<I", data, local + 22, 1000)
        central = data.find(b"PK\x01\x02", central + 4)
    with pytest.raises(UnreadableFile) as err:
        excel.read_sheet(bytes(data), "forged.xlsx", Settings(max_unzipped_mb=2))
    assert err.value.code in ("zip_bomb", "workbook_corrupt")


def test_a_far_away_cell_is_refused_before_a_parser_allocates_the_rectangle():
    data = with_sheet_xml(VALID, b"</sheetData>",
                          b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row></sheetData>')
    with pytest.raises(UnreadableFile) as err:
        excel.read_sheet(data, "far.xlsx")
    assert err.value.code == "sheet_too_large"


def test_more_than_50000_data_rows_are_refused():
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("进展填报")
    ws.append(HEADER)
    line = row(1)
    for _ in range(50_001):
        ws.append(line)
    with pytest.raises(UnreadableFile) as err:
        excel.read_sheet(save(wb), "many.xlsx")
    assert err.value.code == "too_many_rows" and "50000" in str(err.value)


def test_row_limit_counts_data_rows_only():
    data = book([row(1), row(2)], above=[["标题"]])
    assert len(excel.read_sheet(data, "f.xlsx", Settings(max_rows=2)).rows) == 2
    with pytest.raises(UnreadableFile):
        excel.read_sheet(data, "f.xlsx", Settings(max_rows=1))


def test_malformed_sheet_xml_is_unreadable_not_a_traceback():
    data = rezip(VALID, lambda n, c: c[: len(c) // 2] if n == "xl/worksheets/sheet1.xml" else c)
    with pytest.raises(UnreadableFile):
        excel.read_sheet(data, "cut.xlsx")


def test_xlsm_is_read_as_data():
    sheet = excel.read_sheet(VALID, "macro.xlsm")
    assert sheet.rows[0].cells["value"] == 12


def test_header_detection_reports_the_missing_headers():
    sheet = excel.read_sheet(book([row(1)], ["指标编号", "地区", "日期", "累计完成值"]), "f.xlsx")
    assert sheet.header_row is None and sheet.missing == ("截止日期",)


def test_rows_keep_their_spreadsheet_numbers_and_labels():
    sheet = excel.read_sheet(book([row(1), [None] * 5, row(2)], above=[["标题"], []]), "f.xlsx")
    assert sheet.header_row == 3
    assert [r.number for r in sheet.rows] == [4, 6]
    assert sheet.label("value") == "累计完成值（D列）"


def test_formula_without_cached_value_is_flagged_only_in_used_columns():
    data = with_sheet_xml(book([row(12, note="x")]), b'<c r="E2" t="inlineStr"><is><t>x</t></is></c>',
                          b'<c r="E2"><f>A1</f></c><c r="F2"><f>A1</f></c>')
    sheet = excel.read_sheet(data, "f.xlsx")
    assert sheet.rows[0].formula_missing == frozenset({"note"})


@pytest.mark.parametrize("text", ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tx", "=HYPERLINK(\"http://x\")"])
def test_the_writer_keeps_executable_text_as_text(text):
    data = workbook_writer.table_workbook([("s", ["h"], [[text], [5]])])
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet
    cell = load_workbook(io.BytesIO(data))["s"]["A2"]
    assert cell.data_type == "s" and cell.quotePrefix and cell.value == text


@pytest.mark.parametrize("text, expected", [
    ("2024-06-30", (2024, 6, 30)), ("2024/6/30", (2024, 6, 30)), ("2024.6.30", (2024, 6, 30)),
    ("2024年6月30日", (2024, 6, 30)), ("2024-06", (2024, 6, 30)), ("2024年2月", (2024, 2, 29)),
    ("２０２４－０６－３０", (2024, 6, 30)), (45473, (2024, 6, 30)), (20240630, (2024, 6, 30)),
    ("2024-13", None), ("六月", None), (True, None),
])
def test_date_forms(text, expected):
    import datetime as dt

    assert excel.parse_date(text) == (dt.date(*expected) if expected else None)
