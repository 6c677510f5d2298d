"""The brief as PDF: the Document as JSON plus the figure PNGs in a scratch folder, laid out by the
Typst template brief.typ, with the Chinese fonts of this machine embedded (subset) in the file.

Typst (the `typst` wheel bundles the compiler: no TeX, no browser, no network) typesets a
document of this size in well under a second.
"""

from __future__ import annotations

import dataclasses
import json
import tempfile
from pathlib import Path

import typst

from targets import messages
from targets.brief.document import Cell, Document, Section, Table
from targets.brief.figures import Figure
from targets.brief.fonts import FontChoice
from targets.errors import TargetsError
from targets.method.palette import RED, STATUS_COLORS, tint

TEMPLATE = Path(__file__).with_name("brief.typ")


def _block(block: object, images: list[bytes]) -> dict:
    if isinstance(block, str):
        return {"kind": "text", "text": block}
    if isinstance(block, Table):
        return {"kind": "table", "columns": list(block.columns), "widths": list(block.widths),
                "numeric": list(block.numeric), "rows": [[dataclasses.asdict(c) for c in row] for row in block.rows]}
    if isinstance(block, Figure):
        images.append(block.png)
        return {"kind": "figure", "path": f"figure-{len(images)}.png", "caption": block.caption,
                "width": 0.8 if not block.target else 1.0}
    if isinstance(block, Section):
        return {"kind": "section", "heading": block.heading, "blocks": [_block(b, images) for b in block.blocks]}
    raise TypeError(type(block))


def data(doc: Document, fonts: FontChoice) -> tuple[dict, list[bytes]]:
    """The template's data.json for `doc`, and the PNG files it refers to (figure-1.png, …)."""
    images: list[bytes] = []
    sections = [{"heading": s.heading, "blocks": [_block(b, images) for b in s.blocks]} for s in doc.sections]
    return {
        "masthead": doc.masthead, "issuer": doc.issuer, "date": doc.date, "title": doc.title,
        "lines": list(doc.lines), "demo": doc.demo, "demo_mark": messages.DEMO_LABEL, "sections": sections,
        "notes": list(doc.notes), "source": doc.source, "method": list(doc.method),
        "notes_heading": _notes_heading(doc),
        "fonts": {"body": list(fonts.body), "heading": list(fonts.heading)},
        "tints": {s: tint(c) for s, c in STATUS_COLORS.items()}, "red": RED,
    }, images


def _notes_heading(doc: Document) -> str:
    return messages.render("brief_h1", n="", title=messages.render("brief_sec_notes")).lstrip("、")


def render(doc: Document, fonts: FontChoice) -> bytes:
    """The PDF bytes of `doc`; TargetsError `brief_failed` if Typst refuses it."""
    payload, images = data(doc, fonts)
    with tempfile.TemporaryDirectory(prefix="brief-") as tmp:
        root = Path(tmp)
        (root / "data.json").write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        (root / "brief.typ").write_text(TEMPLATE.read_text(encoding="utf-8"), encoding="utf-8")
        for i, png in enumerate(images, 1):
            (root / f"figure-{i}.png").write_bytes(png)
        try:
            return typst.compile(str(root / "brief.typ"), root=str(root))
        except typst.TypstError as exc:
            raise TargetsError("brief_failed", problem=str(exc).splitlines()[0] if str(exc) else type(exc).__name__)


__all__ = ["Cell", "data", "render"]
