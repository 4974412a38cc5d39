"""User values -> SQL values: text PostgreSQL can hold, 'contains' patterns, domains and any-of lists.

Every list's filter reads a user's value through these, so a value is refused with the same code and
message whichever field it came in on, and SQL constants are written the one way partial indexes match.
"""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Text, any_, literal, literal_column
from sqlalchemy.dialects.postgresql import ARRAY

from gateway.errors import BadUserInput
from ingest.normalize import normalize_domain

MAX_LIST_VALUES = 1000  # values in one any-of list (domains, VC names, functions ...)


def const(value: str) -> ColumnElement[Any]:
    """An SQL constant (not a parameter), so partial indexes and plans can rely on it."""
    return literal_column("'" + value.replace("'", "''") + "'", Text)


def known(expr: ColumnElement[Any]) -> ColumnElement[bool]:
    """Neither NULL nor empty (`NULL <> ''` is NULL, which WHERE treats as false)."""
    return expr != const("")


def text_input(value: str) -> str:
    """User text bound for SQL: PostgreSQL text cannot hold NUL, so such input is refused, not sent."""
    if "\x00" in value:
        raise BadUserInput("Text inputs cannot contain NUL (\\u0000) characters.")
    try:
        value.encode()
    except UnicodeEncodeError as exc:  # a lone surrogate from a JSON escape
        raise BadUserInput("Text inputs must be valid Unicode.") from exc
    return value


def like_pattern(value: str) -> str:
    """A case-insensitive 'contains' pattern with the user's %, _ and backslash taken literally."""
    escaped = text_input(value).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def text_array(values: Sequence[str]) -> ColumnElement[Any]:
    """One bound text[] parameter, whatever the number of values."""
    return literal(list(values), ARRAY(Text))


def any_text(values: Sequence[str]) -> ColumnElement[Any]:
    """`= ANY(<one text[] parameter>)`: one bound array, whatever the number of values."""
    return any_(text_array(values))


def any_of(expr: ColumnElement[Any], values: Sequence[str], name: str) -> ColumnElement[bool]:
    if len(values) > MAX_LIST_VALUES:
        raise BadUserInput(f"`{name}` takes at most {MAX_LIST_VALUES} values (got {len(values)}).")
    return expr == any_text([text_input(v) for v in values])


def domain_value(value: str, name: str) -> str:
    """A domain argument, normalised (any spelling: URL, www.); `name` is the argument, for the message."""
    domain = normalize_domain(value)
    if domain is None:
        raise BadUserInput(f"`{name}`: {value!r} is not a domain.", argument=name)
    return domain
