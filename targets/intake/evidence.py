"""Evidence files of a duty report: the type is read from the content, sizes are capped, zips are checked.

Accepted: PDF, images (PNG, JPEG, GIF, WebP), Word (.docx) and Excel (.xlsx). The name's
extension must agree with the content, so an .exe renamed .pdf is refused. Word and Excel files
are zips: their parts are inflated as a stream and counted (zip bombs), and files carrying macros
are refused; PDFs with scripts or launch actions are refused. Nothing is ever opened, run or
rendered: the bytes are stored as they came and handed back only as downloads.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
from pathlib import PurePosixPath

from targets.config import Settings
from targets.errors import InvalidInput, UnreadableFile
from targets.store.duties import StoredFile
from targets.workbook.container import CHUNK, MAX_PARTS, MAX_RATIO, MB, OLE2_MAGIC, RATIO_FLOOR, ZIP_MAGIC

SUFFIXES = {"pdf": (".pdf",), "png": (".png",), "jpeg": (".jpg", ".jpeg"), "gif": (".gif",), "webp": (".webp",),
            "docx": (".docx",), "xlsx": (".xlsx",)}
MIME = {"pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg", "gif": "image/gif",
        "webp": "image/webp", "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
ACCEPT = [s.lstrip(".") for suffixes in SUFFIXES.values() for s in suffixes]  # for file pickers
MAX_FILES = 10
_OOXML_MAIN = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
_PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia)\b")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def safe_name(filename: str) -> str:
    """The file's own name: no folders, no control characters, at most 120 characters."""
    name = unicodedata.normalize("NFC", filename.replace("\\", "/").rsplit("/", 1)[-1])
    name = _CONTROL.sub("", name).strip().lstrip(".") or "file"
    if len(name) > 120:
        suffix = PurePosixPath(name).suffix[:10]
        name = name[: 120 - len(suffix)] + suffix
    return name


def sniff(data: bytes) -> str | None:
    """The kind of file the bytes are (pdf, png, jpeg, gif, webp, docx, xlsx), or None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data.startswith(ZIP_MAGIC):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return None
        if "[Content_Types].xml" in names:
            return next((k for k, main in _OOXML_MAIN.items() if main in names), None)
    return None


def check(data: bytes, filename: str, settings: Settings = Settings()) -> StoredFile:
    """An evidence file ready to store, or a refusal naming the file and the reason."""
    name = safe_name(filename)
    if not data:
        raise InvalidInput("evidence_empty", file=name)
    if len(data) > settings.max_evidence_mb * MB:
        raise InvalidInput("evidence_too_large", file=name, size=f"{len(data) / MB:.1f}",
                           limit=settings.max_evidence_mb)
    if data.startswith(OLE2_MAGIC):
        raise InvalidInput("evidence_legacy_office", file=name)
    kind = sniff(data)
    if kind is None:
        raise InvalidInput("evidence_wrong_type", file=name)
    if PurePosixPath(name.lower()).suffix not in SUFFIXES[kind]:
        raise InvalidInput("evidence_name_mismatch", file=name, kind=kind.upper(), suffixes=" ".join(SUFFIXES[kind]))
    if kind in _OOXML_MAIN:
        _check_zip(data, name, settings)
    if kind == "pdf" and _PDF_ACTIVE.search(data):
        raise InvalidInput("evidence_active_pdf", file=name)
    return StoredFile(name, kind, hashlib.sha256(data).hexdigest(), data)


def _check_zip(data: bytes, name: str, settings: Settings) -> None:
    """Word/Excel: bounded parts, no bomb (declared and real sizes), no encryption, no macros."""
    limit = settings.max_unzipped_mb * MB
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
        if len(infos) > MAX_PARTS or sum(i.file_size for i in infos) > limit or any(
                i.file_size > RATIO_FLOOR and i.file_size > MAX_RATIO * max(i.compress_size, 1) for i in infos):
            raise UnreadableFile("evidence_zip_bomb", file=name, limit=settings.max_unzipped_mb)
        if any(i.flag_bits & 0x1 for i in infos):
            raise InvalidInput("evidence_encrypted", file=name)
        if any(_active_part(i.filename.lower()) for i in infos):
            raise InvalidInput("evidence_macro", file=name)
        total = 0
        for info in infos:
            with zf.open(info) as fh:
                while chunk := fh.read(CHUNK):
                    total += len(chunk)
                    if total > limit:
                        raise UnreadableFile("evidence_zip_bomb", file=name, limit=settings.max_unzipped_mb)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, ValueError,
            RuntimeError) as exc:
        raise UnreadableFile("evidence_corrupt", file=name, problem=type(exc).__name__)


def _active_part(name: str) -> bool:
    """Macros, ActiveX controls and embedded OLE programs (printer settings and media are fine)."""
    return name.endswith("vbaproject.bin") or "/activex/" in name or ("/embeddings/" in name and name.endswith(".bin"))


def check_all(files: list[tuple[str, bytes]], settings: Settings = Settings()) -> list[StoredFile]:
    """Every file of one report checked (at most MAX_FILES); the first refusal stops them all."""
    if len(files) > MAX_FILES:
        raise InvalidInput("evidence_too_many", count=len(files), limit=MAX_FILES)
    return [check(content, filename, settings) for filename, content in files]
