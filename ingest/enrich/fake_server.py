"""`hq-gateway fake-companyenrich`: a real local HTTP server following the CompanyEnrich contract.

Deterministic similar companies per domain (a domain always gets the same companies and scores),
Bearer auth (401), a credit balance for the paid endpoint (402), and faults on demand: latency,
429 with or without Retry-After, 5xx, malformed 200 bodies, hanging requests and dropped connections,
either scripted per domain (`script: {"a.com": ["429:1", "500", "ok"]}`: the outcomes of that
domain's first requests) or drawn at random with fixed probabilities (deterministic per seed, domain
and request number). `GET /_fake/requests`, `PUT /_fake/plan` and `POST /_fake/reset` let tests see
what was served and change the plan while the server runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
import socket
from collections.abc import AsyncIterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from ingest.enrich.client import PREVIEW_LIMIT
from ingest.normalize import normalize_domain

PROBLEM = "application/problem+json"
WORDS = (
    "acme", "nimbus", "vertex", "lumen", "quanta", "orbit", "cobalt", "ember", "harbor", "summit",
    "pioneer", "atlas", "beacon", "cascade", "delta", "falcon", "granite", "horizon", "ion", "juniper",
)  # fmt: skip
INDUSTRIES = ("Software", "Fintech", "Healthcare", "Logistics", "E-commerce", "Marketing", "Security", "Education")
OUTCOMES = ("ok", "429", "500", "502", "503", "malformed", "hang", "drop", "400", "401", "402", "422")


@dataclass
class FaultPlan:
    api_key: str = "fake-key"
    latency_ms: float = 0.0
    p429: float = 0.0
    p5xx: float = 0.0
    pmalformed: float = 0.0
    phang: float = 0.0
    pdrop: float = 0.0
    retry_after: float | None = 1.0  # Retry-After of random 429s; None sends none
    seed: int = 0
    credits: int | None = None  # paid results left; None: unlimited
    hang_seconds: float = 300.0
    script: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FaultPlan:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        plan = cls(**known)
        for outcomes in plan.script.values():
            for outcome in outcomes:
                if outcome.split(":")[0] not in OUTCOMES:
                    raise ValueError(f"unknown outcome {outcome!r}; known: {', '.join(OUTCOMES)}")
        return plan


def catalog(domain: str) -> list[dict[str, Any]]:
    """Every similar company of a domain, best first: the same answer on every call."""
    digest = hashlib.sha256(domain.encode()).digest()
    total = 8 + digest[0] % 60
    items = []
    for i in range(total):
        h = hashlib.sha256(f"{domain}#{i}".encode()).hexdigest()
        word = WORDS[int(h[:4], 16) % len(WORDS)]
        similar = f"{word}-{h[4:10]}.com"
        items.append(
            {
                "id": f"ce_{h[10:22]}",
                "name": f"{word.title()} {h[4:8].upper()}",
                "domain": similar,
                "website": f"https://www.{similar}",
                "industry": INDUSTRIES[int(h[22:24], 16) % len(INDUSTRIES)],
                "description": f"{word.title()} builds things like {domain}.",
                "score": round(0.99 - i * 0.9 / total, 4),
            }
        )
    return items


def _page(items: list[dict[str, Any]], page: int, size: int, total: int) -> dict[str, Any]:
    return {
        "items": [{k: v for k, v in it.items() if k != "score"} for it in items],
        "metadata": {"scores": {it["id"]: it["score"] for it in items}},
        "page": page,
        "totalPages": max(1, -(-total // size)),
        "totalItems": total,
    }


def _problem(status: int, title: str, detail: str, headers: dict[str, str] | None = None) -> Response:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


class DroppedResponse(Response):
    """Promises more bytes than it sends, so the server closes the connection mid-body."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = [(b"content-type", b"application/json"), (b"content-length", b"4096")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        with contextlib.suppress(RuntimeError):  # uvicorn refuses the short body and closes the connection
            await send({"type": "http.response.body", "body": b'{"items": [', "more_body": False})


class FakeCompanyEnrich:
    def __init__(self, plan: FaultPlan | None = None) -> None:
        self.plan = plan or FaultPlan()
        self.requests: list[dict[str, Any]] = []
        self._seen: dict[str, int] = {}
        self.app = Starlette(
            routes=[
                Route("/companies/similar/preview", self.preview, methods=["POST"]),
                Route("/companies/similar", self.full, methods=["POST"]),
                Route("/companies/similar/count", self.count, methods=["POST"]),
                Route("/_fake/requests", self.served, methods=["GET"]),
                Route("/_fake/plan", self.set_plan, methods=["GET", "PUT"]),
                Route("/_fake/reset", self.reset, methods=["POST"]),
            ]
        )

    # --- admin -----------------------------------------------------------------------------------

    async def served(self, request: Request) -> Response:
        return JSONResponse(self.requests)

    async def set_plan(self, request: Request) -> Response:
        if request.method == "PUT":
            self.plan = FaultPlan.from_json(await request.json())
        return JSONResponse(asdict(self.plan))

    async def reset(self, request: Request) -> Response:
        self.requests.clear()
        self._seen.clear()
        return JSONResponse({"ok": True})

    # --- the API ---------------------------------------------------------------------------------

    def _outcome(self, domain: str) -> str:
        n = self._seen.get(domain, 0)
        self._seen[domain] = n + 1
        scripted = self.plan.script.get(domain, [])
        if n < len(scripted):
            return scripted[n]
        digest = hashlib.sha256(f"{self.plan.seed}:{domain}:{n}".encode()).digest()
        u = int.from_bytes(digest[:8], "big") / 2**64
        p = self.plan
        for outcome, chance in (("429", p.p429), ("503", p.p5xx), ("malformed", p.pmalformed), ("hang", p.phang)):
            if u < chance:
                return outcome if outcome != "429" or p.retry_after is None else f"429:{p.retry_after:g}"
            u -= chance
        return "drop" if u < p.pdrop else "ok"

    async def _answer(self, request: Request, kind: str) -> Response:
        if self.plan.latency_ms:
            await asyncio.sleep(self.plan.latency_ms / 1000)
        if request.headers.get("authorization") != f"Bearer {self.plan.api_key}":
            self.requests.append({"kind": kind, "domain": None, "status": 401})
            return _problem(401, "Unauthorized", "Invalid or missing API key")
        try:
            body = await request.json()
            domains = body.get("domains") if isinstance(body, dict) else None
        except ValueError:
            body, domains = None, None
        if not (isinstance(domains, list) and len(domains) == 1 and isinstance(domains[0], str)):
            return _problem(400, "Bad Request", 'expected {"domains": ["<one domain>"]}')
        domain = normalize_domain(domains[0])
        if domain is None:
            self.requests.append({"kind": kind, "domain": domains[0], "status": 422})
            return _problem(422, "Unprocessable Entity", f"not a domain: {domains[0]!r}")
        outcome = self._outcome(domain)
        entry: dict[str, Any] = {"kind": kind, "domain": domain, "outcome": outcome, "status": None, "items": []}
        self.requests.append(entry)
        response = await self._fault(request, outcome)
        if response is None:
            response = self._similar(kind, domain, body, entry)
        entry["status"] = response.status_code
        return response

    async def _fault(self, request: Request, outcome: str) -> Response | None:
        code, _, arg = outcome.partition(":")
        if code == "ok":
            return None
        if code == "429":
            return _problem(429, "Too Many Requests", "slow down", {"Retry-After": arg} if arg else None)
        if code in ("500", "502", "503"):
            return _problem(int(code), "Server Error", "try again later")
        if code == "malformed":
            return Response('{"items": [{"id": "ce_', media_type="application/json")
        if code == "hang":
            for _ in range(int(self.plan.hang_seconds * 10)):
                if await request.is_disconnected():
                    break
                await asyncio.sleep(0.1)
            return _problem(504, "Gateway Timeout", "hung")
        if code == "drop":
            return DroppedResponse()
        titles = {"400": "Bad Request", "401": "Unauthorized", "402": "Payment Required", "422": "Unprocessable"}
        return _problem(int(code), titles[code], f"scripted {code}")

    def _similar(self, kind: str, domain: str, body: dict[str, Any], entry: dict[str, Any]) -> Response:
        items = catalog(domain)
        if kind == "count":
            return JSONResponse({"count": len(items)})
        if kind == "preview":
            page = items[:PREVIEW_LIMIT]
            entry["items"] = [it["domain"] for it in page]
            return JSONResponse(_page(page, 1, PREVIEW_LIMIT, len(page)))
        size = min(100, max(1, int(body.get("pageSize") or 25)))
        number = max(1, int(body.get("page") or 1))
        page = items[(number - 1) * size : number * size]
        if self.plan.credits is not None:
            if self.plan.credits < len(page):
                entry["outcome"] = "402"
                return _problem(402, "Payment Required", "out of credits")
            self.plan.credits -= len(page)
        entry["items"] = [it["domain"] for it in page]
        return JSONResponse(_page(page, number, size, len(items)))

    async def preview(self, request: Request) -> Response:
        return await self._answer(request, "preview")

    async def full(self, request: Request) -> Response:
        return await self._answer(request, "full")

    async def count(self, request: Request) -> Response:
        return await self._answer(request, "count")


@contextlib.asynccontextmanager
async def running_fake(plan: FaultPlan | None = None, host: str = "127.0.0.1", port: int = 0) -> AsyncIterator[Any]:
    """The fake on a real loopback port inside this event loop; yields (fake, base_url)."""
    fake = FakeCompanyEnrich(plan)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    server = uvicorn.Server(
        uvicorn.Config(fake.app, log_level="warning", lifespan="off", timeout_graceful_shutdown=1, access_log=False)
    )
    task = asyncio.create_task(server.serve(sockets=[sock]), name="fake-companyenrich")
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    try:
        yield fake, f"http://{host}:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        await task
        sock.close()


def serve(plan: FaultPlan, host: str, port: int, exit_with_parent: int | None = None) -> None:
    """Run the fake in the foreground (the CLI command); optionally until the parent process is gone."""
    fake = FakeCompanyEnrich(plan)
    config = uvicorn.Config(
        fake.app, host=host, port=port, log_level="warning", access_log=False, timeout_graceful_shutdown=1
    )
    server = uvicorn.Server(config)

    async def watch_parent(pid: int) -> None:
        while os.getppid() == pid:  # noqa: ASYNC110 - re-parented once the parent dies, even by SIGKILL
            await asyncio.sleep(1)
        server.should_exit = True

    async def main() -> None:
        watcher = asyncio.create_task(watch_parent(exit_with_parent)) if exit_with_parent else None
        try:
            await server.serve()
        finally:
            if watcher is not None:
                watcher.cancel()

    asyncio.run(main())


def plan_from_option(value: str | None) -> dict[str, Any]:
    """A fault plan given inline (JSON) or as a path to a JSON file."""
    if not value:
        return {}
    text = value if value.lstrip().startswith("{") else Path(value).read_text(encoding="utf-8")
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("a fault plan is a JSON object")
    return data
