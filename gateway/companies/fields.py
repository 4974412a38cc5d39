"""The company list model: every column of a company, once, with how it filters and orders.

`Company`'s scalar fields, `CompanyFilter`, `CompanyOrderField` and the select list are derived from
`COMPANY` (gateway/lists/model.py).
"""

import enum
from typing import TYPE_CHECKING, Any, TypeAlias

import strawberry

from gateway.companies.technologies import TECHNOLOGIES
from gateway.lists.model import Field, Filter, ListModel, Match, Related
from gateway.lists.types import list_inputs
from gateway.scalars import BigInt
from gateway.tables import C
from models import core


@strawberry.enum(description="A company's business model, as stored in core.companies.business_model.")
class BusinessModel(enum.Enum):
    B2B = "B2B"
    B2C = "B2C"
    BOTH = "BOTH"


@strawberry.enum(description="An ad library: its value is core.company_ads.platform.")  # issue 12
class AdPlatform(enum.Enum):
    GOOGLE = "google"
    LINKEDIN = "linkedin"
    META = "meta"


ADS = core.CompanyAds.__table__  # issue 12

CONTAINS = Filter(Match.CONTAINS)

COMPANY = ListModel(
    name="Company",
    tiebreak=Field("id", int, C.c.id, node=False),
    fields=(
        Field(
            "domain",
            str,
            C.c.domain,
            filter=Filter(Match.DOMAIN, description="Exact, after normalisation."),
            order="DOMAIN",
        ),
        Field("name", str | None, C.c.name, filter=CONTAINS, order="NAME"),
        Field("linkedin_url", str | None, C.c.linkedin_url),
        Field("city", str | None, C.c.city, filter=CONTAINS),
        Field("state", str | None, C.c.state, filter=CONTAINS),
        Field("country", str | None, C.c.country, filter=CONTAINS),
        Field("industry", str | None, C.c.industry, filter=Filter(Match.ANY_OF, "industries")),
        Field("employee_range", str | None, C.c.employee_range, filter=Filter(Match.ANY_OF, "employee_ranges")),
        Field("description", str | None, C.c.description),
        Field("tagline", str | None, C.c.tagline),
        Field("business_model", str | None, C.c.business_model),
        Field("founded_year", BigInt | None, C.c.founded_year),
        Field("address", str | None, C.c.address, description="The registered address, as sent (company_address)."),
        # CompanyEnrich firmographics (issue 12)
        Field("keywords", list[str], C.c.keywords, read=list, description="Keywords CompanyEnrich lists."),
        Field("naics_codes", list[str], C.c.naics_codes, read=list, description="NAICS industry codes."),
        Field("revenue_range", str | None, C.c.revenue_range, description='Revenue band as sent ("$10M-$50M").'),
        Field(  # issue 12
            "advertises_on",
            list[AdPlatform],
            C.c.domain,
            node=False,
            filter=Filter(
                Match.RELATED_ANY_OF,
                description="Companies running ads on any of these platforms (an ad count above 0).",
                choices=AdPlatform,
                related=Related(ADS.c.company_domain, ADS.c.platform, where=(ADS.c.ad_count > 0,)),
            ),
        ),
        Field(  # issue 12
            "technologies",
            list[str],
            C.c.domain,
            node=False,
            filter=Filter(
                Match.RELATED_ANY_OF,
                description="Companies using any of these technologies (names, case-insensitive).",
                related=TECHNOLOGIES,
            ),
        ),
    ),
)

if TYPE_CHECKING:  # derived at run time; mypy sees their values as Any
    CompanyFilter: TypeAlias = Any
    CompanyOrderField: TypeAlias = Any
    CompanyOrder: TypeAlias = Any
else:
    CompanyFilter, CompanyOrderField, CompanyOrder = list_inputs(
        "Company", [COMPANY], "Narrows the company list; all given fields must hold.", "the company id"
    )
