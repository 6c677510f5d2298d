"""The xlsx container, checked before any parser sees it: format, size, zip bombs, sheet parts.

Every check here is cheap and runs in bounded memory: the zip's parts are inflated as a stream
(never held whole) and counted, so a forged header cannot hide a bomb, and the chosen sheet's XML
is scanned for cell references far out (a parser would allocate the dense rectangle up to them)
and for formulas. Failures raise UnreadableFile (exit 2) with a message code.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from targets.config import Settings
from targets.errors import UnreadableFile

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
REFUSED_SUFFIXES = {".xls": "legacy_xls", ".et": "wps_et", ".csv": "csv_file", ".xlsb": "xlsb_file",
                    ".ods": "ods_file", ".numbers": "not_xlsx"}
MB = 1024 * 1024
CHUNK = 1 << 20
MAX_PARTS = 5_000
MAX_SMALL_PART = 16 * MB  # workbook.xml, rels, styles: parsed whole, so kept small
MAX_RATIO = 500  # deflate tops out near 1032:1; real sheets compress 5–30:1
RATIO_FLOOR = 8 * MB  # ratios are judged only for parts that inflate past this
MAX_CELLS = 6_000_000  # dense rectangle a sheet may span (a reader allocates rows × columns)
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
# a cell (or row) reference with a row of 6+ digits, or a column of 2+ letters
_FAR_REF = re.compile(rb'r="(?:([A-Z]{0,3})(\d{6,})|([A-Z]{2,3})(\d+))"')


@dataclass(frozen=True)
class SheetPart:
    name: str
    path: str
    visible: bool
    worksheet: bool


@dataclass
class PartScan:
    max_row: int = 0
    max_col: int = 0
    has_formula: bool = False


@dataclass
class Container:
    """A zip that passed the checks: its sheets in workbook order and what the scan saw."""

    zip: zipfile.ZipFile
    sheets: list[SheetPart]
    scans: dict[str, PartScan] = field(default_factory=dict)

    def small_part(self, path: str) -> bytes:
        """A part known to be small (checked sizes), or b"" when absent."""
        try:
            info = self.zip.getinfo(path)
        except KeyError:
            return b""
        if info.file_size > MAX_SMALL_PART:
            raise UnreadableFile("workbook_corrupt", problem=path)
        data = self.zip.read(info)
        if b"<!DOCTYPE" in data[:4096].upper():
            raise UnreadableFile("workbook_corrupt", problem=path)
        return data


def refuse_format(data: bytes, filename: str, settings: Settings) -> None:
    """Refuse by name, size and magic bytes before anything is parsed."""
    suffix = PurePosixPath(filename.replace("\\", "/").lower()).suffix
    if suffix in REFUSED_SUFFIXES:
        raise UnreadableFile(REFUSED_SUFFIXES[suffix], file=filename)
    if len(data) > settings.max_upload_mb * MB:
        raise UnreadableFile("file_too_large", file=filename, limit=settings.max_upload_mb,
                             size=f"{len(data) / MB:.1f}")
    if data.startswith(OLE2_MAGIC):
        raise UnreadableFile("ole2_file", file=filename)
    if not data.startswith(ZIP_MAGIC):
        raise UnreadableFile("not_xlsx", file=filename)


def open_container(data: bytes, filename: str, settings: Settings) -> Container:
    """The checked zip: every part inflated as a stream and counted against the limits."""
    refuse_format(data, filename, settings)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
        _check_declared(infos, filename, settings)
        scans = _inflate_all(zf, infos, filename, settings)
        container = Container(zf, _sheet_parts(zf), scans)
    except UnreadableFile:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError,
            ValueError, KeyError, ET.ParseError, RuntimeError) as exc:
        raise UnreadableFile("workbook_corrupt", file=filename, problem=type(exc).__name__)
    if not container.sheets:
        raise UnreadableFile("not_xlsx", file=filename)
    return container


def _check_declared(infos: list[zipfile.ZipInfo], filename: str, settings: Settings) -> None:
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        raise UnreadableFile("not_xlsx", file=filename)
    if len(infos) > MAX_PARTS:
        raise UnreadableFile("zip_bomb", file=filename, limit=settings.max_unzipped_mb)
    if any(i.flag_bits & 0x1 for i in infos):  # a zip-level password
        raise UnreadableFile("ole2_file", file=filename)
    total = sum(i.file_size for i in infos)
    suspicious = any(i.file_size > RATIO_FLOOR and i.file_size > MAX_RATIO * max(i.compress_size, 1)
                     for i in infos)
    if total > settings.max_unzipped_mb * MB or suspicious:
        raise UnreadableFile("zip_bomb", file=filename, limit=settings.max_unzipped_mb)


def _inflate_all(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], filename: str,
                 settings: Settings) -> dict[str, PartScan]:
    """Inflate every part as a stream: real sizes (zipfile stops at the declared size and checks
    the CRC, so a forged header fails), plus a scan of each worksheet part."""
    limit = settings.max_unzipped_mb * MB
    total = 0
    scans: dict[str, PartScan] = {}
    for info in infos:
        scan = PartScan() if info.filename.startswith("xl/worksheets/") else None
        for chunk in _chunks(zf, info):
            total += len(chunk)
            if total > limit:
                raise UnreadableFile("zip_bomb", file=filename, limit=settings.max_unzipped_mb)
            if scan is not None:
                _scan_chunk(scan, chunk)
        if scan is not None:
            scans[info.filename] = scan
            if scan.max_row * max(scan.max_col, 1) > MAX_CELLS:
                raise UnreadableFile("sheet_too_wide", file=filename)
    return scans


def _chunks(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    tail = b""
    with zf.open(info) as fh:
        while chunk := fh.read(CHUNK):
            # keep a short overlap so a reference split across two chunks is still seen
            yield tail + chunk
            tail = chunk[-48:]


def _scan_chunk(scan: PartScan, chunk: bytes) -> None:
    if not scan.has_formula and (b"<f>" in chunk or b"<f " in chunk or b"<f/>" in chunk):
        scan.has_formula = True
    # A sheet of 99,999 rows and 26 columns is a dense rectangle a reader can afford; only
    # references beyond that (6+ digit rows or 2+ letter columns) need measuring.
    scan.max_row = max(scan.max_row, 99_999)
    scan.max_col = max(scan.max_col, 26)
    for far_letters, far_row, wide_letters, wide_row in _FAR_REF.findall(chunk):
        letters, digits = (far_letters, far_row) if far_row else (wide_letters, wide_row)
        scan.max_row = max(scan.max_row, int(digits))
        scan.max_col = max(scan.max_col, column_number(letters.decode()))


def column_number(letters: str) -> int:
    """A → 1, Z → 26, AA → 27."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def column_letter(number: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while number > 0:
        number, rem = divmod(number - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _sheet_parts(zf: zipfile.ZipFile) -> list[SheetPart]:
    probe = Container(zf, [])
    workbook = ET.fromstring(probe.small_part("xl/workbook.xml"))
    rels_xml = probe.small_part("xl/_rels/workbook.xml.rels")
    rels = {r.get("Id"): (r.get("Target", ""), r.get("Type", ""))
            for r in (ET.fromstring(rels_xml).iter(PKG_REL) if rels_xml else [])}
    result = []
    for sheet in workbook.iterfind("m:sheets/m:sheet", NS):
        target, kind = rels.get(sheet.get(f"{{{REL_NS}}}id"), ("", ""))
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        result.append(SheetPart(name=sheet.get("name", ""), path=path,
                                visible=sheet.get("state", "visible") == "visible",
                                worksheet=kind.endswith("/worksheet")))
    return result


def _percent_styles(container: Container) -> set[str]:
    """Indexes (as text) of the cell formats that show numbers as percentages."""
    raw = container.small_part("xl/styles.xml")
    if not raw:
        return set()
    root = ET.fromstring(raw)
    formats = {"9", "10"}
    for fmt in root.iterfind("m:numFmts/m:numFmt", NS):
        code = re.sub(r'"[^"]*"|\\.', "", fmt.get("formatCode", ""))
        if "%" in code:
            formats.add(fmt.get("numFmtId", ""))
    xfs = root.find("m:cellXfs", NS)
    cells = list(xfs.iterfind("m:xf", NS)) if xfs is not None else []
    return {str(i) for i, xf in enumerate(cells) if xf.get("numFmtId", "0") in formats}


def cell_flags(container: Container, path: str, first_row: int,
                columns: dict[str, int]) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """(formula cells with no cached value, %-formatted cells) in the used columns of data rows.

    Only walks the sheet XML when the scan saw a formula or the styles hold a percent format.
    """
    scan = container.scans.get(path)
    percent_xfs = _percent_styles(container)
    if not (scan and scan.has_formula) and not percent_xfs:
        return set(), set()
    used = set(columns.values())
    formula_missing: set[tuple[int, int]] = set()
    percent: set[tuple[int, int]] = set()
    cell_tag, row_tag = f"{{{NS['m']}}}c", f"{{{NS['m']}}}row"
    row_number, col_number = 0, 0
    with container.zip.open(path) as fh:
        for event, elem in ET.iterparse(fh, events=("start", "end")):
            if event == "start":
                if elem.tag == row_tag:
                    row_number = int(elem.get("r") or row_number + 1)
                    col_number = 0
                continue
            if elem.tag == cell_tag:
                col_number = _cell_column(elem.get("r"), col_number)
                if row_number >= first_row and col_number in used:
                    _flag_cell(elem, (row_number, col_number), percent_xfs, formula_missing, percent)
                elem.clear()
            elif elem.tag == row_tag:
                elem.clear()
    return formula_missing, percent


def _cell_column(ref: str | None, previous: int) -> int:
    if not ref:
        return previous + 1
    return column_number("".join(ch for ch in ref if ch.isalpha()))


def _flag_cell(elem: ET.Element, at: tuple[int, int], percent_xfs: set[str],
               formula_missing: set[tuple[int, int]], percent: set[tuple[int, int]]) -> None:
    formula = elem.find("m:f", NS)
    cached = elem.find("m:v", NS)
    # an empty cached string (t="str") is a real result, e.g. =IF(A2="","",…); no <v> at all, or an
    # empty one of another type, means the file was never calculated (written by a script)
    empty = cached is None or (not (cached.text or "") and elem.get("t") != "str")
    if formula is not None and empty:
        formula_missing.add(at)
    if elem.get("s") in percent_xfs:
        percent.add(at)
