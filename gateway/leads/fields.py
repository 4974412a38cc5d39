"""The lead list model: every column of a lead, once, with how it filters, orders, facets and fills a dropdown.

`Lead`, `LeadFilter`, `LeadOrderField`, `LeadFacetDimension`, the page's select list, the completeness
rule and the `filters` dropdowns are all derived from `LEAD` (gateway/lists/model.py). The signal
lists extend it with their own columns; a person's profile adds the name parts and headline.
"""

from datetime import date
from typing import TYPE_CHECKING, Any, TypeAlias

from sqlalchemy import func

from gateway.companies.fields import BusinessModel
from gateway.companies.technologies import TECHNOLOGIES
from gateway.lists.keyset import coalesce_parts
from gateway.lists.model import Dropdown, Field, Filter, ListModel, Match
from gateway.lists.types import list_inputs, options_enum
from gateway.lists.values import const
from gateway.scalars import BigInt
from gateway.tables import PP, C, P
from models import reference

CONTAINS = Filter(Match.CONTAINS)
COMPANY_NAME = func.coalesce(C.c.name, P.c.company_name)
PERSON_ID = Field("person_id", BigInt, P.c.id)

LEAD = ListModel(
    name="Lead",
    tiebreak=PERSON_ID,
    fields=(
        PERSON_ID,
        Field("linkedin_url", str, P.c.linkedin_url),
        Field("linkedin_slug", str | None, P.c.linkedin_slug),
        Field("full_name", str | None, P.c.full_name, filter=CONTAINS, order="FULL_NAME"),
        Field("linkedin_url_type", str, P.c.linkedin_url_type),
        Field("person_city", str | None, P.c.city, filter=CONTAINS),
        Field("person_state", str | None, P.c.state, filter=CONTAINS),
        Field(
            "person_country",
            str | None,
            P.c.country,
            filter=CONTAINS,
            facet="PERSON_COUNTRY",
            dropdown=Dropdown("countries", reference.Country.__table__, by_name=True, description="Person countries."),
            complete=True,
        ),
        Field(
            "job_title",
            str | None,
            P.c.matched_cleaned_job_title,
            description="The cleaned job title.",
            filter=Filter(Match.CONTAINS, description="Contains, on the cleaned job title."),
            complete=True,
        ),
        Field(
            "job_function",
            str | None,
            P.c.matched_job_function,
            filter=Filter(Match.ANY_OF, "job_functions"),
            facet="JOB_FUNCTION",
            dropdown=Dropdown("job_functions", reference.JobFunction.__table__),
            complete=True,
        ),
        Field(
            "seniority",
            str | None,
            P.c.matched_seniority,
            filter=Filter(Match.ANY_OF, "seniorities"),
            facet="SENIORITY",
            dropdown=Dropdown("seniorities", reference.Seniority.__table__),
            complete=True,
        ),
        Field("job_start_date", date | None, P.c.job_start_date, filter=Filter(Match.RANGE), order="JOB_START_DATE"),
        Field(
            "company_domain",
            str | None,
            P.c.company_domain,
            filter=Filter(Match.DOMAIN, description="Exact, after normalisation."),
        ),
        Field(
            "company_name",
            str | None,
            COMPANY_NAME,
            filter=CONTAINS,
            order="COMPANY_NAME",
            complete=True,
            # the company's own name where it has one: pages walk the company name index there
            parts=coalesce_parts(C.c.name, P.c.company_name),
        ),
        Field("company_linkedin_url", str | None, C.c.linkedin_url),
        Field("company_city", str | None, C.c.city, filter=CONTAINS),
        Field("company_state", str | None, C.c.state, filter=CONTAINS),
        Field("company_country", str | None, C.c.country, filter=CONTAINS, facet="COMPANY_COUNTRY", complete=True),
        Field(
            "industry",
            str | None,
            C.c.industry,
            filter=Filter(Match.ANY_OF, "industries"),
            facet="INDUSTRY",
            dropdown=Dropdown("industries", reference.Industry.__table__),
            complete=True,
        ),
        Field(
            "employee_range",
            str | None,
            C.c.employee_range,
            filter=Filter(Match.ANY_OF, "employee_ranges"),
            facet="EMPLOYEE_RANGE",
            dropdown=Dropdown("employee_ranges", reference.EmployeeRange.__table__),
        ),
        Field(
            "business_model",
            str | None,
            C.c.business_model,
            node=False,
            filter=Filter(Match.EXACT, choices=BusinessModel),
            dropdown=Dropdown("business_models", reference.BusinessModel.__table__, label="label"),
        ),
        Field(  # issue 12
            "company_technologies",
            list[str],
            P.c.company_domain,
            node=False,
            filter=Filter(
                Match.RELATED_ANY_OF,
                description="Leads whose current company uses any of these technologies (names, case-insensitive).",
                related=TECHNOLOGIES,
            ),
        ),
        Field(
            "complete",
            bool,
            node=False,
            filter=Filter(
                Match.FLAG,
                default=True,
                description="Only complete leads (default): company name, both countries, job function (not "
                "Miscellaneous), seniority, cleaned title and industry known. false: every lead.",
            ),
        ),
        # issue 12: the best email (ranking in ingest/core_build/emails.py, kept on core.people)
        Field(
            "email",
            str | None,
            P.c.email,
            description="The best email found: valid/verified first, then unverified; newest first. "
            "Never one a finder called invalid.",
            filter=Filter(Match.KNOWN, "has_email", description="true: leads with an email; false: without."),
        ),
    ),
    # beyond the `complete` fields being known (partial indexes in 0003_core.py state the same rule)
    rule=(P.c.matched_job_function != const("Miscellaneous"),),
    # the joined company row's own domain and name: a JSON page writes `company` from the page's join
    hidden=(("company_row_domain", C.c.domain), ("company_row_name", C.c.name)),
)

PROMOTED_LEAD = LEAD.extend(
    "PromotedLead",
    (
        Field("previous_title", str | None, PP.c.previous_title),
        Field("new_title", str | None, PP.c.new_title),
        Field(
            "promotion_date",
            date,
            PP.c.promotion_date,
            description="The start date of the new role.",
            order="PROMOTION_DATE",
            order_description="Only on `recentlyPromoted`.",
        ),
    ),
)

VC_PORTFOLIO_LEAD = LEAD.extend(
    "VcPortfolioLead",
    (  # selected by the source: they depend on the VC names asked for
        Field("vc_name", str, description="The first matching VC firm by name."),
        Field("vc_company_description", str | None, description="The company as that VC's portfolio describes it."),
        Field(
            "vc_names",
            list[str],
            description="Every matching VC firm of the company, by name.",
            read=lambda names: list(names or ()),
        ),
    ),
)

CUSTOMER_ALUMNI_LEAD = LEAD.extend(  # issue 15
    "CustomerAlumniLead",
    (  # selected by the source: the customer depends on the company asked about
        Field("customer_domain", str, description="The customer of the company asked about that the lead worked at."),
        Field("customer_name", str, description="That customer's name, as the company's customer list spells it."),
        Field(
            "customer_start_date",
            date | None,
            description="Start of the lead's job there (their latest ended job at any of the company's customers).",
        ),
        Field("customer_end_date", date | None, description="End of that job."),
    ),
)

PERSON = LEAD.extend(
    "Person",
    (
        Field("first_name", str | None, P.c.first_name),
        Field("last_name", str | None, P.c.last_name),
        Field("headline", str | None, P.c.headline),
        Field(  # issue 12
            "sales_navigator_url",
            str | None,
            P.c.sales_navigator_url,
            description="The SalesNav lead URL this profile person absorbed (same member), if any.",
        ),
    ),
)

LEAD_LISTS = (LEAD, PROMOTED_LEAD, VC_PORTFOLIO_LEAD)

if TYPE_CHECKING:  # derived at run time; mypy sees their values as Any
    LeadFilter: TypeAlias = Any
    LeadOrderField: TypeAlias = Any
    LeadOrder: TypeAlias = Any
    LeadFacetDimension: TypeAlias = Any
else:
    LeadFilter, LeadOrderField, LeadOrder = list_inputs(
        "Lead",
        LEAD_LISTS,
        "Narrows a lead list. Lists match any of their values (an empty list does not filter); "
        "text fields are case-insensitive 'contains'; all given fields must hold.",
        "the person id",
    )
    LeadFacetDimension = options_enum(
        "LeadFacetDimension",
        "A dimension `facets` counts values of.",
        [f.facet_option for f in LEAD.fields if f.facet_option is not None],
    )
