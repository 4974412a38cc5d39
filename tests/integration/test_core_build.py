"""The core build end to end: payloads through the real pipeline, `rebuildCore`, then the core tables and views."""

import secrets
import string
import uuid
from datetime import date
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from ingest.core_build.build import rebuild_core
from ingest.pipeline import ingest
from tests.conftest import GraphQLClient

REBUILD = """mutation($full: Boolean) { rebuildCore(full: $full) {
  inserted updated skipped incremental functionShare seniorityShare
  tables { table inserted updated skipped deleted } } }"""


def _tag() -> str:
    return "".join(secrets.choice(string.ascii_lowercase) for _ in range(10))


async def _ingest(engine: AsyncEngine, source: str, body: dict[str, Any]) -> None:
    outcome = await ingest(engine, source, body)
    assert outcome.status in ("STORED", "DUPLICATE"), (source, outcome)


async def _all(engine: AsyncEngine, sql: str, **params: Any) -> list[Any]:
    async with engine.connect() as conn:
        return list(await conn.execute(text(sql), params))


def _profile(t: str, experience: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "linkedin_url": f"https://www.linkedin.com/in/jane-{t}/",
        "name": f"Jane {t.title()}",
        "location": "san francisco, ca",  # the lookup has "San Francisco, CA": case-insensitive
        "experience": experience,
    }


JANE_JOBS: list[dict[str, Any]] = [
    {"title": "VP engineering ", "company": "Acme", "company_domain": "{t}-acme.com", "start_date": "2024-03",
     "is_current": True},
    {"title": "Director of Engineering", "company": "Acme", "company_domain": "{t}-acme.com",
     "start_date": "2021-01", "end_date": "2024-02"},
    {"title": "Senior Software Engineer", "company": "Beta", "company_domain": "{t}-beta.io",
     "start_date": "2018-01", "end_date": "2020-12"},
    # more than 90 days before the next role at Beta starts: no promotion
    {"title": "Software Engineer", "company": "Beta", "company_domain": "{t}-beta.io",
     "start_date": "2016-01", "end_date": "2017-06"},
]  # fmt: skip


def _jobs(t: str, jobs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v.replace("{t}", t) if isinstance(v, str) else v for k, v in job.items()} for job in jobs]


@pytest.fixture
async def warehouse(engine: AsyncEngine) -> dict[str, str]:
    """One company seen by several sources, two people, a VC, similar companies and signals."""
    t = _tag()
    acme, beta = f"{t}-acme.com", f"{t}-beta.io"
    await _ingest(engine, "company_discovery", {"domain": acme, "name": f"Acme {t} Incorporated",
                                                "industry": "Internet", "size": "11-50 employees"})  # fmt: skip
    await _ingest(
        engine,
        "company_firmographics",
        {"company_domain": f"https://www.{acme}/about", "name": f"Acme {t}", "industry": "Computer Software",
         "size": "51-200 employees", "locations": [{"is_primary": True, "city": "Berlin", "country": "Germany"}],
         "linkedin_url": f"https://linkedin.com/company/acme-{t}", "description": "Acme makes things."},
    )  # fmt: skip
    await _ingest(engine, "company_discovery", {"domain": beta, "name": f"Beta {t}", "location": "Austin, TX"})
    await _ingest(engine, "person_profile", _profile(t, _jobs(t, JANE_JOBS)))
    await _ingest(
        engine,
        "person_discovery",
        {"linkedin_url": f"https://www.linkedin.com/in/bob-{t}", "full_name": f"Bob {t.title()}",
         "location_name": "Berlin, Germany", "domain": beta, "latest_title": "Principal Platform Wrangler",
         "latest_company": f"Beta {t}", "latest_start_date": "2025-11"},
    )  # fmt: skip
    await _ingest(engine, "vc_portfolio", {"company_domain": acme, "company_name": f"Acme {t}", "vc_name": "a16z",
                                           "company_description": "Backed."})  # fmt: skip
    batch_done, batch_running = uuid.uuid4(), uuid.uuid4()
    async with engine.begin() as conn:
        for batch, status in ((batch_done, "COMPLETED"), (batch_running, "RUNNING")):
            await conn.execute(
                text("INSERT INTO raw.company_enrich_similar_batches (id, status) VALUES (:id, :s)"),
                {"id": batch, "s": status},
            )
        await conn.execute(
            text("""INSERT INTO extracted.company_enrich_similar
                    (batch_id, input_domain, company_domain, company_name, similarity_score) VALUES
                    (:done, :acme, :beta, 'Beta', 0.7), (:running, :beta, :acme, 'Acme', 0.9)"""),
            {"done": batch_done, "running": batch_running, "acme": acme, "beta": beta},
        )
    await _ingest(engine, "signal_job_posting", {"company_domain": acme, "job_id": f"job-{t}", "title": "SRE",
                                                 "posted_at": "2026-01-05"})  # fmt: skip
    await _ingest(engine, "signal_news_fundraising", {"company_domain": acme, "headline": f"Acme {t} raises",
                                                      "amount": "$10M", "round": "Series A"})  # fmt: skip
    await _ingest(engine, "signal_new_hire", {"company_domain": beta, "person_linkedin_url":
                                              f"https://www.linkedin.com/in/bob-{t}", "title": "Wrangler"})  # fmt: skip
    return {"t": t, "acme": acme, "beta": beta, "jane": f"https://www.linkedin.com/in/jane-{t}",
            "bob": f"https://www.linkedin.com/in/bob-{t}"}  # fmt: skip


def _table(report: dict[str, Any], name: str) -> dict[str, Any]:
    return next(t for t in report["tables"] if t["table"] == name)


async def test_rebuild_core_builds_companies_people_history_and_signals(
    gql: GraphQLClient, engine: AsyncEngine, warehouse: dict[str, str]
) -> None:
    w = warehouse
    body = await gql(REBUILD, role="operator")
    report = body["data"]["rebuildCore"]
    assert report["incremental"] is True
    assert _table(report, "people")["inserted"] >= 2
    assert 0 < report["functionShare"] <= 1

    [acme] = await _all(engine, "SELECT * FROM core.companies WHERE domain = :d", d=w["acme"])
    # firmographics first, discovery second; values through the reference lookups
    assert (acme.name, acme.industry, acme.employee_range) == (f"Acme {w['t']}", "Software Development", "51-200")
    assert (acme.city, acme.state, acme.country) == ("Berlin", "Berlin", "Germany")
    assert acme.linkedin_url == f"https://www.linkedin.com/company/acme-{w['t']}"
    assert acme.origin == "build"

    [jane] = await _all(engine, "SELECT * FROM core.leads WHERE linkedin_url = :u", u=w["jane"])
    assert (jane.full_name, jane.linkedin_url_type, jane.linkedin_slug) == (
        f"Jane {w['t'].title()}",
        "person",
        f"jane-{w['t']}",
    )
    assert (jane.matched_cleaned_job_title, jane.matched_job_function, jane.matched_seniority) == (
        "VP of Engineering",
        "Engineering",
        "VP",
    )
    assert (jane.person_city, jane.person_state, jane.person_country) == (
        "San Francisco",
        "California",
        "United States",
    )
    assert (jane.company_domain, jane.company_name, jane.job_start_date) == (
        w["acme"],
        f"Acme {w['t']}",
        date(2024, 3, 1),
    )
    assert (jane.matched_industry, jane.company_country) == ("Software Development", "Germany")

    [bob] = await _all(engine, "SELECT * FROM core.leads WHERE linkedin_url = :u", u=w["bob"])
    # not in the lookup: the ordered fallback rules
    assert (bob.matched_job_function, bob.matched_seniority) == ("Miscellaneous", "Senior")
    assert (bob.person_city, bob.person_country, bob.company_domain) == ("Berlin", "Germany", w["beta"])

    history = await _all(
        engine,
        """SELECT title, matched_job_function, matched_seniority, start_date, is_current
           FROM core.person_work_history WHERE linkedin_url = :u ORDER BY start_date""",
        u=w["jane"],
    )
    assert [h.title for h in history] == [
        "Software Engineer",
        "Senior Software Engineer",
        "Director of Engineering",
        "VP engineering",
    ]
    assert [h.is_current for h in history] == [False, False, False, True]
    assert history[2].matched_seniority == "Director"

    promotions = await _all(engine, "SELECT * FROM core.leads_recently_promoted WHERE linkedin_url = :u", u=w["jane"])
    assert [(p.previous_title, p.new_title, p.promotion_date) for p in promotions] == [
        ("Director of Engineering", "VP engineering", date(2024, 3, 1))
    ]
    vcs = await _all(engine, "SELECT vc_name FROM core.leads_at_vc_portfolio WHERE linkedin_url = :u", u=w["jane"])
    assert [v.vc_name for v in vcs] == ["Andreessen Horowitz"]

    similar = await _all(
        engine,
        "SELECT company_domain, similar_domain, similarity_score FROM core.company_similar_companies "
        "WHERE company_domain IN (:a, :b)",
        a=w["acme"],
        b=w["beta"],
    )
    assert [tuple(s) for s in similar] == [(w["acme"], w["beta"], 0.7)]  # the running batch is not finished

    assert await _all(engine, "SELECT title FROM core.company_job_postings WHERE company_domain = :d", d=w["acme"])
    [news] = await _all(engine, "SELECT amount, round FROM core.company_news_events WHERE company_domain = :d",
                        d=w["acme"])  # fmt: skip
    assert tuple(news) == ("$10M", "Series A")
    [signal] = await _all(engine, "SELECT signal_type, company_domain, title FROM core.person_signals "
                                  "WHERE linkedin_url = :u", u=w["bob"])  # fmt: skip
    assert tuple(signal) == ("new_hire", w["beta"], "Wrangler")


async def test_a_second_run_changes_nothing(gql: GraphQLClient, engine: AsyncEngine, warehouse: dict[str, str]) -> None:
    # a full run first: other tests may have emptied core tables that extracted rows still imply
    await gql(REBUILD, {"full": True}, role="operator")
    snapshot = "SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM core.{} t"
    tables = ("companies", "people", "person_work_history", "person_promotions", "company_vc_investors",
              "company_similar_companies", "person_signals")  # fmt: skip
    before = [await _all(engine, snapshot.format(t)) for t in tables]
    for full in (False, True):
        report = (await gql(REBUILD, {"full": full}, role="operator"))["data"]["rebuildCore"]
        assert (report["inserted"], report["updated"]) == (0, 0), report
        assert all(t["deleted"] == 0 for t in report["tables"])
    assert [await _all(engine, snapshot.format(t)) for t in tables] == before


async def test_reingesting_a_person_replaces_history_and_counts_what_changed(
    engine: AsyncEngine, warehouse: dict[str, str]
) -> None:
    w = warehouse
    async with engine.begin() as conn:
        await rebuild_core(conn)
    # a corrected profile: one job fewer, one title changed
    jobs = _jobs(w["t"], JANE_JOBS[:2])
    jobs[0]["title"] = "VP of Engineering"
    await _ingest(engine, "person_profile", _profile(w["t"], jobs))
    async with engine.begin() as conn:
        report = await rebuild_core(conn)
    assert report.updated["people"] == 1
    assert report.deleted["person_work_history"] == 3
    assert report.inserted["person_work_history"] == 1
    assert report.skipped["person_work_history"] == 1
    history = await _all(engine, "SELECT title FROM core.person_work_history WHERE linkedin_url = :u ORDER BY 1",
                         u=w["jane"])  # fmt: skip
    assert [h.title for h in history] == ["Director of Engineering", "VP of Engineering"]
    promotions = await _all(engine, "SELECT new_title FROM core.person_promotions WHERE linkedin_url = :u",
                            u=w["jane"])  # fmt: skip
    assert [p.new_title for p in promotions] == ["VP of Engineering"]


async def test_similar_companies_keep_the_best_score_per_pair(engine: AsyncEngine, warehouse: dict[str, str]) -> None:
    w = warehouse

    async def found_again(score: float) -> float:
        """A later finished batch finds the same pair with another score."""
        async with engine.begin() as conn:
            batch = (
                await conn.execute(
                    text("INSERT INTO raw.company_enrich_similar_batches (status) VALUES ('COMPLETED') RETURNING id")
                )
            ).scalar_one()
            await conn.execute(
                text("""UPDATE extracted.company_enrich_similar SET similarity_score = :s, batch_id = :b,
                        updated_at = now() WHERE input_domain = :a AND company_domain = :c"""),
                {"s": score, "b": batch, "a": w["acme"], "c": w["beta"]},
            )
            await rebuild_core(conn)
        [row] = await _all(
            engine,
            "SELECT similarity_score FROM core.company_similar_companies"
            " WHERE company_domain = :a AND similar_domain = :c",
            a=w["acme"],
            c=w["beta"],
        )
        return float(row.similarity_score)

    async with engine.begin() as conn:
        await rebuild_core(conn)
    assert await found_again(0.5) == 0.7
    assert await found_again(0.9) == 0.9


async def test_rows_of_another_origin_are_never_touched(engine: AsyncEngine, warehouse: dict[str, str]) -> None:
    t = _tag()
    demo_domain, demo_person = f"{t}-demo.com", f"https://www.linkedin.com/in/demo-{t}"
    async with engine.begin() as conn:
        await conn.execute(
            text("INSERT INTO core.companies (domain, name, origin) VALUES (:d, 'Demo Co', 'demo')"), {"d": demo_domain}
        )
        person_id = (
            await conn.execute(
                text("""INSERT INTO core.people (linkedin_url, full_name, job_title, origin)
                        VALUES (:u, 'Demo Person', 'CEO', 'demo') RETURNING id"""),
                {"u": demo_person},
            )
        ).scalar_one()
        await conn.execute(
            text("""INSERT INTO core.person_work_history (person_id, linkedin_url, title, is_current)
                    VALUES (:p, :u, 'CEO', true)"""),
            {"p": person_id, "u": demo_person},
        )
    await _ingest(engine, "company_discovery", {"domain": demo_domain, "name": "Renamed by a payload"})
    await _ingest(engine, "person_profile", {"linkedin_url": demo_person, "name": "Someone Else",
                                             "experience": [{"title": "Intern", "company": "X"}]})  # fmt: skip
    async with engine.begin() as conn:
        await rebuild_core(conn, full=True)
    [company] = await _all(engine, "SELECT name, origin FROM core.companies WHERE domain = :d", d=demo_domain)
    assert tuple(company) == ("Demo Co", "demo")
    [person] = await _all(engine, "SELECT full_name, origin FROM core.people WHERE linkedin_url = :u", u=demo_person)
    assert tuple(person) == ("Demo Person", "demo")
    history = await _all(engine, "SELECT title FROM core.person_work_history WHERE person_id = :p", p=person_id)
    assert [h.title for h in history] == ["CEO"]
