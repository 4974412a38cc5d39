"""Consistency checks for the reference data CSVs in models/reference_data (no database needed)."""

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

DATA_DIR = Path(__file__).resolve().parents[2] / "models" / "reference_data"

HEADERS = {
    "job_functions.csv": ["name", "sort_order"],
    "seniorities.csv": ["name", "sort_order", "rank"],
    "employee_ranges.csv": ["name", "min_employees", "max_employees", "sort_order"],
    "industries.csv": ["name", "sort_order"],
    "countries.csv": ["name", "iso2", "iso3"],
    "signals.csv": ["name", "label", "description", "sort_order"],
    "business_models.csv": ["name", "label", "sort_order"],
    "vc_firms.csv": ["name", "aliases", "website", "sort_order"],
    "job_title_lookup.csv": ["raw_value", "cleaned_title", "job_function", "seniority"],
    "location_lookup.csv": ["raw_value", "city", "state", "country"],
    "industry_lookup.csv": ["raw_value", "matched_industry"],
    "employee_range_lookup.csv": ["raw_value", "matched_employee_range"],
}

# file -> (key column that must be unique case-insensitively, minimum row count)
KEYS = {
    "job_functions.csv": ("name", 22),
    "seniorities.csv": ("name", 12),
    "employee_ranges.csv": ("name", 8),
    "industries.csv": ("name", 140),
    "countries.csv": ("name", 245),
    "signals.csv": ("name", 7),
    "business_models.csv": ("name", 3),
    "vc_firms.csv": ("name", 50),
    "job_title_lookup.csv": ("raw_value", 600),
    "location_lookup.csv": ("raw_value", 400),
    "industry_lookup.csv": ("raw_value", 140),
    "employee_range_lookup.csv": ("raw_value", 20),
}

SENIORITIES = [
    "C-Level",
    "Founder",
    "Partner",
    "Owner",
    "VP",
    "Director",
    "Head",
    "Manager",
    "Senior",
    "Mid-Level",
    "Entry",
    "Intern",
]
EMPLOYEE_RANGES = ["1-10", "11-50", "51-200", "201-500", "501-1000", "1001-5000", "5001-10000", "10001+"]
SIGNALS = [
    "new_in_role",
    "recently_promoted",
    "vc_portfolio",
    "past_employer",
    "company_customers",
    "job_posting",
    "news_fundraising",
]
EXEC = "Executive Leadership"
EXEC_SENIORITIES = {"C-Level", "Founder", "Owner", "Partner"}
# Seniorities every department function must offer (the demo data generator relies on it).
DEPARTMENT_SENIORITIES = ["VP", "Director", "Head", "Manager", "Senior", "Mid-Level", "Entry", "Intern"]
VP_OR_DIRECTOR = re.compile(r"\b(vp|svp|evp|avp|vice president|director)\b", re.IGNORECASE)


def load(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def header(name: str) -> list[str]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as fh:
        return next(csv.reader(fh))


def names(name: str, column: str = "name") -> set[str]:
    return {row[column] for row in load(name)}


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_header(name: str) -> None:
    assert header(name) == HEADERS[name]


@pytest.mark.parametrize("name", sorted(KEYS))
def test_keys_unique_and_row_minimum(name: str) -> None:
    column, minimum = KEYS[name]
    rows = load(name)
    assert len(rows) >= minimum
    keys = [row[column].strip().lower() for row in rows]
    assert all(keys), f"empty {column} in {name}"
    duplicates = [key for key, count in Counter(keys).items() if count > 1]
    assert not duplicates, duplicates
    for row in rows:
        assert None not in row, f"extra columns in {name}: {row}"
        for key, value in row.items():
            assert value == value.strip(), f"{name}.{key} has surrounding whitespace: {value!r}"


@pytest.mark.parametrize("name", sorted(n for n in HEADERS if "sort_order" in HEADERS[n]))
def test_sort_order_is_1_to_n(name: str) -> None:
    orders = [int(row["sort_order"]) for row in load(name)]
    assert sorted(orders) == list(range(1, len(orders) + 1))


def test_job_functions_required() -> None:
    functions = names("job_functions.csv")
    assert {EXEC, "Miscellaneous", "Engineering", "Sales", "Marketing", "Finance"} <= functions


def test_seniorities_vocabulary_and_order() -> None:
    rows = sorted(load("seniorities.csv"), key=lambda r: int(r["sort_order"]))
    assert [r["name"] for r in rows] == SENIORITIES
    ranks = [int(r["rank"]) for r in rows]
    assert ranks == sorted(ranks, reverse=True), "rank must decrease with sort_order (highest first)"


def test_employee_ranges() -> None:
    rows = sorted(load("employee_ranges.csv"), key=lambda r: int(r["sort_order"]))
    assert [r["name"] for r in rows] == EMPLOYEE_RANGES
    previous_max = 0
    for row in rows:
        assert int(row["min_employees"]) == previous_max + 1
        if row["name"] == "10001+":
            assert row["max_employees"] == ""
        else:
            previous_max = int(row["max_employees"])
            assert previous_max >= int(row["min_employees"])


def test_signals_and_business_models() -> None:
    signals = sorted(load("signals.csv"), key=lambda r: int(r["sort_order"]))
    assert [r["name"] for r in signals] == SIGNALS
    assert all(r["label"] and r["description"] for r in signals)
    assert names("business_models.csv") == {"B2B", "B2C", "BOTH"}


def test_countries() -> None:
    rows = load("countries.csv")
    for column, length in (("iso2", 2), ("iso3", 3)):
        codes = [row[column] for row in rows]
        assert all(re.fullmatch(rf"[A-Z]{{{length}}}", code) for code in codes), column
        assert len(set(codes)) == len(codes), f"duplicate {column}"
    by_iso2 = {row["iso2"]: row for row in rows}
    assert by_iso2["US"]["name"] == "United States"
    assert by_iso2["GB"]["name"] == "United Kingdom"
    assert by_iso2["DE"]["iso3"] == "DEU"


def test_vc_firm_aliases_do_not_collide() -> None:
    seen: dict[str, str] = {}
    for row in load("vc_firms.csv"):
        firm = row["name"]
        aliases = [a for a in row["aliases"].split("|") if a] if row["aliases"] else []
        assert all(a == a.strip() for a in aliases), firm
        assert row["website"].startswith("https://"), firm
        for value in [firm, *aliases]:
            key = value.lower()
            assert key not in seen, f"{value!r} of {firm} collides with {seen[key]}"
            seen[key] = firm
    firms = names("vc_firms.csv")
    assert {"Andreessen Horowitz", "Sequoia Capital", "Y Combinator", "Accel"} <= firms
    assert seen["a16z"] == "Andreessen Horowitz"
    assert seen["yc"] == "Y Combinator"


def test_job_title_lookup_references() -> None:
    functions = names("job_functions.csv")
    seniorities = names("seniorities.csv")
    for row in load("job_title_lookup.csv"):
        assert row["cleaned_title"], row
        assert row["job_function"] in functions, row
        assert row["seniority"] in seniorities, row


def test_executive_leadership_only_for_top_executives() -> None:
    for row in load("job_title_lookup.csv"):
        if row["job_function"] == EXEC:
            assert row["seniority"] in EXEC_SENIORITIES, row
        if row["seniority"] in {"VP", "Director"}:
            assert row["job_function"] != EXEC, row
        # "Managing Director" is a top executive title; any other VP / director keeps its department.
        title = re.sub(r"managing director", "", row["raw_value"], flags=re.IGNORECASE)
        if VP_OR_DIRECTOR.search(title):
            assert row["job_function"] != EXEC, row


@pytest.mark.parametrize(
    ("raw", "function", "seniority"),
    [
        ("CEO", EXEC, "C-Level"),
        ("Founder", EXEC, "Founder"),
        ("Co-Founder & CEO", EXEC, "Founder"),
        ("President", EXEC, "C-Level"),
        ("COO", EXEC, "C-Level"),
        ("Managing Director", EXEC, "C-Level"),
        ("CTO", "Engineering", "C-Level"),
        ("CFO", "Finance", "C-Level"),
        ("CMO", "Marketing", "C-Level"),
        ("CRO", "Sales", "C-Level"),
        ("VP Engineering", "Engineering", "VP"),
        ("VP of Sales", "Sales", "VP"),
        ("Director, Product Marketing", "Marketing", "Director"),
        ("Head of Growth", "Marketing", "Head"),
        ("Sr. Software Engineer", "Engineering", "Senior"),
        ("Software Engineer II", "Engineering", "Mid-Level"),
        ("SDR", "Sales", "Entry"),
        ("Account Executive", "Sales", "Mid-Level"),
    ],
)
def test_job_title_examples(raw: str, function: str, seniority: str) -> None:
    by_raw = {row["raw_value"].lower(): row for row in load("job_title_lookup.csv")}
    row = by_raw[raw.lower()]
    assert (row["job_function"], row["seniority"]) == (function, seniority)


def test_every_function_has_many_titles_at_common_seniorities() -> None:
    pairs = Counter((row["job_function"], row["seniority"]) for row in load("job_title_lookup.csv"))
    per_function = Counter(row["job_function"] for row in load("job_title_lookup.csv"))
    for function in names("job_functions.csv"):
        assert per_function[function] >= 10, function
        wanted = sorted(EXEC_SENIORITIES) if function == EXEC else DEPARTMENT_SENIORITIES
        missing = [s for s in wanted if not pairs[(function, s)]]
        assert not missing, f"{function} has no titles for {missing}"


def test_location_lookup() -> None:
    countries = names("countries.csv")
    rows = load("location_lookup.csv")
    for row in rows:
        assert row["country"] in countries, row
    share = Counter(row["country"] for row in rows)
    assert 0.35 <= share["United States"] / len(rows) <= 0.55
    for country in (
        "United Kingdom",
        "Germany",
        "France",
        "Canada",
        "India",
        "Netherlands",
        "Australia",
        "Spain",
        "Israel",
        "Brazil",
        "Sweden",
        "Singapore",
    ):
        assert share[country] >= 2, country
    assert len(share) >= 30
    by_raw = {row["raw_value"]: row for row in rows}
    assert by_raw["San Francisco Bay Area"]["city"] == "San Francisco"
    assert by_raw["London, England, United Kingdom"]["country"] == "United Kingdom"


def test_industry_lookup() -> None:
    industries = names("industries.csv")
    rows = load("industry_lookup.csv")
    for row in rows:
        assert row["matched_industry"] in industries, row
    by_raw = {row["raw_value"].lower(): row["matched_industry"] for row in rows}
    assert by_raw["computer software"] == "Software Development"
    assert by_raw["information technology & services"] == "IT Services and IT Consulting"


def test_employee_range_lookup() -> None:
    ranges = names("employee_ranges.csv")
    rows = load("employee_range_lookup.csv")
    for row in rows:
        assert row["matched_employee_range"] in ranges, row
    by_raw = {row["raw_value"].lower(): row["matched_employee_range"] for row in rows}
    assert by_raw["51-200 employees"] == "51-200"
    assert by_raw["2-10 employees"] == "1-10"
    assert by_raw["myself only"] == "1-10"
    assert by_raw["10,001+ employees"] == "10001+"
    assert set(by_raw.values()) == ranges
