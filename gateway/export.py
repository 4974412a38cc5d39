"""`POST /export/leads.csv`: every lead matching `{filter, orderBy}`, streamed as CSV in constant memory.

The body takes exactly the `filter` and `orderBy` arguments of the `leads` field (checked against the
schema's input types) and goes through the same filter compiler; rows come from a server-side cursor
a few thousand at a time, so memory stays flat however many leads match. No 100-row cap here.
"""

import csv
import io
import logging
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import orjson
import strawberry
from graphql import GraphQLError, GraphQLObjectType, coerce_input_value
from graphql.utilities import validate_input_value
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.sql import Select
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.types import Receive, Scope, Send
from strawberry.types.arguments import convert_arguments

from gateway.auth import Role, authorize
from gateway.database import dropped
from gateway.errors import BadUserInput, GatewayError
from gateway.extensions import translate
from gateway.filtering import ALL_LEADS, LeadFilter, LeadOrder, compile_leads

log = logging.getLogger(__name__)

CHUNK_ROWS = 2000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula is quoted (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv(rows: Any) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([_cell(v) for v in row] for row in rows)
    return buffer.getvalue().encode()


async def stream_csv(engine: AsyncEngine, stmt: Select[Any]) -> AsyncIterator[bytes]:
    """The header, then the rows of `stmt` in chunks, from a server-side cursor."""
    async with engine.connect() as conn:
        # a server-side cursor lives in a transaction (the reader engine autocommits otherwise)
        await conn.execution_options(isolation_level="READ COMMITTED")
        result = await conn.stream(stmt.execution_options(yield_per=CHUNK_ROWS))
        partitions = result.partitions()
        # the first rows travel with the header: a query that cannot start fails before any byte is sent
        yield _csv([list(result.keys()), *await anext(partitions, [])])
        async for rows in partitions:
            yield _csv(rows)


class LeadsCsvExport:
    """The ASGI endpoint; it parses bodies with the schema the GraphQL endpoint serves."""

    def __init__(self, schema: strawberry.Schema) -> None:
        self.schema = schema
        query = schema._schema.query_type
        assert isinstance(query, GraphQLObjectType)
        self.graphql_args = query.fields["leads"].args
        leads_field = schema.get_field_for_type("leads", "Query")
        assert leads_field is not None
        self.arguments = [a for a in leads_field.arguments if a.python_name in ("filter", "order_by")]

    def arguments_of(self, body: Any) -> tuple[LeadFilter | None, list[LeadOrder] | None]:
        if not isinstance(body, dict):
            raise BadUserInput('The body must be a JSON object: {"filter": {...}, "orderBy": [...]}.')
        unknown = set(body) - {"filter", "orderBy"}
        if unknown:
            raise BadUserInput(f"Unknown body fields: {', '.join(sorted(unknown))} (use filter and orderBy).")
        problems: list[str] = []
        for name, value in body.items():

            def report(error: GraphQLError, path: list[str | int], name: str = name) -> None:
                problems.append(f"{'.'.join(map(str, [name, *path]))}: {error.message}")

            validate_input_value(value, self.graphql_args[name].type, report)
        if problems:
            raise BadUserInput("; ".join(problems))
        coerced = {name: coerce_input_value(value, self.graphql_args[name].type) for name, value in body.items()}
        converted = convert_arguments(
            coerced,
            self.arguments,
            scalar_registry=self.schema.schema_converter.scalar_registry,
            config=self.schema.config,
        )
        return converted.get("filter"), converted.get("order_by")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = await self.respond(Request(scope, receive))
        await response(scope, receive, send)

    async def respond(self, request: Request) -> Response:
        state = request.app.state
        try:
            principal = await authorize(request, Role.READER, "The export needs the reader or operator role.")
            try:
                body = orjson.loads(await request.body() or b"{}")
            except orjson.JSONDecodeError as exc:
                raise BadUserInput("The body is not JSON.") from exc
            filter_, order_by = self.arguments_of(body)
            stmt = compile_leads(ALL_LEADS, filter_, order_by, page=None).page
            engine = state.reader_engine if principal.role is Role.READER else state.engine
            first, chunks = await _started(engine, stmt)
        except GatewayError as exc:
            return exc.http_response()
        except (DBAPIError, OSError, asyncpg.PostgresError) as exc:
            known = translate(exc)
            if known is None:
                raise
            return known.http_response()
        return StreamingResponse(
            _prepend(first, chunks),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="leads.csv"'},
        )


async def _started(engine: AsyncEngine, stmt: Select[Any]) -> tuple[bytes, AsyncIterator[bytes]]:
    """The first chunk and the rest; it fails here, with a status code, when the query cannot start.

    A pooled connection found dead (the reader engine does not ping) is replaced once."""
    chunks = stream_csv(engine, stmt)
    try:
        return await anext(chunks), chunks
    except DBAPIError as exc:
        if not dropped(exc):
            raise
    chunks = stream_csv(engine, stmt)
    return await anext(chunks), chunks


async def _prepend(first: bytes, rest: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    yield first
    async for chunk in rest:
        yield chunk
