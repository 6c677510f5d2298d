"""The sheet scan places cells as python-calamine does: one row per XML rule, as a table."""

from __future__ import annotations

import pytest
from defusedxml import DefusedXmlException

from targets.workbook.sheet_scan import BadReference, Limits, SheetScanner, TooLarge, column_number

WIDE_OPEN = Limits(rows=10**10, columns=10**5, cells=10**15)
MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def scan(body: str, limits: Limits = WIDE_OPEN, percent: frozenset[str] = frozenset()):
    scanner = SheetScanner(limits, percent)
    scanner.feed(f"<worksheet {MAIN}><sheetData>{body}</sheetData></worksheet>".encode())
    return scanner.close()


@pytest.mark.parametrize("body, extent", [
    ('<row r="3"><c r="B3"><v>1</v></c></row>', (3, 2)),
    ("<row><c/><c/></row><row><c/></row>", (2, 2)),  # no references: placed one after another
    ('<row r="5"><c/><c/><c/></row>', (5, 3)),
    ('<row r="2"><c r="D2"/><c/></row>', (2, 5)),  # a cell after a referenced one goes to its right
    ('<row r="2"><c r="A9"/></row>', (9, 1)),  # a cell's own reference wins over its row's
    ('<row r="2"><c r="A9"/><c/></row><row><c/></row>', (9, 2)),
    ("<row><row r='1'></row></row><row><c/></row>", (3, 1)),  # a row ends at each end tag
    ("<row r='4'/><row><c/></row>", (5, 1)),
    ("<row r='1048576'><c r='XFD1048576'/></row>", (1048576, 16384)),  # single quotes
    ('<row r = "7"><c\nr\t=\t"C7"/></row>', (7, 3)),  # spaces and newlines around =
    ('<row><c r="&#67;&#55;"/></row>', (7, 3)),  # character references
    ('<row><c r="xfd1"/></row>', (1, 16384)),  # lower case
    ("<row><x:c xmlns:x='urn:other' r='E2'/></row>", (2, 5)),  # any namespace prefix
    ("<row><c x:r='Z99' xmlns:x='urn:other'/></row>", (1, 1)),  # a prefixed r is not the reference
    ('<dimension ref="A1:C7"/>', (7, 3)),  # a declared dimension counts
    ('<mergeCell ref="$A$1:$B$20"/>', (20, 2)),
    ('<dimension ref="A1:??"/>', (0, 0)),  # left to the reader, which refuses it
])
def test_extent(body, extent):
    result = scan(body)
    assert (result.rows, result.columns) == extent


@pytest.mark.parametrize("ref", ["A0", "0", "1A", "AAAA1", "", " A1", "A１"])
def test_a_reference_a_reader_cannot_place_is_refused(ref):
    with pytest.raises(BadReference):
        scan(f'<row><c r="{ref}"/></row>')


def test_formulas_without_a_cached_value_are_flagged_by_column():
    result = scan('<row r="2"><c r="B2"><f>1</f></c><c r="C2"><f>1</f><v>3</v></c>'
                  '<c r="D2" t="str"><f>1</f><v></v></c><c r="E2"><f>1</f><v></v></c></row>')
    assert result.cells(result.formula_missing, 1, {2, 3, 4, 5}) == {(2, 2), (2, 5)}


def test_percent_styled_cells_are_flagged():
    result = scan('<row r="2"><c r="B2" s="1"><v>0.5</v></c><c r="C2" s="2"><v>1</v></c></row>',
                  percent=frozenset({"1"}))
    assert result.cells(result.percent, 2, {2, 3}) == {(2, 2)}
    assert result.cells(result.percent, 3, {2, 3}) == set()


def test_the_scan_stops_as_soon_as_the_limits_are_passed():
    with pytest.raises(TooLarge) as far:
        scan("<row/>" * 50 + "<row><c/><c/><c/></row>" + "<row/>" * 10**5, Limits(rows=40, columns=5, cells=100))
    assert (far.value.rows, far.value.columns) == (51, 1)


@pytest.mark.parametrize("rows, columns, refused", [(50, 60, False), (101, 1, True), (1, 61, True), (60, 60, True)])
def test_limits_bound_rows_columns_and_their_product(rows, columns, refused):
    assert Limits(rows=100, columns=60, cells=3_000).exceeded(rows, columns) is refused


def test_a_document_type_declaration_is_refused():
    scanner = SheetScanner(WIDE_OPEN, frozenset())
    with pytest.raises(DefusedXmlException):
        scanner.feed(b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY e "x">]><worksheet>&e;</worksheet>')
        scanner.close()


def test_column_letters_agree_with_openpyxl():
    from openpyxl.utils import column_index_from_string, get_column_letter

    letters = [get_column_letter(n) for n in range(1, 18_279)]
    assert [column_number(x) for x in letters] == [column_index_from_string(x) for x in letters]
