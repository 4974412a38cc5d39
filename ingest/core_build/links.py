"""What hangs off companies and people: VC investors, similar companies and the Clay signals."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from ingest.core_build.companyenrich import SIMILAR_PREVIEWS
from ingest.core_build.consolidation import ConsolidationReport
from ingest.core_build.db import changed_since, temp_table
from ingest.normalize import company_name_key

FINISHED_BATCH = ("COMPLETED", "COMPLETED_WITH_ERRORS")


async def upsert_rows(
    conn: AsyncConnection, report: ConsolidationReport, table: str, source: str, upsert: str, since: Any
) -> None:
    """Run `upsert` (an INSERT ... RETURNING (xmax = 0) over `source`) and count it against `source`'s rows."""
    flags = [bool(r[0]) for r in await conn.execute(text(upsert), {"since": since})]
    looked_at = (await conn.execute(text(f"SELECT count(*) FROM ({source}) s"), {"since": since})).scalar_one()
    report.tally(table, flags, int(looked_at))


def known_domain(t: str, domain: str, linkedin_url: str) -> str:
    """A signal's company domain, or the one core.companies has for its LinkedIn URL (NULL while unknown).

    Rows still without a domain are looked at again by every build (see `unresolved`), so a company
    that reaches core later resolves the rows that named it by LinkedIn URL only.
    """
    return (
        f"COALESCE(NULLIF({t}.{domain}, ''), (SELECT c.domain FROM core.companies c"
        f" WHERE c.linkedin_url = NULLIF({t}.{linkedin_url}, '') ORDER BY c.domain LIMIT 1))"
    )


def unresolved(t: str, domain: str) -> str:
    return f"{t}.{domain} = ''"


# --- VC investors ---------------------------------------------------------------------------------


async def build_vc_investors(conn: AsyncConnection, since: Any, report: ConsolidationReport) -> None:
    """Portfolio rows -> core.company_vc_investors under the firm's canonical name (reference.vc_firms)."""
    canonical: dict[str, str] = {}
    for name, aliases in await conn.execute(text("SELECT name, aliases FROM reference.vc_firms")):
        for alias in (name, *aliases):
            if key := company_name_key(alias):
                canonical.setdefault(key, name)
    names = [r[0] for r in await conn.execute(text("SELECT DISTINCT vc_name FROM extracted.vc_portfolio"))]
    await temp_table(
        conn,
        "vc_canonical",
        "raw text PRIMARY KEY, canonical text NOT NULL",
        ((n, canonical.get(company_name_key(n) or "", n)) for n in names),
        column_names=["raw", "canonical"],
    )
    # a company known only by its LinkedIn URL waits until core knows it (looked at again every build)
    source = f"""
        SELECT DISTINCT ON (company_domain, vc_name) company_domain, vc_name, company_description FROM (
            SELECT {known_domain("v", "company_domain", "company_linkedin_url")} AS company_domain,
                   c.canonical AS vc_name, v.company_description, v.updated_at
            FROM extracted.vc_portfolio v JOIN vc_canonical c ON c.raw = v.vc_name
            WHERE {changed_since("v")} OR {unresolved("v", "company_domain")}
        ) v WHERE company_domain IS NOT NULL
        ORDER BY company_domain, vc_name, (company_description IS NULL), updated_at DESC"""
    await upsert_rows(
        conn,
        report,
        "company_vc_investors",
        source,
        f"""
        INSERT INTO core.company_vc_investors AS o (company_domain, vc_name, company_description, origin)
        SELECT company_domain, vc_name, company_description, 'build' FROM ({source}) s
        ORDER BY company_domain, vc_name
        ON CONFLICT (company_domain, vc_name) DO UPDATE SET company_description = EXCLUDED.company_description
        WHERE o.origin = 'build' AND o.company_description IS DISTINCT FROM EXCLUDED.company_description
        RETURNING (xmax = 0)""",
        since,
    )


# --- similar companies ----------------------------------------------------------------------------


async def build_similar_companies(conn: AsyncConnection, since: Any, report: ConsolidationReport) -> None:
    """Similar companies of finished batches (and single look-ups), best score per pair."""
    statuses = ", ".join(f"'{s}'" for s in FINISHED_BATCH)
    # CompanyEnrich's own answers, and (issue 12) the Clay-fed previews of its answers
    source = f"""
        SELECT DISTINCT ON (e.input_domain, e.company_domain) * FROM (
            SELECT e.input_domain, e.company_domain, e.company_name, e.similarity_score, e.batch_id
            FROM extracted.company_enrich_similar e
            LEFT JOIN raw.company_enrich_similar_batches b ON b.id = e.batch_id
            WHERE (e.batch_id IS NULL OR b.status IN ({statuses}))
              AND ({changed_since("e")} OR {changed_since("b")})
            UNION ALL {SIMILAR_PREVIEWS}
        ) e WHERE e.input_domain <> e.company_domain
        ORDER BY e.input_domain, e.company_domain, e.similarity_score DESC NULLS LAST"""
    await upsert_rows(
        conn,
        report,
        "company_similar_companies",
        source,
        f"""
        INSERT INTO core.company_similar_companies AS o (company_domain, similar_domain, similar_name,
            similarity_score, batch_id, origin)
        SELECT input_domain, company_domain, company_name, similarity_score, batch_id, 'build' FROM ({source}) s
        ORDER BY input_domain, company_domain
        ON CONFLICT (company_domain, similar_domain) DO UPDATE
        SET similarity_score = EXCLUDED.similarity_score, batch_id = EXCLUDED.batch_id,
            similar_name = COALESCE(EXCLUDED.similar_name, o.similar_name)
        WHERE o.origin = 'build'
          AND EXCLUDED.similarity_score IS NOT NULL
          AND (o.similarity_score IS NULL OR EXCLUDED.similarity_score > o.similarity_score)
        RETURNING (xmax = 0)""",
        since,
    )


# --- signals --------------------------------------------------------------------------------------

# issue 12: the values core keeps of a posting; the job sources' step (core_build/job_postings.py) writes them
# too, and a posting one of those sources sent is theirs: the signal no longer updates it
POSTING_VALUES = (
    "title", "location", "url", "posted_at", "seniority", "employment_type", "salary_min", "salary_max",
    "salary_currency",
)  # fmt: skip


def columns(names: Sequence[str], alias: str = "") -> str:
    """``a.x, a.y`` (``x, y`` without an alias): a column list for SQL text."""
    return ", ".join(f"{alias}.{n}" if alias else n for n in names)


JOB_POSTINGS = f"""
    INSERT INTO core.company_job_postings AS o (company_domain, job_id, {columns(POSTING_VALUES)}, source)
    SELECT company_domain, job_id, {columns(POSTING_VALUES)}, 'signal_job_posting' FROM ({{source}}) s
    ORDER BY company_domain, job_id
    ON CONFLICT (company_domain, job_id) DO UPDATE
    SET ({columns(POSTING_VALUES)}, source) = ({columns(POSTING_VALUES, "EXCLUDED")}, EXCLUDED.source)
    WHERE COALESCE(o.source, 'signal_job_posting') = 'signal_job_posting'
      AND ({columns(POSTING_VALUES, "o")}) IS DISTINCT FROM ({columns(POSTING_VALUES, "EXCLUDED")})
    RETURNING (xmax = 0)"""

NEWS = """
    INSERT INTO core.company_news_events AS o (company_domain, headline, url, published_at, amount, round)
    SELECT company_domain, headline, url, published_at, amount, round FROM ({source}) s
    ORDER BY company_domain, headline
    ON CONFLICT (company_domain, headline) DO UPDATE
    SET url = EXCLUDED.url, published_at = EXCLUDED.published_at, amount = EXCLUDED.amount, round = EXCLUDED.round
    WHERE (o.url, o.published_at, o.amount, o.round)
          IS DISTINCT FROM (EXCLUDED.url, EXCLUDED.published_at, EXCLUDED.amount, EXCLUDED.round)
    RETURNING (xmax = 0)"""


@dataclass(frozen=True, slots=True)
class PersonSignalSource:
    """How one extracted signal table becomes core.person_signals rows."""

    table: str
    company: str  # SQL over alias t
    title: str
    day: str
    details: str  # the pairs of a jsonb_build_object, nulls stripped
    where: str = "TRUE"


PERSON_SIGNALS = {
    "job_change": PersonSignalSource(
        "signal_job_changes",
        "t.new_company_domain",
        "new_title",
        "start_date",
        "'full_name', full_name, 'previous_company_domain', previous_company_domain,"
        " 'previous_company_linkedin_url', previous_company_linkedin_url, 'new_company_name', new_company_name,"
        " 'new_company_linkedin_url', new_company_linkedin_url, 'client_domain', NULLIF(client_domain, ''),"
        " 'confidence', confidence",
    ),
    "promotion": PersonSignalSource(
        "signal_promotions",
        "t.company_domain",
        "new_title",
        "promotion_date",
        "'previous_title', previous_title, 'company_name', company_name,"
        " 'client_domain', NULLIF(client_domain, ''), 'confidence', confidence",
    ),
    "new_hire": PersonSignalSource(
        "signal_new_hires",
        known_domain("t", "company_domain", "company_linkedin_url"),
        "title",
        "start_date",
        "'full_name', full_name, 'company_name', company_name,"
        " 'company_linkedin_url', NULLIF(company_linkedin_url, '')",
        # a hire without a person has no place in person_signals; one without a known company waits
        f"t.person_linkedin_url <> '' AND {known_domain('t', 'company_domain', 'company_linkedin_url')} IS NOT NULL",
    ),
}


async def build_signals(conn: AsyncConnection, since: Any, report: ConsolidationReport) -> None:
    changed = changed_since("t")
    domain = known_domain("t", "company_domain", "company_linkedin_url")
    for table, sql, rows in (
        (
            "company_job_postings",
            JOB_POSTINGS,
            # one row per posting over the clients that watch it; a LinkedIn-only company waits for core
            f"""SELECT DISTINCT ON (company_domain, job_id) * FROM (
                    SELECT {domain} AS company_domain, t.job_id, {columns(POSTING_VALUES, "t")}, t.updated_at
                    FROM extracted.signal_job_postings t WHERE {changed} OR {unresolved("t", "company_domain")}
                ) p WHERE company_domain IS NOT NULL ORDER BY company_domain, job_id, updated_at DESC""",
        ),
        ("company_news_events", NEWS, f"SELECT * FROM extracted.signal_news_fundraising t WHERE {changed}"),
    ):
        await upsert_rows(conn, report, table, rows, sql.format(source=rows), since)
    selects = [
        f"""SELECT DISTINCT ON (person_linkedin_url, {s.company}, {s.title}) person_linkedin_url AS linkedin_url,
                   '{kind}' AS signal_type, {s.company} AS company_domain, {s.title} AS title,
                   {s.day} AS occurred_on, jsonb_strip_nulls(jsonb_build_object({s.details})) AS details
            FROM extracted.{s.table} t
            WHERE ({changed} OR {unresolved("t", "company_domain") if kind == "new_hire" else "FALSE"})
              AND {s.where}
            ORDER BY person_linkedin_url, {s.company}, {s.title}, t.updated_at DESC"""
        for kind, s in PERSON_SIGNALS.items()
    ]
    source = " UNION ALL ".join(f"({s})" for s in selects)
    await upsert_rows(
        conn,
        report,
        "person_signals",
        source,
        f"""
        INSERT INTO core.person_signals AS o (linkedin_url, signal_type, company_domain, title, occurred_on, details)
        SELECT linkedin_url, signal_type, company_domain, title, occurred_on, details FROM ({source}) s
        ORDER BY linkedin_url, signal_type, company_domain, title
        ON CONFLICT (linkedin_url, signal_type, company_domain, title) DO UPDATE
        SET occurred_on = EXCLUDED.occurred_on, details = EXCLUDED.details
        WHERE (o.occurred_on, o.details) IS DISTINCT FROM (EXCLUDED.occurred_on, EXCLUDED.details)
        RETURNING (xmax = 0)""",
        since,
    )
