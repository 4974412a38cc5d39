"""Demo CompanyEnrich firmographics (ingest/demo/companyenrich.py): deterministic, and each funding summary
agrees with its rounds."""

import random
from datetime import date

from ingest.demo.companies import Company
from ingest.demo.companyenrich import (
    FIRMOGRAPHICS_COLUMNS,
    FUNDING_COLUMNS,
    ROUND_COLUMNS,
    SOCIALS_COLUMNS,
    companyenrich_records,
)

COMPANIES = [Company(i, f"co{i}.example", f"Co {i}", 0, True, "Software", "About") for i in range(1, 401)]
TODAY = date(2026, 12, 6)


def _records(seed: int) -> tuple[list[tuple[object, ...]], ...]:
    return tuple(companyenrich_records(random.Random(seed), COMPANIES, ["Alpha", "Beta", "Gamma"], TODAY))


def test_the_same_seed_gives_the_same_records_shaped_like_their_columns() -> None:
    records = _records(7)
    assert records == _records(7)
    for rows, columns in zip(
        records, (FIRMOGRAPHICS_COLUMNS, SOCIALS_COLUMNS, FUNDING_COLUMNS, ROUND_COLUMNS), strict=True
    ):
        assert rows
        assert {len(r) for r in rows} == {len(columns)}
    firmographics = records[0]
    assert 60 < len(firmographics) < 180  # ~30 % of 400
    assert all(r[1] and r[2] and r[3] for r in firmographics)


def test_a_funding_summary_is_its_rounds_total_and_last_round() -> None:
    _, _, funding, rounds = _records(11)
    for domain, total, last_type, last_date, origin in funding:
        mine = [r for r in rounds if r[0] == domain]
        assert [r[1] for r in mine] == list(range(len(mine)))
        assert [r[3] for r in mine] == sorted(r[3] for r in mine)  # oldest first
        assert (total, last_type, last_date, origin) == (sum(r[4] for r in mine), mine[-1][2], mine[-1][3], "demo")
        assert all(r[3] <= TODAY and r[5] for r in mine)
