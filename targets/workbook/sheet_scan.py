"""What a worksheet part spans, measured in one streaming XML pass the way a parser places cells.

python-calamine allocates the dense rectangle from A1 to the farthest cell it places, so the
extent is measured as it places cells: elements matched by local name (any namespace prefix),
`r` attributes however they are quoted or escaped (the XML parser decodes them), a row or a cell
without `r` placed after the previous one, a cell's own reference overriding its row's. The
`<dimension>` a writer declares and every `<mergeCell>` count too (some readers allocate from
them), but a small dimension never hides a far cell.

The same pass notes, as column bitmasks per row, the formulas that have no cached value and
the cells in a percent style, so nothing walks the XML a second time. The parser is defusedxml's
(no DTD, no entities, no external references).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from defusedxml.ElementTree import DefusedXMLParser

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_REF = re.compile(r"([A-Za-z]{0,3})([0-9]{1,12})")
_CELL, _ROW, _FORMULA, _VALUE, _RANGE = "c", "row", "f", "v", "range"
_KINDS = {"c": _CELL, "row": _ROW, "f": _FORMULA, "v": _VALUE, "dimension": _RANGE, "mergeCell": _RANGE}


class BadReference(ValueError):
    """A cell or row reference a parser cannot place (the file is refused as corrupt)."""


@dataclass(frozen=True)
class Limits:
    """The rectangle a sheet may span: rows, columns and rows × columns."""

    rows: int
    columns: int
    cells: int

    def exceeded(self, rows: int, columns: int) -> bool:
        """True when a sheet reaching (rows, columns) is beyond these limits."""
        return rows > self.rows or columns > self.columns or rows * columns > self.cells


class TooLarge(Exception):
    """The sheet reaches past the limits; carries how far it got when the scan stopped."""

    def __init__(self, rows: int, columns: int) -> None:
        super().__init__(rows, columns)
        self.rows = rows
        self.columns = columns


@dataclass
class SheetScan:
    """A sheet part's extent (1-based last row and column) and its flagged cells."""

    rows: int = 0
    columns: int = 0
    formula_missing: dict[int, int] = field(default_factory=dict)  # row → bitmask of columns
    percent: dict[int, int] = field(default_factory=dict)

    def cells(self, flags: dict[int, int], first_row: int, columns: set[int]) -> set[tuple[int, int]]:
        """(row, column) of the flagged cells at or below `first_row` in the given columns."""
        return {(r, c) for r, mask in flags.items() if r >= first_row for c in columns if mask >> c & 1}


def cell_ref(text: str) -> tuple[int, int]:
    """A1 → (1, 1), any letter case; a row reference alone ("12") → (12, 0).

    BadReference when a reader could not place it (no row, row 0, a column past ZZZ).
    """
    m = _REF.fullmatch(text)
    if m is None or int(m[2]) < 1:
        raise BadReference(text)
    return int(m[2]), column_number(m[1])


def column_number(letters: str) -> int:
    """A → 1, Z → 26, AA → 27, any letter case; "" → 0.

    openpyxl.utils.column_index_from_string gives the same (a test checks A…ZZZ), but this
    module runs in the reader child, which must start fast: importing openpyxl there would add
    about a second and 30 MB to every upload.
    """
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number


class SheetScanner:
    """Feed a sheet part's bytes in chunks; `close()` gives its SheetScan or raises TooLarge."""

    def __init__(self, limits: Limits, percent_styles: frozenset[str]) -> None:
        self.limits = limits
        self.percent_styles = percent_styles
        self.scan = SheetScan()
        self.row, self.col = 1, 1  # where a row or cell without `r` goes
        self.cell: tuple[int, int, dict[str, str]] = (0, 0, {})
        self._digits, self._digit_row = "", 0  # the last cell reference's row digits, parsed
        self.cell_formula = self.cell_cached = False
        self._kinds: dict[str, str | None] = {}
        self._columns: dict[str, int] = {}
        # defusedxml installs its DTD and entity guards on the expat parser it makes; handlers
        # of our own take the place of ElementTree's, which would build an element per cell
        self._expat = DefusedXMLParser(target=_NoTree(), forbid_dtd=True).parser
        self._expat.DefaultHandlerExpand = None
        self._expat.StartElementHandler = self._start
        self._expat.EndElementHandler = self._end
        self._expat.ordered_attributes = False

    def feed(self, chunk: bytes) -> None:
        """Parse the next bytes of the part."""
        self._expat.Parse(chunk, False)

    def close(self) -> SheetScan:
        """Finish the part; TooLarge if it reached past the limits."""
        self._expat.Parse(b"", True)
        return self.scan

    def _kind(self, tag: str) -> str | None:
        kind = self._kinds[tag] = _KINDS.get(tag[tag.rfind("}") + 1:])
        return kind

    def _start(self, tag: str, attrs: dict[str, str]) -> None:
        """Every element start; a cell's is handled here, inline, as the sheet is mostly cells."""
        try:
            kind = self._kinds[tag]
        except KeyError:
            kind = self._kind(tag)
        if kind is not _CELL:
            if kind is not None:
                self._other_start(kind, attrs)
            return
        ref = attrs.get("r")
        if ref is None:
            row, col = self.row, self.col
        else:  # known letters and, most often, the previous cell's row digits
            digits = ref.lstrip(_LETTERS)
            col = self._columns.get(ref[: len(ref) - len(digits)], 0)
            if digits != self._digits or not col:
                row, col = self._new_ref(ref, digits)
            else:
                row = self._digit_row
            self.col = col
        scan = self.scan
        if row > scan.rows or col > scan.columns:
            self._reach(row, col)
        self.cell = (row, col, attrs)
        self.cell_formula = False
        if self.percent_styles and attrs.get("s") in self.percent_styles:
            _mark(scan.percent, row, col)

    def _other_start(self, kind: str, attrs: dict[str, str]) -> None:
        if kind is _ROW:
            ref = attrs.get("r")
            if ref is not None:
                self.row = self._ref(ref)[0]
        elif kind is _FORMULA:
            self.cell_formula = True
        elif kind is _VALUE:
            if self.cell_formula:  # only a formula's cached value matters
                self._expat.CharacterDataHandler = self._value_text
        else:
            self._range(attrs.get("ref"))

    def _end(self, tag: str) -> None:
        kind = self._kinds[tag]
        if kind is _CELL:
            self.col += 1
            if self.cell_formula:
                self._formula_end()
        elif kind is _ROW:
            self.row += 1
            self.col = 1

    def _new_ref(self, ref: str, digits: str) -> tuple[int, int]:
        """A cell reference whose row digits or letters differ from the last one's."""
        self._digits = ""
        row, col = self._ref(ref)
        if col == 0:
            raise BadReference(ref)
        self._digits, self._digit_row = digits, row
        return row, col

    def _ref(self, ref: str) -> tuple[int, int]:
        """cell_ref, remembering column letters (a sheet uses few of them)."""
        digits = ref.lstrip(_LETTERS)
        letters = ref[: len(ref) - len(digits)]
        col = self._columns.get(letters)
        if col is not None and digits.isascii() and digits.isdigit() and len(digits) < 13 and digits[0] != "0":
            return int(digits), col
        row, self._columns[letters] = cell_ref(ref)
        return row, self._columns[letters]

    def _formula_end(self) -> None:
        self._expat.CharacterDataHandler = None
        self.cell_formula = False
        # an empty cached string (t="str") is a real result, e.g. =IF(A2="","",…); no cached
        # value at all, or an empty one of another type, means the file was never calculated
        row, col, attrs = self.cell
        if not self.cell_cached and attrs.get("t") != "str":
            _mark(self.scan.formula_missing, row, col)
        self.cell_cached = False

    def _value_text(self, text: str) -> None:
        if text.strip():
            self.cell_cached = True

    def _range(self, ref: str | None) -> None:
        """A declared dimension or merged range: its far corner counts; unparsable ones are the
        reader's business (it refuses them), so they are skipped here."""
        if not ref:
            return
        try:
            corners = [cell_ref(part.replace("$", "")) for part in ref.split(":")]
        except BadReference:
            return
        self._reach(max(r for r, _ in corners), max(c for _, c in corners))

    def _reach(self, row: int, col: int) -> None:
        scan = self.scan
        scan.rows, scan.columns = max(scan.rows, row), max(scan.columns, col)
        if self.limits.exceeded(scan.rows, scan.columns):
            raise TooLarge(scan.rows, scan.columns)


class _NoTree:
    """A parser target with no callbacks: the scanner installs its own."""


def _mark(flags: dict[int, int], row: int, col: int) -> None:
    flags[row] = flags.get(row, 0) | 1 << col

