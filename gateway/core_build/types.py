"""Reports of the extracted -> core steps, and the customer names waiting for an operator's decision."""

from typing import Self

import strawberry

from gateway.scalars import BigInt
from ingest.core_build import consolidation, matching

# Counts over whole tables (customer rows, core rows) are bigints that may pass 2^31-1, where GraphQL's Int
# stops: BigInt. A count of one customer name's rows (`occurrences`) stays Int.


@strawberry.type(description="Customer rows matched by one method.")
class MatchMethodCount:
    method: str = strawberry.field(description="override, manual, domain, exact, alias or fuzzy.")
    count: BigInt


@strawberry.type(description="What a customer-name matching run found, over the four extracted customer tables.")
class MatchReport:
    names_seen: BigInt = strawberry.field(description="Customer rows (name per origin company and table).")
    distinct_names: BigInt
    matched: BigInt
    unmatched: BigInt
    match_rate: float = strawberry.field(description="matched / namesSeen.")
    by_method: list[MatchMethodCount]
    newly_matched: BigInt = strawberry.field(description="Rows this run matched.")
    names_tried: BigInt = strawberry.field(description="Distinct unmatched names this run tried.")
    for_review: BigInt = strawberry.field(description="Unmatched rows with candidates (see customerMatchCandidates).")
    known_companies: BigInt = strawberry.field(description="Company domains names were matched against.")
    seconds: float

    @classmethod
    def of(cls, r: matching.MatchReport) -> Self:
        order = {m: i for i, m in enumerate(matching.METHODS)}
        return cls(
            names_seen=BigInt(r.names_seen),
            distinct_names=BigInt(r.distinct_names),
            matched=BigInt(r.matched),
            unmatched=BigInt(r.unmatched),
            match_rate=round(r.match_rate, 4),
            by_method=[
                MatchMethodCount(method=m, count=BigInt(n))
                for m, n in sorted(r.by_method.items(), key=lambda kv: order.get(kv[0], 99))
            ],
            newly_matched=BigInt(r.newly_matched),
            names_tried=BigInt(r.names_tried),
            for_review=BigInt(r.for_review),
            known_companies=BigInt(r.known_companies),
            seconds=r.seconds,
        )


@strawberry.type(description="Rows one step wrote to one core table.")
class TableReport:
    table: str
    inserted: BigInt
    updated: BigInt
    skipped: BigInt = strawberry.field(description="Rows looked at whose values had not changed.")
    deleted: BigInt = strawberry.field(description="Derived rows no longer derived (work history, promotions).")


@strawberry.type(description="What consolidation and the core build wrote, per core table.")
class ConsolidationReport:
    tables: list[TableReport]
    inserted: BigInt
    updated: BigInt
    skipped: BigInt
    unmatched_customers: BigInt = strawberry.field(
        description="Customer (origin, name) pairs without a matched domain: not promoted, listed for review."
    )
    function_share: float | None = strawberry.field(
        description="Share of built people with a job title that have a job function."
    )
    seniority_share: float | None = strawberry.field(
        description="Share of built people with a job title that have a seniority."
    )
    incremental: bool = strawberry.field(description="Only rows changed since the last run were processed.")
    seconds: float

    @classmethod
    def of(cls, r: consolidation.ConsolidationReport) -> Self:
        tables = [
            TableReport(
                table=t,
                inserted=BigInt(r.inserted.get(t, 0)),
                updated=BigInt(r.updated.get(t, 0)),
                skipped=BigInt(r.skipped.get(t, 0)),
                deleted=BigInt(r.deleted.get(t, 0)),
            )
            for t in r.inserted
        ]
        return cls(
            tables=tables,
            inserted=BigInt(sum(r.inserted.values())),
            updated=BigInt(sum(r.updated.values())),
            skipped=BigInt(sum(r.skipped.values())),
            unmatched_customers=BigInt(r.unmatched),
            function_share=r.notes.get("function_share"),
            seniority_share=r.notes.get("seniority_share"),
            incremental=r.incremental,
            seconds=r.seconds,
        )


@strawberry.type(description="A known company a customer name might be.")
class MatchCandidate:
    domain: str
    name: str
    score: float = strawberry.field(description="Similarity of the names, 0..1.")


@strawberry.type(description="A customer name no company was matched to, with its best candidates.")
class CustomerMatchCandidate:
    origin_company_domain: str
    origin_company_name: str | None
    customer_name: str
    occurrences: int = strawberry.field(description="Rows naming it (over the customer tables).")
    candidates: list[MatchCandidate]

    @classmethod
    def of(cls, item: matching.ReviewItem) -> Self:
        return cls(
            origin_company_domain=item.origin_company_domain,
            origin_company_name=item.origin_company_name,
            customer_name=item.customer_name,
            occurrences=item.occurrences,
            candidates=[MatchCandidate(domain=c.domain, name=c.name, score=c.score) for c in item.candidates],
        )
