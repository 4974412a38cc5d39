"""Opaque keyset cursors: a page's sort keys and the cursor of a row (encoded, and read back checked).

A cursor is the base64 JSON of the order's signature and the row's sort values; the last key is a
unique tiebreak, so a cursor names exactly one position in a list with the same order.
"""

import base64
import binascii
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import orjson
from sqlalchemy import ColumnElement, Row

from gateway.errors import BadUserInput

DEFAULT_FIRST = 50


@dataclass(frozen=True)
class Page:
    """`first` rows after the cursor `after` (if any), skipping `offset` more."""

    first: int = DEFAULT_FIRST
    offset: int = 0
    after: str | None = None


@dataclass(frozen=True)
class SortKey:
    """One ORDER BY item; `name` is the label of its value in the page rows (for cursors)."""

    name: str
    expr: ColumnElement[Any]
    descending: bool = False
    nullable: bool = True
    kind: type = str  # str, int, float or date: how a cursor value is read back
    # (condition, expression): disjoint parts of the rows where the key equals a simpler, indexable
    # expression (e.g. COALESCE(a, b) is `a` where `a` is known); None means the key's NULL rows
    parts: tuple[tuple[ColumnElement[bool], ColumnElement[Any] | None], ...] = ()

    @property
    def signature(self) -> str:
        return f"{self.name}{'-' if self.descending else '+'}"


def _signature(keys: Sequence[SortKey]) -> str:
    return ",".join(k.signature for k in keys)


def encode_cursor(keys: Sequence[SortKey], row: Row[Any]) -> str:
    return cursor_of(keys, [row._mapping[k.name] for k in keys])


def cursor_of(keys: Sequence[SortKey], values: Sequence[Any]) -> str:
    """The cursor of a row whose sort values are `values` (dates as `date` or as their ISO string)."""
    raw = orjson.dumps([_signature(keys), *values])  # dates become ISO strings
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _read(kind: type, value: Any) -> Any:
    if value is None:
        return None
    if kind is date and isinstance(value, str):
        return date.fromisoformat(value)
    if kind is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind is str and isinstance(value, str) and "\x00" not in value:
        return value
    if kind is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)  # a similarity score: orjson writes the shortest text that reads back the same
    raise ValueError(value)


def decode_cursor(keys: Sequence[SortKey], cursor: str) -> list[Any]:
    """The sort values a cursor stands for; it must come from a list with the same order."""
    try:
        data = orjson.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(data, list) or len(data) != len(keys) + 1:
            raise ValueError(cursor)
        if data[0] != _signature(keys):
            raise BadUserInput("This cursor belongs to a list with another order; use the same `orderBy`.")
        values = [_read(k.kind, v) for k, v in zip(keys, data[1:], strict=True)]
    except (ValueError, TypeError, binascii.Error, orjson.JSONDecodeError) as exc:
        raise BadUserInput("`after` is not a cursor of this list.") from exc
    if values[-1] is None:
        raise BadUserInput("`after` is not a cursor of this list.")
    return values
