"""Typed field access on one mapping of a definition file, with errors naming file, target and field."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, overload

from targets.errors import InvalidInput

_MISSING = object()


def bad(file: str, target: str, field_name: str, problem: str) -> InvalidInput:
    """The error for a wrong definition: file, target and field named."""
    return InvalidInput("definition_invalid", file=file, target=target, field=field_name, problem=problem)


class Reader:
    """Typed field access on one mapping, raising errors that name file, target and field."""

    def __init__(self, file: str, target_id: str, data: object, prefix: str = "") -> None:
        if not isinstance(data, dict):
            raise bad(file, target_id, prefix.rstrip(".") or "-", "must be a mapping")
        self.file, self.target_id, self.data, self.prefix = file, target_id, data, prefix

    def get(self, key: str, default: object = None) -> Any:  # whatever the YAML holds
        return self.data.get(key, default)

    def fail(self, key: str, problem: str) -> InvalidInput:
        """The error for `key` of this mapping."""
        return bad(self.file, self.target_id, self.prefix + key, problem)

    def _required(self, key: str, default: object) -> object:
        value = self.data.get(key, default)
        if value is _MISSING or value is None and default is _MISSING:
            raise self.fail(key, "missing")
        return value

    def text(self, key: str, default: object = _MISSING) -> str:
        value = self._required(key, default)
        return "" if value is None else str(value).strip()

    def choice(self, key: str, allowed: tuple[str, ...], default: object = _MISSING) -> str:
        value = self.text(key, default)
        if value not in allowed:
            raise self.fail(key, f"'{value}' not one of {', '.join(allowed)}")
        return value

    @overload
    def number(self, key: str, optional: Literal[False] = False) -> float: ...
    @overload
    def number(self, key: str, optional: bool) -> float | None: ...

    def number(self, key: str, optional: bool = False) -> float | None:
        value = self.data.get(key)
        if value is None:
            if optional:
                return None
            raise self.fail(key, "missing")
        return self.number_of(key, value)

    def number_of(self, key: object, value: object) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(str(key), f"'{value}' is not a number")
        return float(value)

    @overload
    def date(self, key: str, optional: Literal[False] = False) -> dt.date: ...
    @overload
    def date(self, key: str, optional: bool) -> dt.date | None: ...

    def date(self, key: str, optional: bool = False) -> dt.date | None:
        value = self.data.get(key)
        if value is None and optional:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise self.fail(key, f"'{value}' is not an ISO date")

    def mapping(self, key: str) -> dict[Any, Any]:
        """A sub-mapping (empty when absent)."""
        value = self.data.get(key) or {}
        if not isinstance(value, dict):
            raise self.fail(key, "must be a mapping")
        return value

    def marks(self, key: str, allowed_fields: tuple[str, ...], allowed_values: tuple[str, ...] = ()
              ) -> tuple[tuple[str, str], ...]:
        """A {field: text} mapping as sorted pairs; fields (and values, if given) must be allowed."""
        pairs = []
        for name, value in self.mapping(key).items():
            if name not in allowed_fields:
                raise self.fail(f"{key}.{name}", f"not one of {', '.join(allowed_fields)}")
            text = "" if value is None else str(value).strip()
            if not text or (allowed_values and text not in allowed_values):
                expected = ", ".join(allowed_values) if allowed_values else "a non-empty text"
                raise self.fail(f"{key}.{name}", f"'{text}' is not {expected}")
            pairs.append((str(name), text))
        return tuple(sorted(pairs))
