"""Query fields of the company domain: `companies`, `company` and `searchCompanies`."""

import strawberry

from gateway.companies.fields import COMPANY, CompanyFilter, CompanyOrder
from gateway.companies.loaders import select_companies_by_domain, select_companies_matching
from gateway.companies.types import Company, CompanyConnection
from gateway.context import Info
from gateway.database import fetch
from gateway.errors import BadUserInput
from gateway.lists.arguments import check_first
from gateway.lists.compiler import ListSource
from gateway.lists.resolve import list_connection
from gateway.lists.values import domain_value
from gateway.permissions import IsReader
from gateway.statements import Built, StatementField
from gateway.tables import C

MIN_SEARCH = 2
COMPANIES = ListSource(COMPANY, C)


def all_companies() -> ListSource:
    """`companies` mirrors core.companies: it has no arguments of its own."""
    return COMPANIES


def _company(domain: str) -> Built:
    """`company(domain)`: the row of the normalised domain, if any."""
    key = domain_value(domain, "domain")
    return [select_companies_by_domain([key])], lambda results: Company.from_row(results[0][0]) if results[0] else None


COMPANY_BY_DOMAIN = StatementField(_company)


@strawberry.type
class CompanyQueries:
    @strawberry.field(permission_classes=[IsReader], description="Companies (core.companies); by id unless ordered.")
    def companies(
        self,
        info: Info,
        filter: CompanyFilter | None = None,
        order_by: list[CompanyOrder] | None = None,
        first: int | None = 50,
        after: str | None = None,
        offset: int | None = None,
    ) -> CompanyConnection:
        return list_connection(
            info, all_companies(), CompanyConnection, Company, filter, order_by, first, after, offset
        )

    @strawberry.field(permission_classes=[IsReader], description="A company by domain (any spelling: URL, www.).")
    async def company(self, info: Info, domain: str) -> Company | None:
        return await COMPANY_BY_DOMAIN.resolve(info.context.engine, domain=domain)  # type: ignore[no-any-return]

    @strawberry.field(
        permission_classes=[IsReader],
        description="Companies whose name or domain contains `query` (at least 2 characters): exact matches "
        "first, then prefixes, then by similarity.",
    )
    async def search_companies(self, info: Info, query: str, first: int | None = 10) -> list[Company]:
        text = query.strip()
        if len(text) < MIN_SEARCH:
            raise BadUserInput(f"`query` needs at least {MIN_SEARCH} characters.")
        first = check_first(first, default=10, maximum=info.context.settings.max_page_size, paged=False)
        rows = await fetch(info.context.engine, select_companies_matching(text, first))
        return [Company.from_row(r) for r in rows]
