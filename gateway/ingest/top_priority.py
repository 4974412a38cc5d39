"""`public.top_priority_companies`: the operators' list of companies to enrich next, upserted on domain."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Table, func, literal_column, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.sql.dml import ReturningInsert

from ingest.normalize import clean_text, normalize_domain, normalize_linkedin_url
from models.public import TopPriorityCompany

TABLE: Table = TopPriorityCompany.__table__  # type: ignore[assignment]
CHUNK = 5000  # rows per INSERT: 3 parameters each, well under PostgreSQL's 32767


@dataclass
class UploadReport:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    invalid: list[tuple[int, str | None, str]] = field(default_factory=list)


def _rows(
    rows: Sequence[tuple[str | None, str | None, str | None]], report: UploadReport
) -> list[dict[str, str | None]]:
    by_domain: dict[str, dict[str, str | None]] = {}
    for index, (name, domain, linkedin) in enumerate(rows):
        key = normalize_domain(domain)
        if key is None:
            report.invalid.append((index, domain, "not a domain"))
            continue
        url = normalize_linkedin_url(linkedin) if clean_text(linkedin) else None
        if clean_text(linkedin) and url is None:
            report.invalid.append((index, domain, "not a LinkedIn URL"))
            continue
        by_domain[key] = {"company_name": clean_text(name), "domain": key, "company_linkedin_url": url}
    return list(by_domain.values())


async def upload(engine: AsyncEngine, rows: Sequence[tuple[str | None, str | None, str | None]]) -> UploadReport:
    """Insert new domains, update changed ones (a missing name or URL keeps the stored one)."""
    report = UploadReport()
    values = _rows(rows, report)
    valid = len(rows) - len(report.invalid)
    async with engine.begin() as conn:
        for start in range(0, len(values), CHUNK):
            stmt = insert(TABLE).values(values[start : start + CHUNK])
            new_name = func.coalesce(stmt.excluded.company_name, TABLE.c.company_name)
            new_url = func.coalesce(stmt.excluded.company_linkedin_url, TABLE.c.company_linkedin_url)
            upsert: ReturningInsert[tuple[bool]] = stmt.on_conflict_do_update(
                index_elements=["domain"],
                set_={"company_name": new_name, "company_linkedin_url": new_url, "updated_at": func.now()},
                where=tuple_(TABLE.c.company_name, TABLE.c.company_linkedin_url).is_distinct_from(
                    tuple_(new_name, new_url)
                ),
            ).returning(literal_column("xmax = 0"))
            for (inserted,) in await conn.execute(upsert):
                if inserted:
                    report.inserted += 1
                else:
                    report.updated += 1
    report.unchanged = valid - report.inserted - report.updated
    return report
