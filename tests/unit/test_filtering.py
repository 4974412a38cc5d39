"""The filter compiler as a pure function: typed filter + order + page in, Core statement out (no I/O)."""

from datetime import date
from typing import Any

import pytest
from sqlalchemy.dialects import postgresql

from gateway.companies.fields import CompanyFilter, CompanyOrder, CompanyOrderField
from gateway.companies.queries import COMPANIES
from gateway.errors import BadUserInput
from gateway.leads.fields import LEAD, LeadFacetDimension, LeadFilter, LeadOrder, LeadOrderField
from gateway.leads.sources import ALL_LEADS
from gateway.lists.compiler import compile_list, sort_keys
from gateway.lists.cursors import Page
from gateway.lists.types import DateRange, OrderDirection
from gateway.lists.values import MAX_LIST_VALUES, like_pattern
from gateway.signals.sources import AtVcPortfolio, ByPastEmployer, NewInRole, RecentlyPromoted


def sql(stmt: Any) -> tuple[str, dict[str, Any]]:
    compiled = stmt.compile(dialect=postgresql.dialect())
    return str(compiled), dict(compiled.params)


@pytest.mark.parametrize(
    ("text", "pattern"),
    [("acme", "%acme%"), ("100%", "%100\\%%"), ("a_b", "%a\\_b%"), ("back\\slash", "%back\\\\slash%")],
)
def test_user_text_is_literal_inside_the_like_pattern(text: str, pattern: str) -> None:
    assert like_pattern(text) == pattern


@pytest.mark.parametrize(("needle", "indexable"), [("a", False), ("ab", False), ("abc", True), ("Germany", True)])
def test_needles_without_a_trigram_are_not_offered_to_the_trigram_index(needle: str, indexable: bool) -> None:
    text, _ = sql(compile_list(ALL_LEADS, LeadFilter(full_name=needle, complete=False), None, Page()).page)
    assert "p.full_name ILIKE" in text
    # an index matches `column ILIKE pattern` only as a bare condition
    assert ("(p.full_name ILIKE %(full_name_1)s::VARCHAR) IS true" not in text) is indexable


def test_default_filter_applies_the_completeness_rule_and_false_drops_it() -> None:
    default, _ = sql(compile_list(ALL_LEADS, None, None, Page()).page)
    explicit, _ = sql(compile_list(ALL_LEADS, LeadFilter(complete=None), None, Page()).page)
    everyone, _ = sql(compile_list(ALL_LEADS, LeadFilter(complete=False), None, Page()).page)
    for text in (default, explicit):
        assert "p.matched_job_function != 'Miscellaneous'" in text
        assert "c.industry != ''" in text
        assert "coalesce(c.name, p.company_name) != ''" in text
    assert "Miscellaneous" not in everyone
    assert "!= ''" not in everyone


def test_filters_become_parameters_never_sql_text() -> None:
    f = LeadFilter(
        job_functions=["Engineering", "x'; DROP TABLE core.people; --"],
        full_name="o'brien 50%",
        company_domain="HTTPS://WWW.Acme.COM/about",
        job_start_date=DateRange(gte=date(2024, 1, 1)),
    )
    text, params = sql(compile_list(ALL_LEADS, f, None, Page()).page)
    assert "DROP TABLE" not in text
    assert "brien" not in text
    values = list(params.values())
    assert ["Engineering", "x'; DROP TABLE core.people; --"] in values
    assert "%o'brien 50\\%%" in values
    assert "acme.com" in values  # normalised: exact domain
    assert date(2024, 1, 1) in values
    assert "= ANY (" in text
    assert "ILIKE" in text


def test_bad_inputs_are_bad_user_input() -> None:
    with pytest.raises(BadUserInput, match="not a domain"):
        compile_list(ALL_LEADS, LeadFilter(company_domain="not a domain"), None, Page())
    with pytest.raises(BadUserInput, match="at most"):
        compile_list(ALL_LEADS, LeadFilter(industries=["x"] * (MAX_LIST_VALUES + 1)), None, Page())
    with pytest.raises(BadUserInput, match="PROMOTION_DATE"):
        compile_list(ALL_LEADS, None, [LeadOrder(field=LeadOrderField.PROMOTION_DATE)], Page())
    twice = [LeadOrder(field=LeadOrderField.FULL_NAME), LeadOrder(field=LeadOrderField.FULL_NAME)]
    with pytest.raises(BadUserInput, match="more than once"):
        compile_list(ALL_LEADS, None, twice, Page())


def test_every_order_ends_with_the_person_id_in_the_last_direction() -> None:
    keys = sort_keys(ALL_LEADS, None, None)
    assert [(k.name, k.descending) for k in keys] == [("person_id", False)]
    order = [
        LeadOrder(field=LeadOrderField.COMPANY_NAME),
        LeadOrder(field=LeadOrderField.JOB_START_DATE, direction=OrderDirection.DESC),
    ]
    keys = sort_keys(ALL_LEADS, LeadFilter(complete=False), order)
    assert [(k.name, k.descending) for k in keys] == [
        ("company_name", False),
        ("job_start_date", True),
        ("person_id", True),
    ]


def test_keys_are_non_null_only_where_the_rows_guarantee_it() -> None:
    def nullable(source: Any, f: LeadFilter | None, field: LeadOrderField) -> bool:
        return sort_keys(source, f, [LeadOrder(field=field)])[0].nullable

    assert nullable(ALL_LEADS, LeadFilter(complete=False), LeadOrderField.COMPANY_NAME)
    assert not nullable(ALL_LEADS, None, LeadOrderField.COMPANY_NAME)  # complete: company name known
    assert nullable(ALL_LEADS, None, LeadOrderField.FULL_NAME)
    assert not nullable(ALL_LEADS, LeadFilter(full_name="an"), LeadOrderField.FULL_NAME)
    assert nullable(ALL_LEADS, None, LeadOrderField.JOB_START_DATE)
    assert not nullable(NewInRole(since=date(2025, 1, 1)), None, LeadOrderField.JOB_START_DATE)
    assert not nullable(
        ALL_LEADS, LeadFilter(job_start_date=DateRange(lte=date(2020, 1, 1))), LeadOrderField.JOB_START_DATE
    )
    assert nullable(ALL_LEADS, LeadFilter(job_start_date=DateRange()), LeadOrderField.JOB_START_DATE)
    assert not nullable(RecentlyPromoted(since=date(2025, 1, 1)), None, LeadOrderField.PROMOTION_DATE)


def test_signal_sources_default_orders() -> None:
    promoted = sort_keys(RecentlyPromoted(since=date(2025, 1, 1)), None, None)
    assert [(k.name, k.descending) for k in promoted] == [("promotion_date", True), ("person_id", True)]
    new = sort_keys(NewInRole(since=date(2025, 1, 1)), None, None)
    assert [(k.name, k.descending) for k in new] == [("job_start_date", True), ("person_id", True)]


def test_a_page_asks_for_one_row_more_and_the_export_for_all() -> None:
    text, params = sql(compile_list(ALL_LEADS, None, None, Page(first=20, offset=40)).page)
    assert "LIMIT" in text
    assert "OFFSET" in text
    assert 21 in params.values()
    assert 40 in params.values()
    everything, _ = sql(compile_list(ALL_LEADS, None, None, None).page)
    assert "LIMIT" not in everything
    assert "ORDER BY p.id" in everything


def test_signal_sources_shape_the_statement() -> None:
    vc, _ = sql(compile_list(AtVcPortfolio(vc_names=("A",)), None, None, Page()).page)
    assert "array_agg(v.vc_name ORDER BY v.vc_name)" in vc
    alumni, params = sql(compile_list(ByPastEmployer(domains=("a.com",)), None, None, Page()).page)
    assert "NOT wh.is_current" in alumni
    assert ["a.com"] in params.values()
    promoted, _ = sql(compile_list(RecentlyPromoted(since=date(2025, 1, 1)), None, None, Page()).page)
    assert "NOT (EXISTS" in promoted  # one row per person: the latest promotion only


def test_facet_dimensions_are_deduplicated_in_request_order() -> None:
    dims = LEAD.facet_dimensions(
        d.value for d in [LeadFacetDimension.SENIORITY, LeadFacetDimension.JOB_FUNCTION, LeadFacetDimension.SENIORITY]
    )
    assert list(dims) == ["SENIORITY", "JOB_FUNCTION"]


def test_company_lists() -> None:
    text, params = sql(
        compile_list(
            COMPANIES,
            CompanyFilter(industries=["Software"], name="ac_me", domain="www.Acme.com"),
            [CompanyOrder(field=CompanyOrderField.NAME, direction=OrderDirection.DESC)],
            Page(first=10),
        ).page
    )
    assert "ORDER BY c.name DESC, c.id DESC" in text  # a name filter means no NULL names
    assert "%ac\\_me%" in params.values()
    assert "acme.com" in params.values()
    plain, _ = sql(compile_list(COMPANIES, None, [CompanyOrder(field=CompanyOrderField.NAME)], Page()).page)
    # a nullable first key: the non-NULL rows in index order, then the NULL rows, then ordered again
    assert "WHERE c.name IS NOT NULL ORDER BY c.name ASC, c.id ASC" in plain
    assert "WHERE c.name IS NULL ORDER BY c.id ASC" in plain
    assert "UNION ALL" in plain
    assert "AS page ORDER BY page.name IS NULL, page.name ASC, page.id ASC" in plain


def test_company_name_pages_walk_the_company_name_index_where_the_company_has_a_name() -> None:
    order = [LeadOrder(field=LeadOrderField.COMPANY_NAME, direction=OrderDirection.DESC)]
    text, _ = sql(compile_list(ALL_LEADS, None, order, Page()).page)
    assert "c.name IS NOT NULL ORDER BY c.name DESC, p.id DESC" in text
    assert "c.name IS NULL ORDER BY p.company_name DESC, p.id DESC" in text
    assert "ORDER BY page.company_name IS NULL, page.company_name DESC, page.person_id DESC" in text
    everyone, _ = sql(compile_list(ALL_LEADS, LeadFilter(complete=False), order, Page()).page)
    # without the completeness rule the name can be unknown: those rows come last, by person id
    assert "c.name IS NULL AND p.company_name IS NULL ORDER BY p.id DESC" in everyone


@pytest.mark.parametrize("text", ["a\x00b", "\ud800x"])
def test_text_postgres_cannot_store_is_refused_before_any_sql(text: str) -> None:
    for f in (LeadFilter(full_name=text), LeadFilter(job_functions=["ok", text])):
        with pytest.raises(BadUserInput):
            compile_list(ALL_LEADS, f, None, Page())
    with pytest.raises(BadUserInput):
        compile_list(COMPANIES, CompanyFilter(city=text), None, Page())
