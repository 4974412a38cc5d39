"""Internal errors are masked with a request id (and logged with their stack trace); the family passes."""

import logging

import pytest
import strawberry

from gateway.errors import BadUserInput
from gateway.extensions import ErrorMasking


@strawberry.type
class Query:
    @strawberry.field
    def broken(self) -> int:
        raise RuntimeError("secret detail: password=hunter2")

    @strawberry.field
    def refused(self) -> int:
        raise BadUserInput("first must be at most 100")


class Ctx:
    request_id = "req-42"


SCHEMA = strawberry.Schema(query=Query, extensions=[ErrorMasking])


async def test_internal_errors_are_masked_with_the_request_id(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="gateway.errors"):
        result = await SCHEMA.execute("{ broken }", context_value=Ctx())
    assert result.errors is not None
    error = result.errors[0]
    assert error.message == "Internal error (request id req-42)."
    assert error.extensions == {"code": "INTERNAL", "requestId": "req-42"}
    assert "hunter2" not in str(error.formatted)
    assert any("hunter2" in (r.exc_text or "") or r.exc_info for r in caplog.records)


async def test_errors_of_the_family_keep_their_message_and_code() -> None:
    result = await SCHEMA.execute("{ refused }", context_value=Ctx())
    assert result.errors is not None
    assert result.errors[0].message == "first must be at most 100"
    assert result.errors[0].extensions == {"code": "BAD_USER_INPUT"}
