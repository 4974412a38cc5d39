"""Migrations on a database of their own: upgrade head, `alembic check` clean, downgrade base, upgrade again."""

import uuid
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy.engine import make_url

from gateway import migrations

SEED_OBJECTS = [
    "core.leads",
    "core.companies_full",
    "core.leads_recently_promoted",
    "core.leads_at_vc_portfolio",
    "raw.claygent_customers_raw",
    "raw.claygent_customers_structured_raw",
    "raw.claygent_customers_v2_raw",
    "raw.company_enrich_similar_batches",
    "raw.company_enrich_similar_raw",
    "extracted.claygent_customers",
    "extracted.claygent_customers_structured",
    "extracted.claygent_customers_v2",
    "extracted.company_enrich_similar",
    "extracted.company_discovery",
    "core.company_customers",
    "public.top_priority_companies",
]


def _conninfo(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture
def scratch_url(database_url: str) -> Iterator[str]:
    name = f"hq_mig_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(_conninfo(database_url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(database_url).set(database=name).render_as_string(hide_password=False)
    yield url
    with psycopg.connect(_conninfo(database_url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def _exists(url: str, name: str) -> bool:
    with psycopg.connect(_conninfo(url)) as conn:
        row = conn.execute("SELECT to_regclass(%s) IS NOT NULL", (name,)).fetchone()
        return bool(row and row[0])


def test_upgrade_check_downgrade_upgrade(scratch_url: str) -> None:
    migrations.upgrade(scratch_url)
    migrations.check(scratch_url)  # raises when models and migrations differ
    for name in SEED_OBJECTS:
        assert _exists(scratch_url, name), name
    with psycopg.connect(_conninfo(scratch_url)) as conn:
        functions = {
            r[0]
            for r in conn.execute(
                "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                " WHERE n.nspname = 'core'"
            )
        }
        assert "core.get_leads_by_past_employer(text[],integer,integer)" in functions
        assert "core.get_leads_by_company_customers(text,integer,integer)" in functions
        counts = {
            t: conn.execute(f"SELECT count(*) FROM reference.{t}").fetchone()[0]  # type: ignore[index]
            for t in ("job_functions", "seniorities", "employee_ranges", "industries", "countries", "vc_firms")
        }
        assert all(n > 0 for n in counts.values()), counts
        names = {r[0] for r in conn.execute("SELECT name FROM reference.job_functions")}
        assert {"Executive Leadership", "Miscellaneous"} <= names
    migrations.downgrade(scratch_url, "base")
    assert not _exists(scratch_url, "core.leads")
    migrations.upgrade(scratch_url)
    assert _exists(scratch_url, "core.leads")
