"""Hostile workbooks built in code: each is a well-formed .xlsx that asks a reader for a vast
rectangle, inflates like a bomb or plays an XML trick. HOSTILE maps a case name to its builder.

Every case starts from the same one-row upload (tests.unit.workbooks.book) and changes only what
its name says, so a case that passes the checks would otherwise validate.
"""

from __future__ import annotations

import io
import random
import struct
import warnings
import zipfile
from collections.abc import Callable

from tests.unit.workbooks import book, rezip, row

SHEET = "xl/worksheets/sheet1.xml"
FAR_ROW = b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row>'
BOMB_BYTES = 210 * 1024 * 1024  # past the 200 MB inflated limit


def valid() -> bytes:
    """The one-row upload every case starts from."""
    return book([row(12)])


def sheet_tail(xml: bytes, data: bytes | None = None) -> bytes:
    """`xml` added at the end of the first sheet's data."""
    return rezip(data or valid(), lambda n, c: c.replace(b"</sheetData>", xml + b"</sheetData>")
                 if n == SHEET else c)


def sheet_edit(old: bytes, new: bytes) -> bytes:
    """The first sheet's XML with `old` replaced by `new`."""
    return rezip(valid(), lambda n, c: c.replace(old, new) if n == SHEET else c)


def moved_sheet(new_path: str, rels_target: str, tail: bytes = FAR_ROW) -> bytes:
    """The sheet stored at `new_path`, found through the workbook rels as `rels_target`."""
    source = zipfile.ZipFile(io.BytesIO(sheet_tail(tail)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            content = source.read(name)
            if name == "xl/_rels/workbook.xml.rels":
                content = content.replace(b'Target="/xl/worksheets/sheet1.xml"', f'Target="{rels_target}"'.encode())
            elif name == "[Content_Types].xml":
                content = content.replace(b'"/xl/worksheets/sheet1.xml"', f'"/{new_path}"'.encode())
            target.writestr(new_path if name == SHEET else name, content)
    return out.getvalue()


def duplicate_sheet_entry() -> bytes:
    """Two zip entries named like the sheet: the first harmless, the second hostile."""
    hostile = zipfile.ZipFile(io.BytesIO(sheet_tail(b"<row r='1048576'><c r='XFD1048576'><v>1</v></c></row>")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target, warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile: "Duplicate name", the point here
        for name in hostile.namelist():
            if name == SHEET:
                target.writestr(name, zipfile.ZipFile(io.BytesIO(valid())).read(SHEET))
            target.writestr(name, hostile.read(name))
    return out.getvalue()


def million_rows_then_wide_row(cell: bytes) -> bytes:
    """A million `<row/>` and then one row of 16,384 cells, none with a reference."""
    return sheet_tail(b"<row/>" * 1_000_000 + b"<row>" + cell * 16_384 + b"</row>")


def filler_part(forge_size: bool = False) -> bytes:
    """A media part of zeros that inflates past 200 MB; optionally its headers claim 1,000 bytes."""
    source = zipfile.ZipFile(io.BytesIO(valid()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            target.writestr(name, source.read(name))
        target.writestr("xl/media/filler.bin", bytes(BOMB_BYTES))
    data = bytearray(out.getvalue())
    return bytes(_forge(data, b"xl/media/filler.bin", 1000)) if forge_size else bytes(data)


def _forge(data: bytearray, name: bytes, size: int) -> bytearray:
    """Rewrite a part's inflated size in its central and local headers."""
    central = data.find(b"PK\x01\x02")
    while central != -1:
        name_len = struct.unpack_from("<H", data, central + 28)[0]
        if bytes(data[central + 46:central + 46 + name_len]) == name:
            struct.pack_into("<I", data, central + 24, size)
            local = struct.unpack_from("<I", data, central + 42)[0]
            struct.pack_into("<I", data, local + 22, size)
        central = data.find(b"PK\x01\x02", central + 4)
    return data


def entity_bomb_in_sheet() -> bytes:
    """Billion laughs: a DTD whose entities expand to gigabytes, used in a cell."""
    entities = b'<!ENTITY a0 "' + b"x" * 64 + b'">' + b"".join(
        b"<!ENTITY a%d \"%s\">" % (i, b"".join(b"&a%d;" % (i - 1) for _ in range(10))) for i in range(1, 9))
    doctype = b"<?xml version='1.0'?><!DOCTYPE worksheet [" + entities + b"]>"
    return rezip(sheet_tail(b'<row r="3"><c r="E3" t="inlineStr"><is><t>&a8;</t></is></c></row>'),
                 lambda n, c: doctype + c if n == SHEET else c)


def late_doctype_in_workbook() -> bytes:
    """An external entity declared after 8 KB of comment in workbook.xml (past a 4 KB sniff)."""
    doctype = (b"<?xml version='1.0'?><!--" + b" " * 8192 + b'--><!DOCTYPE workbook [<!ENTITY e SYSTEM '
               b'"file:///etc/passwd">]>')
    return rezip(valid(), lambda n, c: doctype + c.replace(b'name="\xe8\xbf\x9b', b'name="&e;\xe8\xbf\x9b')
                 if n == "xl/workbook.xml" else c)


def shared_strings_flood() -> bytes:
    """A shared-strings part of 11 million one-letter strings (about 190 MB inflated)."""
    sst = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           + b"<si><t>x</t></si>" * 11_000_000 + b"</sst>")
    source = zipfile.ZipFile(io.BytesIO(valid()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            content = source.read(name)
            if name == "xl/_rels/workbook.xml.rels":
                content = content.replace(b"</Relationships>", b'<Relationship Id="rId9" Target="sharedStrings.xml" '
                                          b'Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                                          b'relationships/sharedStrings"/></Relationships>')
            target.writestr(name, content)
        target.writestr("xl/sharedStrings.xml", sst)
    return out.getvalue()


def huge_text_cell() -> bytes:
    """One cell of 40 MB of text (Excel stops at 32,767 characters), varied enough not to look
    like a bomb."""
    block = bytes(random.Random(15).choices(b"abcdefghijklmnopqrstuvwxyz", k=4096))
    return sheet_tail(b'<row r="3"><c r="E3" t="inlineStr"><is><t>' + block * 10_000 + b"</t></is></c></row>")


def nested_rows_then_wide_row(depth: int = 600_000) -> bytes:
    """Rows nested `depth` deep around one with r="1": a reader counts a row at each end tag."""
    return sheet_tail(b"<row>" * depth + b'<row r="1"></row>' + b"</row>" * depth
                      + b"<row>" + b"<c><v>1</v></c>" * 200 + b"</row>")


HOSTILE: dict[str, Callable[[], bytes]] = {
    "single_quoted_r": lambda: sheet_tail(b"<row r='1048576'><c r='XFD1048576' t='n'><v>1</v></c></row>"),
    "spaced_r": lambda: sheet_tail(b'<row r = "1048576"><c r = "XFD1048576" t="n"><v>1</v></c></row>'),
    "r_split_by_newlines": lambda: sheet_tail(b'<row\n\tr\n=\n"1048576"><c\nr\t=\t"XFD1048576"><v>1</v></c></row>'),
    "character_reference_r": lambda: sheet_tail(b'<row><c r="&#88;FD&#49;048576"><v>1</v></c></row>'),
    "lowercase_r": lambda: sheet_tail(b'<row><c r="xfd1048576"><v>1</v></c></row>'),
    "foreign_namespace_cell": lambda: sheet_tail(b"<row><x:c xmlns:x='urn:x' r='XFD1048576'><x:v>1</x:v></x:c></row>"),
    "sheet_outside_worksheets": lambda: moved_sheet("xl/data/grid.xml", "data/grid.xml"),
    "sheet_outside_xl": lambda: moved_sheet("payload/grid.xml", "/payload/grid.xml"),
    "sheet_path_other_case": lambda: moved_sheet("xl/WorkSheets/Sheet1.xml", "worksheets/sheet1.xml"),
    "duplicate_sheet_entry": duplicate_sheet_entry,
    "million_rows_wide_row_without_r": lambda: million_rows_then_wide_row(b"<c><v>1</v></c>"),
    "million_rows_empty_cells_without_r": lambda: million_rows_then_wide_row(b"<c/>"),
    "far_row_cells_without_r": lambda: sheet_tail(b"<row r='1048576'><c><v>1</v></c></row>"),
    "zz99999_single_quoted": lambda: sheet_tail(b"<row r='99999'><c r='ZZ99999'><v>1</v></c></row>"),
    "zz99999": lambda: sheet_tail(b'<row r="99999"><c r="ZZ99999"><v>1</v></c></row>'),
    "far_cell_dimension_lies_small": lambda: sheet_tail(FAR_ROW),  # the sheet still says A1:E2
    "dimension_claims_whole_sheet": lambda: sheet_edit(b'<dimension ref="A1:E2"/>',
                                                       b'<dimension ref="A1:XFD1048576"/>'),
    "merged_whole_sheet": lambda: sheet_edit(b"</sheetData>", b'</sheetData><mergeCells count="1">'
                                             b'<mergeCell ref="A3:XFD1048576"/></mergeCells>'),
    "row_zero": lambda: sheet_tail(b"<row r='0'><c><v>1</v></c></row>"),
    "cell_row_zero": lambda: sheet_tail(b"<row><c r='A0'><v>1</v></c></row>"),
    "nested_rows_then_wide_row": nested_rows_then_wide_row,
    "row_number_past_u32": lambda: sheet_tail(b"<row r='4294967297'><c r='A4294967297'><v>1</v></c></row>"),
    "zip_bomb": filler_part,
    "zip_bomb_forged_sizes": lambda: filler_part(forge_size=True),
    "entity_bomb_in_sheet": entity_bomb_in_sheet,
    "late_doctype_in_workbook": late_doctype_in_workbook,
    "shared_strings_flood": shared_strings_flood,
    "huge_text_cell": huge_text_cell,
}
