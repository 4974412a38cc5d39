"""Consolidation of the four customer tables into core.company_customers, and the two CLI commands."""

import asyncio
import os
import secrets
import string
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from ingest.core_build.consolidation import consolidate_customers
from ingest.core_build.matching import match_customers
from ingest.pipeline import ingest
from tests.integration.processes import HQ_GATEWAY

LABELS = Path(__file__).resolve().parents[1] / "data" / "customer_match_labels.csv"


async def _cli(*args: str, database_url: str) -> tuple[str, str]:
    process = await asyncio.create_subprocess_exec(
        HQ_GATEWAY,
        *args,
        env={**os.environ, "DATABASE_URL": database_url},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate()
    assert process.returncode == 0, err.decode()
    return out.decode(), err.decode()


def _tag() -> str:
    return "".join(secrets.choice(string.ascii_lowercase) for _ in range(10))


async def _ingest(engine: AsyncEngine, source: str, body: dict[str, Any]) -> None:
    outcome = await ingest(engine, source, body)
    assert outcome.status in ("STORED", "DUPLICATE"), (source, outcome)


async def _customers(engine: AsyncEngine, origin: str) -> set[tuple[str, str | None, str]]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            text("""SELECT customer_name, customer_domain, source FROM core.company_customers
                    WHERE origin_company_domain = :o"""),
            {"o": origin},
        )
        return {tuple(r) for r in rows}  # type: ignore[misc]


async def _world(engine: AsyncEngine) -> dict[str, str]:
    t = _tag()
    T, origin = t.title(), f"{t}-origin.com"
    await _ingest(engine, "company_discovery", {"domain": f"{t}-zed.com", "name": f"Zed {T}"})
    await _ingest(engine, "company_discovery", {"domain": f"{t}-other.com", "name": f"Other {T} GmbH"})
    # the same customer in all four tables; the manual row names another domain and wins
    await _ingest(engine, "company_customers_manual", {"origin_company_domain": origin, "company_customer_name":
                  f"Zed {T}", "company_customer_domain": f"zed-{t}.co.uk"})  # fmt: skip
    await _ingest(engine, "company_customers_v2", {"origin_company_domain": origin, "claygent_output":
                  {"customers": [{"companyName": f"Zed {T}"}]}})  # fmt: skip
    await _ingest(engine, "company_customers_structured", {"origin_company_domain": origin, "customers":
                  [{"companyName": f"Zed {T}", "url": "https://x.example/cs", "hasCaseStudy": True},
                   {"companyName": f"Nobody Knows {T}"}]})  # fmt: skip
    await _ingest(engine, "company_customers_claygent", {"origin_company_domain": origin, "claygent_output":
                  {"result": f"Zed {T}, Other {T}, and Unknown {T}"}})  # fmt: skip
    return {"t": t, "T": T, "origin": origin}


async def test_each_customer_once_from_the_most_trusted_table(engine: AsyncEngine) -> None:
    w = await _world(engine)
    async with engine.begin() as conn:
        await match_customers(conn)
        first = await consolidate_customers(conn)
    assert await _customers(engine, w["origin"]) == {
        (f"Zed {w['T']}", f"zed-{w['t']}.co.uk", "manual"),
        (f"Other {w['T']}", f"{w['t']}-other.com", "claygent"),
    }
    assert first.inserted["company_customers"] >= 2
    assert first.unmatched >= 2  # "Nobody Knows" and "Unknown": counted, not promoted
    async with engine.begin() as conn:
        await match_customers(conn, full=True)
        again = await consolidate_customers(conn, full=True)
    assert again.inserted["company_customers"] == 0
    assert await _customers(engine, w["origin"]) == {
        (f"Zed {w['T']}", f"zed-{w['t']}.co.uk", "manual"),
        (f"Other {w['T']}", f"{w['t']}-other.com", "claygent"),
    }


async def test_cli_match_customers_and_consolidate(engine: AsyncEngine, database_url: str) -> None:
    w = await _world(engine)
    out, err = await _cli("match-customers", "--labels", str(LABELS), database_url=database_url)
    assert "customer names:" in out
    assert "labelled sample: 236 names" in out
    assert "match customers" in err  # the progress bar
    out, err = await _cli("consolidate", database_url=database_url)
    lines = out.splitlines()
    assert any(line.startswith("company_customers") for line in lines)
    assert any(line.startswith("person_work_history") for line in lines)
    assert "incremental run" in out
    assert "consolidate" in err
    assert (f"Other {w['T']}", f"{w['t']}-other.com", "claygent") in await _customers(engine, w["origin"])
