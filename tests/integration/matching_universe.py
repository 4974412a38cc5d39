"""The labelled customer-name sample (tests/data): its known companies and customer payloads."""

import csv
from collections import defaultdict
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from ingest.pipeline import ingest

DATA = Path(__file__).resolve().parents[1] / "data"
COMPANIES = DATA / "customer_match_companies.csv"
LABELS = DATA / "customer_match_labels.csv"


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


async def load_known_companies(engine: AsyncEngine) -> None:
    """Each company where the CSV says it is known: core, discovery, firmographics, a VC portfolio or similar."""
    for company in rows(COMPANIES):
        domain, name, source = company["domain"], company["name"], company["source"]
        if source == "core":
            async with engine.begin() as conn:
                await conn.execute(
                    text("""INSERT INTO core.companies (domain, name, linkedin_url, origin)
                            VALUES (:d, :n, :l, 'test') ON CONFLICT (domain) DO NOTHING"""),
                    {"d": domain, "n": name, "l": f"https://www.linkedin.com/company/{domain.split('.')[0]}"},
                )
        elif source == "similar":
            async with engine.begin() as conn:
                await conn.execute(
                    text("""INSERT INTO extracted.company_enrich_similar (input_domain, company_domain, company_name)
                            VALUES ('similar-input.example.com', :d, :n) ON CONFLICT DO NOTHING"""),
                    {"d": domain, "n": name},
                )
        else:
            body: dict[str, Any] = {
                "discovery": {"domain": domain, "name": name},
                "firmographics": {"company_domain": domain, "name": name},
                "vc": {"company_domain": domain, "company_name": name, "vc_name": "Sequoia"},
            }[source]
            source_name = {
                "discovery": "company_discovery",
                "firmographics": "company_firmographics",
                "vc": "vc_portfolio",
            }[source]
            outcome = await ingest(engine, source_name, body)
            assert outcome.status in ("STORED", "DUPLICATE"), outcome


async def load_customers(engine: AsyncEngine) -> int:
    """The labelled names as Claygent customer lists of their origin companies (v2 and structured formats)."""
    by_origin: dict[str, list[str]] = defaultdict(list)
    for label in rows(LABELS):
        by_origin[label["origin_company_domain"]].append(label["customer_name"])
    count = 0
    for i, (origin, names) in enumerate(sorted(by_origin.items())):
        customers = [{"companyName": n, "url": "", "hasCaseStudy": False} for n in names]
        if i % 2:
            body: dict[str, Any] = {"origin_company_domain": origin, "customers": customers}
            outcome = await ingest(engine, "company_customers_structured", body)
        else:
            body = {"origin_company_domain": origin, "claygent_output": {"customers": customers}}
            outcome = await ingest(engine, "company_customers_v2", body)
        assert outcome.status in ("STORED", "DUPLICATE"), outcome
        count += outcome.extracted_count
    return count


async def customer_count(conn: AsyncConnection) -> int:
    return int(
        (
            await conn.execute(
                text("""SELECT (SELECT count(*) FROM extracted.claygent_customers_v2)
                             + (SELECT count(*) FROM extracted.claygent_customers_structured)""")
            )
        ).scalar_one()
    )
