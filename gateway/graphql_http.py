"""GET and POST /graphql: GraphQL over HTTP as the clients (Apollo, urql, Relay, gql, graphql-request) speak it.

One request: decode it (a JSON object, a JSON array of them for Apollo's BatchHttpLink, or GET parameters),
authenticate once (gateway.context.context_for), resolve each operation's document (gateway/documents.py:
APQ, trusted documents), then answer each one by the compiled fast path when it has one, else by
`schema.execute` with the schema's extensions (auth gate, limits, cost, masking, metrics).

Media types (GraphQL-over-HTTP): with `Accept: application/graphql-response+json` a request that never
executed (a syntax or validation error, no key, a limit) is a 4xx without `data`; with `application/json`
(the default) every GraphQL result is a 200 as before. A request the HTTP layer cannot read is a 4xx with a
JSON body `{"errors": [{"message", "extensions": {"code"}}]}` either way, never plain text.

GET answers are cacheable by the caller only: `Cache-Control: private, max-age=<HQ_GET_MAX_AGE_SECONDS>`, a
strong `ETag` of the body (`If-None-Match` -> 304) and `Vary` on the key headers, Accept and Origin.

The websocket (graphql-transport-ws) stays on strawberry's view in gateway/app.py.
"""

import asyncio
import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import orjson
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from strawberry import Schema
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from gateway.context import Context, context_for
from gateway.documents import Documents
from gateway.errors import (
    BadRequest,
    GatewayError,
    LimitExceeded,
    MethodNotAllowed,
    UnsupportedMediaType,
    http_status_of,
)
from gateway.graphiql import graphiql_html
from gateway.settings import Settings

JSON = "application/json"
GRAPHQL_RESPONSE = "application/graphql-response+json"
VARY = "Authorization, X-API-Key, Accept, Origin"
ALLOWED = {"GET": frozenset({OperationType.QUERY}), "POST": frozenset({OperationType.QUERY, OperationType.MUTATION})}


@dataclass(frozen=True, slots=True)
class Operation:
    query: str  # the document text (APQ / trusted documents already resolved)
    operation_name: str | None
    variables: dict[str, Any]  # {} when none were sent
    method: str  # "GET" or "POST"


# The compiled operations' hook (app.state.fast_path): the complete JSON body of the operation's answer,
# or None to run it the regular way. Called only for an authenticated caller within its rate limit.
FastPath = Callable[[Operation, Context], Awaitable[bytes | None]]


@dataclass(frozen=True, slots=True)
class Sent:
    """One operation as the client sent it."""

    query: str | None
    operation_name: str | None
    variables: dict[str, Any]
    extensions: dict[str, Any] | None
    document_id: str | None


@dataclass(frozen=True, slots=True)
class Answer:
    body: bytes
    status: int = 200


@lru_cache(maxsize=256)
def response_media_type(accept: str | None) -> str:
    """application/graphql-response+json when the client prefers it (Apollo Client 4 sends it first)."""
    if not accept:
        return JSON
    best = {GRAPHQL_RESPONSE: 0.0, JSON: 0.0}
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        media = media.lower()
        key = GRAPHQL_RESPONSE if media == GRAPHQL_RESPONSE else JSON if media in (JSON, "application/*", "*/*") else ""
        if key:
            best[key] = max(best[key], quality)
    return GRAPHQL_RESPONSE if best[GRAPHQL_RESPONSE] > 0 and best[GRAPHQL_RESPONSE] >= best[JSON] else JSON


def _json_object(value: object, name: str) -> dict[str, Any] | None:
    if value is None or isinstance(value, dict):
        return value
    raise BadRequest(f"The GraphQL operation's `{name}` must be an object or null, if provided.")


def _string(value: object, name: str) -> str | None:
    if value is None or isinstance(value, str):
        return value or None
    raise BadRequest(f"The GraphQL operation's `{name}` must be a string or null, if provided.")


def sent_from_json(data: object) -> Sent:
    if not isinstance(data, dict):
        raise BadRequest("Each GraphQL operation is a JSON object with `query` (or a persisted document's id).")
    query = data.get("query")
    if query is not None and not isinstance(query, str):
        raise BadRequest("The GraphQL operation's `query` must be a string or null, if provided.")
    return Sent(
        query=query,
        operation_name=_string(data.get("operationName"), "operationName"),
        variables=_json_object(data.get("variables"), "variables") or {},
        extensions=_json_object(data.get("extensions"), "extensions"),
        document_id=_string(data.get("documentId"), "documentId"),
    )


def sent_from_params(params: QueryParams) -> Sent:
    """GET /graphql?query=...&operationName=...&variables=<JSON>&extensions=<JSON> (or documentId=...)."""

    def decoded(name: str) -> object:
        raw = params.get(name)
        if not raw:
            return None
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            raise BadRequest(f"The `{name}` parameter must be JSON.") from None

    return Sent(
        query=params.get("query") or None,
        operation_name=params.get("operationName") or None,
        variables=_json_object(decoded("variables"), "variables") or {},
        extensions=_json_object(decoded("extensions"), "extensions"),
        document_id=params.get("documentId") or None,
    )


def _error_body(error: GatewayError) -> bytes:
    return orjson.dumps({"errors": [error.formatted()]})


def formatted_errors(result: ExecutionResult) -> list[dict[str, Any]] | None:
    if not result.errors:
        return None
    errors: list[dict[str, Any]] = [dict(e.formatted) for e in result.errors]
    for error in errors:
        # the token limit fails in the parser, before any extension can give it a code
        if str(error.get("message", "")).startswith("Syntax Error: Document contains more than"):
            error["extensions"] = {"code": LimitExceeded.code, "limit": "tokens"}
    return errors


def executed_answer(result: ExecutionResult, media: str) -> Answer:
    """The body and status of a result; with graphql-response+json a request error is a 4xx without data."""
    errors = formatted_errors(result)
    payload: dict[str, Any]
    never_executed = result.data is None and all(e.path is None for e in result.errors or ())
    if media == GRAPHQL_RESPONSE and errors and never_executed:
        code = (errors[0].get("extensions") or {}).get("code")
        payload = {"errors": errors}
        status = http_status_of(code)
    else:
        payload, status = {"data": result.data}, 200
        if errors:
            payload["errors"] = errors
    if result.extensions:
        payload["extensions"] = result.extensions
    return Answer(orjson.dumps(payload), status)


def _etag_matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    return any(tag.strip().removeprefix("W/") == etag for tag in if_none_match.split(","))


class GraphQLHTTP:
    """The `/graphql` HTTP endpoint (`handle`)."""

    def __init__(self, schema: Schema, settings: Settings) -> None:
        self.schema = schema
        self.settings = settings
        self.ide = not settings.is_production
        self.cache_control = f"private, max-age={max(settings.get_max_age_seconds, 0)}"

    async def handle(self, request: Request) -> Response:
        method = request.method
        accept = request.headers.get("accept")
        media = response_media_type(accept)
        try:
            if method == "GET":
                if self.ide and accept and "text/html" in accept:
                    # a browser opening /graphql (even with ?query=): the IDE, with the query in its editor
                    return HTMLResponse(graphiql_html())
                sent, batch = [sent_from_params(request.query_params)], False
            elif method == "POST":
                sent, batch = await self._decode_body(request)
            else:
                raise MethodNotAllowed("GraphQL is served over GET (queries) and POST.")
        except GatewayError as exc:
            return self._response(request, Answer(_error_body(exc), exc.http_status), media)
        context = await context_for(request, operations=len(sent))
        if batch:
            answers = await asyncio.gather(*(self._answer(s, context, method, media) for s in sent))
            return self._response(request, Answer(b"[" + b",".join(a.body for a in answers) + b"]"), media)
        return self._response(request, await self._answer(sent[0], context, method, media), media)

    async def _decode_body(self, request: Request) -> tuple[list[Sent], bool]:
        content_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
        if content_type != JSON:
            raise UnsupportedMediaType("POST /graphql takes a JSON body (Content-Type: application/json).")
        body = await request.body()  # over HQ_MAX_BODY_BYTES: PayloadTooLarge (gateway.limits.BodyLimit)
        try:
            data = orjson.loads(body)
        except orjson.JSONDecodeError:
            raise BadRequest("Unable to parse the request body as JSON.") from None
        if not isinstance(data, list):
            return [sent_from_json(data)], False
        if not data:
            raise BadRequest("A batch (a JSON array of operations) needs at least one operation.")
        if len(data) > self.settings.max_batch_operations:
            raise LimitExceeded(
                f"A batch may hold at most {self.settings.max_batch_operations} operations; this one has {len(data)}.",
                limit="batch",
                maximum=self.settings.max_batch_operations,
            )
        return [sent_from_json(item) for item in data], True

    async def _answer(self, sent: Sent, context: Context, method: str, media: str) -> Answer:
        state = context.request.app.state
        documents: Documents = state.documents
        try:
            query = await documents.resolve(sent.query, sent.document_id, sent.extensions)
        except BadRequest as exc:
            return Answer(_error_body(exc), exc.http_status)
        except GatewayError as exc:  # a GraphQL error of the request: 200 with application/json, as any other
            return Answer(_error_body(exc), exc.http_status if media == GRAPHQL_RESPONSE else 200)
        fast_path: FastPath | None = state.fast_path
        if fast_path is not None and context.refusal is None and context.principal is not None:
            body = await fast_path(Operation(query, sent.operation_name, sent.variables, method), context)
            if body is not None:
                return Answer(body)
        try:
            result = await self.schema.execute(
                query,
                variable_values=sent.variables,
                context_value=context,
                operation_name=sent.operation_name,
                allowed_operation_types=ALLOWED[method],
                operation_extensions=sent.extensions,
            )
        except InvalidOperationTypeError as exc:
            error: GatewayError
            if exc.operation_type is OperationType.MUTATION:
                error = MethodNotAllowed("Mutations are sent with POST (GET runs queries only).")
            else:
                error = BadRequest("Subscriptions run over the websocket (graphql-transport-ws) at /graphql.")
            return Answer(_error_body(error), error.http_status)
        except CannotGetOperationTypeError as exc:
            return Answer(_error_body(BadRequest(exc.as_http_error_reason())), 400)
        return executed_answer(result, media)

    def _response(self, request: Request, answer: Answer, media: str) -> Response:
        headers: dict[str, str] = {}
        if answer.status == 405:
            headers["Allow"] = "POST" if request.method == "GET" else "GET, POST"
        if request.method == "GET":
            headers["Vary"] = VARY
            if answer.status == 200 and b'"errors":' not in answer.body:
                etag = f'"{hashlib.blake2b(answer.body, digest_size=16).hexdigest()}"'
                headers["ETag"] = etag
                headers["Cache-Control"] = self.cache_control
                if _etag_matches(request.headers.get("if-none-match"), etag):
                    return Response(status_code=304, headers=headers)
            else:
                headers["Cache-Control"] = "no-store"  # errors (a timeout, a missing persisted query) are not kept
        return Response(answer.body, answer.status, headers=headers, media_type=media)
