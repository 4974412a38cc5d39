"""The old company-investors table (LEGACY-PAYLOADS.md section 13) through the real pipeline.

``vc_og`` (the firm whose portfolio listed the company) and ``vc_1`` .. ``vc_12`` each give an investor
row, ``vc_og`` is kept on every row, and a company known only by its LinkedIn URL is kept and placed by
the core build once core knows the company.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from ingest.core_build.build import rebuild_core
from ingest.pipeline import IngestStatus, clear_lookups, ingest
from tests.conftest import sql_rows as rows

COLUMNS = "company_domain, company_linkedin_url, company_name, company_description, company_location, vc_name, "
COLUMNS += "vc_name_raw, vc_og"


async def _investors(engine: AsyncEngine, raw_id: int | None) -> list[dict[str, Any]]:
    return await rows(engine, f"SELECT {COLUMNS} FROM extracted.vc_portfolio WHERE raw_id = :r ORDER BY id", r=raw_id)


def _row(name: str, **values: Any) -> dict[str, Any]:
    base = {"company_description": None, "company_location": None, "vc_name": name, "vc_name_raw": name}
    return base | values


async def test_the_files_example_gives_one_row_per_firm_with_vc_og(engine: AsyncEngine) -> None:
    clear_lookups()
    body = {"company_name": "Acme Corp", "company_domain": "acme.example",
            "company_linkedin_url": "https://www.linkedin.com/company/acme-example",
            "vc_og": "Example Ventures", "vc_1": "Sample Capital", "vc_2": "Demo Partners",
            "workflow_slug": "clay-company-vc-investors"}  # fmt: skip
    first = await ingest(engine, "vc_portfolio", body)
    assert (first.status, first.extracted_count) == (IngestStatus.STORED, 3)
    again = await ingest(engine, "vc_portfolio", body)
    assert (again.status, again.raw_id) == (IngestStatus.DUPLICATE, first.raw_id)
    company = {
        "company_domain": "acme.example",
        "company_linkedin_url": "https://www.linkedin.com/company/acme-example",
        "company_name": "Acme Corp",
        "vc_og": "Example Ventures",
    }
    assert await _investors(engine, first.raw_id) == [
        _row("Demo Partners", **company),  # rows are written in natural-key order
        _row("Example Ventures", **company),
        _row("Sample Capital", **company),
    ]


async def test_all_twelve_columns_are_read_and_blank_ones_skipped(engine: AsyncEngine) -> None:
    t = uuid.uuid4().hex[:10]
    body = {"company_name": "Acme", "company_domain": f"{t}.example", "vc_og": "", "vc_7": " "}
    body |= {f"vc_{i}": f"Firm {i} {t}" for i in (1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12)}
    outcome = await ingest(engine, "vc_portfolio", body)
    assert outcome.status is IngestStatus.STORED
    names = sorted(r["vc_name"] for r in await _investors(engine, outcome.raw_id))
    assert names == sorted(f"Firm {i} {t}" for i in (1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12))


async def test_a_company_known_by_linkedin_url_only_is_placed_by_the_core_build(engine: AsyncEngine) -> None:
    t = uuid.uuid4().hex[:10]
    company = f"https://www.linkedin.com/company/{t}"
    body = {"company_name": "Acme Corp", "company_linkedin_url": company, "vc_og": f"Origin {t}", "vc_1": f"Co {t}"}
    outcome = await ingest(engine, "vc_portfolio", body)
    assert (outcome.status, outcome.extracted_count) == (IngestStatus.STORED, 2)
    [row, _] = await _investors(engine, outcome.raw_id)
    assert (row["company_domain"], row["company_linkedin_url"]) == ("", company)
    investors = "SELECT vc_name FROM core.company_vc_investors WHERE company_domain = :d ORDER BY 1"
    async with engine.begin() as conn:
        await rebuild_core(conn)
    assert await rows(engine, investors, d=f"{t}.example") == []
    firmographics = {"company_domain": f"{t}.example", "name": "Acme Corp", "url": company}
    assert (await ingest(engine, "company_firmographics", firmographics)).status is IngestStatus.STORED
    async with engine.begin() as conn:
        await rebuild_core(conn)
    assert await rows(engine, investors, d=f"{t}.example") == [{"vc_name": f"Co {t}"}, {"vc_name": f"Origin {t}"}]


async def test_a_name_alone_is_rejected_with_the_reason(engine: AsyncEngine) -> None:
    outcome = await ingest(engine, "vc_portfolio", {"company_name": "Acme Corp", "vc_1": "Sample Capital"})
    assert outcome.status is IngestStatus.REJECTED
    assert [e.message for e in outcome.errors] == ["a company_domain or a company_linkedin_url is required"]
