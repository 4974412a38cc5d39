"""Fallback rules for titles, locations, industries and company sizes (no I/O)."""

import csv
from pathlib import Path

import pytest

from ingest.core_build.mapping import (
    EXECUTIVE_LEADERSHIP,
    EmployeeRange,
    LocationMapper,
    TitleMatch,
    clean_title,
    map_employee_range,
    map_industry,
    map_title_fallback,
)

REFERENCE = Path(__file__).resolve().parents[2] / "models" / "reference_data"


def _csv(name: str) -> list[dict[str, str]]:
    with (REFERENCE / name).open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


SENIORITIES = {r["name"] for r in _csv("seniorities.csv")}
FUNCTIONS = {r["name"] for r in _csv("job_functions.csv")}
LOOKUP = _csv("job_title_lookup.csv")


@pytest.mark.parametrize(
    ("title", "function", "seniority"),
    [
        ("VP Engineering", "Engineering", "VP"),
        ("vp, engineering", "Engineering", "VP"),
        ("Senior Vice President, Global Sales", "Sales", "VP"),
        ("Chief Executive Officer", EXECUTIVE_LEADERSHIP, "C-Level"),
        ("Co-Founder & CEO", EXECUTIVE_LEADERSHIP, "Founder"),
        ("Founder", EXECUTIVE_LEADERSHIP, "Founder"),
        ("President", EXECUTIVE_LEADERSHIP, "C-Level"),
        ("Founder & CTO", "Engineering", "Founder"),
        ("CTO", "Engineering", "C-Level"),
        ("Chief Marketing Officer", "Marketing", "C-Level"),
        ("Director of Demand Generation", "Marketing", "Director"),
        ("Head of Growth", "Marketing", "Head"),
        ("Senior Software Engineer", "Engineering", "Senior"),
        ("Backend Developer @ Acme", "Engineering", "Mid-Level"),
        ("SDR", "Sales", "Entry"),
        ("Business Development Representative", "Sales", "Entry"),
        ("Enterprise Account Executive", "Sales", "Mid-Level"),
        ("Engineering Manager", "Engineering", "Manager"),
        ("Product Manager", "Product", "Mid-Level"),
        ("Marketing Intern", "Marketing", "Intern"),
        ("Junior Accountant", "Finance", "Entry"),
        ("Talent Acquisition Partner", "Human Resources", "Mid-Level"),
        ("Director", "Miscellaneous", "Director"),
    ],
)
def test_common_titles_map_by_the_ordered_rules(title: str, function: str, seniority: str) -> None:
    match = map_title_fallback(title)
    assert match is not None
    assert (match.job_function, match.seniority) == (function, seniority)


def test_vice_presidents_and_directors_never_become_executive_leadership() -> None:
    for title in ("Vice President of Operations", "VP Engineering", "Director of Finance", "SVP Product"):
        match = map_title_fallback(title)
        assert match is not None, title
        assert match.job_function != EXECUTIVE_LEADERSHIP, title


def test_executive_leadership_only_for_c_suite_founders_and_presidents() -> None:
    for row in LOOKUP:
        match = map_title_fallback(row["raw_value"])
        if match and match.job_function == EXECUTIVE_LEADERSHIP:
            assert match.seniority in ("C-Level", "Founder"), row["raw_value"]


def test_unknown_words_are_not_mapped() -> None:
    assert map_title_fallback("Wizard of Light") is None
    assert map_title_fallback("   ") is None
    assert map_title_fallback(None) is None


def test_every_value_is_in_the_reference_vocabulary() -> None:
    titles = [r["raw_value"] for r in LOOKUP] + ["Chief Happiness Officer", "Staff Platform Engineer", "Owner"]
    matches = [m for t in titles if (m := map_title_fallback(t)) is not None]
    assert {m.seniority for m in matches} <= SENIORITIES
    assert {m.job_function for m in matches} <= FUNCTIONS


def test_the_rules_agree_with_the_reference_lookup_on_most_of_its_titles() -> None:
    # The lookup always wins; this measures how well the rules do where it has no entry.
    matches = [(r, map_title_fallback(r["raw_value"])) for r in LOOKUP]
    mapped = [(r, m) for r, m in matches if m is not None]
    function = sum(m.job_function == r["job_function"] for r, m in mapped) / len(LOOKUP)
    seniority = sum(m.seniority == r["seniority"] for r, m in mapped) / len(LOOKUP)
    assert len(mapped) / len(LOOKUP) > 0.95
    assert function > 0.85, function
    assert seniority > 0.85, seniority


def test_clean_title_tidies_without_inventing() -> None:
    assert clean_title("  senior   software engineer  ") == "Senior Software Engineer"
    assert clean_title("VP SALES | Advisor | Speaker") == "VP Sales"
    assert clean_title("Head of Data at Acme Corp") == "Head of Data"
    assert map_title_fallback("cto") == TitleMatch("CTO", "Engineering", "C-Level")


MAPPER = LocationMapper(
    {"united states": "United States", "us": "United States", "usa": "United States", "germany": "Germany",
     "de": "Germany", "united kingdom": "United Kingdom", "uk": "United Kingdom", "france": "France"}
)  # fmt: skip


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Austin, Texas, United States", ("Austin", "Texas", "United States")),
        ("Austin, TX", ("Austin", "Texas", "United States")),
        ("Berlin, Germany", ("Berlin", None, "Germany")),
        ("Munich, Bavaria, DE", ("Munich", "Bavaria", "Germany")),
        ("Greater Boston Area, MA", ("Boston", "Massachusetts", "United States")),
        ("United Kingdom", (None, None, "United Kingdom")),
        ("california", (None, "California", "United States")),
    ],
)
def test_locations_split_into_city_state_country(raw: str, expected: tuple[str | None, ...]) -> None:
    match = MAPPER.map(raw)
    assert match is not None
    assert (match.city, match.state, match.country) == expected


def test_locations_without_a_known_country_are_not_guessed() -> None:
    assert MAPPER.map("Remote") is None
    assert MAPPER.map("Atlantis, Ocean") is None
    assert MAPPER.map("") is None


RANGES = [EmployeeRange(r["name"], int(r["min_employees"]), int(r["max_employees"] or 0) or None)
          for r in _csv("employee_ranges.csv")]  # fmt: skip


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("51-200 employees", "51-200"),
        ("1,001-5,000", "1001-5000"),
        ("10,001+ employees", "10001+"),
        ("5k-10k", "5001-10000"),
        ("5,000-10,000 employees", "5001-10000"),
        ("0-1 employees", "1-10"),
        (7, "1-10"),
        (250, "201-500"),
        ("self-employed", None),
    ],
)
def test_employee_ranges_from_text_or_head_count(raw: str | int, expected: str | None) -> None:
    assert map_employee_range(raw, RANGES) == expected


def test_industry_names_match_the_vocabulary_case_insensitively() -> None:
    industries = [r["name"] for r in _csv("industries.csv")]
    name = industries[0]
    assert map_industry(name.upper(), industries) == name
    assert map_industry("Widgets and Gadgets Galore", industries) is None
