"""Per-request context: who is calling, the database, and the request's dataloaders."""

import uuid
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.requests import HTTPConnection
from strawberry.types import Info as StrawberryInfo

from gateway.auth import Principal, Role, token_from_headers
from gateway.errors import GatewayError, RateLimited
from gateway.lists.arguments import check_first
from gateway.observability import request_id_var
from gateway.settings import Settings
from ingest.enrich.jobs import EnrichService
from ingest.enrich.notify import BatchEvents

T = TypeVar("T")


@dataclass(frozen=True)
class Services:
    """The process's long-lived services (gateway/batches/service.py starts them), as resolvers reach them."""

    enrich: EnrichService
    batch_events: BatchEvents


@dataclass
class Context:
    engine: AsyncEngine
    settings: Settings
    principal: Principal | None
    request_id: str
    services: Services
    request: Any = None
    # set when the request must be refused before execution (e.g. rate limited)
    refusal: GatewayError | None = None
    # a websocket's connection_init payload (strawberry fills it; may carry the API key)
    connection_params: dict[str, Any] | None = None
    # loaders are created lazily per request (or per subscription event) by `loader()`
    _loaders: dict[type[Any], Any] = field(default_factory=dict)

    @property
    def key_id(self) -> uuid.UUID | None:
        """The caller's API key id (what audit and ingest rows record), None without a key."""
        return self.principal.key_id if self.principal else None

    def page_size(self, first: int | None, default: int = 50) -> int:
        """`first` of a plain (unpaged) list: `default` when omitted, at most the configured page size."""
        return check_first(first, default=default, maximum=self.settings.max_page_size, paged=False)

    def loader(self, cls: type[T]) -> T:
        """The request's single instance of a dataloader class (built on first use)."""
        existing = self._loaders.get(cls)
        if existing is None:
            existing = cls(self)  # type: ignore[call-arg]
            self._loaders[cls] = existing
        return existing  # type: ignore[no-any-return]


async def context_for(conn: HTTPConnection, extra_token: str | None = None, operations: int = 1) -> Context:
    """The Context of one HTTP request or websocket: the caller's key, its rate limit (one per operation)."""
    state = conn.app.state
    token = extra_token or token_from_headers(conn.headers.get("authorization"), conn.headers.get("x-api-key"))
    refusal: GatewayError | None = None
    try:
        principal = await state.keys.authenticate(token)
    except GatewayError as exc:  # the database is down: say so rather than "bad key"
        principal, refusal = None, exc
    reader = principal is not None and principal.role is Role.READER
    if principal is not None:
        try:
            state.rate_limiter.check(principal.key_id, principal.rate_limit_per_minute, operations)
        except RateLimited as exc:
            refusal = exc
    return Context(
        refusal=refusal,
        engine=state.replicas.pick() if reader else state.engine,
        settings=state.settings,
        principal=principal,
        request_id=request_id_var.get(),
        services=state.services,
        request=conn,
    )


Info = StrawberryInfo[Context, None]
