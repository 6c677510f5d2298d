"""What the command line prints: JSON documents on stdout, sentences for people on stderr."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sys

from targets.errors import InvalidInput


def emit(data: object) -> None:
    """Write one JSON document to stdout."""
    print(json.dumps(data, ensure_ascii=False, default=_json_default))


def show(args: argparse.Namespace, rows: list[dict], columns: list[str]) -> int:
    """`--json`: the rows as one JSON document; otherwise a tab-separated table of `columns`."""
    if getattr(args, "json", False):
        emit(rows)
        return 0
    for row in rows:
        print("\t".join("" if row.get(c) is None else str(row[c]) for c in columns))
    return 0


def say(text: str) -> None:
    """A sentence for people, on stderr."""
    print(text, file=sys.stderr)


def _json_default(value: object) -> object:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return str(value)


def clean(value: object) -> object:
    """JSON-safe scalar: NaN/NaT → None, numpy → Python, dates → ISO."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, (dt.date, dt.datetime)):
        return clean(value.item())
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        if value != value:  # pandas NaT / NA
            return None
    except (TypeError, ValueError):
        return None
    return value


def parse_date(text: str | None) -> dt.date | None:
    """An ISO date argument, or InvalidInput."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput("bad_date_argument", value=text)


def write_text(text: str) -> None:
    """A ready text (e.g. the chase notices) on stdout, to be piped or saved."""
    print(text)
