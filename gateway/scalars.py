"""Custom scalars of the schema; `SCALAR_MAP` is what gateway/schema.py hands to strawberry.

`BigInt` is for values of PostgreSQL `bigint` (identity columns, `count(*)` of a table) that GraphQL's
`Int` cannot hold: graphql-core refuses an `Int` outside -2^31..2^31-1 and the whole field becomes an
error. It is written as a JSON number, exactly as PostgreSQL's `json` writes a bigint, so a page the
database writes as JSON (gateway/json_pages.py) reads the same as one graphql-core serialises.
"""

import re
from math import isfinite
from typing import Any, NewType

import strawberry
from graphql import GraphQLError, IntValueNode, StringValueNode, ValueNode, print_ast
from strawberry.types.scalar import ScalarDefinition

BigInt = NewType("BigInt", int)

MIN_BIGINT = -(2**63)
MAX_BIGINT = 2**63 - 1

_DECIMAL = re.compile(r"-?[0-9]+")  # ASCII digits only: int() also takes "1_0", " 1" and other scripts' digits
_RANGE = "outside the 64-bit range -2^63..2^63-1"


def _checked(value: int, shown: object) -> BigInt:
    if not MIN_BIGINT <= value <= MAX_BIGINT:
        raise GraphQLError(f"BigInt cannot represent {shown}: {_RANGE}.")
    return BigInt(value)


def _decimal(text: str, shown: str) -> BigInt:
    if not _DECIMAL.fullmatch(text):
        raise GraphQLError(f"BigInt cannot represent {shown}: not a decimal integer.")
    if len(text.lstrip("-0")) > len(str(MAX_BIGINT)):  # never int() a megabyte of digits
        shown = shown if len(shown) <= 40 else f"{shown[:30]}..."
        raise GraphQLError(f"BigInt cannot represent {shown}: {_RANGE}.")
    return _checked(int(text), shown)


def serialize(value: Any) -> int:
    """A 64-bit integer as a JSON number; anything else is an error (never a silent rounding)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise GraphQLError(f"BigInt cannot represent {value!r}: not an integer.")
    return int(_checked(value, value))


def parse_value(value: Any) -> BigInt:
    """A variable's value: a JSON number without a fraction, or (leniently) a decimal string."""
    if isinstance(value, str):
        return _decimal(value, repr(value))
    if isinstance(value, float) and isfinite(value) and value.is_integer():
        return _checked(int(value), value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise GraphQLError(f"BigInt cannot represent {value!r}: not an integer.")
    return _checked(value, value)


def parse_literal(node: ValueNode, variables: dict[str, Any] | None = None) -> BigInt:
    """A literal in the query: an integer (`3000000000`), or (leniently) a string (`"3000000000"`)."""
    try:
        if isinstance(node, IntValueNode):
            return _decimal(node.value, node.value)
        if isinstance(node, StringValueNode):
            return _decimal(node.value, print_ast(node))
    except GraphQLError as error:
        raise GraphQLError(error.message, node) from None  # with the literal's location
    raise GraphQLError(f"BigInt cannot represent {print_ast(node)}: not an integer.", node)


BIG_INT = strawberry.scalar(
    name="BigInt",
    description="A 64-bit signed integer (-2^63..2^63-1), e.g. a PostgreSQL bigint id or count, written as a "
    "JSON number; also read from a decimal string. JavaScript numbers hold integers exactly only up to 2^53-1 "
    "(Number.MAX_SAFE_INTEGER): above that, a JavaScript client loses precision unless it parses the JSON "
    "with a big-integer-aware parser.",
    serialize=serialize,
    parse_value=parse_value,
    parse_literal=parse_literal,
)

SCALAR_MAP: dict[object, ScalarDefinition] = {BigInt: BIG_INT}
