"""The quick pass over a sheet part gives SheetScanner's scan, or hands the part to it.

Each sheet below is scanned both ways, fed in small chunks so tags fall across chunk ends; where
the quick pass vouches for a sheet its scan must equal the exact one, and the sheets that are not
written plainly (prefixes, formulas, comments, other encodings, escapes) must be handed over.
"""

from __future__ import annotations

import pytest

from targets.workbook.sheet_scan import Limits, QuickScanner, SheetScanner, TooLarge

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
LIMITS = Limits(rows=1_000, columns=30, cells=10_000)
PERCENT = frozenset({"2"})


def sheet(body: str, head: str = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
          root: str = f"<worksheet {NS}>") -> bytes:
    return (head + root + "<sheetData>" + body + "</sheetData></worksheet>").encode()


def cells(n: int) -> str:
    return "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c><c r="C{r}" s="2"><v>0.5</v></c>'
                   f'<c r="B{r}" s="1" t="n"><v>3</v></c></row>' for r in range(1, n + 1))


def both(data: bytes, chunk: int = 7):
    quick, exact = QuickScanner(LIMITS, PERCENT), SheetScanner(LIMITS, PERCENT)
    for i in range(0, len(data), chunk):
        quick.feed(data[i:i + chunk])
        exact.feed(data[i:i + chunk])
    return quick.close(), exact.close()


PLAIN = [
    sheet(cells(20)),
    sheet(cells(3), head=""),
    sheet(cells(3) + '<row r="40"><c r="Z40"/></row>'),
    sheet('<row r="2" spans="1:3"><c r="B2"><v>1</v></c></row>', root=f'<worksheet {NS}><dimension ref="A1:F9"/>'),
    sheet(cells(2) + '</sheetData><mergeCells count="1"><mergeCell ref="A1:D30"/></mergeCells><sheetData>'),
]
HANDED_OVER = [
    sheet('<row r="1"><c r="A1"><f>1+1</f><v>2</v></c><c r="B1"><f>X</f></c></row>'),
    sheet('<x:row r="1"><x:c r="B7"><x:v>1</x:v></x:c></x:row>',
          root='<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">').replace(
              b"<sheetData>", b"<x:sheetData>").replace(b"</sheetData></worksheet>", b"</x:sheetData></x:worksheet>"),
    sheet('<row r="1"><!-- <c r="Z999"/> --><c r="A1"/></row>'),
    sheet('<row r="1"><c r="A1" t="s" s="2"><v>0</v></c></row>'),
    sheet("<row r='1'><c r='D1'/></row>"),
    sheet('<row r="1"><c r="&#68;1"/></row>'),
    sheet('<row><c><v>1</v></c><c><v>2</v></c></row><row><c/></row>'),
    sheet('<row r="1"><c r="d4"/></row>'),
    sheet('<row r="1"><c\nr="E4"/></row>'),
    sheet('<row r="1"><c r="A1"/></row><row r="2"><c r="A1001"/></row>'),
]


@pytest.mark.parametrize("data", PLAIN)
@pytest.mark.parametrize("chunk", [5, 64, 1 << 20])
def test_a_plainly_written_sheet_gets_the_exact_scan_from_the_quick_pass(data, chunk):
    quick, exact = both(data, chunk)
    assert quick is not None
    assert quick == exact


@pytest.mark.parametrize("data", HANDED_OVER)
def test_a_sheet_not_written_plainly_is_handed_to_the_exact_scanner(data):
    quick = QuickScanner(LIMITS, PERCENT)
    quick.feed(data)
    assert quick.close() is None


def test_a_sheet_in_another_encoding_is_handed_over():
    data = sheet(cells(2), head='<?xml version="1.0" encoding="UTF-16"?>').decode().encode("utf-16")
    quick = QuickScanner(LIMITS, PERCENT)
    quick.feed(data)
    assert quick.close() is None


def test_a_sheet_beyond_the_limits_is_left_to_the_exact_scanner_to_refuse():
    data = sheet('<row r="1"><c r="A1"/></row><row r="2"><c r="AF2"/></row>')
    quick = QuickScanner(LIMITS, PERCENT)
    quick.feed(data)
    assert quick.close() is None
    with pytest.raises(TooLarge):
        both(data)
