"""create_app(): routes, lifespan (database, key store, domain services), middleware."""

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator
from typing import Any

import orjson
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketState
from strawberry import Schema
from strawberry.asgi import ASGIWebSocketAdapter, GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.types.unset import UNSET, UnsetType

from gateway import migrations
from gateway.auth import KeyStore, token_from_params
from gateway.batches.page import batches_page
from gateway.batches.service import batches_lifespan
from gateway.compiled import CompiledOperations
from gateway.context import Context, context_for
from gateway.coverage.page import coverage_page
from gateway.database import create_engine, direct_url, libpq_url, stop_embedded
from gateway.documents import Documents
from gateway.errors import GatewayError
from gateway.export import ListCsvExport
from gateway.graphiql import graphiql_assets
from gateway.graphql_http import GraphQLHTTP
from gateway.ingest.http import ingest_endpoint
from gateway.limits import BodyLimit, RateLimiter
from gateway.observability import ASYNCIO_TASKS, DB_CONNECTIONS, RequestContextMiddleware, configure_logging
from gateway.replicas import Replicas, reader_engine, reader_role
from gateway.schema import LIST_SOURCES, STATEMENT_FIELDS, build_schema
from gateway.settings import Settings, get_settings

log = logging.getLogger(__name__)

__all__ = ["GraphQLApp", "context_for", "create_app"]  # context_for: where the HTTP and websocket views build it


class _WebSocketAdapter(ASGIWebSocketAdapter):
    async def close(self, code: int, reason: str) -> None:
        # on_ws_connect already closed a rejected connection with the reason; strawberry closes it again
        if self.ws.application_state != WebSocketState.DISCONNECTED:
            await self.ws.close(code=code, reason=reason)


class GraphQLApp(GraphQL[Context, None]):
    """The websocket at /graphql (graphql-transport-ws); HTTP is gateway/graphql_http.py."""

    websocket_adapter_class = _WebSocketAdapter  # type: ignore[assignment]

    async def get_context(self, request: Request | WebSocket, response: Any) -> Context:
        return await context_for(request)

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        # browsers cannot set websocket headers: the key may come in connection_init's payload
        token = token_from_params(context.connection_params)
        if token:
            fresh = await context_for(context.request, extra_token=token)
            if fresh.principal is None and fresh.refusal is None:
                await context.request.close(code=4403, reason="Forbidden: unknown or revoked API key")
                raise ConnectionRejectionError({"reason": "unknown or revoked API key"})
            context.principal, context.engine, context.refusal = fresh.principal, fresh.engine, fresh.refusal
        unset: UnsetType = UNSET
        return unset

    def decode_json(self, data: str | bytes) -> object:
        return orjson.loads(data)

    def encode_json(self, data: object) -> str:
        # str, not bytes: websocket messages must go out as text frames (graphql-transport-ws; browsers
        # would get a Blob)
        return orjson.dumps(data).decode()


async def gateway_error_response(request: Request, exc: Exception) -> Response:
    """Errors of the family raised outside GraphQL become their HTTP status with a JSON body."""
    assert isinstance(exc, GatewayError)
    return exc.http_response()


async def healthz(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> Response:
    try:
        current = await migrations.current_revision(request.app.state.engine)
    except Exception as exc:  # noqa: BLE001 - readiness reports any failure as not ready
        return JSONResponse({"status": "unavailable", "database": type(exc).__name__}, status_code=503)
    head = migrations.head_revision()
    if current != head:
        return JSONResponse({"status": "migrating", "current": current, "head": head}, status_code=503)
    # a replica down or lagging is no reason to stop serving: its reads go to the primary meanwhile
    replicas = request.app.state.replicas.states()
    return JSONResponse({"status": "ready", "revision": current, **({"replicas": replicas} if replicas else {})})


async def metrics(request: Request) -> Response:
    ASYNCIO_TASKS.set(len(asyncio.all_tasks()))
    for pool, engine in (("main", request.app.state.engine), ("reader", request.app.state.reader_engine)):
        DB_CONNECTIONS.labels(pool).set(engine.pool.checkedout())
    for replica in request.app.state.replicas.replicas:
        DB_CONNECTIONS.labels(replica.name).set(replica.engine.pool.checkedout())
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


def routes(settings: Settings, schema: Schema) -> list[BaseRoute]:
    websocket = GraphQLApp(schema, graphql_ide=None, allowed_origins=settings.cors_origins)
    ide: list[BaseRoute] = [] if settings.is_production else [graphiql_assets()]
    return [
        # any method: all but GET and POST get the JSON 405 of a GraphQL client, not Starlette's text
        Route(
            "/graphql",
            GraphQLHTTP(schema, settings).handle,
            methods=["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
        ),
        WebSocketRoute("/graphql", websocket),
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Route("/metrics", metrics),
        Route("/ingest/{source}", ingest_endpoint, methods=["POST"]),
        Route("/export/{field}.csv", ListCsvExport(schema, LIST_SOURCES), methods=["POST"]),
        Route("/batches", batches_page),
        Route("/coverage", coverage_page),
        *ide,
    ]


@contextlib.asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    url = libpq_url(settings)  # starts the embedded server when DATABASE_URL is unset
    engine = create_engine(
        url,
        pool_size=settings.pool_size,
        statement_timeout_ms=settings.statement_timeout_ms,
        pooled=settings.transaction_pooled,
    )
    app.state.database_url = url
    app.state.direct_database_url = direct_url(settings, url)  # LISTEN and the job queue (not via a pooler)
    app.state.engine = engine
    app.state.keys = KeyStore(engine)
    app.state.rate_limiter = RateLimiter(settings.default_rate_limit_per_minute)
    role = await reader_role(settings, engine)
    app.state.reader_engine = reader_engine(url, settings, role)  # the primary's
    replicas = Replicas.create(settings, app.state.reader_engine, role)
    app.state.replicas = replicas
    app.state.documents = Documents(engine, settings)
    try:
        # the long-lived services of the domains (job queue workers, LISTEN fan-out) live as long as the
        # app; resolvers reach them on their Context, typed, never through app.state
        async with replicas.running(), batches_lifespan(app) as services:
            app.state.services = services
            gc.collect()
            gc.freeze()  # startup objects never move to gen 2 again: no long GC pauses under load
            yield
    finally:
        await engine.dispose()
        await app.state.reader_engine.dispose()
        if settings.database_url is None:
            stop_embedded()  # uvicorn re-raises SIGTERM after shutdown, so atexit would not run


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or get_settings()
    configure_logging(settings.log_level)
    middleware = [Middleware(RequestContextMiddleware), Middleware(BodyLimit, max_bytes=settings.max_body_bytes)]
    if settings.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=settings.cors_origins,
                allow_methods=["GET", "POST"],
                allow_headers=["authorization", "x-api-key", "content-type", "x-request-id"],
            )
        )
    schema = build_schema(settings)
    app = Starlette(
        routes=routes(settings, schema),
        middleware=middleware,
        lifespan=lifespan,
        exception_handlers={GatewayError: gateway_error_response},
    )
    app.state.settings = settings
    # queries PostgreSQL can answer alone run from compiled plans (gateway/compiled.py); None: every
    # operation runs the regular way
    app.state.compiled = CompiledOperations(schema, STATEMENT_FIELDS) if settings.compiled_operations else None
    app.state.fast_path = app.state.compiled.run if app.state.compiled else None
    return app
