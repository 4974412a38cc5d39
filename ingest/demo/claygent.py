"""Claygent's view of some demo companies' customers, with Claygent's noise: a labelled sample for the
customer-name matching (the truth is in `core.company_customers`), and the statement inserting them into `extracted`.
"""

import random

from ingest.demo.companies import Company
from ingest.demo.vocabulary import Record
from ingest.demo.words import UNKNOWN_CUSTOMERS, slug


def _noisy(rng: random.Random, name: str, domain: str) -> str:
    """A customer name the way Claygent writes it."""
    kind = rng.choices(
        ["as is", "inc", "llc", "ltd", "upper", "lower", "the", "typo", "quotes", "domain", "spaces"],
        [30, 10, 6, 6, 4, 5, 5, 10, 6, 5, 3],
    )[0]
    if kind == "typo" and len(name) > 5:
        i = rng.randrange(1, len(name) - 2)
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]  # two letters swapped
    if kind == "quotes":
        return name.replace("'", "\u2019") if "'" in name else f"\u201c{name}\u201d"
    return {
        "inc": f"{name}{rng.choice([' Inc.', ' Inc', ', Inc.'])}",
        "llc": f"{name}{rng.choice([' LLC', ', LLC', ' L.L.C.'])}",
        "ltd": f"{name}{rng.choice([' Ltd', ' Ltd.', ' GmbH', ' Corp.', ' SAS'])}",
        "upper": name.upper(),
        "lower": name.lower(),
        "the": f"The {name}",
        "domain": domain,
        "spaces": f" {name}  ",
    }.get(kind, name)


def claygent_records(rng: random.Random, companies: list[Company], customers: list[Record]) -> list[Record]:
    """Claygent's view of ~40 companies' customers: the demo customers with noise, plus unknown names.

    The truth for each row is in `core.company_customers` (same origin domain): a labelled sample.
    """
    by_origin: dict[str, list[Record]] = {}
    for row in customers:
        by_origin.setdefault(row[0], []).append(row)
    by_domain = {co.domain: co for co in companies}
    records = []
    for origin in rng.sample(sorted(by_origin), min(40, len(by_origin))):
        co = by_domain[origin]
        names = [(_noisy(rng, r[2], r[3]), r[4]) for r in by_origin[origin]]
        names += [(name, None) for name in rng.sample(UNKNOWN_CUSTOMERS, rng.randint(0, 2))]
        linkedin = f"https://www.linkedin.com/company/{slug(co.name)}"
        for name, url in dict(names).items():
            confidence = rng.choice(["high", "high", "medium", "low"])
            records.append((origin, co.name, linkedin, name, url, url is not None, confidence))
    return records


# Real claygent rows may already name the same customer: those are kept as they are.
CLAYGENT_INSERT = """
INSERT INTO extracted.claygent_customers_v2 (
    origin_company_domain, origin_company_name, origin_company_linkedin_url, customer_name,
    case_study_url, has_case_study, confidence)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bool[], $7::text[])
ON CONFLICT (origin_company_domain, customer_name) DO NOTHING
"""
