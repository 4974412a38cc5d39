"""Unit tests for ingest.normalize, with the quirks of the real Clay samples."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

from ingest.normalize import (
    canonical_json,
    clean_text,
    company_name_key,
    is_valid_domain,
    linkedin_slug,
    linkedin_url_type,
    normalize_domain,
    normalize_linkedin_url,
    parse_bool,
    parse_date,
    parse_datetime,
    parse_float,
    parse_int,
    parse_json_maybe,
    split_list,
    strip_nul,
    strip_visited_prefix,
)

# --- domains -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("HTTPS://WWW.Example.com/about?x=1", "example.com"),
        ("app.example.co.uk", "app.example.co.uk"),
        ("www.xtrachef.com", "xtrachef.com"),  # samples: origin_company_domain
        ("http://www.open.money", "open.money"),  # samples: company_customer_domain
        ("forethought.ai", "forethought.ai"),
        ("  Example.COM.  ", "example.com"),
        ("https://user:secret@www.example.com:8443/path#frag", "example.com"),
        ("example.com:8080", "example.com"),
        ("example.com/about/team", "example.com"),
        ("example.com?utm=1", "example.com"),
        ("example.com#top", "example.com"),
        ("//cdn.example.com/lib.js", "cdn.example.com"),
        ("jane@acme.io", "acme.io"),
        ("blog.example.com", "blog.example.com"),
        ("www2.example.com", "www2.example.com"),
        ("www.www.example.com", "www.example.com"),
        ("www.com", "www.com"),  # stripping www. would leave no domain
        ("Bücher.DE", "bücher.de"),
        ("xn--bcher-kva.de", "xn--bcher-kva.de"),
        ("my-company.io", "my-company.io"),
        ("monday.com", "monday.com"),
    ],
)
def test_normalize_domain(raw: str, expected: str) -> None:
    assert normalize_domain(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        None,
        "",
        "   ",
        "localhost",
        "example",
        "https://",
        "exa mple.com",
        "Visited https://xtrachef.com/customers/",
        "ex_ample.com",
        "-example.com",
        "example-.com",
        "example..com",
        "example.c",
        "192.168.0.1",
        "example.com:abc",
        "exa!mple.com",
        "a" * 64 + ".com",
    ],
)
def test_normalize_domain_rejects_invalid(raw: str | None) -> None:
    assert normalize_domain(raw) is None


def test_normalize_domain_is_idempotent() -> None:
    once = normalize_domain("HTTP://WWW.Sub.Example.COM:80/x")
    assert once == "sub.example.com"
    assert normalize_domain(once) == once


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("example.com", True),
        ("app.example.co.uk", True),
        ("Example.COM", True),
        ("xn--p1ai.xn--p1ai", True),
        ("example", False),
        ("", False),
        ("example.com/", False),
        ("https://example.com", False),
        ("exa mple.com", False),
        ("1.2.3.4", False),
        ("example.com.", False),
        ("-a.com", False),
        ("a" * 250 + ".com", False),
    ],
)
def test_is_valid_domain(value: str, expected: bool) -> None:
    assert is_valid_domain(value) is expected


# --- LinkedIn ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://www.linkedin.com/company/xtrachef/", "https://www.linkedin.com/company/xtrachef"),
        ("https://www.linkedin.com/company/graphiant", "https://www.linkedin.com/company/graphiant"),
        (
            "https://www.linkedin.com/company/forethought-ai/",
            "https://www.linkedin.com/company/forethought-ai",
        ),
        ("https://www.linkedin.com/company/radarlabs/about/", "https://www.linkedin.com/company/radarlabs"),
        ("https://www.linkedin.com/in/jane-doe-123/", "https://www.linkedin.com/in/jane-doe-123"),
        ("http://linkedin.com/in/jane-doe", "https://www.linkedin.com/in/jane-doe"),
        ("https://uk.linkedin.com/in/Jane-Doe", "https://www.linkedin.com/in/jane-doe"),
        ("https://de.linkedin.com/in/max?originalSubdomain=de", "https://www.linkedin.com/in/max"),
        ("HTTPS://WWW.LINKEDIN.COM/IN/ABC/#experience", "https://www.linkedin.com/in/abc"),
        ("linkedin.com/in/x", "https://www.linkedin.com/in/x"),
        ("www.linkedin.com/in/x/", "https://www.linkedin.com/in/x"),
        ("  https://www.linkedin.com/in/x  ", "https://www.linkedin.com/in/x"),
        ("https://www.linkedin.com/in/x/en", "https://www.linkedin.com/in/x"),
        ("https://www.linkedin.com:443/in/x", "https://www.linkedin.com/in/x"),
        ("https://www.linkedin.com/in/Ren%C3%A9-M", "https://www.linkedin.com/in/ren%c3%a9-m"),
        (
            "https://www.linkedin.com/school/stanford-university/",
            "https://www.linkedin.com/school/stanford-university",
        ),
        ("https://www.linkedin.com/showcase/aws-startups/", "https://www.linkedin.com/showcase/aws-startups"),
        (
            "https://www.linkedin.com/sales/lead/ACwAAAbCdEf,NAME_SEARCH,xY12",
            "https://www.linkedin.com/sales/lead/ACwAAAbCdEf",
        ),
        (
            "https://www.linkedin.com/sales/people/ACwAAAbCdEf,NAME_SEARCH",
            "https://www.linkedin.com/sales/lead/ACwAAAbCdEf",
        ),
    ],
)
def test_normalize_linkedin_url(raw: str, expected: str) -> None:
    assert normalize_linkedin_url(raw) == expected
    assert normalize_linkedin_url(expected) == expected


@pytest.mark.parametrize(
    "raw",
    [
        None,
        "",
        "https://example.com/in/jane",
        "https://notlinkedin.com/in/jane",
        "https://linkedin.com.evil.io/in/jane",
        "https://www.linkedin.com/",
        "https://www.linkedin.com/feed/",
        "https://www.linkedin.com/in/",
        "https://www.linkedin.com/sales/lead/",
        "ftp://www.linkedin.com/in/jane",
        "https://www.linkedin.com/in/jane doe",
        "jane-doe",
    ],
)
def test_normalize_linkedin_url_rejects_other_urls(raw: str | None) -> None:
    assert normalize_linkedin_url(raw) is None


@pytest.mark.parametrize(
    ("url", "kind", "slug"),
    [
        ("https://www.linkedin.com/in/jane-doe", "person", "jane-doe"),
        ("https://www.linkedin.com/company/xtrachef", "company", "xtrachef"),
        ("https://www.linkedin.com/school/mit", "school", "mit"),
        ("https://www.linkedin.com/showcase/aws-startups", "showcase", "aws-startups"),
        ("https://www.linkedin.com/sales/lead/ACwAAAbCdEf", "sales_navigator", "ACwAAAbCdEf"),
        ("uk.linkedin.com/in/Jane-Doe/", "person", "jane-doe"),
        ("https://example.com/in/jane", None, None),
        ("https://www.linkedin.com/jobs/view/123", None, None),
    ],
)
def test_linkedin_url_type_and_slug(url: str, kind: str | None, slug: str | None) -> None:
    assert linkedin_url_type(url) == kind
    assert linkedin_slug(url) == slug


# --- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2023-10-01", date(2023, 10, 1)),
        ("2026-02-18 03:36:51.601", date(2026, 2, 18)),
        ("2026-01-08 00:46:57.190453+00", date(2026, 1, 8)),
        ("2024-01-05T23:30:00Z", date(2024, 1, 5)),
        ("2024-01-05T23:30:00-05:00", date(2024, 1, 5)),  # the date as written, no shift
        ("2024-1-5", date(2024, 1, 5)),
        ("2023/10/01", date(2023, 10, 1)),
        ("20231001", date(2023, 10, 1)),
        ("08-2024", date(2024, 8, 1)),
        ("8/2024", date(2024, 8, 1)),
        ("2024-08", date(2024, 8, 1)),
        ("2024", date(2024, 1, 1)),
        ("  2024-08  ", date(2024, 8, 1)),
        ("Aug 2024", date(2024, 8, 1)),
        ("August 2024", date(2024, 8, 1)),
        ("Jan-2024", date(2024, 1, 1)),
        ("Sept. 2024", date(2024, 9, 1)),
        ("MAY 2024", date(2024, 5, 1)),
        ("Aug 15, 2024", date(2024, 8, 15)),
        ("15 August 2024", date(2024, 8, 15)),
        ("1st Aug 2024", date(2024, 8, 1)),
        ("15-Aug-2024", date(2024, 8, 15)),
        ("10/01/2023", date(2023, 10, 1)),  # US month/day/year
        ("13/01/2023", date(2023, 1, 13)),  # only day/month/year makes sense
        ("01.10.2023", date(2023, 10, 1)),  # European day.month.year
        (date(2024, 2, 29), date(2024, 2, 29)),
        (datetime(2024, 2, 29, 23, 59, tzinfo=UTC), date(2024, 2, 29)),
        (1700000000, date(2023, 11, 14)),
        (1700000000000, date(2023, 11, 14)),
        ("1700000000", date(2023, 11, 14)),
        (1700000000.5, date(2023, 11, 14)),
        (Decimal(1700000000), date(2023, 11, 14)),
        (2024, date(2024, 1, 1)),
        (2024.0, date(2024, 1, 1)),
    ],
)
def test_parse_date(raw: object, expected: date) -> None:
    assert parse_date(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        None,
        "",
        "   ",
        "Present",
        "present",
        "Current",
        "garbage",
        "Foo 2024",
        "2024-13-01",
        "02/30/2024",
        "13/13/2023",
        "2024-01-05 garbage",
        "12345",
        "0",
        0,
        -5,
        True,
        float("nan"),
        float("inf"),
        10**20,
        [],
        {"date": "2024-01-01"},
    ],
)
def test_parse_date_rejects_missing_and_garbage(raw: object) -> None:
    assert parse_date(raw) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-01-08 00:46:57.190453+00", datetime(2026, 1, 8, 0, 46, 57, 190453, tzinfo=UTC)),
        ("2026-02-18 03:36:51.601", datetime(2026, 2, 18, 3, 36, 51, 601000, tzinfo=UTC)),
        ("2024-01-05T23:30:00Z", datetime(2024, 1, 5, 23, 30, tzinfo=UTC)),
        ("2024-01-05T23:30:00-05:00", datetime(2024, 1, 6, 4, 30, tzinfo=UTC)),
        ("2024-01-05T23:30", datetime(2024, 1, 5, 23, 30, tzinfo=UTC)),
        ("2023-10-01", datetime(2023, 10, 1, tzinfo=UTC)),
        ("08-2024", datetime(2024, 8, 1, tzinfo=UTC)),
        ("Aug 2024", datetime(2024, 8, 1, tzinfo=UTC)),
        ("1700000000", datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)),
        (1700000000, datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)),
        (1700000000123, datetime(2023, 11, 14, 22, 13, 20, 123000, tzinfo=UTC)),
        (datetime(2024, 1, 2, 3, 4, 5), datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)),  # noqa: DTZ001
        (
            datetime(2024, 1, 2, 23, 0, tzinfo=timezone(timedelta(hours=-5))),
            datetime(2024, 1, 3, 4, 0, tzinfo=UTC),
        ),
        (date(2024, 1, 2), datetime(2024, 1, 2, tzinfo=UTC)),
    ],
)
def test_parse_datetime(raw: object, expected: datetime) -> None:
    parsed = parse_datetime(raw)
    assert parsed == expected
    assert parsed is not None
    assert parsed.tzinfo is UTC


@pytest.mark.parametrize("raw", [None, "", "Present", "not a date", True, 0, float("nan"), {}])
def test_parse_datetime_rejects_missing_and_garbage(raw: object) -> None:
    assert parse_datetime(raw) is None


# --- text and JSON -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Okay, Cool Group ", "Okay, Cool Group"),
        ("Trudy\u2019s", "Trudy\u2019s"),  # kept as sent: only keys are normalised
        ("a\x00b", "ab"),
        ("line one\nline two", "line one\nline two"),
        (12, "12"),
        (1.5, "1.5"),
        (Decimal("2.50"), "2.50"),
    ],
)
def test_clean_text(raw: object, expected: str) -> None:
    assert clean_text(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [None, "", "   ", "\t\n", "null", "NULL", "N/A", "n/a", "None", "undefined", "\x00", True, [], {}],
)
def test_clean_text_missing_values(raw: object) -> None:
    assert clean_text(raw) is None


def test_strip_nul_replaces_in_strings_and_keys() -> None:
    payload = {"na\x00me": "Acme\x00 Inc", "tags": ["a\x00", 1, None, {"k": "v\x00"}], "n": 2.5}
    clean, changed = strip_nul(payload)
    assert changed is True
    assert clean == {"name": "Acme Inc", "tags": ["a", 1, None, {"k": "v"}], "n": 2.5}
    assert "\x00" not in json.dumps(clean)
    assert payload["na\x00me"] == "Acme\x00 Inc"  # the input is not mutated


@pytest.mark.parametrize("obj", [{"a": ["b", {"c": 1}]}, "plain", 3, None, [], ("x", "y")])
def test_strip_nul_unchanged_returns_same_object(obj: Any) -> None:
    clean, changed = strip_nul(obj)
    assert changed is False
    assert clean is obj


def test_strip_nul_keeps_tuples_as_tuples() -> None:
    assert strip_nul(("a\x00", "b")) == (("a", "b"), True)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('{"response": "x", "customers": []}', {"response": "x", "customers": []}),
        ('  [1, "two"]  ', [1, "two"]),
        (json.dumps(json.dumps({"a": 1})), {"a": 1}),  # doubly encoded
        (json.dumps(json.dumps(["a"])), ["a"]),
        ('"just a string"', '"just a string"'),
        ("plain text", "plain text"),
        ("{not json", "{not json"),
        ("", ""),
        ("42", "42"),
        ("true", "true"),
        (json.dumps(json.dumps(json.dumps({"a": 1}))), json.dumps(json.dumps(json.dumps({"a": 1})))),
        ({"already": "parsed"}, {"already": "parsed"}),
        (None, None),
        (5, 5),
    ],
)
def test_parse_json_maybe(raw: object, expected: object) -> None:
    assert parse_json_maybe(raw) == expected


def test_parse_json_maybe_on_sample_raw_payload() -> None:
    # The claygent samples carry raw_payload as a JSON string with curly apostrophes inside.
    raw_payload = json.dumps(
        {"customers": [{"companyName": "Trudy\u2019s", "hasCaseStudy": True}], "confidence": "high"},
        ensure_ascii=False,
    )
    parsed = parse_json_maybe(raw_payload)
    assert parsed == {
        "customers": [{"companyName": "Trudy\u2019s", "hasCaseStudy": True}],
        "confidence": "high",
    }


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Visited https://xtrachef.com/customers/", "https://xtrachef.com/customers/"),
        (
            "Visited https://xtrachef.com/resources/?sf_paged=18",
            "https://xtrachef.com/resources/?sf_paged=18",
        ),
        ("  visited   https://x.com/a ", "https://x.com/a"),
        ("Visited: https://x.com/a", "https://x.com/a"),
        ("https://x.com/a", "https://x.com/a"),
        ("Visitedhttps://x.com", "Visitedhttps://x.com"),
    ],
)
def test_strip_visited_prefix(raw: str, expected: str) -> None:
    assert strip_visited_prefix(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("A, B, C", ["A", "B", "C"]),
        ("Assured Allies,Anzu ,  Autify", ["Assured Allies", "Anzu", "Autify"]),
        ("a;b; c", ["a", "b", "c"]),
        ("Okay, Cool Group; Trudy\u2019s", ["Okay, Cool Group", "Trudy\u2019s"]),  # strongest separator wins
        ("Okay, Cool Group\nMighty Quinn\u2019s", ["Okay, Cool Group", "Mighty Quinn\u2019s"]),
        (
            "* Assured Allies\n* Anzu\n\n- Autify\n1. BambooHR\n• Bynder",
            ["Assured Allies", "Anzu", "Autify", "BambooHR", "Bynder"],
        ),
        ("a, b, a, , null", ["a", "b"]),
        ('["Okay, Cool Group", "Kobeyaki", "Kobeyaki"]', ["Okay, Cool Group", "Kobeyaki"]),
        (json.dumps(json.dumps(["x", "y"])), ["x", "y"]),
        (["x", " y ", None, "", ["z", "x"], 3, {"a": 1}], ["x", "y", "z", "3"]),
        (["Okay, Cool Group"], ["Okay, Cool Group"]),  # list items are never split
        (("b", "a"), ["b", "a"]),
        ("single", ["single"]),
        (7, ["7"]),
        ("", []),
        ("   ", []),
        (None, []),
        ({"a": 1}, []),
    ],
)
def test_split_list(raw: object, expected: list[str]) -> None:
    assert split_list(raw) == expected


def test_canonical_json_is_deterministic() -> None:
    first = {"b": 1, "a": {"y": [1, 2], "x": "Trudy\u2019s"}}
    second = {"a": {"x": "Trudy\u2019s", "y": [1, 2]}, "b": 1}
    assert canonical_json(first) == canonical_json(second)
    assert canonical_json(first) == '{"a":{"x":"Trudy\u2019s","y":[1,2]},"b":1}'.encode()
    assert hashlib.sha256(canonical_json(first)).hexdigest() == hashlib.sha256(canonical_json(second)).hexdigest()


def test_canonical_json_distinguishes_values() -> None:
    assert canonical_json({"a": 1}) != canonical_json({"a": "1"})
    assert canonical_json([1, 2]) != canonical_json([2, 1])
    assert canonical_json({"a": None}) == b'{"a":null}'


def test_canonical_json_survives_lone_surrogates() -> None:
    # json.loads accepts "\ud800"; hashing such a body must not crash.
    body = json.loads('{"name": "\\ud800"}')
    assert canonical_json(body) == canonical_json(body)


# --- company names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Trudy\u2019s", "trudys"),
        ("Trudy's", "trudys"),
        ("Mighty Quinn\u2019s", "mighty quinns"),
        ("Find a Way LLC", "find a way"),
        ("The Boring Company, Inc.", "boring company"),
        ("Okay, Cool Group", "okay cool group"),
        ("Société Générale S.A.", "societe generale"),
        ("Sidewall Pizza Company", "sidewall pizza company"),
        ("SOMA Preschool & Daycare", "soma preschool and daycare"),
        ("xtraCHEF", "xtrachef"),
        ("monday.com", "monday com"),
        ("Acme Corp.", "acme"),
        ("Acme Corporation", "acme"),
        ("Acme Incorporated", "acme"),
        ("Acme, L.L.C.", "acme"),
        ("Acme L L C", "acme"),
        ("Acme Pty Ltd", "acme"),
        ("Acme Pty. Ltd.", "acme"),
        ("Acme Limited", "acme"),
        ("Acme GmbH", "acme"),
        ("Foo GmbH & Co. KG", "foo"),
        ("Smith & Co.", "smith"),
        ("Acme B.V.", "acme"),
        ("Acme N.V.", "acme"),
        ("Acme PLC", "acme"),
        ("Acme AG", "acme"),
        ("Acme SAS", "acme"),
        ("Acme S.r.l.", "acme"),
        ("Acme LP", "acme"),
        ("Acme L.L.P.", "acme"),
        ("Acme Oy", "acme"),
        ("Acme AB", "acme"),
        ("Ørsted A/S", "orsted"),
        ("Acme Pte. Ltd.", "acme"),
        ("  ACME   inc  ", "acme"),
        ("The Growing Years", "growing years"),
        ("Theater Co", "theater"),
        ("J.P. Morgan Chase & Co.", "jp morgan chase"),
        ("Dos Toros Taqueria", "dos toros taqueria"),
        ("Café “Müller”", "cafe muller"),
        ("Inc.", "inc"),  # a legal form alone is kept, never emptied
        ("The", "the"),
        ("3M", "3m"),
    ],
)
def test_company_name_key(name: str, expected: str) -> None:
    assert company_name_key(name) == expected


@pytest.mark.parametrize("name", [None, "", "   ", "...", "\u2019"])
def test_company_name_key_empty(name: str | None) -> None:
    assert company_name_key(name) is None


def test_company_name_key_matches_variants() -> None:
    variants = ["Trudy\u2019s Inc.", "TRUDY'S, INC", "trudys", "The Trudy\u2019s LLC"]
    assert {company_name_key(v) for v in variants} == {"trudys"}


# --- scalars -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (True, True),
        (False, False),
        ("true", True),
        ("TRUE", True),
        (" yes ", True),
        ("Y", True),
        ("1", True),
        (1, True),
        (1.0, True),
        ("false", False),
        ("No", False),
        ("0", False),
        (0, False),
        ("", None),
        ("maybe", None),
        (2, None),
        (None, None),
        ([], None),
    ],
)
def test_parse_bool(raw: object, expected: bool | None) -> None:
    assert parse_bool(raw) is expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (42, 42),
        ("42", 42),
        (" 42 ", 42),
        ("+5", 5),
        ("-7", -7),
        ("1,234", 1234),
        ("1,234,567", 1234567),
        ("1_000", 1000),
        ("12.9", 12),
        ("-12.9", -12),
        (12.9, 12),
        (Decimal("7.5"), 7),
        ("1e3", 1000),
        ("12345678901234567890", 12345678901234567890),
        ("1.2K", None),
        ("85%", None),
        ("1,2", None),
        ("abc", None),
        ("", None),
        (None, None),
        (True, None),
        (float("nan"), None),
        (float("inf"), None),
    ],
)
def test_parse_int(raw: object, expected: int | None) -> None:
    assert parse_int(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0.85", 0.85),
        (0.85, 0.85),
        ("85%", 0.85),
        ("85 %", 0.85),
        ("-3%", -0.03),
        (3, 3.0),
        ("1,234.5", 1234.5),
        (".5", 0.5),
        (Decimal("2.5"), 2.5),
        ("high", None),
        ("medium", None),
        ("low", None),
        ("", None),
        ("inf", None),
        ("nan", None),
        (None, None),
        (True, None),
        (float("nan"), None),
    ],
)
def test_parse_float(raw: object, expected: float | None) -> None:
    result = parse_float(raw)
    if expected is None:
        assert result is None
    else:
        assert result == pytest.approx(expected)
