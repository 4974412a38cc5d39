"""Demo rows for issue 12's tech stacks and job-posting details (pure functions; the loader wires them).

`technology_records` gives core.company_technologies rows (`TECHNOLOGY_COLUMNS`) for a share of the
demo companies; `job_posting_details` appends the new core.company_job_postings columns
(`JOB_POSTING_DETAIL_COLUMNS`) to the records of `companies.job_posting_records`.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from ingest.demo.companies import Company
from ingest.demo.vocabulary import Record

TECHNOLOGY_COLUMNS = [
    "company_domain", "name", "name_key", "category", "source", "first_seen_at", "last_seen_at", "origin",
]  # fmt: skip
JOB_POSTING_DETAIL_COLUMNS = ["seniority", "employment_type", "salary_min", "salary_max", "salary_currency", "source"]

CATALOGUE = [  # (name, category)
    ("Salesforce", "CRM"), ("HubSpot", "Marketing Automation"), ("Marketo", "Marketing Automation"),
    ("Stripe", "Payments"), ("Segment", "Analytics"), ("Google Analytics", "Analytics"),
    ("React", "JavaScript Frameworks"), ("Vue.js", "JavaScript Frameworks"), ("Shopify", "Ecommerce"),
    ("Zendesk", "Customer Support"),
    ("Intercom", "Customer Support"), ("Cloudflare", "CDN"), ("AWS", "Cloud Hosting"), ("Snowflake", "Data Warehouse"),
]  # fmt: skip
TECH_SOURCES = ["techstack_predictleads", "techstack_builtwith"]
SENIORITIES = ["Entry level", "Associate", "Mid-Senior level", "Director", "Executive"]
EMPLOYMENT_TYPES = ["Full-time", "Full-time", "Full-time", "Part-time", "Contract"]
JOB_SOURCES = ["job_posting", "job_board_linkedin", "job_board_indeed"]


def technology_records(rng: random.Random, companies: list[Company], today: date, share: float = 0.3) -> list[Record]:
    """2-6 technologies for `share` of the companies, each from one source, first seen up to 3 years back."""
    end = datetime.combine(today, time(), tzinfo=UTC)
    records: list[Record] = []
    for co in companies:
        if rng.random() >= share:
            continue
        for name, category in rng.sample(CATALOGUE, rng.randint(2, 6)):
            first = end - timedelta(days=rng.randrange(30, 1095))
            last = end - timedelta(days=rng.randrange(0, 30))
            source = rng.choice(TECH_SOURCES)
            records.append((co.domain, name, name.lower(), category, source, first, last, "demo"))
    return records


def job_posting_details(rng: random.Random, postings: list[Record]) -> list[Record]:
    """Each posting record with a seniority, employment type, salary range (USD, 60% of them) and source."""
    records: list[Record] = []
    for posting in postings:
        low = rng.randrange(50, 180) * 1000 if rng.random() < 0.6 else None
        high = low + rng.randrange(10, 60) * 1000 if low is not None else None
        currency = "USD" if low is not None else None
        extra = (rng.choice(SENIORITIES), rng.choice(EMPLOYMENT_TYPES), low, high, currency, rng.choice(JOB_SOURCES))
        records.append((*posting, *extra))
    return records
