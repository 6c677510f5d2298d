"""A cell as a target's value: numbers, numeric text, units, percentages, milestone words."""

from __future__ import annotations

import re
import unicodedata

from targets.plans.definitions import Target
from targets.workbook.excel import clean_text, milestone_word

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_INFINITE = (float("inf"), float("-inf"))


def parse_number(raw: object, target: Target, percent_cell: bool) -> tuple[float | None, str | None]:
    """A cell as the target's value: (value, None) or (None, error code)."""
    if target.kind == "milestone":
        return _milestone(raw)
    word = milestone_word(clean_text(raw)) if target.kind == "recurring" and isinstance(raw, str) else None
    if word is not None:  # a duty row: 已完成 means the count due was done
        return word * target.target, None
    if isinstance(raw, bool):
        return None, "not_a_number"
    value: float | None  # text may not be a number (None, refused below)
    if isinstance(raw, (int, float)):
        value = float(raw) * (100 if percent_cell and target.kind == "rate" else 1)
    elif isinstance(raw, str):
        value = _number_text(raw, target)
        if value is None:
            return None, "not_a_number"
    else:
        return None, "not_a_number"
    if value != value or value in _INFINITE:
        return None, "not_a_number"
    if value < 0:
        return None, "negative_value"
    return value, None


def _number_text(raw: str, target: Target) -> float | None:
    text = "".join(unicodedata.normalize("NFKC", raw).split())
    unit = "".join(unicodedata.normalize("NFKC", target.unit).split())
    if unit and text.endswith(unit) and len(text) > len(unit):
        text = text[: -len(unit)]
    if target.kind == "rate" and text.endswith("%"):
        text = text[:-1]
    if _GROUPED.match(text):
        text = text.replace(",", "")
    return float(text) if _NUMBER.match(text) else None


def _milestone(raw: object) -> tuple[float | None, str | None]:
    if isinstance(raw, bool):
        return float(raw), None
    if isinstance(raw, (int, float)) and float(raw) in (0.0, 1.0):
        return float(raw), None
    word = milestone_word(clean_text(raw)) if isinstance(raw, str) else None
    return (word, None) if word is not None else (None, "bad_milestone")
