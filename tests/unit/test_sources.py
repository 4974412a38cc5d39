"""Each source's payload model and pure extract() on realistic Clay payloads (no database)."""

from __future__ import annotations

import importlib
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.pipeline import dedupe_key, group_rows, natural_key, prepare
from ingest.registry import BY_NAME, SOURCES, get_source
from ingest.sources import (
    company_customers_claygent,
    company_customers_manual,
    company_customers_structured,
    company_customers_v2,
    company_discovery,
    company_firmographics,
    person_discovery,
    person_profile,
    signal_news_fundraising,
    vc_portfolio,
)
from ingest.sources.base import Lookups
from ingest.sources.customers import split_customer_names
from ingest.sources.signal_news_fundraising import amount_usd
from models import extracted

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"  # copies of ../shared/samples


def sample(name: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads((SAMPLES / name).read_text())
    return rows


def values(row: Any, *columns: str) -> tuple[Any, ...]:
    return tuple(getattr(row, c) for c in columns)


# --- registry ------------------------------------------------------------------------------------


# The first wave's sources and the old system's feeds (issue 12), under the names the issue fixes.
EXPECTED_SOURCES = {
    "company_customers_claygent", "company_customers_structured", "company_customers_v2",
    "company_customers_manual", "company_firmographics", "company_discovery", "person_profile",
    "person_discovery", "vc_portfolio", "signal_job_change", "signal_promotion", "signal_new_hire",
    "signal_job_posting", "signal_news_fundraising",
    "salesnav_person", "salesnav_company", "email_anymailfinder", "email_leadmagic", "email_icypeas",
    "companyenrich_company", "case_study", "case_study_buyers", "ads_google", "ads_linkedin", "ads_meta",
    "techstack_predictleads", "techstack_builtwith", "job_posting", "job_board_indeed", "job_board_linkedin",
    "similar_company_preview", "company_location_parsed", "person_location_parsed", "person_title_enrichment",
    "company_cleaned_name", "company_address", "apollo_person", "apollo_company", "nostra_company",
    "nostra_person", "reference_job_title", "reference_company_location", "reference_person_location",
}  # fmt: skip


def test_registry_declares_every_source_once_under_its_module_name() -> None:
    assert len(BY_NAME) == len(SOURCES)
    assert set(BY_NAME) == EXPECTED_SOURCES
    for source in SOURCES:
        module = importlib.import_module(f"ingest.sources.{source.name}")
        assert module.SOURCE is source
        for table in source.tables:
            assert natural_key(table.__table__)  # type: ignore[arg-type]
        assert source.payload.subject_field in source.payload.model_fields


# --- the real samples ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source", ["company_customers_structured", "company_customers_v2", "company_customers_claygent"]
)
def test_real_claygent_rows_give_exact_customer_names(source: str) -> None:
    src = get_source(source)
    for row in sample("raw_company_customer_claygent_payloads.json"):
        payload = src.payload.model_validate(row)
        rows = src.extract(payload)
        inner = json.loads(row["raw_payload"])
        assert [r.customer_name for r in rows] == [c["companyName"] for c in inner["customers"]]  # type: ignore[attr-defined]
        assert payload.subject == row["origin_company_domain"].removeprefix("www.")


def test_real_sample_values_are_kept_as_sent() -> None:
    row = sample("raw_company_customer_claygent_payloads.json")[0]
    rows = company_customers_structured.extract(company_customers_structured.Payload.model_validate(row))
    first, trudys = rows[0], rows[2]
    assert values(first, "customer_name", "case_study_url", "has_case_study", "confidence") == (
        "Okay, Cool Group",
        "https://xtrachef.com/resources/okay-cool-hospitality/",
        True,
        "high",
    )
    assert trudys.customer_name == "Trudy\u2019s"
    assert values(first, "origin_company_domain", "origin_company_name", "origin_company_linkedin_url") == (
        "xtrachef.com",
        "xtraCHEF",
        "https://www.linkedin.com/company/xtrachef",
    )
    brightwheel = sample("raw_company_customer_claygent_payloads.json")[1]
    rows = company_customers_structured.extract(company_customers_structured.Payload.model_validate(brightwheel))
    assert values(rows[1], "customer_name", "case_study_url", "has_case_study") == ("World Elite Academy", None, False)


def test_real_manual_rows() -> None:
    rows = [company_customers_manual.Payload.model_validate(r) for r in sample("raw_manual_company_customers.json")]
    extracted_rows = [company_customers_manual.extract(p)[0] for p in rows]
    assert [(r.origin_company_domain, r.customer_name, r.customer_domain) for r in extracted_rows] == [
        ("forethought.ai", "Upwork", "upwork.com"),
        ("withcoverage.com", "GoPuff", "gopuff.com"),
        ("forethought.ai", "YNAB", "ynab.com"),
        ("radar.com", "Sleeper", "sleeper.com"),
        ("spotdraft.com", "Open", "open.money"),
        ("withcoverage.com", "Glow Recipe", "glowrecipe.com"),
    ]
    assert extracted_rows[0].source_notes == "manual entry"
    assert extracted_rows[0].has_case_study is None


# --- customer formats ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("A, B, C", ["A", "B", "C"]),
        ("Acme, Inc., Find a Way, LLC, Smith & Co., Ltd.", ["Acme, Inc.", "Find a Way, LLC", "Smith & Co., Ltd."]),
        ("Zeta, Beta, and monday.com", ["Zeta", "Beta", "monday.com"]),
        ("Okay, Cool Group; Trudy\u2019s", ["Okay, Cool Group", "Trudy\u2019s"]),
        ("* Assured Allies\n* Anzu\n* monday.com", ["Assured Allies", "Anzu", "monday.com"]),
        ('["Okay, Cool Group", "Kobeyaki"]', ["Okay, Cool Group", "Kobeyaki"]),
        ("Foo (a unit of Bar, Baz), Qux", ["Foo (a unit of Bar, Baz)", "Qux"]),
        ("A, , A, N/A", ["A"]),
    ],
)
def test_comma_only_splitting_rule(text: str, names: list[str]) -> None:
    assert split_customer_names(text) == names


def test_structured_list_wins_over_the_comma_string() -> None:
    body = {
        "origin_company_domain": "xtrachef.com",
        "customers_claygent": {
            "result": "Okay, Cool Group, Sidewall",
            "customers": [{"companyName": "Okay, Cool Group"}, {"companyName": ""}, {"url": "x"}, "Sidewall"],
        },
    }
    rows = company_customers_claygent.extract(company_customers_claygent.Payload.model_validate(body))
    assert [r.customer_name for r in rows] == ["Okay, Cool Group", "Sidewall"]


def test_v2_forms_and_empty_lists() -> None:
    output = {"customers": [{"companyName": "Acme", "hasCaseStudy": "true", "url": ""}], "confidence": "low"}
    for body in (
        {"origin_company_domain": "https://www.x.com/about", "claygent_output": output},
        {"origin_company_domain": "x.com", "customers_claygent": json.dumps(output)},
        json.dumps({"origin_company_domain": "x.com", "raw_payload": json.dumps({"claygent_output": output})}),
        {"origin_company_domain": "x.com", "raw_payload": output},
    ):
        rows = company_customers_v2.extract(company_customers_v2.Payload.model_validate(body))
        assert [
            values(r, "origin_company_domain", "customer_name", "has_case_study", "case_study_url", "confidence")
            for r in rows
        ] == [("x.com", "Acme", True, None, "low")]
    for empty in ({"customers": []}, {"customers": "[]"}, "", {"result": ""}, None):
        body = {"origin_company_domain": "x.com", "claygent_output": empty}
        assert company_customers_v2.extract(company_customers_v2.Payload.model_validate(body)) == []


# --- companies and people ------------------------------------------------------------------------


def test_firmographics() -> None:
    body = {
        "name": "Acme, Inc.",
        "website": "https://www.acme.io/home?ref=clay",
        "linkedin_url": "https://de.linkedin.com/company/acme-inc/",
        "industry": "Software Development",
        "size": "51-200 employees",
        "employee_count": "1,234",
        "locality": "Austin, Texas",
        "locations": json.dumps(
            [
                {"city": "Berlin", "country": "DE"},
                {"is_primary": "true", "city": "Austin", "state": "TX", "country": "US"},
            ]
        ),
        "description": "We make \u201canvils\u201d",
        "specialties": "anvils, rockets,  ",
        "founded": 1999,
    }
    [row] = company_firmographics.extract(company_firmographics.Payload.model_validate(body))
    assert values(row, "company_domain", "name", "linkedin_url", "employee_count", "city", "state", "country") == (
        "acme.io",
        "Acme, Inc.",
        "https://www.linkedin.com/company/acme-inc",
        1234,
        "Austin",
        "TX",
        "US",
    )
    assert (row.specialties, row.founded_year, row.description) == (
        ["anvils", "rockets"],
        1999,
        "We make \u201canvils\u201d",
    )


def test_integers_beyond_the_column_are_unknown() -> None:
    body = {"company_domain": "a.com", "employee_count": "99,999,999,999", "founded": 2.5e12}
    [row] = company_firmographics.extract(company_firmographics.Payload.model_validate(body))
    assert (row.employee_count, row.founded_year) == (None, None)


def test_company_discovery_keeps_text_values() -> None:
    body = {
        "domain": "WWW.Beta.co.uk",
        "name": "Beta",
        "annual_revenue": 12000000,
        "total_funding_amount_range_usd": "$1M - $5M",
        "country": "",
    }
    [row] = company_discovery.extract(company_discovery.Payload.model_validate(body))
    assert values(row, "domain", "annual_revenue", "funding_range", "country") == (
        "beta.co.uk",
        "12000000",
        "$1M - $5M",
        None,
    )


def test_person_profile_wrapped_with_experience() -> None:
    body = {
        "linkedin_url": "http://UK.linkedin.com/in/Jane-Doe-123/",
        "workflow_slug": "enrich-person",
        "raw_payload": json.dumps(
            {
                "name": "Jane O\u2019Neil",
                "headline": "VP Engineering at Acme",
                "location_name": "London, England, United Kingdom",
                "latest_experience": "",
                "experience": [
                    {
                        "title": "VP Engineering",
                        "company": "Acme",
                        "company_domain": "acme.com",
                        "start_date": "08-2024",
                    },
                    {"title": "", "company": ""},
                    {
                        "title": "Director",
                        "company": "Beta",
                        "start_date": "2020-01-01",
                        "end_date": "2024-07",
                        "is_current": False,
                    },
                ],
                "education": [{"school": "UCL"}],
            }
        ),
    }
    payload = person_profile.Payload.model_validate(body)
    profile, *jobs = person_profile.extract(payload)
    assert isinstance(profile, extracted.PersonProfile)
    assert values(profile, "linkedin_url", "full_name", "latest_title", "latest_start_date", "education") == (
        "https://www.linkedin.com/in/jane-doe-123",
        "Jane O\u2019Neil",
        "VP Engineering",
        date(2024, 8, 1),
        [{"school": "UCL"}],
    )
    assert [values(j, "position", "title", "is_current", "end_date") for j in jobs] == [
        (0, "VP Engineering", True, None),
        (1, "Director", False, date(2024, 7, 1)),
    ]


def test_person_discovery_flat_and_nested_latest() -> None:
    flat = {
        "linkedin_url": "linkedin.com/in/sam",
        "first_name": "Sam",
        "last_name": "Lee",
        "domain": "acme.com",
        "latest_experience_title": "CTO",
        "latest_experience_start_date": "2023",
    }
    [row] = person_discovery.extract(person_discovery.Payload.model_validate(flat))
    assert values(row, "full_name", "company_domain", "latest_title", "latest_start_date") == (
        "Sam Lee",
        "acme.com",
        "CTO",
        date(2023, 1, 1),
    )
    nested = {"linkedin_url": "linkedin.com/in/sam", "latest_experience": {"title": "CEO", "company": "Acme"}}
    [row] = person_discovery.extract(person_discovery.Payload.model_validate(nested))
    assert values(row, "latest_title", "latest_company") == ("CEO", "Acme")


def test_vc_portfolio_columns_and_canonical_names() -> None:
    body = {
        "company_name": "Co",
        "domain": "co.com",
        "vc": "a16z",
        "vc2": "Sequoia",
        "vc1": "Andreessen Horowitz",
        "vc_name": "",
        "investors": "Index Ventures, a16z",
    }
    payload = vc_portfolio.Payload.model_validate(body)
    rows = vc_portfolio.extract(payload)
    assert [r.vc_name_raw for r in rows] == ["a16z", "Andreessen Horowitz", "Sequoia", "Index Ventures"]
    lookups = Lookups(
        vc_names={
            "a16z": "Andreessen Horowitz",
            "andreessen horowitz": "Andreessen Horowitz",
            "sequoia": "Sequoia Capital",
        }
    )
    resolved = vc_portfolio.resolve(list(rows), lookups)
    assert [(r.vc_name, r.vc_name_raw) for r in resolved] == [  # type: ignore[attr-defined]
        ("Andreessen Horowitz", "a16z"),
        ("Sequoia Capital", "Sequoia"),
        ("Index Ventures", "Index Ventures"),
    ]


@pytest.mark.parametrize(
    ("amount", "usd"),
    [
        ("$10M", 10e6),
        ("USD 2.5 million", 2.5e6),
        ("12,000,000", 12e6),
        (5000, 5000.0),
        ("\u20ac3M", None),
        ("undisclosed", None),
    ],
)
def test_amount_usd(amount: object, usd: float | None) -> None:
    assert amount_usd(amount) == usd


def test_news_list_form_skips_articles_without_headline() -> None:
    body = {"company_domain": "x.com", "news": json.dumps([{"title": "Raises $5M", "amount": "$5M"}, {"url": "u"}])}
    rows = signal_news_fundraising.extract(signal_news_fundraising.Payload.model_validate(body))
    assert [values(r, "headline", "amount_usd") for r in rows] == [("Raises $5M", 5e6)]


# --- the pure half of the pipeline ---------------------------------------------------------------


def test_dedupe_key() -> None:
    a = {"b": 1, "a": [1, {"y": 2, "x": "\u2019"}]}
    b = json.loads('{"a": [1, {"x": "\u2019", "y": 2}], "b": 1}')
    assert dedupe_key("s", a) == dedupe_key("s", b)
    assert dedupe_key("s", a).startswith("sha256:")
    assert dedupe_key("s", a) != dedupe_key("t", a)
    assert dedupe_key("s", {**a, "idempotency_key": " k1 "}) == "k1"
    assert dedupe_key("s", {"raw_payload": json.dumps({"idempotencyKey": 7})}) == "7"
    assert dedupe_key("s", {"idempotency_key": "k1"}, "explicit") == "explicit"


def test_prepare_replaces_nul_and_flags_it() -> None:
    prepared = prepare(get_source("company_discovery"), {"domain": "a.com", "name": "A\u0000B", "k\u0000": 1})
    assert (prepared.status, prepared.had_nul) == ("stored", True)
    assert prepared.body == {"domain": "a.com", "name": "AB", "k": 1}
    assert "\\u0000" not in prepared.payload_json
    assert prepared.rows[0].name == "AB"  # type: ignore[attr-defined]


def test_prepare_rejects_with_paths_and_codes() -> None:
    prepared = prepare(get_source("signal_job_posting"), {"raw_payload": {"company_domain": "nope", "job_id": "1"}})
    assert prepared.status == "rejected"
    assert [(e.path, e.code) for e in prepared.errors] == [("raw_payload.company_domain", "INVALID_DOMAIN")]
    empty = prepare(get_source("signal_job_change"), {"raw_payload": {"person_linkedin_url": ""}})
    assert [(e.path, e.code) for e in empty.errors] == [("raw_payload.person_linkedin_url", "MISSING")]  # sent there
    missing = prepare(get_source("signal_job_change"), {"raw_payload": {"new_company_domain": "a.com"}})
    assert [(e.path, e.code) for e in missing.errors] == [("person_linkedin_url", "MISSING")]
    assert prepare(get_source("signal_new_hire"), "not json {").status == "rejected"


def test_prepare_turns_an_extractor_exception_into_failed() -> None:
    import dataclasses

    def boom(_: Any) -> list[Any]:
        raise KeyError("x")

    src = dataclasses.replace(get_source("company_discovery"), extract=boom)
    prepared = prepare(src, {"domain": "a.com"})
    assert prepared.status == "failed"
    assert [(e.code, e.message) for e in prepared.errors] == [("EXTRACTION_FAILED", "KeyError: 'x'")]
    assert prepared.subject == "a.com"


def test_group_rows_dedupes_on_the_natural_key_and_sorts() -> None:
    rows = [
        extracted.ClaygentCustomer(origin_company_domain="x.com", customer_name="B"),
        extracted.ClaygentCustomer(origin_company_domain="x.com", customer_name="A", confidence="1"),
        extracted.ClaygentCustomer(origin_company_domain="x.com", customer_name="A", confidence="2"),
    ]
    [(table, grouped)] = group_rows(rows)
    assert table.name == "claygent_customers"
    assert [(r["customer_name"], r["confidence"]) for r in grouped] == [("A", "1"), ("B", None)]


def test_claygent_output_quirks() -> None:
    whole = json.dumps({"customers": [{"companyName": "Okay, Cool Group"}], "stepsTaken": ["Visited https://a/"]})
    body = {
        "origin_company_domain": "x.com",
        "claygent_output": {"result": whole, "stepsTaken": "Visited https://a/, Visited: https://b/"},
    }
    payload = company_customers_claygent.Payload.model_validate(body)
    assert [r.customer_name for r in company_customers_claygent.extract(payload)] == ["Okay, Cool Group"]
    assert payload.claygent_output.steps_taken == ["https://a/", "https://b/"]


def test_experience_with_a_nested_company_object() -> None:
    job = {
        "title": "CTO",
        "company": {"name": "Acme, Inc.", "domain": "https://acme.com", "linkedin_url": "linkedin.com/company/acme"},
    }
    payload = person_profile.Payload.model_validate({"linkedin_url": "linkedin.com/in/x", "experience": [job]})
    [experience] = payload.experience
    assert (experience.company, experience.company_domain, experience.company_linkedin_url) == (
        "Acme, Inc.",
        "acme.com",
        "https://www.linkedin.com/company/acme",
    )


# --- hostile input -------------------------------------------------------------------------------

_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30)
_json = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=25,
)
# field names the sources read, so that the fuzzer reaches the extractors and not only the validators
_FIELDS = sorted(
    {
        name
        for source in SOURCES
        for field in source.payload.model_fields.values()
        for name in (getattr(field.validation_alias, "choices", None) or [])
        if isinstance(name, str)
    }
    | {"raw_payload", "customers", "result", "experience", "companyName", "vc1", "jobs", "news"}
)
# valid key fields underneath (so most bodies pass validation and reach extract), random fields on top
_KEYS = {
    "origin_company_domain": "acme.com",
    "company_domain": "acme.com",
    "domain": "acme.com",
    "linkedin_url": "linkedin.com/in/x",
    "person_linkedin_url": "linkedin.com/in/x",
}
hostile_payloads = st.dictionaries(
    st.sampled_from(_FIELDS), _json | st.just("acme.com") | st.just("linkedin.com/in/x")
).map(lambda fields: {**_KEYS, **fields})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=st.sampled_from([s.name for s in SOURCES]), body=hostile_payloads | _json)
def test_hostile_payloads_are_stored_or_rejected_never_raise(source: str, body: Any) -> None:
    prepared = prepare(get_source(source), body)
    assert prepared.status in ("stored", "rejected"), prepared.errors
    json.loads(prepared.payload_json)


def test_prepare_writes_json_postgres_accepts() -> None:
    body = {"domain": "a.com", "x": [float("inf"), float("nan"), -(2**70)], "s": "\ud800"}
    prepared = prepare(get_source("company_discovery"), body)
    assert prepared.status == "stored"
    assert json.loads(prepared.payload_json) == {"domain": "a.com", "x": [None, None, -(2**70)], "s": "?"}
    assert prepared.had_nul  # characters were replaced


def test_v2_promotion_reads_the_whole_latest_experience() -> None:
    from ingest.sources import signal_promotion

    event = {"reducedConfidenceReasons": {"r": 1}, "fullProfile": {
        "url": "https://www.linkedin.com/in/jane", "first_name": "Jane", "last_name": "Doe", "slug": "jane",
        "headline": "h", "location_name": "Austin", "country": "US",
        "latest_experience": {"company": "Acme", "company_domain": "acme.example", "title": "VP Sales",
                              "url": "https://www.linkedin.com/company/acme", "locality": "Austin, TX",
                              "start_date": "2025-02-01"}}}  # fmt: skip
    body = {"client_domain": "https://www.client.example/", "raw_promotion_payload": json.dumps(event)}
    [row] = signal_promotion.extract(signal_promotion.Payload.model_validate(body))
    assert values(
        row, "client_domain", "company_linkedin_url", "role_location", "new_title", "promotion_date", "person_slug"
    ) == ("client.example", "https://www.linkedin.com/company/acme", "Austin, TX", "VP Sales", date(2025, 2, 1), "jane")
    assert values(row, "first_name", "last_name", "person_headline", "person_location", "person_country") == (
        "Jane",
        "Doe",
        "h",
        "Austin",
        "US",
    )
    assert row.reduced_confidence_reasons == {"r": 1}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("name", "page"),
    [
        ("Acme Corp", "https://v.example/case-study/acme"),
        ("Globex", "https://v.example/blog/globex-launch"),
        ("Initech", None),
        ("AB", None),  # too short to tell apart from any address
    ],
)
def test_case_study_page_prefers_a_case_study_about_the_customer(name: str, page: str | None) -> None:
    from ingest.sources.customers import case_study_page

    pages = ["https://v.example/customers", "https://v.example/blog/acme-webinar", "https://v.example/case-study/acme"]
    assert case_study_page(name, [*pages, "https://v.example/blog/globex-launch"]) == page
