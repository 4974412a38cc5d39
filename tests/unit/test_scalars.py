"""BigInt: 64-bit integers in and out of GraphQL, where Int stops at 2^31-1."""

from typing import Any

import orjson
import pytest
import strawberry
from graphql import GraphQLError
from strawberry.schema.config import StrawberryConfig

from gateway.execution import GatewayExecutionContext
from gateway.scalars import MAX_BIGINT, MIN_BIGINT, SCALAR_MAP, BigInt, parse_value, serialize
from gateway.schema import export_sdl

ABOVE_INT = 2**31  # the first value GraphQL's Int refuses


@strawberry.type
class Holder:
    value: BigInt  # a plain field: the gateway's fast path serialises it
    plain_int: int


@strawberry.type
class Query:
    @strawberry.field
    def echo(self, value: BigInt) -> BigInt:
        return value

    @strawberry.field
    def holder(self, value: BigInt) -> Holder:
        return Holder(value=value, plain_int=0)

    @strawberry.field
    def raw(self, kind: str) -> BigInt:
        bad: dict[str, Any] = {"big": 2**63, "float": 1.5, "bool": True, "text": "1"}
        return bad[kind]  # type: ignore[no-any-return]

    @strawberry.field
    def as_int(self) -> int:
        return ABOVE_INT


SCHEMA = strawberry.Schema(
    query=Query, config=StrawberryConfig(scalar_map=SCALAR_MAP), execution_context_class=GatewayExecutionContext
)


def run(query: str, **variables: Any) -> tuple[Any, list[str]]:
    result = SCHEMA.execute_sync(query, variable_values=variables)
    return result.data, [e.message for e in result.errors or []]


@pytest.mark.parametrize("value", [0, -1, 2**31 - 1, ABOVE_INT, 3_000_000_000, 2**53 + 1, MAX_BIGINT, MIN_BIGINT])
def test_round_trip_as_literal_variable_and_string(value: int) -> None:
    assert run(f"{{ echo(value: {value}) }}") == ({"echo": value}, [])
    assert run("query($v: BigInt!) { echo(value: $v) }", v=value) == ({"echo": value}, [])
    assert run(f'{{ echo(value: "{value}") }}') == ({"echo": value}, [])
    assert run("query($v: BigInt!) { echo(value: $v) }", v=str(value)) == ({"echo": value}, [])


def test_a_value_above_int_is_a_json_number_where_int_fails() -> None:
    data, errors = run(f"{{ echo(value: {ABOVE_INT}) holder(value: {ABOVE_INT}) {{ value }} }}")
    assert errors == []
    assert orjson.dumps(data) == b'{"echo":2147483648,"holder":{"value":2147483648}}'
    # why BigInt exists: graphql-core refuses the same value as an Int
    assert run("{ asInt }") == (None, ["Int cannot represent non 32-bit signed integer value: 2147483648"])


@pytest.mark.parametrize("value", [MAX_BIGINT + 1, MIN_BIGINT - 1, 10**30])
def test_values_outside_64_bits_are_refused(value: int) -> None:
    data, errors = run(f"{{ echo(value: {value}) }}")
    assert data is None
    assert errors == [f"BigInt cannot represent {value}: outside the 64-bit range -2^63..2^63-1."]
    _, from_variable = run("query($v: BigInt!) { echo(value: $v) }", v=value)
    assert len(from_variable) == 1
    assert "outside the 64-bit range" in from_variable[0]
    with pytest.raises(GraphQLError, match="outside the 64-bit range"):
        serialize(value)


@pytest.mark.parametrize(
    ("literal", "message"),
    [
        ("1.5", "BigInt cannot represent 1.5: not an integer."),
        ("true", "BigInt cannot represent true: not an integer."),
        ("[1]", "BigInt cannot represent [1]: not an integer."),
        ("ONE", "BigInt cannot represent ONE: not an integer."),
        ('"abc"', 'BigInt cannot represent "abc": not a decimal integer.'),
        ('"1_000"', 'BigInt cannot represent "1_000": not a decimal integer.'),
        ('" 1"', 'BigInt cannot represent " 1": not a decimal integer.'),
        ('"1.0"', 'BigInt cannot represent "1.0": not a decimal integer.'),
        ('""', 'BigInt cannot represent "": not a decimal integer.'),
        (
            '"9223372036854775808"',
            'BigInt cannot represent "9223372036854775808": outside the 64-bit range -2^63..2^63-1.',
        ),
        (f'"{"9" * 5000}"', f'BigInt cannot represent "{"9" * 29}...: outside the 64-bit range -2^63..2^63-1.'),
    ],
)
def test_bad_literals_are_refused_with_a_clear_message(literal: str, message: str) -> None:
    result = SCHEMA.execute_sync(f"{{ echo(value: {literal}) }}")
    assert result.data is None
    assert [e.message for e in result.errors or []] == [message]
    assert result.errors[0].locations  # type: ignore[index]  # points at the literal


@pytest.mark.parametrize("value", [1.5, True, [1], {"a": 1}, "abc", "", "+1", float("inf")])
def test_bad_variable_values_are_refused(value: Any) -> None:
    with pytest.raises(GraphQLError, match="BigInt cannot represent"):
        parse_value(value)
    _, errors = run("query($v: BigInt!) { echo(value: $v) }", v=value)
    assert len(errors) == 1
    assert "BigInt cannot represent" in errors[0]


def test_a_json_number_without_a_fraction_is_accepted() -> None:
    assert parse_value(3e9) == 3_000_000_000
    assert run("query($v: BigInt!) { echo(value: $v) }", v=3e9) == ({"echo": 3_000_000_000}, [])


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("big", "BigInt cannot represent 9223372036854775808: outside the 64-bit range -2^63..2^63-1."),
        ("float", "BigInt cannot represent 1.5: not an integer."),
        ("bool", "BigInt cannot represent True: not an integer."),
        ("text", "BigInt cannot represent '1': not an integer."),
    ],
)
def test_the_server_never_rounds_or_coerces_a_bad_value(kind: str, message: str) -> None:
    assert run(f'{{ raw(kind: "{kind}") }}') == (None, [message])


def test_the_schema_declares_bigint_with_its_precision_warning() -> None:
    sdl = export_sdl()
    assert "\nscalar BigInt\n" in sdl
    description = sdl[sdl.rindex('"""', 0, sdl.index("\nscalar BigInt\n") - 3) : sdl.index("\nscalar BigInt\n")]
    assert "64-bit" in description
    assert "2^53" in description
