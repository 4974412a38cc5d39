"""CompanyEnrich client: one shared httpx.AsyncClient, bounded retries with backoff and jitter.

Wire contract (SPEC 8): one domain per request, `{"domains": ["x.com"], ...}`; answers
`{items, metadata: {scores: {<id>: float}}, page, totalPages, totalItems}`; errors are problem+json.

Outcomes: 429 (honouring Retry-After), 5xx, transport errors and 200 bodies that are not JSON are
retried; 401/403 and 402 raise `BatchStopping` (the whole batch stops); 400/404/422 raise
`DomainRejected` (that domain fails, no retry). Every exchange is handed to a recorder so the caller
can keep each response (raw.company_enrich_similar_raw) as it happens.
"""

from __future__ import annotations

import asyncio
import enum
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Protocol

import httpx

from ingest.normalize import normalize_domain, parse_float

log = logging.getLogger(__name__)

PREVIEW_PATH = "/companies/similar/preview"
FULL_PATH = "/companies/similar"
COUNT_PATH = "/companies/similar/count"
PREVIEW_LIMIT = 25


class Endpoint(enum.StrEnum):
    PREVIEW = "PREVIEW"
    FULL = "FULL"


@dataclass(frozen=True, slots=True)
class EnrichConfig:
    base_url: str
    api_key: str | None
    requests_per_second: float | None = 5.0
    max_attempts: int = 5
    connect_timeout: float = 5.0
    read_timeout: float = 20.0
    backoff_base: float = 0.5
    backoff_max: float = 20.0
    retry_after_max: float = 60.0
    full_max_pages: int = 10
    full_page_size: int = 25
    credits_per_company: float = 1.0


@dataclass(frozen=True, slots=True)
class SimilarOptions:
    endpoint: Endpoint = Endpoint.PREVIEW
    similarity_weight: float | None = None
    countries: tuple[str, ...] = ()
    page_size: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "endpoint": self.endpoint.value,
            "similarityWeight": self.similarity_weight,
            "countries": list(self.countries),
            "pageSize": self.page_size,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> SimilarOptions:
        data = data or {}
        return cls(
            endpoint=Endpoint(data.get("endpoint") or Endpoint.PREVIEW),
            similarity_weight=data.get("similarityWeight"),
            countries=tuple(data.get("countries") or ()),
            page_size=data.get("pageSize"),
        )

    def request_fields(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.similarity_weight is not None:
            out["similarityWeight"] = self.similarity_weight
        if self.countries:
            out["countries"] = list(self.countries)
        return out


@dataclass(frozen=True, slots=True)
class SimilarCompany:
    domain: str
    name: str | None
    industry: str | None
    description: str | None
    website: str | None
    score: float | None


@dataclass(frozen=True, slots=True)
class Exchange:
    """One HTTP attempt: what was asked and what came back (status None: no response)."""

    path: str
    request: dict[str, Any]
    status_code: int | None
    body: Any
    error: str | None


Recorder = Callable[[Exchange], Awaitable[None]]
StillWanted = Callable[[], Awaitable[bool]]


class RateLimiter(Protocol):
    async def acquire(self) -> None: ...

    async def hold_off(self, seconds: float) -> None: ...


class CompanyEnrichError(Exception):
    """A request to CompanyEnrich that did not give similar companies."""

    def __init__(self, message: str, status_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code


class BatchStopping(CompanyEnrichError):
    """The account cannot go on (key rejected, out of credits): stop the batch, keep the rest unprocessed."""


class DomainRejected(CompanyEnrichError):
    """The API refused this domain (400/404/422): it fails, without retry."""


class RetriesExhausted(CompanyEnrichError):
    """Every attempt hit a retryable failure."""


class NoLongerWanted(CompanyEnrichError):
    """The batch was cancelled or stopped while this domain waited for a retry."""


def _problem_detail(body: Any, fallback: str) -> str:
    if isinstance(body, dict):
        for key in ("detail", "title", "message", "error"):
            if isinstance(body.get(key), str) and body[key]:
                return str(body[key])
    return fallback


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date); None when absent or unusable."""
    if not value:
        return None
    try:
        return max(0.0, float(value.strip()))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def parse_similar(body: dict[str, Any]) -> list[SimilarCompany]:
    """Items of a similar-companies page, keyed by normalised domain (best score per domain)."""
    scores = (body.get("metadata") or {}).get("scores") or {}
    best: dict[str, SimilarCompany] = {}
    for item in body.get("items") or []:
        if not isinstance(item, dict):
            continue
        domain = normalize_domain(item.get("domain") or item.get("website"))
        if domain is None:
            continue
        score = parse_float(scores.get(str(item.get("id")))) if isinstance(scores, dict) else None
        company = SimilarCompany(
            domain=domain,
            name=item.get("name") or None,
            industry=item.get("industry") or None,
            description=item.get("description") or None,
            website=item.get("website") or None,
            score=score,
        )
        seen = best.get(domain)
        if seen is None or (company.score or 0.0) > (seen.score or 0.0):
            best[domain] = company
    return list(best.values())


@dataclass
class CompanyEnrichClient:
    """The one client of the CompanyEnrich API in a process (shared by every job of a worker)."""

    config: EnrichConfig
    limiter: RateLimiter | None = None
    transport: httpx.AsyncBaseTransport | None = None
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    _http: httpx.AsyncClient = field(init=False)

    def __post_init__(self) -> None:
        headers = {"accept": "application/json", "user-agent": "hq-gateway"}
        if self.config.api_key:
            headers["authorization"] = f"Bearer {self.config.api_key}"
        self._http = httpx.AsyncClient(
            base_url=self.config.base_url,
            headers=headers,
            timeout=httpx.Timeout(self.config.read_timeout, connect=self.config.connect_timeout),
            limits=httpx.Limits(max_connections=100, max_keepalive_connections=50),
            transport=self.transport,
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    def backoff(self, attempt: int) -> float:
        """Exponential backoff with equal jitter: half fixed, half random."""
        ceiling = min(self.config.backoff_max, self.config.backoff_base * 2.0 ** (attempt - 1))
        return ceiling / 2 + random.uniform(0, ceiling / 2)

    async def post(
        self, path: str, payload: dict[str, Any], record: Recorder | None = None, wanted: StillWanted | None = None
    ) -> dict[str, Any]:
        """POST with retries; the parsed JSON object of the first 200 answer."""
        last = "no attempt made"
        attempts = max(1, self.config.max_attempts)
        for attempt in range(1, attempts + 1):
            if wanted is not None and not await wanted():
                raise NoLongerWanted("the batch no longer wants this domain")
            if self.limiter is not None:
                await self.limiter.acquire()
            delay: float | None = None
            try:
                response = await self._http.post(path, json=payload)
            except httpx.TransportError as exc:  # connect/read timeouts, refused and dropped connections
                last = f"{type(exc).__name__}: {exc}".rstrip(": ")
                if record is not None:
                    await record(Exchange(path, payload, None, None, last))
            else:
                body, parse_error = _json_or_error(response)
                status = response.status_code
                if record is not None:
                    await record(Exchange(path, payload, status, body, parse_error))
                if status == 200 and isinstance(body, dict):
                    return body
                detail = _problem_detail(body, response.reason_phrase or f"HTTP {status}")
                if status in (401, 403):
                    raise BatchStopping(f"API key rejected (HTTP {status}): {detail}", status)
                if status == 402:
                    raise BatchStopping(f"out of credits (HTTP 402): {detail}", status)
                if status in (400, 404, 422):
                    raise DomainRejected(f"rejected by CompanyEnrich (HTTP {status}): {detail}", status)
                if status == 200:
                    last = f"HTTP 200 with a body that is not a JSON object: {parse_error or 'unexpected shape'}"
                elif status == 429:
                    last = "HTTP 429 rate limited"
                    delay = retry_after_seconds(response.headers.get("retry-after"))
                    if delay is not None:
                        delay = min(delay, self.config.retry_after_max)
                        if self.limiter is not None:
                            await self.limiter.hold_off(delay)
                elif status >= 500 or status == 408:
                    last = f"HTTP {status}: {detail}"
                else:
                    raise DomainRejected(f"unexpected answer (HTTP {status}): {detail}", status)
            if attempt < attempts:
                wait = delay if delay is not None else self.backoff(attempt)
                log.info("companyenrich retry %s/%s in %.2fs after %s", attempt, attempts, wait, last)
                await self.sleep(wait)
        raise RetriesExhausted(f"gave up after {attempts} attempts: {last}")

    async def find_similar(
        self,
        domain: str,
        options: SimilarOptions,
        record: Recorder | None = None,
        wanted: StillWanted | None = None,
    ) -> list[SimilarCompany]:
        """Similar companies of one domain: the free preview (top 25) or every page of the paid endpoint."""
        base = {"domains": [domain], **options.request_fields()}
        if options.endpoint is Endpoint.PREVIEW:
            return parse_similar(await self.post(PREVIEW_PATH, base, record, wanted))
        page_size = options.page_size or self.config.full_page_size
        found: dict[str, SimilarCompany] = {}
        page, total_pages = 1, 1
        while page <= min(total_pages, self.config.full_max_pages):
            body = await self.post(FULL_PATH, {**base, "page": page, "pageSize": page_size}, record, wanted)
            for company in parse_similar(body):
                found.setdefault(company.domain, company)
            total_pages = int(body.get("totalPages") or 1)
            page += 1
        return list(found.values())

    async def count(self, domain: str, options: SimilarOptions, record: Recorder | None = None) -> int:
        """How many similar companies the paid endpoint has for a domain (free)."""
        body = await self.post(COUNT_PATH, {"domains": [domain], **options.request_fields()}, record)
        value = body.get("count", body.get("totalItems", 0))
        return int(value) if isinstance(value, int | float) else 0

    def credits_for(self, companies: int, options: SimilarOptions) -> float:
        """Credits a FULL call returning `companies` companies costs (preview is free)."""
        if options.endpoint is Endpoint.PREVIEW:
            return 0.0
        page_size = options.page_size or self.config.full_page_size
        return min(companies, page_size * self.config.full_max_pages) * self.config.credits_per_company


def _json_or_error(response: httpx.Response) -> tuple[Any, str | None]:
    try:
        return response.json(), None
    except ValueError as exc:
        return None, f"invalid JSON ({exc}): {response.text[:200]!r}"
