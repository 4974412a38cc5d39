"""Writes to the title and location lookups: an operator's correction or a reference feed's rows.

A written row is stamped (`updated_at`, `updated_by`) so the incremental core build reaches the people
and companies whose raw values map through it (`remapped`). Values are checked against the vocabulary:
the operator gets an `UnknownValue` for a seniority, function or country outside it; a feed's value
outside it is left to the current mapping (the lookup's, else the fallback rules of `mapping`).
A row never overwrites a newer one, so re-applying an old feed row keeps a later correction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from ingest.core_build import mapping
from ingest.core_build.db import temp_table
from ingest.core_build.maps import Fallbacks


class UnknownValue(ValueError):
    """A value outside the reference vocabulary (the operator's mistake, reported with the choices)."""

    def __init__(self, field: str, value: str, allowed: Sequence[str] = ()) -> None:
        # seniorities and functions are listed; countries are too many (a name or an ISO code)
        choices = f"one of: {', '.join(allowed)}" if allowed else "a name or ISO code of reference.countries"
        super().__init__(f"{value!r} is not a known {field}; use {choices}")
        self.field, self.value, self.allowed = field, value, list(allowed)


@dataclass(frozen=True, slots=True)
class Lookup:
    table: str  # in schema reference
    columns: tuple[str, ...]  # the matched columns, in the order of a mapping's values


TITLES = Lookup("job_title_lookup", ("matched_cleaned_job_title", "matched_job_function", "matched_seniority"))
LOCATIONS = Lookup("location_lookup", ("matched_city", "matched_state", "matched_country"))


@dataclass(frozen=True, slots=True)
class LookupRow:
    """One lookup row to write; `updated_at` None: the writing transaction's time."""

    raw_value: str
    values: tuple[str | None, ...]
    updated_by: str
    updated_at: datetime | None = None

    @property
    def raw_key(self) -> str:
        return mapping.lookup_key(self.raw_value)


class Vocabulary:
    """Seniorities, job functions and countries (with their aliases), and the fallback rules, read once."""

    def __init__(self, seniorities: Sequence[str], functions: Sequence[str], fallbacks: Fallbacks) -> None:
        self.seniorities = {mapping.lookup_key(s): s for s in seniorities}
        self.functions = {mapping.lookup_key(f): f for f in functions}
        self.fallbacks = fallbacks

    @classmethod
    async def load(cls, conn: AsyncConnection) -> Vocabulary:
        seniorities = await conn.execute(text("SELECT name FROM reference.seniorities ORDER BY sort_order"))
        functions = await conn.execute(text("SELECT name FROM reference.job_functions ORDER BY sort_order"))
        return cls([r[0] for r in seniorities], [r[0] for r in functions], await Fallbacks.load(conn))

    def seniority(self, value: str | None, *, strict: bool) -> str | None:
        return _canonical(self.seniorities, "seniority", value, strict)

    def job_function(self, value: str | None, *, strict: bool) -> str | None:
        return _canonical(self.functions, "job function", value, strict)

    def country(self, value: str | None, *, strict: bool) -> str | None:
        """The canonical country for a name, an ISO code or a known alias ("USA")."""
        if value is None or not value.strip():
            return None
        found = self.fallbacks.locations.country(value)
        if found is None and strict:
            raise UnknownValue("country", value)
        return found

    def title(self, raw: str, current: tuple[Any, ...] | None, given: tuple[str | None, ...]) -> tuple[str, ...]:
        """(cleaned title, function, seniority): the given parts, the others from the current mapping."""
        cleaned, function, seniority = (
            current
            or self.fallbacks.title(raw)
            or (mapping.clean_title(raw) or raw, mapping.MISCELLANEOUS, mapping.DEFAULT_SENIORITY)
        )
        return (given[0] or cleaned, given[1] or function, given[2] or seniority)


def _canonical(names: dict[str, str], field: str, value: str | None, strict: bool) -> str | None:
    if value is None or not value.strip():
        return None
    found = names.get(mapping.lookup_key(value))
    if found is None and strict:
        raise UnknownValue(field, value, list(names.values()))
    return found


async def current_values(conn: AsyncConnection, lookup: Lookup, keys: Sequence[str]) -> dict[str, tuple[Any, ...]]:
    """The lookup's present values for these raw keys."""
    rows = await conn.execute(
        text(f"SELECT raw_key, {', '.join(lookup.columns)} FROM reference.{lookup.table} WHERE raw_key = ANY(:keys)"),
        {"keys": list(keys)},
    )
    return {r[0]: tuple(r[1:]) for r in rows}


async def write(conn: AsyncConnection, lookup: Lookup, rows: Sequence[LookupRow]) -> list[bool]:
    """Upsert the rows (latest per key); a lookup row changes only when they are newer and different.

    Returns the `inserted` flag of each row written (a report's tally).
    """
    latest: dict[str, LookupRow] = {}
    for m in rows:
        if m.raw_key and (m.raw_key not in latest or _newer(m, latest[m.raw_key])):
            latest[m.raw_key] = m
    columns = ("raw_key", "raw_value", *lookup.columns, "updated_at", "updated_by")
    await temp_table(
        conn,
        "lookup_writes",
        ", ".join(f"{c} {'timestamptz' if c == 'updated_at' else 'text'}" for c in columns),
        [(m.raw_key, m.raw_value, *m.values, m.updated_at, m.updated_by) for m in latest.values()],
        column_names=columns,
    )
    values = ", ".join(lookup.columns)
    written = await conn.execute(
        text(f"""
        INSERT INTO reference.{lookup.table} AS l ({", ".join(columns)})
        SELECT raw_key, raw_value, {values}, COALESCE(updated_at, now()), updated_by FROM lookup_writes
        ORDER BY raw_key
        ON CONFLICT (raw_key) DO UPDATE
        SET raw_value = EXCLUDED.raw_value, {", ".join(f"{c} = EXCLUDED.{c}" for c in lookup.columns)},
            updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by
        WHERE (l.updated_at IS NULL OR l.updated_at <= EXCLUDED.updated_at)
          AND ({", ".join(f"l.{c}" for c in lookup.columns)})
              IS DISTINCT FROM ({", ".join(f"EXCLUDED.{c}" for c in lookup.columns)})
        RETURNING (xmax = 0) AS inserted""")
    )
    return [bool(r[0]) for r in written]


def _newer(a: LookupRow, b: LookupRow) -> bool:
    return a.updated_at is None or (b.updated_at is not None and a.updated_at >= b.updated_at)


async def read(conn: AsyncConnection, lookup: Lookup, raw_value: str) -> dict[str, Any]:
    """The lookup row of a raw value (just written), with its change stamp."""
    row = await conn.execute(
        text(f"""SELECT raw_value, {", ".join(lookup.columns)}, updated_at, updated_by
                 FROM reference.{lookup.table} WHERE raw_key = :k"""),
        {"k": mapping.lookup_key(raw_value)},
    )
    return dict(row.one()._mapping)


async def set_title(
    conn: AsyncConnection,
    raw_title: str,
    parts: tuple[str | None, str | None, str | None],
    updated_by: str,
) -> dict[str, Any]:
    """An operator's title mapping (cleaned title, function, seniority); omitted parts keep the current ones."""
    vocabulary = await Vocabulary.load(conn)
    cleaned, function, seniority = parts
    given = (
        cleaned.strip() if cleaned and cleaned.strip() else None,
        vocabulary.job_function(function, strict=True),
        vocabulary.seniority(seniority, strict=True),
    )
    current = (await current_values(conn, TITLES, [mapping.lookup_key(raw_title)])).get(mapping.lookup_key(raw_title))
    values = vocabulary.title(raw_title, current, given)
    await write(conn, TITLES, [LookupRow(raw_title.strip(), values, updated_by)])
    return await read(conn, TITLES, raw_title)


async def set_location(
    conn: AsyncConnection,
    raw_location: str,
    parts: tuple[str | None, str | None, str | None],
    updated_by: str,
) -> dict[str, Any]:
    """An operator's location mapping: exactly the given city, state and country (an omitted part is none)."""
    vocabulary = await Vocabulary.load(conn)
    city, state, country = (p.strip() if p and p.strip() else None for p in parts)
    values = (city, state, vocabulary.country(country, strict=True))
    await write(conn, LOCATIONS, [LookupRow(raw_location.strip(), values, updated_by)])
    return await read(conn, LOCATIONS, raw_location)
