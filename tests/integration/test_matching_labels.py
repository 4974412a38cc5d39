"""Precision of customer-name matching on the hand-labelled sample (tests/data/customer_match_labels.csv).

Runs on a database of its own, so the known companies are exactly the sample's: other tests' companies
(demo data uses the same name vocabulary) would change which names are ambiguous.
"""

import asyncio
import uuid
from collections.abc import AsyncIterator

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway import migrations
from gateway.database import create_engine
from ingest.core_build.labels import Evaluation, evaluate, load_labels
from ingest.core_build.matching import match_customers
from tests.integration.matching_universe import LABELS, load_customers, load_known_companies

OLD_MATCH_RATE = 0.48


def _conninfo(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture(scope="module")
async def sample_engine(database_url: str, direct_database_url: str) -> AsyncIterator[AsyncEngine]:
    name = f"hq_match_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(_conninfo(database_url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(database_url).set(database=name).render_as_string(hide_password=False)
    direct = make_url(direct_database_url).set(database=name).render_as_string(hide_password=False)
    await asyncio.to_thread(migrations.upgrade, direct)  # alembic runs its own event loop
    engine = create_engine(url, pool_size=2)
    try:
        await load_known_companies(engine)
        assert await load_customers(engine) == len(load_labels(LABELS))
        yield engine
    finally:
        await engine.dispose()
        with psycopg.connect(_conninfo(database_url), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


async def _evaluate(engine: AsyncEngine) -> Evaluation:
    async with engine.connect() as conn:
        return await evaluate(conn, load_labels(LABELS))


async def test_labelled_sample_has_at_least_200_names_and_both_outcomes() -> None:
    labels = load_labels(LABELS)
    assert len(labels) >= 200
    assert len({label.customer_name for label in labels}) == len(labels)
    assert sum(label.expected_domain is None for label in labels) >= 40  # names that must not match


async def test_precision_and_match_rate_on_the_labelled_sample(sample_engine: AsyncEngine) -> None:
    async with sample_engine.begin() as conn:
        report = await match_customers(conn, full=True)
    evaluation = await _evaluate(sample_engine)
    assert evaluation.precision >= 0.97, evaluation.mistakes
    assert evaluation.match_rate >= OLD_MATCH_RATE + 0.15, evaluation
    # every method has its share, and the report adds up
    assert {"exact", "alias", "domain", "fuzzy"} <= set(report.by_method)
    assert report.matched + report.unmatched == report.names_seen == len(load_labels(LABELS))
    assert report.matched == sum(report.by_method.values())
    assert report.for_review > 0


async def test_matched_rows_carry_domain_linkedin_method_and_score(sample_engine: AsyncEngine) -> None:
    async with sample_engine.begin() as conn:
        await match_customers(conn)
        row = (
            await conn.execute(
                text("""SELECT matched_domain, matched_linkedin_url, match_method, match_score, matched_at
                        FROM extracted.claygent_customers_v2 WHERE customer_name = 'BLUE RIVER ANALYTICS'
                        UNION ALL
                        SELECT matched_domain, matched_linkedin_url, match_method, match_score, matched_at
                        FROM extracted.claygent_customers_structured WHERE customer_name = 'BLUE RIVER ANALYTICS'""")
            )
        ).one()
    assert row.matched_domain == "blueriveranalytics.com"
    assert row.matched_linkedin_url == "https://www.linkedin.com/company/blueriveranalytics"
    assert (row.match_method, row.match_score) == ("exact", 1.0)
    assert row.matched_at is not None


async def test_a_second_run_changes_nothing(sample_engine: AsyncEngine) -> None:
    async with sample_engine.begin() as conn:
        await match_customers(conn)
        before = (await conn.execute(text("SELECT md5(string_agg(t::text, '|' ORDER BY id)) FROM "
                                          "extracted.claygent_customers_v2 t"))).scalar_one()  # fmt: skip
    async with sample_engine.begin() as conn:
        report = await match_customers(conn)
        after = (await conn.execute(text("SELECT md5(string_agg(t::text, '|' ORDER BY id)) FROM "
                                         "extracted.claygent_customers_v2 t"))).scalar_one()  # fmt: skip
    assert report.newly_matched == 0
    assert report.names_tried == 0  # nothing changed among the known companies: unmatched names wait
    assert before == after
