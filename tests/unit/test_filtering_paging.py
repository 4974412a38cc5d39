"""Page arguments, opaque cursors, keyset conditions and facet rows (pure functions, no I/O)."""

from datetime import date
from typing import Any

import pytest
from sqlalchemy import column, literal_column
from sqlalchemy.dialects import postgresql

from gateway.errors import BadUserInput, LimitExceeded
from gateway.lists.arguments import check_first, check_offset, page_args
from gateway.lists.counts import read_facets
from gateway.lists.cursors import Page, SortKey, decode_cursor, encode_cursor
from gateway.lists.keyset import after_condition


class FakeRow:
    def __init__(self, **values: Any) -> None:
        self._mapping = values


KEYS = (
    SortKey("full_name", column("full_name"), descending=False, nullable=True, kind=str),
    SortKey("job_start_date", column("job_start_date"), descending=True, nullable=True, kind=date),
    SortKey("person_id", column("id"), descending=True, nullable=False, kind=int),
)


def test_page_arguments() -> None:
    assert page_args(None, None, None, max_first=100) == Page(first=50, offset=0, after=None)
    assert page_args(100, "c", 5, max_first=100) == Page(first=100, offset=5, after="c")
    assert page_args(0, "", None, max_first=100) == Page(first=0, offset=0, after=None)
    with pytest.raises(LimitExceeded, match="at most 100"):
        page_args(101, None, None, max_first=100)
    with pytest.raises(BadUserInput):
        page_args(-1, None, None, max_first=100)
    with pytest.raises(BadUserInput):
        page_args(10, None, -1, max_first=100)


def test_plain_lists_share_the_code_and_message_but_not_the_paging_hint() -> None:
    assert check_first(None, default=10, maximum=100, paged=False) == 10
    with pytest.raises(LimitExceeded, match=r"^`first` is at most 100 \(got 101\)\.$"):
        check_first(101, default=10, maximum=100, paged=False)
    with pytest.raises(LimitExceeded, match="page through the rest with `after` or `offset`"):
        check_first(101, default=10, maximum=100)
    with pytest.raises(BadUserInput, match=r"^`first` must be zero or more \(got -1\)\.$"):
        check_first(-1, default=10, maximum=100, paged=False)
    with pytest.raises(BadUserInput, match=r"^`offset` must be zero or more \(got -1\)\.$"):
        check_offset(-1)


@pytest.mark.parametrize(
    "values",
    [("Ann", date(2024, 5, 1), 7), (None, None, 8), ('Zoë "x", y', None, 2**40)],
)
def test_cursor_round_trip(values: tuple[Any, ...]) -> None:
    row = FakeRow(full_name=values[0], job_start_date=values[1], person_id=values[2])
    cursor = encode_cursor(KEYS, row)  # type: ignore[arg-type]
    assert cursor.isascii()
    assert "=" not in cursor
    assert decode_cursor(KEYS, cursor) == list(values)


def test_cursors_of_another_order_or_tampered_ones_are_refused() -> None:
    cursor = encode_cursor(KEYS, FakeRow(full_name="Ann", job_start_date=date(2024, 5, 1), person_id=7))  # type: ignore[arg-type]
    other = (KEYS[0], SortKey("job_start_date", column("job_start_date"), descending=False, kind=date), KEYS[2])
    with pytest.raises(BadUserInput, match="another order"):
        decode_cursor(other, cursor)
    for bad in (
        "",
        "!!!",
        "bm90IGpzb24",
        cursor[:-3],
        "WyJmdWxsX25hbWUrLGpvYl9zdGFydF9kYXRlLSxwZXJzb25faWQtIiwxLDIsM10",
    ):
        with pytest.raises(BadUserInput):
            decode_cursor(KEYS, bad)
    no_id = encode_cursor(KEYS, FakeRow(full_name="A", job_start_date=None, person_id=None))  # type: ignore[arg-type]
    with pytest.raises(BadUserInput):
        decode_cursor(KEYS, no_id)


def compiled(condition: Any) -> str:
    return str(condition.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}))


def test_keyset_condition_puts_nulls_last_in_both_directions() -> None:
    text = compiled(after_condition(KEYS, ["Ann", date(2024, 5, 1), 7]))
    assert "full_name > 'Ann' OR full_name IS NULL" in text
    assert "job_start_date < '2024-05-01' OR job_start_date IS NULL" in text
    assert "id < 7" in text
    in_nulls = compiled(after_condition(KEYS, [None, None, 7]))
    assert in_nulls == "full_name IS NULL AND job_start_date IS NULL AND id < 7"  # nothing sorts after NULL


def test_keyset_condition_on_non_null_keys_bounds_the_first_key_for_an_index() -> None:
    keys = (
        SortKey("promotion_date", literal_column("pp.promotion_date"), descending=True, nullable=False, kind=date),
        SortKey("person_id", literal_column("p.id"), descending=True, nullable=False, kind=int),
    )
    text = compiled(after_condition(keys, [date(2025, 1, 2), 9]))
    assert text.startswith("pp.promotion_date <= '2025-01-02' AND (")
    assert "IS NULL" not in text
    assert compiled(after_condition(keys[1:], [9])) == "p.id < 9"


def test_facet_rows_are_split_by_their_grouping_set() -> None:
    names = ["JOB_FUNCTION", "SENIORITY", "PERSON_COUNTRY"]
    rows = [
        FakeRow(grouping=0b011, d0="Sales", d1=None, d2=None, n=3),
        FakeRow(grouping=0b011, d0="Engineering", d1=None, d2=None, n=5),
        FakeRow(grouping=0b101, d0=None, d1="VP", d2=None, n=8),
        FakeRow(grouping=0b110, d0=None, d1=None, d2=None, n=2),  # unknown country
        FakeRow(grouping=0b110, d0=None, d1=None, d2="Spain", n=2),
    ]
    for row in rows:
        row.grouping = row._mapping["grouping"]  # type: ignore[attr-defined]
        row.n = row._mapping["n"]  # type: ignore[attr-defined]
    facets = read_facets(rows, names)  # type: ignore[arg-type]
    assert [(v.value, v.count) for v in facets["JOB_FUNCTION"]] == [("Engineering", 5), ("Sales", 3)]
    assert [(v.value, v.count) for v in facets["SENIORITY"]] == [("VP", 8)]
    assert [(v.value, v.count) for v in facets["PERSON_COUNTRY"]] == [("Spain", 2), (None, 2)]
