"""Customer names -> company domains, on the three Claygent tables and the manual customer rows.

A name is matched, in this order, by: the operator's override for that origin and name; the domain
given with a manual row; the name itself being a domain ("monday.com"); its normalised key
(`ingest.normalize.company_name_key`) equal to the key of exactly one known company's name, or of an
alias (another source's name for that domain, the key without spaces, the domain's own label); and
last by fuzzy candidates from pg_trgm, scored with rapidfuzz and accepted only above a threshold
with a clear lead over the runner-up. Ambiguous and low-scoring names stay unmatched, with their
best candidates kept for review (`customerMatchCandidates`). Known companies are `core.companies`
and `extracted.company_discovery` (their names), plus the names other sources give a domain.

Matched rows keep their match; unmatched rows are tried again only when the known companies changed
since the last run (or on a full run). Overrides are applied on every run and never overwritten.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from ingest.core_build import state
from ingest.core_build.db import Progress, lock, no_progress, temp_table
from ingest.core_build.names import Candidate, Decision, NameIndex
from ingest.normalize import company_name_key

# extracted customer tables and their source tag in core.company_customers, most trusted first
CUSTOMER_TABLES: tuple[tuple[str, str], ...] = (
    ("company_customers_manual", "manual"),
    ("claygent_customers_v2", "claygent_v2"),
    ("claygent_customers_structured", "claygent_structured"),
    ("claygent_customers", "claygent"),
)
METHODS = ("override", "manual", "domain", "exact", "alias", "fuzzy")
# rows no run has matched and no operator has decided on
UNMATCHED = "matched_domain IS NULL AND match_method IS DISTINCT FROM 'override'"
JOB = "customer_matching"
TRIGRAM_LIMIT = 10  # candidates per name from pg_trgm, scored in Python

# --- the run --------------------------------------------------------------------------------------

KNOWN_SQL = """
SELECT name, domain, linkedin_url, bool_or(primary_name) AS primary_name
FROM (
    SELECT name, domain, linkedin_url, true AS primary_name FROM core.companies
    UNION ALL SELECT name, domain, linkedin_url, true FROM extracted.company_discovery
    UNION ALL SELECT name, company_domain, linkedin_url, false FROM extracted.company_firmographics
    UNION ALL SELECT company_name, company_domain, NULL, false FROM extracted.vc_portfolio
    UNION ALL SELECT company_name, company_domain, NULL, false FROM extracted.company_enrich_similar
    UNION ALL SELECT customer_name, customer_domain, customer_linkedin_url, false
              FROM extracted.company_customers_manual
    UNION ALL SELECT customer_name, domain, NULL, false FROM extracted.customer_domain_overrides
) k
WHERE name IS NOT NULL AND domain IS NOT NULL AND domain <> ''
GROUP BY name, domain, linkedin_url
"""


# When it changes, names tried before may match now: they are tried again.
FINGERPRINT_SQL = f"""
SELECT count(DISTINCT domain),
       md5(string_agg(concat_ws(chr(31), name, domain, linkedin_url, primary_name), chr(30)
                      ORDER BY domain, name, linkedin_url, primary_name))
FROM ({KNOWN_SQL}) k"""


def all_customers(columns: str, where: str = "true") -> str:
    return " UNION ALL ".join(f"SELECT {columns} FROM extracted.{table} WHERE {where}" for table, _ in CUSTOMER_TABLES)


@dataclass
class MatchReport:
    names_seen: int = 0  # customer rows over the four tables
    distinct_names: int = 0
    matched: int = 0
    unmatched: int = 0
    by_method: dict[str, int] = field(default_factory=dict)
    newly_matched: int = 0
    newly_by_method: dict[str, int] = field(default_factory=dict)
    names_tried: int = 0
    for_review: int = 0  # unmatched names with candidates to review
    known_companies: int = 0
    seconds: float = 0.0
    step_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def match_rate(self) -> float:
        return self.matched / self.names_seen if self.names_seen else 0.0


async def apply_overrides(conn: AsyncConnection) -> int:
    """Every operator decision onto its rows (idempotent); returns rows changed."""
    changed = 0
    for table, _ in CUSTOMER_TABLES:
        result = await conn.execute(
            text(f"""
            UPDATE extracted.{table} t
            SET matched_domain = o.domain,
                matched_linkedin_url = CASE
                    WHEN o.domain IS NOT DISTINCT FROM t.matched_domain THEN t.matched_linkedin_url
                    ELSE (SELECT c.linkedin_url FROM core.companies c WHERE c.domain = o.domain) END,
                match_method = 'override', match_score = CASE WHEN o.domain IS NULL THEN NULL ELSE 1.0 END,
                matched_at = now(), match_candidates = NULL
            FROM extracted.customer_domain_overrides o
            WHERE o.origin_company_domain = t.origin_company_domain AND o.customer_name = t.customer_name
              AND (t.match_method IS DISTINCT FROM 'override' OR t.matched_domain IS DISTINCT FROM o.domain)""")
        )
        changed += int(result.rowcount or 0)
    return changed


async def trigram_candidates(conn: AsyncConnection, index: NameIndex, keys: Iterable[str]) -> dict[str, list[str]]:
    """Per key, the most similar known keys by pg_trgm (GIN index), best first."""
    wanted = sorted({k for k in keys if k})
    if not wanted:
        return {}
    await temp_table(
        conn, "known_key", "name_key text NOT NULL", ((k,) for k in index.keys_list()), column_names=["name_key"]
    )
    await conn.execute(text("CREATE INDEX ON known_key USING gin (name_key gin_trgm_ops)"))
    await temp_table(conn, "wanted_key", "name_key text NOT NULL", ((k,) for k in wanted), column_names=["name_key"])
    await conn.execute(text("SET LOCAL pg_trgm.similarity_threshold = 0.3"))
    rows = await conn.execute(
        text(f"""
        SELECT w.name_key, c.name_key AS candidate
        FROM wanted_key w
        CROSS JOIN LATERAL (
            SELECT k.name_key FROM known_key k
            WHERE k.name_key % w.name_key
            ORDER BY similarity(k.name_key, w.name_key) DESC, k.name_key
            LIMIT {TRIGRAM_LIMIT}) c""")
    )
    found: dict[str, list[str]] = defaultdict(list)
    for key, candidate in rows:
        found[key].append(candidate)
    return found


def _candidates_json(decision: Decision) -> str | None:
    if decision.method or not decision.candidates:
        return None
    return json.dumps([{"domain": c.domain, "name": c.name, "score": c.score} for c in decision.candidates])


async def _write_decisions(
    conn: AsyncConnection, decisions: dict[str, Decision], index: NameIndex, retry: bool
) -> dict[str, int]:
    records = [
        (name, d.domain, index.linkedin.get(d.domain) if d.domain else None, d.method, d.score, _candidates_json(d))
        for name, d in decisions.items()
    ]
    await temp_table(
        conn,
        "match_decision",
        "name text PRIMARY KEY, domain text, linkedin_url text, method text, score float8, candidates text",
        records,
        column_names=["name", "domain", "linkedin_url", "method", "score", "candidates"],
    )
    newly: dict[str, int] = defaultdict(int)
    for table, _ in CUSTOMER_TABLES:
        rows = await conn.execute(
            text(f"""
            WITH updated AS (
                UPDATE extracted.{table} t
                SET matched_domain = d.domain, matched_linkedin_url = d.linkedin_url, match_method = d.method,
                    match_score = d.score, matched_at = now(), match_candidates = d.candidates::jsonb
                FROM match_decision d
                WHERE t.customer_name = d.name AND t.matched_domain IS NULL
                  AND t.match_method IS DISTINCT FROM 'override'
                  AND (t.matched_at IS NULL OR :retry)
                RETURNING t.match_method)
            SELECT match_method, count(*) FROM updated WHERE match_method IS NOT NULL GROUP BY 1"""),
            {"retry": retry},
        )
        for method, count in rows:
            newly[method] += count
    return dict(newly)


async def summarize(conn: AsyncConnection, report: MatchReport) -> None:
    rows = await conn.execute(
        text(f"""
        SELECT CASE WHEN matched_domain IS NULL THEN NULL ELSE match_method END AS method,
               count(*) AS n,
               count(*) FILTER (WHERE matched_domain IS NULL AND match_candidates IS NOT NULL) AS reviewable
        FROM ({all_customers("customer_name, matched_domain, match_method, match_candidates")}) c
        GROUP BY 1""")
    )
    for method, n, reviewable in rows:
        report.names_seen += n
        if method is None:
            report.unmatched += n
            report.for_review += reviewable
        else:
            report.matched += n
            report.by_method[method] = report.by_method.get(method, 0) + n
    report.distinct_names = int(
        (
            await conn.execute(text(f"SELECT count(DISTINCT customer_name) FROM ({all_customers('customer_name')}) c"))
        ).scalar_one()
    )


async def match_customers(
    conn: AsyncConnection, *, full: bool = False, progress: Progress = no_progress
) -> MatchReport:
    """Fill matched_domain & co. on every customer table; call inside a transaction."""
    started = last = time.perf_counter()
    steps: dict[str, float] = {}

    def done(step: str) -> None:
        nonlocal last
        now = time.perf_counter()
        steps[step] = round(now - last, 3)
        last = now
        progress(step)

    await lock(conn, JOB)
    known, fingerprint = (await conn.execute(text(FINGERPRINT_SQL))).one()
    previous = await state.read(conn, JOB)
    retry = full or previous.details.get("fingerprint") != fingerprint
    await apply_overrides(conn)
    where = f"{UNMATCHED} AND (matched_at IS NULL OR :retry)"
    names = [
        r[0]
        for r in await conn.execute(
            text(f"SELECT DISTINCT customer_name FROM ({all_customers('customer_name', where)}) c"), {"retry": retry}
        )
    ]
    # the index takes seconds for 200k companies: only built when some name needs it
    rows = await conn.execute(text(KNOWN_SQL)) if names else ()
    index = NameIndex((r.name, r.domain, r.linkedin_url, r.primary_name) for r in rows)
    done("known companies")
    decisions: dict[str, Decision] = {}
    fuzzy: list[str] = []
    for name in names:
        decision = index.decide(name)
        if decision is None:
            fuzzy.append(name)
        else:
            decisions[name] = decision
    done("exact and alias matches")
    candidates = await trigram_candidates(conn, index, (company_name_key(n) or "" for n in fuzzy))
    for name in fuzzy:
        decisions[name] = index.choose(name, candidates.get(company_name_key(name) or "", ()))
    done("fuzzy matches")
    report = MatchReport(names_tried=len(names), known_companies=int(known))
    report.newly_by_method = await _write_decisions(conn, decisions, index, retry)
    report.newly_matched = sum(report.newly_by_method.values())
    await summarize(conn, report)
    report.seconds = round(time.perf_counter() - started, 3)
    report.step_seconds = steps
    await state.save(conn, JOB, {"fingerprint": fingerprint, "report": vars(report)})
    done("saved")
    return report


# --- operator decisions and review ----------------------------------------------------------------


async def set_override(
    conn: AsyncConnection, origin_domain: str, customer_name: str, domain: str | None, api_key_id: Any = None
) -> int:
    """Record an operator's decision and apply it to the rows it names; returns rows changed."""
    await conn.execute(
        text("""
        INSERT INTO extracted.customer_domain_overrides (origin_company_domain, customer_name, domain, api_key_id)
        VALUES (:origin, :name, :domain, :key)
        ON CONFLICT (origin_company_domain, customer_name)
        DO UPDATE SET domain = EXCLUDED.domain, api_key_id = EXCLUDED.api_key_id"""),
        {"origin": origin_domain, "name": customer_name, "domain": domain, "key": api_key_id},
    )
    return await apply_overrides(conn)


@dataclass(frozen=True, slots=True)
class ReviewItem:
    origin_company_domain: str
    origin_company_name: str | None
    customer_name: str
    occurrences: int
    candidates: tuple[Candidate, ...]


async def review_items(conn: AsyncConnection, first: int, origin_domain: str | None = None) -> list[ReviewItem]:
    """Unmatched customer names with their best candidates, the most likely matches first."""
    where = f"{UNMATCHED} AND match_candidates IS NOT NULL"
    if origin_domain is not None:
        where += " AND origin_company_domain = :origin"
    rows = await conn.execute(
        text(f"""
        SELECT origin_company_domain, max(origin_company_name) AS origin_company_name, customer_name,
               count(*) AS occurrences, (array_agg(match_candidates::text))[1] AS candidates
        FROM ({all_customers("origin_company_domain, origin_company_name, customer_name, match_candidates", where)}) c
        GROUP BY origin_company_domain, customer_name
        ORDER BY max((match_candidates -> 0 ->> 'score')::float8) DESC NULLS LAST, origin_company_domain, customer_name
        LIMIT :first"""),
        {"first": first, "origin": origin_domain},
    )
    return [
        ReviewItem(
            r.origin_company_domain,
            r.origin_company_name,
            r.customer_name,
            r.occurrences,
            tuple(Candidate(c["domain"], c["name"], c["score"]) for c in json.loads(r.candidates or "[]")),
        )
        for r in rows
    ]
