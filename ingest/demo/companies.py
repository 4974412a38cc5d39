"""Demo companies and the rows hanging off them: customers, VC investors, similar companies, job postings
and news. Thousands of rows, not millions, so they are built in Python, one `random.Random` per table.
"""

import random
from datetime import date, timedelta
from typing import NamedTuple

from ingest.demo.vocabulary import Location, Record, Vocabulary, location_weights, weighted_slots
from ingest.demo.words import (
    CORES,
    COUNTRY_TLDS,
    DOES,
    ENDINGS,
    FOR_WHOM,
    MIDDLES,
    PREFIXES,
    QUALIFIERS,
    TAGLINES,
    TLDS,
    WHAT,
    slug,
)


class Company(NamedTuple):
    id: int
    domain: str
    name: str
    location: int  # index into Vocabulary.locations: where its people tend to live
    located: bool  # False: city, state and country unknown (an incomplete company)
    industry: str | None
    description: str


def _company_name(rng: random.Random) -> tuple[str, list[str]]:
    """A display name and the words its domain is made of."""
    prefix = rng.choice(PREFIXES)
    form = rng.random()
    if form < 0.45:
        core = rng.choice(CORES)
        return f"{prefix} {core}", [prefix, core]
    if form < 0.60:
        name = slug(prefix).capitalize() + rng.choice(ENDINGS)
        return name, [name]
    middle, core = rng.choice(MIDDLES), rng.choice(CORES)
    return f"{prefix} {middle} {core}", [prefix, middle, core]


def _domain(rng: random.Random, words: list[str], country: str, seen: set[str]) -> str:
    labels = [slug(w).replace("-", "") for w in words]
    local_tld = COUNTRY_TLDS.get(country.lower())
    tld = local_tld if local_tld and rng.random() < 0.4 else rng.choices(list(TLDS), list(TLDS.values()))[0]
    style = rng.random()
    if style < 0.1 and tld == "com" and len(labels) < 3:
        label = "get" + "".join(labels)
    else:
        label = "-".join(labels) if style < 0.3 else "".join(labels)
    domain, n = f"{label}.{tld}", 1
    while domain in seen:
        n += 1
        domain = f"{label}{n}.{tld}"
    seen.add(domain)
    return domain


def make_companies(rng: random.Random, vocab: Vocabulary, count: int) -> list[Company]:
    """Unique names and domains; country-skewed; 1.5 % without industry, 1 % without location."""
    location_slots = weighted_slots(location_weights(vocab.locations))
    industry_slots = weighted_slots([1 / (k + 1) ** 0.5 for k in range(len(vocab.industries))])
    names: set[str] = set()
    domains: set[str] = set()
    companies = []
    for c in range(1, count + 1):
        location = rng.choice(location_slots)
        for _ in range(25):
            name, words = _company_name(rng)
            if name not in names:
                break
        base, n = name, 0
        while name in names:  # the name space is exhausted: "Acme Robotics Europe", ...
            rounds, q = divmod(n, len(QUALIFIERS))
            qualifier = QUALIFIERS[q] + (f" {rounds + 1}" if rounds else "")
            name, n = f"{base} {qualifier}", n + 1
        names.add(name)
        words = [*words, *name[len(base) :].split()]
        industry = vocab.industries[rng.choice(industry_slots)] if rng.random() >= 0.015 else None
        description = f"{name} {rng.choice(DOES)} {rng.choice(WHAT)} for {rng.choice(FOR_WHOM)}."
        country = vocab.locations[location].country
        domain = _domain(rng, words, country, domains)
        companies.append(Company(c, domain, name, location, rng.random() >= 0.01, industry, description))
    return companies


def company_records(rng: random.Random, vocab: Vocabulary, companies: list[Company], today: date) -> list[Record]:
    """Rows for `core.companies`; lower ids are bigger companies (they also get more people)."""
    models = vocab.business_models
    model_weights = [70, 15, 15, *[5] * len(models)][: len(models)]
    ranges = vocab.employee_ranges
    records = []
    for co in companies:
        q = (co.id - 1) / len(companies)
        size = ranges[min(len(ranges) - 1, int(len(ranges) * rng.random() * (1 - q) ** 2))]
        loc = vocab.locations[co.location] if co.located else Location("", None, None, "")
        records.append((
            co.id, co.domain, co.name, f"https://www.linkedin.com/company/{slug(co.name)}",
            loc.city, loc.state, loc.country or None, co.industry,
            size if rng.random() >= 0.01 else None, co.description, rng.choice(TAGLINES),
            rng.choices(models, model_weights)[0], today.year - 1 - int(60 * rng.random() ** 2), "demo",
        ))  # fmt: skip
    return records


COMPANY_COLUMNS = [
    "id", "domain", "name", "linkedin_url", "city", "state", "country", "industry", "employee_range",
    "description", "tagline", "business_model", "founded_year", "origin",
]  # fmt: skip


def customer_records(rng: random.Random, companies: list[Company]) -> list[Record]:
    """~30 % of companies name 2-15 other demo companies as customers (big ones more often)."""
    records = []
    for co in companies:
        if rng.random() >= 0.30:
            continue
        wanted = rng.randint(2, 15)
        picked: dict[int, None] = {}  # ordered set
        for _ in range(wanted * 3):
            index = int(len(companies) * rng.random() ** 1.6)
            if index != co.id - 1:
                picked[index] = None
            if len(picked) == wanted:
                break
        for index in picked:
            customer = companies[index]
            case_study = rng.random() < 0.35
            url = f"https://{co.domain}/customers/{slug(customer.name)}" if case_study else None
            records.append((co.domain, co.name, customer.name, customer.domain, url, case_study, "demo"))
    return records


CUSTOMER_COLUMNS = [
    "origin_company_domain", "origin_company_name", "customer_name", "customer_domain",
    "case_study_url", "has_case_study", "source",
]  # fmt: skip


def vc_records(rng: random.Random, companies: list[Company], vc_firms: list[str]) -> list[Record]:
    """~5 % of companies are backed by 1-3 VC firms."""
    return [
        (co.domain, vc, co.description, "demo")
        for co in companies
        if rng.random() < 0.05
        for vc in rng.sample(vc_firms, min(rng.randint(1, 3), len(vc_firms)))
    ]


def similar_records(rng: random.Random, companies: list[Company]) -> list[Record]:
    """~20 % of companies have 3-10 similar companies, mostly in their industry, best score first."""
    by_industry: dict[str | None, list[Company]] = {}
    for co in companies:
        by_industry.setdefault(co.industry, []).append(co)
    records = []
    for co in companies:
        if rng.random() >= 0.20:
            continue
        peers = by_industry[co.industry] if len(by_industry[co.industry]) > 10 else companies
        similar: dict[str, Company] = {}
        for _ in range(rng.randint(3, 10)):
            other = rng.choice(peers if rng.random() < 0.8 else companies)
            if other.id != co.id:
                similar[other.domain] = other
        for rank, other in enumerate(similar.values()):
            score = round(0.97 - 0.05 * rank - 0.04 * rng.random(), 3)
            records.append((co.domain, other.domain, other.name, score, "demo"))
    return records


def _sample_companies(rng: random.Random, companies: list[Company], share: float) -> list[Company]:
    """A few: `share` of the companies, at least 50, at most 1500."""
    wanted = min(len(companies), max(50, min(1500, int(len(companies) * share))))
    return sorted(rng.sample(companies, wanted), key=lambda co: co.id)


def job_posting_records(rng: random.Random, vocab: Vocabulary, companies: list[Company], today: date) -> list[Record]:
    records = []
    for co in _sample_companies(rng, companies, 0.01):
        city = vocab.locations[co.location].city if co.located else None
        for n in range(1, rng.randint(1, 4) + 1):
            job_id = f"demo-{co.id}-{n}"
            title = rng.choice(vocab.titles).cleaned
            location = city if city and rng.random() < 0.7 else "Remote"
            posted = today - timedelta(days=rng.randrange(60))
            records.append((co.domain, job_id, title, location, f"https://{co.domain}/careers/{job_id}", posted))
    return records


ROUNDS = {  # round -> amounts in $M
    "Seed": [1, 2, 3, 4], "Series A": [6, 8, 10, 12, 15], "Series B": [18, 25, 30, 40],
    "Series C": [45, 60, 75, 100], "Series D": [120, 150, 200],
}  # fmt: skip
NEWS = [
    "{name} raises {amount} {round}",
    "{name} launches a new platform for {whom}",
    "{name} opens a new office in {city}",
    "{name} appoints a new Chief Revenue Officer",
    "{name} announces partnership with {partner}",
]


def news_records(rng: random.Random, vocab: Vocabulary, companies: list[Company], today: date) -> list[Record]:
    records = []
    for co in _sample_companies(rng, companies, 0.0075):
        for template in rng.sample(NEWS, rng.randint(1, 2)):
            fundraising = template.startswith("{name} raises")
            round_ = rng.choice(list(ROUNDS)) if fundraising else None
            amount = f"${rng.choice(ROUNDS[round_])}M" if round_ else None
            city = rng.choice(vocab.locations).city or "London"
            headline = template.format(
                name=co.name, amount=amount, round=round_, whom=rng.choice(FOR_WHOM), city=city,
                partner=rng.choice(companies).name,
            )  # fmt: skip
            url = f"https://{co.domain}/news/{slug(headline)}"
            published = today - timedelta(days=rng.randrange(365))
            records.append((co.domain, headline, url, published, amount, round_))
    return records
