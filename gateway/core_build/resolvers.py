"""Operator mutations that turn extracted into core, and the list of customer names to review.

Each runs in one transaction under the operator statement timeout (`SET LOCAL`), not the short
timeout reader and ingest requests get.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

import strawberry
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection

from gateway.companies.types import CompanyCustomer
from gateway.context import Info
from gateway.core_build.types import ConsolidationReport, CustomerMatchCandidate, MatchReport
from gateway.errors import NotFound, Timeout
from gateway.extensions import translate
from gateway.lists.values import domain_value
from gateway.permissions import IsOperator
from ingest.core_build import build, consolidation, matching
from ingest.core_build.db import set_timeout

FullArgument = Annotated[
    bool, strawberry.argument(description="Process every row, not only those changed since the last run.")
]


@asynccontextmanager
async def maintenance(info: Info) -> AsyncIterator[AsyncConnection]:
    """One transaction under the operator timeout; a statement cancelled by it is a TIMEOUT error."""
    try:
        async with info.context.engine.begin() as conn:
            await set_timeout(conn, info.context.settings.operator_statement_timeout_ms)
            yield conn
    except DBAPIError as exc:
        if isinstance(translate(exc), Timeout):  # the error family's reading of a cancelled statement
            raise Timeout("The operation ran past the operator statement timeout and was rolled back.") from exc
        raise


@strawberry.type
class CoreBuildQueries:
    @strawberry.field(
        permission_classes=[IsOperator],
        description="Customer names no company was matched to, with their best candidates (best first).",
    )
    async def customer_match_candidates(
        self, info: Info, first: int | None = 50, origin_company_domain: str | None = None
    ) -> list[CustomerMatchCandidate]:
        origin = domain_value(origin_company_domain, "originCompanyDomain") if origin_company_domain else None
        async with info.context.engine.connect() as conn:
            items = await matching.review_items(conn, info.context.page_size(first), origin)
        return [CustomerMatchCandidate.of(item) for item in items]


@strawberry.type
class CoreBuildMutations:
    @strawberry.mutation(
        permission_classes=[IsOperator],
        description="Match customer names of the Claygent and manual tables to known company domains.",
    )
    async def match_customer_domains(self, info: Info, full: FullArgument = False) -> MatchReport:
        async with maintenance(info) as conn:
            report = await matching.match_customers(conn, full=full)
        return MatchReport.of(report)

    @strawberry.mutation(
        permission_classes=[IsOperator],
        description="Promote matched customers into core.company_customers (idempotent, ON CONFLICT DO NOTHING).",
    )
    async def consolidate_company_customers(self, info: Info, full: FullArgument = False) -> ConsolidationReport:
        async with maintenance(info) as conn:
            report = await consolidation.consolidate_customers(conn, full=full)
        return ConsolidationReport.of(report)

    @strawberry.mutation(
        permission_classes=[IsOperator],
        description="Build core companies, people, work history, promotions, investors, similar companies and "
        "signals from extracted; never deletes core rows it did not derive.",
    )
    async def rebuild_core(self, info: Info, full: FullArgument = False) -> ConsolidationReport:
        async with maintenance(info) as conn:
            report = await build.rebuild_core(conn, full=full)
        return ConsolidationReport.of(report)

    @strawberry.mutation(
        permission_classes=[IsOperator],
        description="Decide which domain a customer name is (null: no company); kept over every later matching run.",
    )
    async def set_customer_domain(
        self, info: Info, origin_company_domain: str, customer_name: str, domain: str | None = None
    ) -> CompanyCustomer:
        origin = domain_value(origin_company_domain, "originCompanyDomain")
        target = domain_value(domain, "domain") if domain is not None and domain.strip() else None
        async with maintenance(info) as conn:
            await matching.set_override(conn, origin, customer_name, target, info.context.key_id)
            record = await consolidation.apply_override(conn, origin, customer_name, target)
            if record is None:
                raise NotFound(
                    f"No customer {customer_name!r} of {origin} in the extracted customer tables.",
                    originCompanyDomain=origin,
                    customerName=customer_name,
                )
        return CompanyCustomer.from_row(record)
