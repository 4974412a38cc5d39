"""VC portfolio companies: company name/domain/description/location with ``vc_name``, or a Crunchbase
export with ``vc``, ``vc1`` .. ``vc12`` columns (and/or an ``investors`` list): one row per investor.

Canonical firm names come from ``reference.vc_firms`` (name or alias, compared on their name keys).
`extract` stays pure and keeps the name as sent in both ``vc_name`` and ``vc_name_raw``; the
pipeline then runs `resolve` with its cached alias map, which sets the canonical ``vc_name`` (the
sent name when the firm is unknown) and keeps one row per canonical firm. A replay re-resolves.
"""

import re
from typing import Any, ClassVar, Literal

from ingest.normalize import clean_text
from ingest.sources.base import ClayPayload, Domain, Lookups, Source, Text, TextList, alias, required
from models import extracted
from models.base import Base

_VC_COLUMN = re.compile(r"vc(\d{0,2})", re.IGNORECASE)


class Payload(ClayPayload):
    subject_field: ClassVar[str] = "company_domain"
    subject_kind: ClassVar[Literal["domain", "linkedin"]] = "domain"

    company_domain: Domain = required("company_domain", "domain", "website", "company_website", "organization_website")
    company_name: Text = alias("company_name", "name", "organization_name")
    company_description: Text = alias("company_description", "description", "short_description")
    company_location: Text = alias("company_location", "location", "headquarters_location", "hq_location")
    vc_names: list[str] = []
    investors: TextList = alias("investors", "investor_names", "lead_investors", default=[])

    @classmethod
    def prepare(cls, data: dict[str, Any]) -> dict[str, Any]:
        columns = sorted(
            ((int(m.group(1) or -1), v) for k, v in data.items() if (m := _VC_COLUMN.fullmatch(k))),
            key=lambda column: column[0],
        )
        cells = [data.get("vc_name"), *(value for _, value in columns)]
        names = [name for cell in cells if (name := clean_text(cell))]
        return {**data, "vc_names": names}

    def all_vc_names(self) -> list[str]:
        return list(dict.fromkeys([*self.vc_names, *self.investors]))


def extract(p: Payload) -> list[extracted.VcPortfolio]:
    return [
        extracted.VcPortfolio(
            company_domain=p.company_domain,
            company_name=p.company_name,
            company_description=p.company_description,
            company_location=p.company_location,
            vc_name=name,
            vc_name_raw=name,
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
