"""API keys and roles: random tokens stored as SHA-256 hashes, checked per request from a short cache.

A slow password hash is neither needed (the tokens are 256-bit random) nor affordable per request.
Cached lookups live at most `CACHE_SECONDS`, so a revoked key stops working within a second on
every gateway process without any cross-process signalling.
"""

import enum
import hashlib
import logging
import secrets
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.requests import HTTPConnection

from gateway.errors import Forbidden, Unauthenticated, UpstreamUnavailable
from models.ops import ApiKey

log = logging.getLogger(__name__)

CACHE_SECONDS = 1.0
LAST_USED_EVERY_SECONDS = 60.0


class Role(enum.StrEnum):
    READER = "reader"
    INGEST = "ingest"
    OPERATOR = "operator"


@dataclass(frozen=True, slots=True)
class Principal:
    key_id: uuid.UUID
    name: str
    role: Role
    rate_limit_per_minute: int | None

    def has(self, *roles: Role) -> bool:
        """Operators may do everything; other roles only what they are named for."""
        return self.role is Role.OPERATOR or self.role in roles


def hash_key(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


def new_token(role: Role) -> str:
    return f"hq_{role.value[:3]}_{secrets.token_urlsafe(32)}"


async def create_key(
    engine: AsyncEngine,
    role: Role,
    name: str,
    *,
    expires_at: datetime | None = None,
    rate_limit_per_minute: int | None = None,
) -> tuple[uuid.UUID, str]:
    token = new_token(role)
    async with engine.begin() as conn:
        key_id = await conn.scalar(
            insert(ApiKey)
            .values(
                name=name,
                role=role.value,
                key_hash=hash_key(token),
                prefix=token[:10],
                expires_at=expires_at,
                rate_limit_per_minute=rate_limit_per_minute,
            )
            .returning(ApiKey.id)
        )
    assert key_id is not None
    return key_id, token


async def list_keys(engine: AsyncEngine) -> list[ApiKey]:
    async with engine.connect() as conn:
        rows = await conn.execute(select(ApiKey.__table__).order_by(ApiKey.created_at))
        return [ApiKey(**r._mapping) for r in rows]


async def revoke_key(engine: AsyncEngine, key: str) -> int:
    """Revoke by id, name or key prefix; returns how many keys were revoked."""
    cond = ApiKey.name == key
    try:
        cond = cond | (ApiKey.id == uuid.UUID(key))
    except ValueError:
        cond = cond | (ApiKey.prefix == key[:10])
    async with engine.begin() as conn:
        result = await conn.execute(
            update(ApiKey).where(cond, ApiKey.revoked_at.is_(None)).values(revoked_at=func.now())
        )
    return result.rowcount


class KeyStore:
    """Resolves tokens to principals with a per-process cache of at most CACHE_SECONDS."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._cache: dict[bytes, tuple[float, Principal | None]] = {}
        self._last_used: dict[uuid.UUID, float] = {}

    async def authenticate(self, token: str | None) -> Principal | None:
        if not token:
            return None
        digest = hash_key(token)
        now = time.monotonic()
        cached = self._cache.get(digest)
        if cached is not None and now - cached[0] < CACHE_SECONDS:
            return cached[1]
        try:
            principal = await self._load(digest)
        except (OSError, SQLAlchemyError) as exc:
            if cached is not None:
                return cached[1]  # keep serving known keys through a database blip
            raise UpstreamUnavailable("The database is unavailable; retry shortly.") from exc
        if len(self._cache) > 10_000:
            self._cache.clear()
        self._cache[digest] = (now, principal)
        if principal is not None and now - self._last_used.get(principal.key_id, -1e9) > LAST_USED_EVERY_SECONDS:
            self._last_used[principal.key_id] = now
            await self._touch(principal.key_id)
        return principal

    async def _load(self, digest: bytes) -> Principal | None:
        async with self.engine.connect() as conn:
            row = (
                await conn.execute(
                    select(ApiKey.id, ApiKey.name, ApiKey.role, ApiKey.rate_limit_per_minute).where(
                        ApiKey.key_hash == digest,
                        ApiKey.revoked_at.is_(None),
                        (ApiKey.expires_at.is_(None)) | (ApiKey.expires_at > datetime.now(UTC)),
                    )
                )
            ).first()
        if row is None:
            return None
        return Principal(row.id, row.name, Role(row.role), row.rate_limit_per_minute)

    async def _touch(self, key_id: uuid.UUID) -> None:
        try:
            async with self.engine.begin() as conn:
                await conn.execute(update(ApiKey).where(ApiKey.id == key_id).values(last_used_at=func.now()))
        except (OSError, SQLAlchemyError):
            log.warning("could not record last use of key %s", key_id)


def token_from_headers(authorization: str | None, api_key: str | None) -> str | None:
    if authorization and authorization.lower().startswith("bearer "):
        return authorization[7:].strip() or None
    return (api_key or "").strip() or None


def token_from_params(params: object) -> str | None:
    """The key in a websocket's connection_init payload, as the clients send it: `{Authorization: "Bearer k"}`,
    `{Authorization: "k"}`, `{headers: {Authorization: ...}}` (graphql-ws users copying their HTTP headers),
    `{"X-API-Key": k}` or `{apiKey: k}`; names in any case."""
    if not isinstance(params, dict):
        return None
    named = {str(k).lower(): v for k, v in params.items()}
    authorization, api_key = named.get("authorization"), named.get("x-api-key") or named.get("apikey")
    if isinstance(authorization, str) and authorization.strip():
        value = authorization.strip()
        if value.lower().startswith("bearer "):
            return value[7:].strip() or None
        return value
    if isinstance(api_key, str) and api_key.strip():
        return api_key.strip()
    return token_from_params(named.get("headers")) if "headers" in named else None


async def authorize(request: HTTPConnection, role: Role, forbidden: str) -> Principal:
    """The caller of a plain HTTP endpoint (ingest adapter, CSV export): a valid key with `role`, within
    its rate limit; otherwise the error of the family to answer with (401, 403, 429, or 503)."""
    state = request.app.state
    token = token_from_headers(request.headers.get("authorization"), request.headers.get("x-api-key"))
    principal: Principal | None = await state.keys.authenticate(token)
    if principal is None:
        message = "An API key is required (Authorization: Bearer <key> or X-API-Key)."
        raise Unauthenticated(message if token is None else "The API key is not valid.")
    if not principal.has(role):
        raise Forbidden(forbidden)
    state.rate_limiter.check(principal.key_id, principal.rate_limit_per_minute)
    return principal
