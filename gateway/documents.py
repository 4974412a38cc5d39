"""Persisted documents: Apollo's automatic persisted queries and trusted documents registered from a manifest.

A request names its document by `extensions.persistedQuery.sha256Hash` (APQ, Apollo's
createPersistedQueryLink) or `documentId` (GraphQL-over-HTTP persisted documents, graphql-codegen's
client preset, Relay), or sends the text itself.

- APQ: a hash this process has not seen answers `PersistedQueryNotFound`; the client retries with the
  text and the hash, which is checked and remembered in a per-process LRU (another process may answer
  `PersistedQueryNotFound` once more: the client retries there too).
- Trusted documents: `hq-gateway documents register <manifest.json>` stores them in
  `ops.trusted_documents`; any process finds them by their manifest id or their SHA-256. With
  HQ_TRUSTED_DOCUMENTS=true and HQ_ENV=production only they run (`TRUSTED_DOCUMENT_REQUIRED` otherwise).
"""

import hashlib
import re
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from graphql import GraphQLError, OperationDefinitionNode, parse
from sqlalchemy import or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.errors import BadRequest, PersistedQueryNotFound, TrustedDocumentRequired, UpstreamUnavailable
from gateway.settings import Settings
from models.ops import TrustedDocument

# a manifest id of one of these lengths in hex is a digest of the document: checked when registered
DIGESTS = {32: "md5", 40: "sha1", 64: "sha256"}
HEX = re.compile(r"[0-9a-f]+")


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class Lru:
    """A bounded map that forgets the least recently used entry."""

    def __init__(self, size: int) -> None:
        self.size = max(size, 0)
        self._items: OrderedDict[str, str] = OrderedDict()

    def get(self, key: str) -> str | None:
        value = self._items.get(key)
        if value is not None:
            self._items.move_to_end(key)
        return value

    def put(self, key: str, value: str) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)


class Documents:
    """Turns what a request sent (text, APQ hash, document id) into the document text to run."""

    def __init__(self, engine: AsyncEngine, settings: Settings) -> None:
        self.engine = engine
        self.required = settings.requires_trusted_documents
        self.apq = Lru(settings.apq_cache_size)
        self.trusted = Lru(settings.apq_cache_size)  # content-addressed: a cached hit never goes stale

    async def resolve(self, query: str | None, document_id: str | None, extensions: dict[str, Any] | None) -> str:
        persisted = extensions.get("persistedQuery") if extensions else None
        if document_id is not None:
            if query is not None:
                raise BadRequest("Send either `documentId` or `query`, not both.")
            text = await self._known(document_id.removeprefix("sha256:"))
            if text is None:
                raise PersistedQueryNotFound()
            return text
        if persisted is not None:
            return await self._automatic(query, persisted)
        if query is None:
            raise BadRequest("No GraphQL query found in the request (send `query`, `documentId` or a persisted hash).")
        if self.required and await self.registered(sha256_hex(query)) is None:
            raise TrustedDocumentRequired(
                "Only registered documents run here: send the `documentId` of a document registered with "
                "`hq-gateway documents register`."
            )
        return query

    async def _automatic(self, query: str | None, persisted: object) -> str:
        if not isinstance(persisted, dict) or persisted.get("version") != 1:
            raise BadRequest("extensions.persistedQuery needs `version: 1` and a `sha256Hash`.")
        digest = persisted.get("sha256Hash")
        if not isinstance(digest, str) or not HEX.fullmatch(digest) or len(digest) != 64:
            raise BadRequest("extensions.persistedQuery.sha256Hash must be 64 lowercase hex digits.")
        if query is None:
            text = await self._known(digest)
            if text is None:
                raise PersistedQueryNotFound()
            return text
        if sha256_hex(query) != digest:
            raise BadRequest("extensions.persistedQuery.sha256Hash is not the SHA-256 of the query text.")
        if self.required:
            if await self.registered(digest) is None:
                raise TrustedDocumentRequired("Only registered documents run here; this one is not registered.")
        else:
            self.apq.put(digest, query)
        return query

    async def _known(self, key: str) -> str | None:
        """A document by hash or id: one this process remembers (APQ), else a registered one."""
        return (None if self.required else self.apq.get(key)) or await self.registered(key)

    async def registered(self, key: str) -> str | None:
        """The trusted document whose manifest id or SHA-256 is `key` (None: not registered)."""
        text = self.trusted.get(key)
        if text is not None:
            return text
        try:
            async with self.engine.connect() as conn:
                text = await conn.scalar(
                    select(TrustedDocument.document)
                    .where(or_(TrustedDocument.id == key, TrustedDocument.sha256 == key))
                    .limit(1)
                )
        except (OSError, SQLAlchemyError) as exc:
            raise UpstreamUnavailable("The database is unavailable; retry shortly.") from exc
        if text is not None:
            self.trusted.put(key, text)
        return text


class ManifestError(ValueError):
    """A manifest that cannot be registered as a whole (nothing of it is stored)."""


def parse_manifest(data: object) -> dict[str, str]:
    """id -> document of a manifest: `{"<hash>": "<document>", ...}` (graphql-codegen's client preset
    `persisted-documents.json`, Relay) or Apollo's `{"format": "apollo-persisted-query-manifest", "operations":
    [{"id", "body"}, ...]}`. An id that is an md5/sha1/sha256 hex digest must be the digest of its document."""
    if isinstance(data, dict) and data.get("format") == "apollo-persisted-query-manifest":
        operations = data.get("operations")
        if not isinstance(operations, list):
            raise ManifestError("an Apollo manifest needs an `operations` list")
        pairs = [(o.get("id"), o.get("body")) for o in operations if isinstance(o, dict)]
    elif isinstance(data, dict):
        pairs = list(data.items())
    else:
        raise ManifestError("a manifest is a JSON object of id -> document")
    documents: dict[str, str] = {}
    for key, text in pairs:
        if not isinstance(key, str) or not key or not isinstance(text, str) or not text.strip():
            raise ManifestError(f"entry {key!r}: an id and a document text are required")
        key = key.removeprefix("sha256:")
        algorithm = DIGESTS.get(len(key)) if HEX.fullmatch(key) else None
        if algorithm is not None and hashlib.new(algorithm, text.encode()).hexdigest() != key:
            raise ManifestError(f"entry {key}: the id is not the {algorithm} of its document")
        try:
            parse(text)
        except GraphQLError as exc:
            raise ManifestError(f"entry {key}: {exc.message}") from None
        documents[key] = text
    return documents


async def register_documents(engine: AsyncEngine, documents: dict[str, str]) -> int:
    """Stores the documents (ids already there keep theirs); how many were new."""
    if not documents:
        return 0
    rows = [{"id": k, "sha256": sha256_hex(t), "document": t} for k, t in documents.items()]
    async with engine.begin() as conn:
        stored = select(TrustedDocument.id, TrustedDocument.document).where(TrustedDocument.id.in_(documents))
        existing = dict((await conn.execute(stored)).tuples().all())
        for key, text in existing.items():
            if text != documents[key]:
                raise ManifestError(f"entry {key}: already registered with another document")
        await conn.execute(insert(TrustedDocument).values(rows).on_conflict_do_nothing(index_elements=["id"]))
    return len(rows) - len(existing)


@dataclass(frozen=True)
class Registered:
    id: str
    operations: list[str]
    created_at: datetime


async def list_documents(engine: AsyncEngine) -> list[Registered]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            select(TrustedDocument.id, TrustedDocument.document, TrustedDocument.created_at).order_by(
                TrustedDocument.created_at, TrustedDocument.id
            )
        )
        return [Registered(r.id, operation_names(r.document), r.created_at) for r in rows]


def operation_names(text: str) -> list[str]:
    definitions = parse(text).definitions
    return [
        f"{d.operation.value} {d.name.value if d.name else '(anonymous)'}"
        for d in definitions
        if isinstance(d, OperationDefinitionNode)
    ]
