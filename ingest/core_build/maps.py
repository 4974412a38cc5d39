"""Per-run temp tables `raw_key -> matched values` for the values a build step is about to join.

Each map starts from its reference lookup (`raw_key = lower(trim(raw_value))`, matched
case-insensitively) and adds, for the distinct values of this run the lookup lacks, what the
ordered fallback rules of `mapping` give. The build then joins on `lower(trim(value))` in SQL.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from ingest.core_build import mapping


@dataclass(frozen=True, slots=True)
class MapSpec:
    table: str  # temp table name
    columns: tuple[str, ...]  # matched columns after raw_key
    lookup_sql: str  # SELECT raw_key, <columns> FROM reference...


TITLES = MapSpec(
    "title_map",
    ("cleaned_title", "job_function", "seniority"),
    "SELECT raw_key, matched_cleaned_job_title, matched_job_function, matched_seniority"
    " FROM reference.job_title_lookup",
)
LOCATIONS = MapSpec(
    "location_map",
    ("city", "state", "country"),
    "SELECT raw_key, matched_city, matched_state, matched_country FROM reference.location_lookup",
)
INDUSTRIES = MapSpec("industry_map", ("industry",), "SELECT raw_key, matched_industry FROM reference.industry_lookup")
RANGES = MapSpec(
    "range_map", ("employee_range",), "SELECT raw_key, matched_employee_range FROM reference.employee_range_lookup"
)


class Fallbacks:
    """The fallback rules, with the reference vocabulary they need (read once per run)."""

    def __init__(self, countries: dict[str, str], industries: list[str], ranges: list[mapping.EmployeeRange]) -> None:
        self.locations = mapping.LocationMapper(countries)
        self.industries = industries
        self.ranges = ranges

    @classmethod
    async def load(cls, conn: AsyncConnection) -> Fallbacks:
        countries: dict[str, str] = {}
        for name, iso2, iso3 in await conn.execute(text("SELECT name, iso2, iso3 FROM reference.countries")):
            for alias in (name, iso2, iso3):
                countries[mapping.lookup_key(alias)] = name
        # country-only lookup rows are aliases too ("USA", "UK", "Deutschland" ...)
        for key, country in await conn.execute(
            text("""SELECT raw_key, matched_country FROM reference.location_lookup
                    WHERE matched_city IS NULL AND matched_state IS NULL AND matched_country IS NOT NULL""")
        ):
            countries.setdefault(key, country)
        industries = [r[0] for r in await conn.execute(text("SELECT name FROM reference.industries"))]
        ranges = [
            mapping.EmployeeRange(*r)
            for r in await conn.execute(
                text("SELECT name, min_employees, max_employees FROM reference.employee_ranges")
            )
        ]
        return cls(countries, industries, ranges)

    def title(self, value: str) -> tuple[Any, ...] | None:
        match = mapping.map_title_fallback(value)
        return (match.cleaned_title, match.job_function, match.seniority) if match else None

    def location(self, value: str) -> tuple[Any, ...] | None:
        match = self.locations.map(value)
        return (match.city, match.state, match.country) if match else None

    def industry(self, value: str) -> tuple[Any, ...] | None:
        industry = mapping.map_industry(value, self.industries)
        return (industry,) if industry else None

    def employee_range(self, value: str) -> tuple[Any, ...] | None:
        name = mapping.map_employee_range(value, self.ranges)
        return (name,) if name else None


async def build_map(
    conn: AsyncConnection,
    spec: MapSpec,
    values_sql: str,
    fallback: Callable[[str], tuple[Any, ...] | None],
    params: dict[str, Any] | None = None,
) -> int:
    """Create `spec.table` from the lookup plus fallbacks for the values `values_sql` yields (column v)."""
    columns = ", ".join(spec.columns)
    await conn.execute(text(f"DROP TABLE IF EXISTS pg_temp.{spec.table}"))
    await conn.execute(
        text(
            f"CREATE TEMP TABLE {spec.table} (raw_key text PRIMARY KEY, {', '.join(c + ' text' for c in spec.columns)})"
            " ON COMMIT DROP"
        )
    )
    await conn.execute(text(f"INSERT INTO {spec.table} (raw_key, {columns}) {spec.lookup_sql} ON CONFLICT DO NOTHING"))
    missing = await conn.execute(
        text(f"""
        SELECT lower(trim(v)) AS k, min(v) AS v FROM ({values_sql}) s(v)
        WHERE v IS NOT NULL AND trim(v) <> ''
          AND NOT EXISTS (SELECT 1 FROM {spec.table} m WHERE m.raw_key = lower(trim(s.v)))
        GROUP BY 1"""),
        params or {},
    )
    rows: list[Sequence[Any]] = [(key, *found) for key, value in missing if (found := fallback(value)) is not None]
    if rows:
        raw = await conn.get_raw_connection()
        driver: Any = raw.driver_connection
        await driver.copy_records_to_table(spec.table, records=rows, columns=["raw_key", *spec.columns])
    await conn.execute(text(f"ANALYZE {spec.table}"))
    return len(rows)
