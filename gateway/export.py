"""`POST /export/{field}.csv`: every row of a list field of `Query`, streamed as CSV in constant memory.

The body holds that field's arguments (same names and types as in GraphQL, paging arguments excepted),
checked against the schema's own argument types; the field's source function and the one filter
compiler build the statement (gateway/lists/resolve.py), so the rows are exactly the field's nodes in
the field's order, walked to the end. Columns are the node's scalar fields, named as in GraphQL. Rows
come from a server-side cursor a few thousand at a time, so memory stays flat however many match.
"""

import csv
import io
import logging
from collections.abc import AsyncIterator, Iterable, Mapping
from typing import Any

import asyncpg
import orjson
import strawberry
from sqlalchemy import Row
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.sql import Select
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.types import Receive, Scope, Send

from gateway.auth import Role, authorize
from gateway.database import retried
from gateway.errors import BadUserInput, GatewayError, NotFound
from gateway.extensions import translate
from gateway.lists.compiler import compile_list
from gateway.lists.field_arguments import ListFields
from gateway.lists.model import ListModel
from gateway.lists.resolve import SourceOf

log = logging.getLogger(__name__)

CHUNK_ROWS = 2000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula is quoted (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv(rows: Iterable[list[Any]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([_cell(v) for v in row] for row in rows)
    return buffer.getvalue().encode()


async def stream_csv(engine: AsyncEngine, stmt: Select[Any], model: ListModel) -> AsyncIterator[bytes]:
    """The header (the node's GraphQL field names), then the rows of `stmt` in chunks, from a server-side cursor."""
    async with engine.connect() as conn:
        # a server-side cursor lives in a transaction (the reader engine autocommits otherwise)
        await conn.execution_options(isolation_level="READ COMMITTED")
        result = await conn.stream(stmt.execution_options(yield_per=CHUNK_ROWS))
        partitions = result.partitions()
        # the first rows travel with the header: a query that cannot start fails before any byte is sent
        header = [f.graphql_name for f in model.node_fields]
        yield _csv([header, *(csv_cells(model, r) for r in await anext(partitions, []))])
        async for rows in partitions:
            yield _csv(csv_cells(model, r) for r in rows)


def csv_cells(model: ListModel, row: Row[Any]) -> list[Any]:
    """A page row as the node's scalar fields: lists as JSON arrays, booleans as in JSON."""
    mapping = row._mapping
    cells = []
    for f in model.node_fields:
        value = mapping[f.name] if f.read is None else f.read(mapping[f.name])
        if isinstance(value, list | bool):
            value = orjson.dumps(value).decode()
        cells.append(value)
    return cells


class ListCsvExport:
    """The ASGI endpoint; it parses bodies with the schema the GraphQL endpoint serves."""

    def __init__(self, schema: strawberry.Schema, sources: Mapping[str, SourceOf]) -> None:
        self.lists = ListFields(schema, sources)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = await self.respond(Request(scope, receive))
        await response(scope, receive, send)

    async def respond(self, request: Request) -> Response:
        state = request.app.state
        field = request.path_params["field"]
        try:
            principal = await authorize(request, Role.READER, "The export needs the reader or operator role.")
            if field not in self.lists:
                raise NotFound(f"No list field `{field}` to export; lists: {', '.join(self.lists)}.")
            try:
                body = orjson.loads(await request.body() or b"{}")
            except orjson.JSONDecodeError as exc:
                raise BadUserInput("The body is not JSON.") from exc
            read = self.lists.read(field, body)
            stmt = compile_list(read.source, read.filter, read.order_by, page=None).page
            engine = state.replicas.pick() if principal.role is Role.READER else state.engine
            first, chunks = await _started(engine, stmt, read.source.model)
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
            headers={"Content-Disposition": f'attachment; filename="{field}.csv"'},
        )


async def _started(engine: AsyncEngine, stmt: Select[Any], model: ListModel) -> tuple[bytes, AsyncIterator[bytes]]:
    """The first chunk and the rest; it fails here, with a status code, when the query cannot start.

    Until the first chunk nothing is sent, so it is retried as reads are: once on a fresh connection when
    the pooled one was dead (the reader engine does not ping), elsewhere when a replica just went down."""

    async def start(chosen: AsyncEngine) -> tuple[bytes, AsyncIterator[bytes]]:
        chunks = stream_csv(chosen, stmt, model)
        return await anext(chunks), chunks

    return await retried(engine, start)


async def _prepend(first: bytes, rest: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    yield first
    async for chunk in rest:
        yield chunk
