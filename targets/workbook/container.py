"""The xlsx container, checked before any parser sees it: format, size, zip bombs, sheet extents.

Every check runs in bounded memory. The zip's parts are inflated as a stream (never held whole)
and counted, so a forged header cannot hide a bomb. The sheets are found as a reader finds
them, through xl/workbook.xml and its rels, wherever they are stored and in any letter case;
each is parsed while it inflates (targets.workbook.sheet_scan) and the file is refused when a
sheet spans a rectangle beyond the limits (a reader allocates rows × columns). Every XML parse
goes through defusedxml. Failures raise UnreadableFile (exit 2) with a message code.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Protocol
from xml.etree.ElementTree import Element
from xml.parsers.expat import ExpatError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from targets.errors import UnreadableFile
from targets.workbook.sheet_scan import BadReference, Limits, QuickScanner, SheetScan, SheetScanner, TooLarge


class UploadLimits(Protocol):
    """The three settings the container checks need (targets.config.Settings has them). A protocol, so
    the reader's child process gets them as plain numbers without importing the settings (pydantic,
    pandas: about 100 MB of its memory cap)."""

    @property
    def max_upload_mb(self) -> int: ...
    @property
    def max_rows(self) -> int: ...
    @property
    def max_unzipped_mb(self) -> int: ...


@dataclass(frozen=True)
class PlainLimits:
    """UploadLimits as plain numbers (what the reader's child is handed)."""

    max_upload_mb: int
    max_rows: int
    max_unzipped_mb: int

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
MAX_COLUMNS = 256  # IV, the old Excel's last column; the upload needs a dozen
MAX_CELLS = 6_000_000  # rows × columns a reader may allocate (e.g. 100,000 rows × 60 columns)
NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
XML_FAILURES = (ExpatError, ParseError, BadReference)


@dataclass(frozen=True)
class SheetPart:
    name: str
    path: str  # the zip entry as stored, "" when the workbook names a part that is absent
    visible: bool
    worksheet: bool


@dataclass(frozen=True)
class Container:
    """A zip that passed the checks: its sheets in workbook order and what the scan of each saw."""

    sheets: list[SheetPart]
    scans: dict[str, SheetScan]


def choose_sheet(container: Container, preferred: str, filename: str) -> SheetPart:
    """The worksheet named `preferred`, else the first visible one; UnreadableFile if none."""
    sheets = [s for s in container.sheets if s.worksheet]
    for s in sheets:
        if s.name == preferred:
            return s
    visible = [s for s in sheets if s.visible]
    if not visible:
        raise UnreadableFile("no_sheet", file=filename)
    return visible[0]


def sheet_limits(settings: UploadLimits) -> Limits:
    """The rectangle a sheet may span: twice the data-row limit (blank and title rows), 256 columns."""
    return Limits(rows=max(2 * settings.max_rows, 1_000), columns=MAX_COLUMNS, cells=MAX_CELLS)


def refuse_format(data: bytes, filename: str, settings: UploadLimits) -> None:
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


def open_container(data: bytes, filename: str, settings: UploadLimits,
                   meanwhile: Callable[[list[SheetPart]], None] | None = None) -> Container:
    """The checked zip: declared sizes, then every part inflated as a stream and each sheet measured.

    `meanwhile` is called with the sheets once the workbook's own small parts have named them,
    before the parts are inflated and measured (the reader's child starts its bounded parse there).
    """
    refuse_format(data, filename, settings)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
        _check_declared(infos, filename, settings)
        sheets = _sheet_parts(zf)
        percent = _percent_styles(zf)
        if meanwhile is not None and sheets:
            meanwhile(sheets)
        scans = _inflate_all(zf, infos, sheets, percent, filename, settings)
    except UnreadableFile:
        raise
    except DefusedXmlException:
        raise UnreadableFile("xml_forbidden", file=filename)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError,
            ValueError, KeyError, RuntimeError, *XML_FAILURES) as exc:
        raise UnreadableFile("workbook_corrupt", file=filename, problem=type(exc).__name__)
    if not sheets:
        raise UnreadableFile("not_xlsx", file=filename)
    return Container(sheets, scans)


def _check_declared(infos: list[zipfile.ZipInfo], filename: str, settings: UploadLimits) -> None:
    names = [i.filename.lower() for i in infos]
    if "xl/workbook.xml" not in names:
        raise UnreadableFile("not_xlsx", file=filename)
    if len(infos) > MAX_PARTS:
        raise UnreadableFile("zip_bomb", file=filename, limit=settings.max_unzipped_mb)
    if len(set(names)) != len(names):  # two parts a reader cannot tell apart: which one is read?
        raise UnreadableFile("workbook_corrupt", file=filename, problem="duplicate part")
    if any(i.flag_bits & 0x1 for i in infos):  # a zip-level password
        raise UnreadableFile("ole2_file", file=filename)
    total = sum(i.file_size for i in infos)
    suspicious = any(i.file_size > RATIO_FLOOR and i.file_size > MAX_RATIO * max(i.compress_size, 1)
                     for i in infos)
    if total > settings.max_unzipped_mb * MB or suspicious:
        raise UnreadableFile("zip_bomb", file=filename, limit=settings.max_unzipped_mb)


def _inflate_all(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], sheets: list[SheetPart],
                 percent: frozenset[str], filename: str, settings: UploadLimits) -> dict[str, SheetScan]:
    """Inflate every part as a stream: real sizes (zipfile stops at the declared size and checks
    the CRC, so a forged header fails), and each sheet part parsed as it comes: by the quick pass,
    and from its first byte by SheetScanner as soon as the quick pass cannot vouch for it."""
    limit, limits = settings.max_unzipped_mb * MB, sheet_limits(settings)
    names = {s.path: s.name for s in sheets if s.path}
    total = 0
    scans: dict[str, SheetScan] = {}
    for info in infos:
        sheet = _is_sheet(info.filename, names)
        quick = QuickScanner(limits, percent) if sheet else None
        exact: SheetScanner | None = None
        fed = 0
        try:
            for chunk in _chunks(zf, info):
                total += len(chunk)
                if total > limit:
                    raise UnreadableFile("zip_bomb", file=filename, limit=settings.max_unzipped_mb)
                if exact is not None:
                    exact.feed(chunk)
                elif quick is not None:
                    quick.feed(chunk)
                    fed += len(chunk)
                    if quick.gave_up:  # the exact scanner reads the part again up to here, then on
                        exact = _exact(zf, info, fed, limits, percent)
            if quick is not None:
                found = quick.close() if exact is None else None
                scans[info.filename] = found if found is not None else (
                    exact or _exact(zf, info, fed, limits, percent)).close()
        except TooLarge as far:
            raise _too_large(far, names.get(info.filename, info.filename), limits, filename)
    return scans


def _exact(zf: zipfile.ZipFile, info: zipfile.ZipInfo, upto: int, limits: Limits,
           percent: frozenset[str]) -> SheetScanner:
    """A SheetScanner fed the part's first `upto` bytes (what the quick pass has seen)."""
    scanner = SheetScanner(limits, percent)
    seen = 0
    for chunk in _chunks(zf, info):
        if seen >= upto:
            break
        scanner.feed(chunk[: upto - seen])
        seen += len(chunk)
    return scanner


def _is_sheet(name: str, sheet_paths: dict[str, str]) -> bool:
    return name in sheet_paths or name.lower().startswith("xl/worksheets/")


def _too_large(far: TooLarge, sheet: str, limits: Limits, filename: str) -> UnreadableFile:
    return UnreadableFile("sheet_too_large", file=filename, sheet=sheet, rows=far.rows, columns=far.columns,
                          max_rows=limits.rows, max_columns=limits.columns, max_cells=limits.cells)


def _chunks(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    with zf.open(info) as fh:
        while chunk := fh.read(CHUNK):
            yield chunk


def _xml(zf: zipfile.ZipFile, path: str) -> Element | None:
    """A small part parsed whole (defusedxml: no DTD, no entities), or None when absent."""
    entry = _entry(zf, path)
    if entry is None:
        return None
    info = zf.getinfo(entry)
    if info.file_size > MAX_SMALL_PART:
        raise ValueError(f"{path} is too large to be parsed whole")
    root: Element = fromstring(zf.read(info), forbid_dtd=True)
    return root


def _entry(zf: zipfile.ZipFile, path: str) -> str | None:
    """The stored name of a part, matched in any letter case as readers match it."""
    wanted = path.lower()
    return next((n for n in zf.namelist() if n.lower() == wanted), None)


def _sheet_parts(zf: zipfile.ZipFile) -> list[SheetPart]:
    """The sheets xl/workbook.xml names, in its order. Elements are matched by local name, as
    readers match them, so a sheet in an unexpected namespace is not overlooked."""
    workbook = _xml(zf, "xl/workbook.xml")
    rels_root = _xml(zf, "xl/_rels/workbook.xml.rels")
    rels = {r.get("Id"): (r.get("Target", ""), r.get("Type", "")) for r in _local(rels_root, "Relationship")}
    result = []
    for sheet in _local(workbook, "sheet"):
        rel_id = next((v for k, v in sheet.attrib.items() if k.startswith("{") and k.endswith("}id")), None)
        target, kind = rels.get(rel_id, ("", ""))
        result.append(SheetPart(name=sheet.get("name", ""), path=_sheet_entry(zf, target),
                                visible=sheet.get("state", "visible") == "visible",
                                worksheet=kind.endswith("/worksheet")))
    return result


def _local(root: Element | None, name: str) -> Iterator[Element]:
    """Every element under `root` whose local name is `name`, in any namespace."""
    for element in root.iter() if root is not None else ():
        if element.tag == name or element.tag.endswith("}" + name):
            yield element


def _sheet_entry(zf: zipfile.ZipFile, target: str) -> str:
    """The zip entry a rels target names: as calamine resolves it ("/xl/…" and "xl/…" kept,
    anything else under xl/), else as the package rules resolve it (relative to xl/)."""
    if not target:
        return ""
    literal = target[1:] if target.startswith("/") else target if target.startswith("xl/") else f"xl/{target}"
    normalised = posixpath.normpath(posixpath.join("/xl", target)).lstrip("/")
    return _entry(zf, literal) or _entry(zf, normalised) or ""


def _percent_styles(zf: zipfile.ZipFile) -> frozenset[str]:
    """Indexes (as text) of the cell formats that show numbers as percentages."""
    root = _xml(zf, "xl/styles.xml")
    if root is None:
        return frozenset()
    formats = {"9", "10"}
    for fmt in root.iter(f"{NS}numFmt"):
        code = re.sub(r'"[^"]*"|\\.', "", fmt.get("formatCode", ""))
        if "%" in code:
            formats.add(fmt.get("numFmtId", ""))
    xfs = root.find(f"{NS}cellXfs")
    cells = list(xfs.iterfind(f"{NS}xf")) if xfs is not None else []
    return frozenset(str(i) for i, xf in enumerate(cells) if xf.get("numFmtId", "0") in formats)
