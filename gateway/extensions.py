"""Schema extensions: the authentication gate, error masking with request ids, operation metrics."""

import logging
import time
from collections.abc import Iterator

import asyncpg
from graphql import ExecutionResult, GraphQLError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from strawberry.extensions import MaskErrors, SchemaExtension

from gateway.errors import GatewayError, Timeout, Unauthenticated, UpstreamUnavailable
from gateway.observability import GRAPHQL_LATENCY, GRAPHQL_OPERATIONS, operation_label

log = logging.getLogger("gateway.errors")

PUBLIC_CODES = frozenset(
    {
        "UNAUTHENTICATED",
        "FORBIDDEN",
        "BAD_USER_INPUT",
        "LIMIT_EXCEEDED",
        "RATE_LIMITED",
        "TIMEOUT",
        "UPSTREAM_UNAVAILABLE",
        "NOT_FOUND",
        "EXTRACTION_FAILED",
    }
)


class AuthenticationGate(SchemaExtension):
    """No key, no data: every operation needs a valid key, introspection too (it shows operator mutations)."""

    def on_execute(self) -> Iterator[None]:
        ctx = self.execution_context.context
        if ctx.refusal is not None:
            self.execution_context.result = ExecutionResult(data=None, errors=[ctx.refusal.to_graphql()])
        elif ctx.principal is None:
            err = Unauthenticated("An API key is required (Authorization: Bearer <key> or X-API-Key).")
            self.execution_context.result = ExecutionResult(data=None, errors=[err.to_graphql()])
        yield


def translate(error: BaseException | None) -> GatewayError | None:
    """Database failures the client should know about, as members of the error family."""
    if isinstance(error, GatewayError):
        return error
    # asyncpg's own error, wrapped by SQLAlchemy or raised directly (compiled operations run on asyncpg)
    orig = (getattr(error.orig, "__cause__", None) or error.orig) if isinstance(error, DBAPIError) else error
    if isinstance(orig, asyncpg.QueryCanceledError):
        return Timeout("The query took longer than the statement timeout and was cancelled.")
    if isinstance(error, DBAPIError) and (
        error.connection_invalidated
        or isinstance(error, (InterfaceError, OperationalError))
        or isinstance(orig, (asyncpg.PostgresConnectionError, asyncpg.CannotConnectNowError, ConnectionError))
    ):
        return UpstreamUnavailable("The database is unavailable; retry shortly.")
    if isinstance(error, (ConnectionError, OSError, asyncpg.PostgresConnectionError)):
        return UpstreamUnavailable("The database is unavailable; retry shortly.")
    return None


def _bad_variable(error: GraphQLError) -> bool:
    """A variable's value its type refused (graphql-core keeps the scalar's or enum's exception as the
    cause): the client's mistake, shown with graphql-core's message, before any field ran."""
    return error.path is None and error.message.startswith("Variable '$")


class ErrorMasking(MaskErrors):
    """Known codes pass through; everything else is masked and logged with the request id."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=self._should_mask)

    def _should_mask(self, error: GraphQLError) -> bool:
        return (error.extensions or {}).get("code") not in PUBLIC_CODES

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        out: list[GraphQLError] = []
        rid = getattr(self.execution_context.context, "request_id", "-")
        for error in errors:
            if error.original_error is None and not error.extensions:
                out.append(error)  # syntax / validation errors: about the query, safe to show
                continue
            if _bad_variable(error):
                out.append(GraphQLError(error.message, nodes=error.nodes, extensions={"code": "BAD_USER_INPUT"}))
                continue
            known = translate(error.original_error)
            if known is not None:
                out.append(
                    GraphQLError(
                        known.message,
                        nodes=error.nodes,
                        path=error.path,
                        extensions=known.graphql_extensions(),
                    )
                )
            elif self._should_mask(error):
                log.error(
                    "internal error in %s",
                    error.path,
                    exc_info=error.original_error,
                    extra={"request_id": rid},
                )
                out.append(
                    GraphQLError(
                        f"Internal error (request id {rid}).",
                        nodes=error.nodes,
                        path=error.path,
                        extensions={"code": "INTERNAL", "requestId": rid},
                    )
                )
            else:
                out.append(error)
        return out


class OperationMetrics(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        started = time.perf_counter()
        yield
        name = operation_label(self.execution_context.operation_name)
        result = self.execution_context.result
        outcome = "error" if getattr(result, "errors", None) else "ok"
        GRAPHQL_OPERATIONS.labels(name, outcome).inc()
        GRAPHQL_LATENCY.labels(name).observe(time.perf_counter() - started)
