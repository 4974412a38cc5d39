"""VC portfolio companies and their investors: one row per investor.

Three shapes: a portfolio row (company name/domain/description/location with ``vc_name``), a
Crunchbase export (``vc``, ``vc1`` .. ``vc12`` columns and/or an ``investors`` list), and the old
company-investors table (``vc_og``, ``vc_1`` .. ``vc_12``). ``vc_og`` is the firm whose portfolio listed
the company: an investor itself, and kept on every row of the payload as ``vc_og``.

The company is known by its domain or only by its LinkedIn URL (``company_domain = ""``; the core build
finds the domain through core.companies). A name alone cannot place the investors and is rejected.

Canonical firm names come from ``reference.vc_firms`` (name or alias, compared on their name keys).
`extract` stays pure and keeps the name as sent in both ``vc_name`` and ``vc_name_raw``; the
pipeline then runs `resolve` with its cached alias map, which sets the canonical ``vc_name`` (the
sent name when the firm is unknown) and keeps one row per canonical firm. A replay re-resolves.
"""

import re
from typing import Any, ClassVar, Literal

from pydantic import model_validator
from pydantic_core import PydanticCustomError

from ingest.normalize import clean_text
from ingest.sources.base import (
    ClayPayload,
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


class Payload(ClayPayload):
    subject_field: ClassVar[str] = "company_domain"
    subject_kind: ClassVar[Literal["domain", "linkedin"]] = "domain"

    company_domain: DomainIfSent = alias(
        "company_domain", "domain", "website", "company_website", "organization_website"
    )
    company_linkedin_url: OptLinkedinUrl = alias("company_linkedin_url", "linkedin_url")
    company_name: Text = alias("company_name", "name", "organization_name")
    company_description: Text = alias("company_description", "description", "short_description")
    company_location: Text = alias("company_location", "location", "headquarters_location", "hq_location")
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
        return {**data, "vc_names": names}

    @model_validator(mode="after")
    def _a_company(self) -> "Payload":
        if not (self.company_domain or self.company_linkedin_url):
            raise PydanticCustomError("missing", "a company_domain or a company_linkedin_url is required")
        return self

    @property
    def subject(self) -> str:
        return self.company_domain or self.company_linkedin_url or ""

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


SOURCE = Source("vc_portfolio", Payload, extract, tables=(extracted.VcPortfolio,), resolve=resolve)
