"""Loads the reference vocabularies and lookups from `models/reference_data/*.csv` (upsert)."""

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.engine import Connection

from models import reference

DATA_DIR = Path(__file__).parent / "reference_data"

Row = dict[str, str]


def _int(value: str) -> int | None:
    return int(value) if value.strip() else None


def _text(value: str) -> str | None:
    return value.strip() or None


def _key(value: str) -> str:
    return value.strip().lower()


# file -> (table, row converter)
LOADERS: dict[str, tuple[Any, Callable[[Row], dict[str, Any]]]] = {
    "job_functions.csv": (
        reference.JobFunction.__table__,
        lambda r: {"name": r["name"], "sort_order": int(r["sort_order"])},
    ),
    "seniorities.csv": (
        reference.Seniority.__table__,
        lambda r: {"name": r["name"], "sort_order": int(r["sort_order"]), "rank": int(r["rank"])},
    ),
    "employee_ranges.csv": (
        reference.EmployeeRange.__table__,
        lambda r: {
            "name": r["name"],
            "min_employees": int(r["min_employees"]),
            "max_employees": _int(r["max_employees"]),
            "sort_order": int(r["sort_order"]),
        },
    ),
    "industries.csv": (
        reference.Industry.__table__,
        lambda r: {"name": r["name"], "sort_order": int(r["sort_order"])},
    ),
    "countries.csv": (
        reference.Country.__table__,
        lambda r: {"name": r["name"], "iso2": r["iso2"], "iso3": r["iso3"]},
    ),
    "signals.csv": (
        reference.Signal.__table__,
        lambda r: {
            "name": r["name"],
            "label": r["label"],
            "description": _text(r["description"]),
            "sort_order": int(r["sort_order"]),
        },
    ),
    "business_models.csv": (
        reference.BusinessModel.__table__,
        lambda r: {"name": r["name"], "label": r["label"], "sort_order": int(r["sort_order"])},
    ),
    "vc_firms.csv": (
        reference.VcFirm.__table__,
        lambda r: {
            "name": r["name"],
            "aliases": [a.strip() for a in r["aliases"].split("|") if a.strip()],
            "website": _text(r["website"]),
            "sort_order": int(r["sort_order"]),
        },
    ),
    "job_title_lookup.csv": (
        reference.JobTitleLookup.__table__,
        lambda r: {
            "raw_key": _key(r["raw_value"]),
            "raw_value": r["raw_value"],
            "matched_cleaned_job_title": r["cleaned_title"],
            "matched_job_function": r["job_function"],
            "matched_seniority": r["seniority"],
        },
    ),
    "location_lookup.csv": (
        reference.LocationLookup.__table__,
        lambda r: {
            "raw_key": _key(r["raw_value"]),
            "raw_value": r["raw_value"],
            "matched_city": _text(r["city"]),
            "matched_state": _text(r["state"]),
            "matched_country": _text(r["country"]),
        },
    ),
    "industry_lookup.csv": (
        reference.IndustryLookup.__table__,
        lambda r: {
            "raw_key": _key(r["raw_value"]),
            "raw_value": r["raw_value"],
            "matched_industry": r["matched_industry"],
        },
    ),
    "employee_range_lookup.csv": (
        reference.EmployeeRangeLookup.__table__,
        lambda r: {
            "raw_key": _key(r["raw_value"]),
            "raw_value": r["raw_value"],
            "matched_employee_range": r["matched_employee_range"],
        },
    ),
}


def read_rows(filename: str) -> list[dict[str, Any]]:
    table, convert = LOADERS[filename]
    with (DATA_DIR / filename).open(newline="", encoding="utf-8") as f:
        rows = [convert(r) for r in csv.DictReader(f)]
    key = next(iter(table.primary_key.columns)).name
    return list({r[key]: r for r in rows}.values())  # last one wins on a repeated key


def upsert_all(connection: Connection) -> dict[str, int]:
    """Insert or update every reference row; returns row counts per table."""
    counts: dict[str, int] = {}
    for filename, (table, _) in LOADERS.items():
        if not (DATA_DIR / filename).exists():
            continue
        rows = read_rows(filename)
        if not rows:
            continue
        stmt = insert(table).values(rows)
        pk = [c.name for c in table.primary_key.columns]
        # only the columns the files hold: a lookup row's change stamp is not seed data (and is newer than 0001)
        stmt = stmt.on_conflict_do_update(index_elements=pk, set_={c: stmt.excluded[c] for c in rows[0] if c not in pk})
        connection.execute(stmt)
        counts[table.name] = len(rows)
    return counts
