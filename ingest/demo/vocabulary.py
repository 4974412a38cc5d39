"""The demo's vocabulary, read from the `reference` tables so it always maps through the loaded lookups,
and the weighted pick tables built from it (countries, seniorities, "Miscellaneous" titles skewed as in
real data); also `DemoDataError` and `Record`, shared by the demo modules.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import asyncpg

from ingest.demo.sql import SLOTS

Record = tuple[Any, ...]


class DemoDataError(RuntimeError):
    """The demo data cannot be loaded (the warehouse is not empty, or reference data is missing)."""


# Share of each country in the demo, by lowercase name (aliases included); the rest share 8 %.
COUNTRY_WEIGHTS = {
    "united states": 45.0, "united kingdom": 9.0, "germany": 6.0, "france": 5.0, "canada": 5.0,
    "india": 5.0, "australia": 3.0, "netherlands": 3.0, "spain": 2.0, "sweden": 1.5, "brazil": 1.5,
    "singapore": 1.5, "israel": 1.5, "ireland": 1.0, "switzerland": 1.0,
}  # fmt: skip
COUNTRY_ALIASES = {
    "usa": "united states", "us": "united states", "united states of america": "united states",
    "uk": "united kingdom", "great britain": "united kingdom", "england": "united kingdom",
}  # fmt: skip
OTHER_COUNTRIES_WEIGHT = 8.0
MISCELLANEOUS = "Miscellaneous"
MISCELLANEOUS_SHARE = 0.015  # "Miscellaneous" titles: incomplete leads, as in real data
# Share of people per seniority (few interns and C-levels); seniorities not named here get 2 each.
SENIORITY_SHARES = {
    "Intern": 2.0, "Entry": 13.0, "Mid-Level": 22.0, "Senior": 17.0, "Manager": 14.0, "Head": 5.0,
    "Director": 11.0, "VP": 6.0, "C-Level": 4.0, "Founder": 3.0, "Owner": 1.5, "Partner": 1.5,
}  # fmt: skip
PROMOTED_SHARE = 0.15


class Title(NamedTuple):
    raw_value: str
    cleaned: str
    function: str
    seniority: str
    rank: int


class Location(NamedTuple):
    raw_value: str
    city: str | None
    state: str | None
    country: str


@dataclass(frozen=True)
class Vocabulary:
    titles: list[Title]
    locations: list[Location]
    industries: list[str]
    employee_ranges: list[str]  # smallest first
    vc_firms: list[str]
    business_models: list[str]


async def read_vocabulary(conn: asyncpg.Connection) -> Vocabulary:
    titles = await conn.fetch("""
        SELECT t.raw_value, t.matched_cleaned_job_title, t.matched_job_function, t.matched_seniority, s.rank
        FROM reference.job_title_lookup t
        JOIN reference.job_functions f ON f.name = t.matched_job_function
        JOIN reference.seniorities s ON s.name = t.matched_seniority
        ORDER BY t.raw_key""")
    locations = await conn.fetch("""
        SELECT raw_value, matched_city, matched_state, matched_country FROM reference.location_lookup
        WHERE matched_country IS NOT NULL ORDER BY raw_key""")

    async def names(sql: str) -> list[str]:
        return [r[0] for r in await conn.fetch(sql)]

    vocab = Vocabulary(
        titles=[Title(*r) for r in titles],
        locations=[Location(*r) for r in locations],
        industries=await names("SELECT name FROM reference.industries ORDER BY sort_order, name"),
        employee_ranges=await names("SELECT name FROM reference.employee_ranges ORDER BY min_employees, sort_order"),
        vc_firms=await names("SELECT name FROM reference.vc_firms ORDER BY sort_order, name"),
        business_models=await names("SELECT name FROM reference.business_models ORDER BY sort_order"),
    )
    missing = [name for name, rows in vars(vocab).items() if not rows]
    if missing:
        raise DemoDataError(
            f"reference data is missing ({', '.join(missing)}): the demo maps through the reference "
            "lookups, load models/reference_data/*.csv with `hq-gateway migrate` first"
        )
    return vocab


def weighted_slots(weights: Sequence[float], n: int = SLOTS) -> list[int]:
    """`n` indexes into `weights`, each repeated in proportion to its weight (largest remainder)."""
    total = sum(weights)
    exact = [w * n / total for w in weights]
    counts = [int(e) for e in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: counts[i] - exact[i])
    for i in by_remainder[: n - sum(counts)]:
        counts[i] += 1
    return [i for i, c in enumerate(counts) for _ in range(c)]


def _country_key(country: str) -> str:
    key = country.lower()
    return COUNTRY_ALIASES.get(key, key)


def location_weights(locations: Sequence[Location]) -> list[float]:
    """Skewed countries (~45 % United States); within a country, city rows 4x as likely as vaguer ones."""
    detail = [4.0 if loc.city else 1.0 for loc in locations]
    per_country: dict[str, float] = {}
    for loc, weight in zip(locations, detail, strict=True):
        key = _country_key(loc.country)
        per_country[key] = per_country.get(key, 0.0) + weight
    others = sum(1 for c in per_country if c not in COUNTRY_WEIGHTS)
    share = {c: COUNTRY_WEIGHTS.get(c, OTHER_COUNTRIES_WEIGHT / max(others, 1)) for c in per_country}
    return [
        share[key] * weight / per_country[key]
        for loc, weight in zip(locations, detail, strict=True)
        for key in [_country_key(loc.country)]
    ]


class TitleTables(NamedTuple):
    titles: list[Record]  # demo_title
    slots: list[Record]  # demo_title_slot
    promotable: float  # share of picks with a title one seniority below in the same function


def title_tables(titles: Sequence[Title]) -> TitleTables:
    """Titles per function, junior first, each with the range of titles one seniority below it."""
    rows: list[Record] = []
    for fn, function in enumerate(sorted({t.function for t in titles})):
        ladder = sorted((t for t in titles if t.function == function), key=lambda t: (t.rank, t.raw_value))
        starts: dict[int, int] = {}  # rank -> first position, ranks ascending
        for pos, t in enumerate(ladder):
            starts.setdefault(t.rank, pos)
        ranks = list(starts)
        for pos, t in enumerate(ladder):
            level = ranks.index(t.rank)
            below = starts[ranks[level - 1]] if level else 0
            rows.append((fn, pos, t.raw_value, t.cleaned, t.function, t.seniority, below, starts[t.rank] - below))
    picks = weighted_slots(_title_weights(rows))
    slots = [(k, *rows[i][:2], *rows[i][6:]) for k, i in enumerate(picks)]
    promotable = sum(1 for i in picks if rows[i][7] > 0) / len(picks)
    return TitleTables(rows, slots, promotable)


def _title_weights(rows: list[Record]) -> list[float]:
    """Seniorities in SENIORITY_SHARES proportions, "Miscellaneous" titles MISCELLANEOUS_SHARE."""
    misc = sum(1 for r in rows if r[4] == MISCELLANEOUS)
    titles_per_seniority = Counter(r[5] for r in rows if r[4] != MISCELLANEOUS)
    total = sum(SENIORITY_SHARES.get(s, 2.0) for s in titles_per_seniority)
    regular_share = 1 - MISCELLANEOUS_SHARE if misc else 1.0
    return [
        MISCELLANEOUS_SHARE / misc
        if r[4] == MISCELLANEOUS
        else regular_share * SENIORITY_SHARES.get(r[5], 2.0) / total / titles_per_seniority[r[5]]
        for r in rows
    ]
