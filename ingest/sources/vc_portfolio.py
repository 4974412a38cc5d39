"""VC portfolio companies and their investors: one row per investor.

Three shapes: a portfolio row (company name/domain/description/location with ``vc_name``), a
Crunchbase export (``vc``, ``vc1`` .. ``vc12`` columns and/or an ``investors`` list), and the old
company-investors table (``vc_og``, ``vc_1`` .. ``vc_12``). ``vc_og`` is the firm whose portfolio listed
the company: an investor itself, and kept on every row of the payload as ``vc_og``.

The portfolio row's city/state/country make ``company_location`` when no location text is sent;
a Crunchbase export's funding columns are kept as sent in ``funding``.

The company is known by its domain or only by its LinkedIn URL (``company_domain = ""``; the core build
finds the domain through core.companies). A name alone cannot place the investors and is rejected.

Canonical firm names come from ``reference.vc_firms`` (name or alias, compared on their name keys).
`extract` stays pure and keeps the name as sent in both ``vc_name`` and ``vc_name_raw``; the
pipeline then runs `resolve` with its cached alias map, which sets the canonical ``vc_name`` (the
sent name when the firm is unknown) and keeps one row per canonical firm. A replay re-resolves.
"""

import re
from typing import Any

from ingest.normalize import clean_text
from ingest.sources.base import (
    CompanyPayload,
    DomainIfSent,
    Lookups,
    OptLinkedinUrl,
    Source,
    Text,
    TextList,
    alias,
)
from models import extracted
from models.base import Base

# vc, vc1..vc12 (Crunchbase), vc_og, vc_1..vc_12 (the old company-investors table)
_VC_COLUMN = re.compile(r"vc_?(og|\d{0,2})", re.IGNORECASE)


def _column_order(suffix: str) -> int:
    return -2 if suffix.lower() == "og" else int(suffix or -1)


FUNDING = (
    "last_funding_date",
    "last_funding_type",
    "last_funding_amount",
    "last_equity_funding_type",
    "last_leadership_hiring_date",
    "estimated_revenue_range",
    "funding_status",
    "total_funding_amount",
    "total_equity_funding_amount",
)
_LOCATION_NAMES = ("company_location", "location", "headquarters_location", "hq_location")


def _location_sent(data: dict[str, Any]) -> bool:
    return any(clean_text(data.get(name)) for name in _LOCATION_NAMES)


class Payload(CompanyPayload):
    company_domain: DomainIfSent = alias(
        "company_domain", "domain", "website", "company_website", "organization_website"
    )
    company_linkedin_url: OptLinkedinUrl = alias("company_linkedin_url", "linkedin_url")
    company_name: Text = alias("company_name", "name", "organization_name")
    company_description: Text = alias("company_description", "description", "short_description")
    company_location: Text = alias("company_location", "location", "headquarters_location", "hq_location")
    company_long_description: Text = alias("long_description", "company_long_description")
    employee_range: Text = alias("employee_range", "employee_count_range")
    founded_date: Text = alias("founded_date", "founded_on", "founded")
    operating_status: Text = alias("operating_status")
    funding: dict[str, str] = {}
    clay_table_url: Text = alias("clay_table_url")
    vc_og: Text = alias("vc_og")
    vc_names: list[str] = []
    investors: TextList = alias("investors", "investor_names", "lead_investors", default=[])

    @classmethod
    def prepare(cls, data: dict[str, Any]) -> dict[str, Any]:
        columns = sorted(
            ((_column_order(m.group(1)), v) for k, v in data.items() if (m := _VC_COLUMN.fullmatch(k))),
            key=lambda column: column[0],
        )
        cells = [data.get("vc_name"), *(value for _, value in columns)]
        names = [name for cell in cells if (name := clean_text(cell))]
        funding = {key: text for key in FUNDING if (text := clean_text(data.get(key)))}
        place = ", ".join(part for key in ("city", "state", "country") if (part := clean_text(data.get(key))))
        located = {"company_location": place} if place and not _location_sent(data) else {}
        return {**data, **located, "vc_names": names, "funding": funding}

    def all_vc_names(self) -> list[str]:
        return list(dict.fromkeys([*self.vc_names, *self.investors]))


def extract(p: Payload) -> list[extracted.VcPortfolio]:
    return [
        extracted.VcPortfolio(
            company_domain=p.company_domain or "",
            company_linkedin_url=p.company_linkedin_url or "",
            company_name=p.company_name,
            company_description=p.company_description,
            company_location=p.company_location,
            vc_name=name,
            vc_name_raw=name,
            vc_og=p.vc_og,
            company_long_description=p.company_long_description,
            employee_range=p.employee_range,
            founded_date=p.founded_date,
            operating_status=p.operating_status,
            funding=p.funding or None,
            clay_table_url=p.clay_table_url,
        )
        for name in p.all_vc_names()
    ]


def resolve(rows: list[Base], lookups: Lookups) -> list[Base]:
    """Canonical firm names; the first row per canonical firm wins ("a16z" and its full name)."""
    seen: set[str] = set()
    out: list[Base] = []
    for row in rows:
        if isinstance(row, extracted.VcPortfolio):
            row.vc_name = lookups.vc_name(row.vc_name_raw or row.vc_name)
            if row.vc_name in seen:
                continue
            seen.add(row.vc_name)
        out.append(row)
    return out


SOURCE = Source("vc_portfolio", Payload, extract, tables=(extracted.VcPortfolio,), resolve=resolve, version=2)
