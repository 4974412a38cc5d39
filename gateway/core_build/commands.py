"""What the `consolidate` and `match-customers` commands run: one engine, progress bars, audit rows."""

from __future__ import annotations

from pathlib import Path

from tqdm import tqdm

from gateway import audit
from gateway.database import create_engine
from gateway.settings import get_settings
from ingest.core_build import STEPS, consolidate
from ingest.core_build.consolidation import ConsolidationReport
from ingest.core_build.db import set_timeout
from ingest.core_build.labels import Evaluation, evaluate, load_labels
from ingest.core_build.matching import MatchReport, match_customers

MATCH_STEPS = 4


async def match_once(url: str, *, full: bool, labels: Path | None) -> tuple[MatchReport, Evaluation | None]:
    engine = create_engine(url, pool_size=1)
    try:
        with tqdm(total=MATCH_STEPS, desc="match customers", unit="step") as bar:

            def step(name: str) -> None:
                bar.set_postfix_str(name)
                bar.update()

            async with engine.begin() as conn:
                await set_timeout(conn, get_settings().operator_statement_timeout_ms)
                report = await match_customers(conn, full=full, progress=step)
        evaluation = None
        if labels is not None:
            async with engine.connect() as conn:
                evaluation = await evaluate(conn, load_labels(labels))
        await audit.record(engine, "matchCustomerDomains", {"full": full, "matched": report.matched}, actor="cli")
        return report, evaluation
    finally:
        await engine.dispose()


async def consolidate_once(url: str, *, full: bool) -> tuple[MatchReport, ConsolidationReport]:
    engine = create_engine(url, pool_size=1)
    try:
        with tqdm(total=len(STEPS), desc="consolidate", unit="step") as bar:

            def step(name: str) -> None:
                bar.set_postfix_str(name)
                bar.update()

            matches, report = await consolidate(
                engine, full=full, timeout_ms=get_settings().operator_statement_timeout_ms, progress=step
            )
        await audit.record(
            engine,
            "consolidate",
            {"full": full, "inserted": sum(report.inserted.values()), "updated": sum(report.updated.values())},
            actor="cli",
        )
        return matches, report
    finally:
        await engine.dispose()
