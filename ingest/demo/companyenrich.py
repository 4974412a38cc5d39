"""Demo CompanyEnrich firmographics (issue 12): keywords, NAICS codes, revenue band, socials and funding
for some demo companies, as records of the core columns and tables the core build fills from CompanyEnrich.

Pure: `companyenrich_records` only draws from its `random.Random`; loading them (COPY for the tables, an
UPDATE of core.companies from the `FIRMOGRAPHICS_COLUMNS` records) is the demo loader's job.
"""

import random
from datetime import date, timedelta
from typing import NamedTuple

from ingest.demo.companies import ROUNDS, Company
from ingest.demo.vocabulary import Record
from ingest.demo.words import slug

ENRICHED_SHARE = 0.3  # of the companies; of those, some have socials and fewer have funding
SOCIALS_SHARE = 0.6
FUNDED_SHARE = 0.25
KEYWORDS = [
    "saas", "b2b", "analytics", "platform", "ai", "payments", "security", "cloud", "marketplace", "automation",
    "compliance", "data", "api", "mobile", "e-commerce", "logistics", "healthcare", "fintech", "hr", "crm",
]  # fmt: skip
NAICS_CODES = ["511210", "518210", "541511", "541512", "541611", "522320", "423430", "454110", "621111"]
REVENUE_BANDS = ["$500M+", "$100M-$500M", "$50M-$100M", "$10M-$50M", "$1M-$10M", "<$1M"]  # biggest first

FIRMOGRAPHICS_COLUMNS = ["domain", "keywords", "naics_codes", "revenue_range"]  # core.companies, by domain
SOCIALS_COLUMNS = ["company_domain", "twitter", "facebook", "instagram", "youtube", "origin"]
FUNDING_COLUMNS = ["company_domain", "total_raised_usd", "last_round_type", "last_round_date", "origin"]
ROUND_COLUMNS = ["company_domain", "position", "round_type", "round_date", "amount_usd", "investors", "origin"]


class CompanyEnrichDemo(NamedTuple):
    firmographics: list[Record]  # FIRMOGRAPHICS_COLUMNS
    socials: list[Record]  # core.company_socials
    funding: list[Record]  # core.company_funding
    rounds: list[Record]  # core.company_funding_rounds


def _socials(rng: random.Random, co: Company) -> Record:
    handle = slug(co.name).replace("-", "")
    urls = [f"https://twitter.com/{handle}", f"https://www.facebook.com/{handle}",
            f"https://www.instagram.com/{handle}", f"https://www.youtube.com/@{handle}"]  # fmt: skip
    return (co.domain, *(url if rng.random() < 0.7 else None for url in urls), "demo")


def _rounds(rng: random.Random, co: Company, vc_firms: list[str], today: date) -> list[Record]:
    """1-4 rounds in order (Seed, Series A ...), a year or two apart, the last within two years."""
    names = list(ROUNDS)[: rng.randint(1, 4)]
    day = today - timedelta(days=rng.randrange(60, 730))
    dates = []
    for _ in names:
        dates.append(day)
        day -= timedelta(days=rng.randrange(300, 800))
    return [
        (co.domain, position, name, when, float(rng.choice(ROUNDS[name]) * 1_000_000),
         rng.sample(vc_firms, min(rng.randint(1, 3), len(vc_firms))), "demo")
        for position, (name, when) in enumerate(zip(names, reversed(dates), strict=True))
    ]  # fmt: skip


def companyenrich_records(
    rng: random.Random, companies: list[Company], vc_firms: list[str], today: date
) -> CompanyEnrichDemo:
    """Records for ~30 % of the companies; lower ids (bigger companies) get the higher revenue bands."""
    out = CompanyEnrichDemo([], [], [], [])
    for co in companies:
        if rng.random() >= ENRICHED_SHARE:
            continue
        q = (co.id - 1) / max(len(companies), 1)
        band = REVENUE_BANDS[min(len(REVENUE_BANDS) - 1, int(len(REVENUE_BANDS) * q + rng.random()))]
        keywords = rng.sample(KEYWORDS, rng.randint(2, 6))
        out.firmographics.append((co.domain, keywords, rng.sample(NAICS_CODES, rng.randint(1, 2)), band))
        if rng.random() < SOCIALS_SHARE:
            out.socials.append(_socials(rng, co))
        if rng.random() < FUNDED_SHARE and vc_firms:
            rounds = _rounds(rng, co, vc_firms, today)
            last = rounds[-1]
            out.funding.append((co.domain, sum(r[4] for r in rounds), last[2], last[3], "demo"))
            out.rounds.extend(rounds)
    return out
