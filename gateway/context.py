"""Per-request context: who is calling, the database, and the request's dataloaders."""

import uuid
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncEngine
from strawberry.types import Info as StrawberryInfo

from gateway.auth import Principal
from gateway.errors import GatewayError
from gateway.lists.arguments import check_first
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


Info = StrawberryInfo[Context, None]
