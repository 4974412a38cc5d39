"""The one place the GraphQL schema is assembled from the per-domain parts."""

import logging
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    DisableIntrospection,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from gateway.audit import AuditMutations
from gateway.batches.resolvers import BatchMutations, BatchQueries, BatchSubscriptions
from gateway.companies.queries import COMPANY_BY_DOMAIN, CompanyQueries, all_companies
from gateway.core_build.resolvers import CoreBuildMutations, CoreBuildQueries
from gateway.coverage.queries import CoverageQueries
from gateway.execution import GatewayExecutionContext
from gateway.extensions import AuthenticationGate, ErrorMasking, OperationMetrics
from gateway.filters.queries import FILTERS, FilterQueries
from gateway.ingest.resolvers import IngestMutations, IngestQueries
from gateway.leads.queries import PERSON_BY_URL, LeadQueries, all_leads
from gateway.leads.views import LeadViewMutations, LeadViewQueries
from gateway.limits import MAX_TOKENS, QueryLimits
from gateway.lists.resolve import SourceOf
from gateway.mappings import MappingMutations
from gateway.privacy import PrivacyMutations
from gateway.scalars import SCALAR_MAP
from gateway.settings import Settings, get_settings
from gateway.signals.queries import SIGNAL_LISTS, SignalQueries
from gateway.statements import StatementField
from gateway.system import SystemQueries

log = logging.getLogger("gateway.graphql")

# Each domain contributes a class of fields; add yours here.
QUERIES: tuple[type, ...] = (
    SystemQueries,
    IngestQueries,
    BatchQueries,
    LeadQueries,
    SignalQueries,
    CompanyQueries,
    FilterQueries,
    CoreBuildQueries,
    CoverageQueries,
    LeadViewQueries,
)
# Every list field of `Query` and the function turning its own arguments into the rows it pages
# through: `POST /export/{field}.csv` walks the same rows (test_list_exports.py checks none is missing).
LIST_SOURCES: dict[str, SourceOf] = {"leads": all_leads, **SIGNAL_LISTS, "companies": all_companies}
# Root fields answered by a few statements (gateway/statements.py): compiled operations plan them too.
STATEMENT_FIELDS: dict[str, StatementField] = {
    "company": COMPANY_BY_DOMAIN,
    "person": PERSON_BY_URL,
    "filters": FILTERS,
}
MUTATIONS: tuple[type, ...] = (
    IngestMutations,
    BatchMutations,
    CoreBuildMutations,
    PrivacyMutations,
    MappingMutations,
    LeadViewMutations,
)
SUBSCRIPTIONS: tuple[type, ...] = (BatchSubscriptions,)


def _merged(name: str, parts: tuple[type, ...]) -> Any:
    return merge_types(name, parts) if parts else None


class GatewaySchema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        """Expected errors (bad input, limits, roles) are the client's business: one quiet line each.

        Internal errors are logged once, with their stack trace and request id, by ErrorMasking.
        """
        for error in errors:
            log.info("graphql error: %s (%s)", error.message, (error.extensions or {}).get("code", "VALIDATION"))


def build_schema(settings: Settings | None = None) -> strawberry.Schema:
    settings = settings or get_settings()
    extensions: list[type[SchemaExtension] | Any] = [
        OperationMetrics,
        ErrorMasking,
        lambda: ParserCache(maxsize=512),
        lambda: ValidationCache(maxsize=512),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        AuthenticationGate,
        QueryLimits,
        AuditMutations,
    ]
    if settings.is_production:
        extensions.append(DisableIntrospection)
    return GatewaySchema(
        query=_merged("Query", QUERIES),
        mutation=_merged("Mutation", MUTATIONS),
        subscription=_merged("Subscription", SUBSCRIPTIONS),
        extensions=extensions,
        execution_context_class=GatewayExecutionContext,
        config=StrawberryConfig(scalar_map=SCALAR_MAP),
    )


def export_sdl() -> str:
    """The SDL of the development schema (what `schema.graphql` must equal)."""
    return build_schema(Settings(env="development")).as_str() + "\n"
