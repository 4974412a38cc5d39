"""JSON logs with a request id, and Prometheus metrics."""

import logging
import re
import sys
import time
import uuid
from contextvars import ContextVar

from prometheus_client import Counter, Gauge, Histogram
from pythonjsonlogger.json import JsonFormatter
from starlette.types import ASGIApp, Message, Receive, Scope, Send

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")

HTTP_REQUESTS = Counter("hq_http_requests_total", "HTTP requests", ["route", "status"])
HTTP_LATENCY = Histogram("hq_http_request_seconds", "HTTP request latency", ["route"])
GRAPHQL_OPERATIONS = Counter("hq_graphql_operations_total", "GraphQL operations", ["operation", "outcome"])
GRAPHQL_LATENCY = Histogram("hq_graphql_operation_seconds", "GraphQL operation latency", ["operation"])
# compiled: answered from a plan; regular: left to the regular path; built: plans built; failed: a plan's
# statement failed and the regular path answered (gateway/compiled.py)
GRAPHQL_COMPILED = Counter("hq_graphql_compiled_total", "GraphQL operations by compiled-path outcome", ["outcome"])
ASYNCIO_TASKS = Gauge("hq_asyncio_tasks", "asyncio tasks alive in this process (leak detector)")
DB_CONNECTIONS = Gauge("hq_db_connections_checked_out", "database connections in use", ["pool"])
REPLICA_UP = Gauge(
    "hq_replica_up", "1 while the read replica takes reader traffic (reachable, lag in bounds)", ["replica"]
)
REPLICA_LAG = Gauge(
    "hq_replica_lag_seconds", "replay lag of the read replica at its last check (-1: unknown)", ["replica"]
)
REPLICA_READS = Counter(
    "hq_replica_reads_total", "reader requests routed, by replica ('primary': fallback)", ["replica"]
)

_OPERATION_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
_known_operations: set[str] = set()


def operation_label(name: str | None) -> str:
    """Client-chosen operation names, bounded so a client cannot explode the label set."""
    if not name or not _OPERATION_NAME.match(name):
        return "anonymous"
    if name not in _known_operations and len(_known_operations) >= 500:
        return "other"
    _known_operations.add(name)
    return name


class _RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


def configure_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s"))
    handler.addFilter(_RequestIdFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)


def _route_label(path: str) -> str:
    if path.startswith("/ingest/"):
        return "/ingest/{source}"
    if path in {"/graphql", "/healthz", "/readyz", "/metrics", "/export/leads.csv", "/batches"}:
        return path
    return "other"


class RequestContextMiddleware:
    """Assigns a request id (or keeps the caller's X-Request-ID) and records HTTP metrics."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        incoming = dict(scope.get("headers") or []).get(b"x-request-id", b"").decode("latin-1")
        rid = incoming if re.fullmatch(r"[A-Za-z0-9._-]{1,64}", incoming) else uuid.uuid4().hex
        token = request_id_var.set(rid)
        scope.setdefault("state", {})["request_id"] = rid
        route = _route_label(scope.get("path", ""))
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", rid.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            if scope["type"] == "http":
                HTTP_REQUESTS.labels(route, str(status)).inc()
                HTTP_LATENCY.labels(route).observe(time.perf_counter() - started)
            request_id_var.reset(token)
