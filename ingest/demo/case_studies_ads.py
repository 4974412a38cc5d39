"""Demo case studies (with the people they quote) and ad presence (issue 12), for the demo loader to copy.

Pure functions over the demo companies and customer records; the loader wires them in (`load.py`).
Case studies carry explicit ids so their champions can point at them; the core build's identity sync
(`build._sync_identities`) moves past them.
"""

import random
from datetime import UTC, date, datetime, time, timedelta

from ingest.demo.companies import Company
from ingest.demo.vocabulary import Record
from ingest.demo.words import FIRST_NAMES, LAST_NAMES, slug

CHAMPION_TITLES = ("Head of RevOps", "VP Sales", "CRO", "Director of Marketing", "Head of Engineering", "CTO", "COO")
PLATFORMS = ("google", "linkedin", "meta")

CASE_STUDY_COLUMNS = ["id", "company_domain", "url", "customer_name", "customer_domain", "origin"]
CHAMPION_COLUMNS = ["case_study_id", "full_name", "title", "linkedin_url"]
AD_COLUMNS = ["company_domain", "platform", "ad_count", "last_seen_at", "checked_at", "origin"]


def case_study_records(rng: random.Random, customers: list[Record]) -> tuple[list[Record], list[Record]]:
    """(case studies, champions): one per demo customer with a case study URL, quoting 1-3 people.

    `customers` are `companies.customer_records` rows (origin domain, origin name, customer name,
    customer domain, case study URL, has case study, source).
    """
    studies: list[Record] = []
    champions: list[Record] = []
    for origin_domain, _, customer_name, customer_domain, url, _, _ in customers:
        if not url:
            continue
        study_id = len(studies) + 1
        studies.append((study_id, origin_domain, url, customer_name, customer_domain, "demo"))
        names = {f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" for _ in range(rng.randint(1, 3))}
        for name in sorted(names):
            profile = f"https://www.linkedin.com/in/{slug(name)}-{rng.randrange(10**6)}" if rng.random() < 0.5 else None
            champions.append((study_id, name, rng.choice(CHAMPION_TITLES), profile))
    return studies, champions


def ad_records(rng: random.Random, companies: list[Company], today: date) -> list[Record]:
    """~25 % of companies were looked up in 1-3 ad libraries; about a third of those lookups found none."""
    records = []
    for co in companies:
        if rng.random() >= 0.25:
            continue
        for platform in rng.sample(PLATFORMS, rng.randint(1, 3)):
            checked = datetime.combine(today - timedelta(days=rng.randint(0, 60)), time(9), tzinfo=UTC)
            count = 0 if rng.random() < 0.35 else int(rng.random() ** 2 * 60) + 1
            seen = checked if count else None
            records.append((co.domain, platform, count, seen, checked, "demo"))
    return records
