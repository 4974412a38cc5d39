"""Replay: failed raw rows re-extracted after a fix, by the library call and by `hq-gateway replay`."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import subprocess
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from ingest.pipeline import IngestStatus, ingest
from ingest.registry import get_source
from ingest.replay import count_replayable, replay
from ingest.sources.base import Source
from tests.integration.processes import HQ_GATEWAY

REPO = Path(__file__).resolve().parents[2]


def _boom(_: Any) -> list[Any]:
    raise ValueError("old extractor bug")


async def _failed_rows(engine: AsyncEngine, source: str, n: int) -> list[str]:
    broken: Source[Any] = dataclasses.replace(get_source(source), extract=_boom)
    domains = [f"r{uuid.uuid4().hex[:12]}.com" for _ in range(n)]
    for domain in domains:
        body = {"origin_company_domain": domain, "claygent_output": {"result": "Acme, Inc., Beta"}}
        assert (await ingest(engine, broken, body)).status is IngestStatus.FAILED
    return domains


async def _extracted(engine: AsyncEngine, domains: list[str]) -> list[tuple[str, str]]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            text(
                "SELECT origin_company_domain, customer_name FROM extracted.claygent_customers "
                "WHERE origin_company_domain = ANY(:d) ORDER BY 1, 2"
            ),
            {"d": domains},
        )
        return [(r[0], r[1]) for r in rows]


async def _now(engine: AsyncEngine) -> Any:
    async with engine.connect() as conn:
        return await conn.scalar(text("SELECT clock_timestamp()"))


async def test_replay_reextracts_failed_rows_once(engine: AsyncEngine) -> None:
    since = await _now(engine)
    domains = await _failed_rows(engine, "company_customers_claygent", 3)
    assert await _extracted(engine, domains) == []
    filters: dict[str, Any] = {"source": "company_customers_claygent", "statuses": ["failed"], "since": since}
    assert await count_replayable(engine, **filters) == 3
    seen: list[IngestStatus] = []
    summary = await replay(engine, **filters, on_row=lambda o: seen.append(o.status))
    assert (summary.total, dict(summary.by_status)) == (3, {"STORED": 3})
    assert seen == [IngestStatus.STORED] * 3
    assert summary.line() == "replayed 3 raw row(s): stored 3"
    expected = sorted((d, name) for d in domains for name in ("Acme, Inc.", "Beta"))
    assert await _extracted(engine, domains) == expected
    assert await count_replayable(engine, **filters) == 0
    again = await replay(engine, source="company_customers_claygent", since=since)
    assert again.by_status["STORED"] == 3
    assert await _extracted(engine, domains) == expected  # idempotent: no duplicates


async def test_replay_command(engine: AsyncEngine, database_url: str) -> None:
    domains = await _failed_rows(engine, "company_customers_claygent", 2)
    env = {**os.environ, "DATABASE_URL": database_url}
    proc = await asyncio.create_subprocess_exec(
        str(HQ_GATEWAY),
        "replay",
        "--source",
        "company_customers_claygent",
        "--status",
        "failed",
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    out, err = await proc.communicate()
    assert proc.returncode == 0, err.decode()
    assert out.decode().strip().splitlines()[-1] == "replayed 2 raw row(s): stored 2"
    assert "replay company_customers_claygent" in err.decode()  # the progress bar
    assert len(await _extracted(engine, domains)) == 4
