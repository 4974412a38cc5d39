"""`hq-gateway demo-data`: load a deterministic, realistic warehouse into an empty `core`.

Companies and claygent rows are built in Python (`ingest.demo.companies`, `ingest.demo.claygent`),
people, work history and promotions inside PostgreSQL (`ingest.demo.sql`), all in one transaction:
a failed load leaves nothing behind. Same seed, same day, same reference data: same rows.
"""

import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import asyncpg
from tqdm import tqdm

from ingest.demo.case_studies_ads import (
    AD_COLUMNS,
    CASE_STUDY_COLUMNS,
    CHAMPION_COLUMNS,
    ad_records,
    case_study_records,
)
from ingest.demo.claygent import CLAYGENT_INSERT, claygent_records
from ingest.demo.companies import (
    COMPANY_COLUMNS,
    CUSTOMER_COLUMNS,
    Company,
    company_records,
    customer_records,
    job_posting_records,
    make_companies,
    news_records,
    similar_records,
    vc_records,
)
from ingest.demo.companyenrich import (
    FIRMOGRAPHICS_COLUMNS,
    FUNDING_COLUMNS,
    ROUND_COLUMNS,
    SOCIALS_COLUMNS,
    companyenrich_records,
)
from ingest.demo.emails import DEMO_BEST_EMAIL, DEMO_EMAILS, DEMO_SALES_NAVIGATOR_URLS
from ingest.demo.parsed_variants import ADDRESS_COLUMNS, company_address_records
from ingest.demo.sql import CURRENT_JOBS, EARLIER_JOBS, PEOPLE, PLAN, PROMOTIONS, render
from ingest.demo.techstack_jobs import (
    JOB_POSTING_DETAIL_COLUMNS,
    TECHNOLOGY_COLUMNS,
    job_posting_details,
    technology_records,
)
from ingest.demo.vocabulary import (
    PROMOTED_SHARE,
    Record,
    Vocabulary,
    location_weights,
    read_vocabulary,
    title_tables,
    weighted_slots,
)
from ingest.demo.warehouse import RESET_IDENTITIES, claim_empty_warehouse, defer_indexes, vacuum_until_visible
from ingest.demo.words import FIRST_NAMES, LAST_NAMES, slug

SESSION = """
SET statement_timeout = 0;
SET synchronous_commit = off;
SET work_mem = '256MB';
SET maintenance_work_mem = '512MB';
SET temp_buffers = '1GB';
SET jit = off;
"""

SCRATCH = {
    "demo_title": "fn int, pos int, raw_value text, cleaned text, function text, seniority text, "
    "below int, below_n int, PRIMARY KEY (fn, pos)",
    "demo_title_slot": "k int PRIMARY KEY, fn int, pos int, below int, below_n int",
    "demo_location": "k int PRIMARY KEY, raw_value text, city text, state text, country text",
    "demo_location_slot": "k int PRIMARY KEY, location int",
    "demo_company": "c int PRIMARY KEY, location int",
    "demo_first_name": "k int PRIMARY KEY, name text, slug text",
    "demo_last_name": "k int PRIMARY KEY, name text, slug text",
}

TABLES = [
    "core.companies", "core.people", "core.person_work_history", "core.person_promotions",
    "core.company_customers", "core.company_vc_investors", "core.company_similar_companies",
    "core.company_job_postings", "core.company_news_events", "extracted.claygent_customers_v2",
    # the old system's feeds (issue 12)
    "core.company_socials", "core.company_funding", "core.company_funding_rounds", "core.company_technologies",
    "core.company_case_studies", "core.company_case_study_champions", "core.company_ads", "core.person_emails",
]  # fmt: skip

STEPS = [
    "prepare", "companies", "people plan", "people", "current jobs", "earlier jobs", "promotions",
    "customers", "vc investors", "similar companies", "job postings and news", "claygent customers",
    "firmographics", "technologies", "case studies and ads", "emails", "indexes", "commit", "vacuum",
]  # fmt: skip


def _rows(status: str) -> int:
    """Rows touched, from a command status such as `INSERT 0 42` or `COPY 42`."""
    return int(status.rsplit(" ", 1)[-1])


async def _upload(conn: asyncpg.Connection, table: str, records: list[Record]) -> None:
    await conn.execute(f"CREATE TEMP TABLE {table} ({SCRATCH[table]}) ON COMMIT DROP")
    await conn.copy_records_to_table(table, records=records)
    await conn.execute(f"ANALYZE {table}")


async def _update(conn: asyncpg.Connection, table: str, key: str, columns: list[str], records: list[Record]) -> None:
    """Set `columns` of the rows of `table` named by `key` (the records' first value) from `records`."""
    scratch = f"demo_set_{columns[0]}"  # one name per update: asyncpg caches a COPY's column types by table
    columns_sql = ", ".join(columns)
    await conn.execute(
        f"CREATE TEMP TABLE {scratch} ON COMMIT DROP AS SELECT {key}, {columns_sql} FROM {table} LIMIT 0"
    )
    await conn.copy_records_to_table(scratch, records=records)
    assignments = ", ".join(f"{c} = u.{c}" for c in columns)
    await conn.execute(f"UPDATE {table} t SET {assignments} FROM {scratch} u WHERE t.{key} = u.{key}")


async def _copy(conn: asyncpg.Connection, table: str, columns: list[str], records: list[Record]) -> int:
    schema, name = table.split(".")
    return _rows(await conn.copy_records_to_table(name, schema_name=schema, columns=columns, records=records))


async def _upload_vocabulary(conn: asyncpg.Connection, vocab: Vocabulary, companies: list[Company]) -> float:
    """Fill the scratch tables `ingest.demo.sql` reads; returns the share of promotable titles."""
    titles = title_tables(vocab.titles)
    await _upload(conn, "demo_title", titles.titles)
    await _upload(conn, "demo_title_slot", titles.slots)
    await _upload(conn, "demo_location", [(k, *loc) for k, loc in enumerate(vocab.locations)])
    location_slots = weighted_slots(location_weights(vocab.locations))
    await _upload(conn, "demo_location_slot", list(enumerate(location_slots)))
    await _upload(conn, "demo_company", [(co.id, co.location) for co in companies])
    await _upload(conn, "demo_first_name", [(k, n, slug(n)) for k, n in enumerate(FIRST_NAMES)])
    await _upload(conn, "demo_last_name", [(k, n, slug(n)) for k, n in enumerate(LAST_NAMES)])
    return titles.promotable


@contextmanager
def _step(bar: Any, timings: dict[str, float] | None, label: str) -> Iterator[None]:
    bar.set_description(label)
    started = time.perf_counter()
    yield
    if timings is not None:
        timings[label] = time.perf_counter() - started
    bar.update()


async def load_demo_data(
    url: str,
    *,
    people: int,
    companies: int,
    seed: int,
    progress: bool = True,
    timings: dict[str, float] | None = None,
) -> dict[str, int]:
    """Load a deterministic demo warehouse into an empty `core`; returns the rows added per table.

    Raises DemoDataError when core.people or core.companies already hold rows. `timings`, when
    given, receives the seconds each step took.
    """
    if people < 1 or companies < 2:
        raise ValueError("demo data needs at least 1 person and 2 companies")
    if not 0 <= seed < 2**31:
        raise ValueError("the seed must be between 0 and 2**31 - 1")
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(SESSION)
        with tqdm(total=len(STEPS), unit="step", disable=not progress) as bar:
            transaction = conn.transaction()
            await transaction.start()
            try:
                counts = await _generate(conn, bar, timings, people=people, companies=companies, seed=seed)
            except BaseException:
                await transaction.rollback()
                raise
            with _step(bar, timings, "commit"):
                await transaction.commit()
            with _step(bar, timings, "vacuum"):  # statistics and the visibility map index-only scans need
                for table in TABLES:
                    await vacuum_until_visible(conn, table)
            bar.set_description("demo data loaded")
        return counts
    finally:
        await conn.close()


async def _generate(
    conn: asyncpg.Connection, bar: Any, timings: dict[str, float] | None, *, people: int, companies: int, seed: int
) -> dict[str, int]:
    counts = dict.fromkeys(TABLES, 0)

    def rng(part: str) -> random.Random:  # one stream per table: changing one leaves the others
        return random.Random(f"{seed}:{part}")

    async def copy(table: str, columns: list[str], records: list[Record]) -> None:
        counts[table] += await _copy(conn, table, columns, records)

    with _step(bar, timings, "prepare"):
        await claim_empty_warehouse(conn)
        vocab = await read_vocabulary(conn)
        today: date = await conn.fetchval("SELECT current_date")
        recreate = await defer_indexes(conn)
    with _step(bar, timings, "companies"):
        firms = make_companies(rng("companies"), vocab, companies)
        await copy("core.companies", COMPANY_COLUMNS, company_records(rng("firmographics"), vocab, firms, today))
        promotable = await _upload_vocabulary(conn, vocab, firms)
    numbers: dict[str, float] = {"seed": seed, "people": people, "companies": companies}
    numbers["promotion"] = min(1.0, PROMOTED_SHARE / promotable) if promotable else 0.0
    for label, table, sql in [
        ("people plan", None, PLAN),
        ("people", "core.people", PEOPLE),
        ("current jobs", "core.person_work_history", CURRENT_JOBS),
        ("earlier jobs", "core.person_work_history", EARLIER_JOBS),
        ("promotions", "core.person_promotions", PROMOTIONS),
    ]:
        with _step(bar, timings, label):
            status = await conn.execute(render(sql, **numbers))
            if table:
                counts[table] += _rows(status)
    with _step(bar, timings, "customers"):
        customers = customer_records(rng("customers"), firms)
        await copy("core.company_customers", CUSTOMER_COLUMNS, customers)
    with _step(bar, timings, "vc investors"):
        columns = ["company_domain", "vc_name", "company_description", "origin"]
        await copy("core.company_vc_investors", columns, vc_records(rng("vc"), firms, vocab.vc_firms))
    with _step(bar, timings, "similar companies"):
        columns = ["company_domain", "similar_domain", "similar_name", "similarity_score", "origin"]
        await copy("core.company_similar_companies", columns, similar_records(rng("similar"), firms))
    with _step(bar, timings, "job postings and news"):
        columns = ["company_domain", "job_id", "title", "location", "url", "posted_at"]
        postings = job_posting_details(rng("job details"), job_posting_records(rng("jobs"), vocab, firms, today))
        await copy("core.company_job_postings", columns + JOB_POSTING_DETAIL_COLUMNS, postings)
        columns = ["company_domain", "headline", "url", "published_at", "amount", "round"]
        await copy("core.company_news_events", columns, news_records(rng("news"), vocab, firms, today))
    with _step(bar, timings, "claygent customers"):
        records = claygent_records(rng("claygent"), firms, customers)
        counts["extracted.claygent_customers_v2"] = await _insert_claygent(conn, records)
    with _step(bar, timings, "firmographics"):
        enriched = companyenrich_records(rng("companyenrich"), firms, vocab.vc_firms, today)
        await _update(conn, "core.companies", "domain", FIRMOGRAPHICS_COLUMNS[1:], enriched.firmographics)
        await _update(
            conn, "core.companies", "id", ADDRESS_COLUMNS[1:], company_address_records(rng("address"), vocab, firms)
        )
        await copy("core.company_socials", SOCIALS_COLUMNS, enriched.socials)
        await copy("core.company_funding", FUNDING_COLUMNS, enriched.funding)
        await copy("core.company_funding_rounds", ROUND_COLUMNS, enriched.rounds)
    with _step(bar, timings, "technologies"):
        await copy(
            "core.company_technologies", TECHNOLOGY_COLUMNS, technology_records(rng("technologies"), firms, today)
        )
    with _step(bar, timings, "case studies and ads"):
        studies, champions = case_study_records(rng("case studies"), customers)
        await copy("core.company_case_studies", CASE_STUDY_COLUMNS, studies)
        await copy("core.company_case_study_champions", CHAMPION_COLUMNS, champions)
        await copy("core.company_ads", AD_COLUMNS, ad_records(rng("ads"), firms, today))
    with _step(bar, timings, "emails"):
        counts["core.person_emails"] = _rows(await conn.execute(render(DEMO_EMAILS, **numbers)))
        for statement in (DEMO_BEST_EMAIL, DEMO_SALES_NAVIGATOR_URLS):
            await conn.execute(render(statement, **numbers))
    with _step(bar, timings, "indexes"):
        for statement in recreate:
            await conn.execute(statement)
    await conn.execute(RESET_IDENTITIES)
    return counts


async def _insert_claygent(conn: asyncpg.Connection, records: list[Record]) -> int:
    if not records:
        return 0
    return _rows(await conn.execute(CLAYGENT_INSERT, *map(list, zip(*records, strict=True))))
