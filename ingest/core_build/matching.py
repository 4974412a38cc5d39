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

import csv
import hashlib
import json
import re
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import DamerauLevenshtein
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from ingest.core_build import state
from ingest.core_build.db import Progress, lock, no_progress, temp_table
from ingest.normalize import company_name_key, normalize_domain

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

# Fuzzy acceptance: similarity of the keys (0..1), lead over the runner-up, shortest key considered.
FUZZY_THRESHOLD = 0.86
FUZZY_LEAD = 0.08
FUZZY_MIN_LENGTH = 6
CANDIDATES_KEPT = 5
CANDIDATE_MIN_SCORE = 0.5  # weaker look-alikes are not worth an operator's time
TRIGRAM_LIMIT = 10

# A customer name that is a domain on one of these is taken as that domain even when unknown.
COMMON_TLDS = frozenset((
    "com", "io", "ai", "co", "net", "org", "app", "dev", "tech", "xyz", "so", "me", "us", "uk", "de", "fr",
    "nl", "se", "ch", "es", "it", "ca", "au", "in", "sg", "il", "ie", "money", "health", "finance",
    "capital", "cloud", "software", "store", "shop", "studio", "agency", "group", "inc", "ly", "gg",
))  # fmt: skip
_DOMAIN_NAME_RE = re.compile(r"^[^\s/@,]+\.[A-Za-z]{2,}$")
_TWO_LEVEL_SUFFIX = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "ltd"})


# --- the known companies, in memory ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Known:
    key: str
    domain: str
    name: str
    primary: bool  # the company's own name in core/discovery, not an alias from another source


@dataclass(frozen=True, slots=True)
class Candidate:
    domain: str
    name: str
    score: float


@dataclass(frozen=True, slots=True)
class Decision:
    """The outcome for one customer name: a match (method + domain) or the candidates to review."""

    method: str | None
    domain: str | None = None
    score: float | None = None
    candidates: tuple[Candidate, ...] = ()


def compact(key: str) -> str:
    return key.replace(" ", "")


def domain_label(domain: str) -> str | None:
    """The name part of a registrable domain: "glow-recipe" for glow-recipe.com or .co.uk; else None."""
    labels = domain.split(".")
    if len(labels) == 2 or (len(labels) == 3 and labels[1] in _TWO_LEVEL_SUFFIX and len(labels[2]) == 2):
        return labels[0].replace("-", "")
    return None


def domain_in_name(name: str) -> str | None:
    """The domain a customer name is written as ("monday.com", "Open.Money"), else None."""
    text_ = name.strip()
    return normalize_domain(text_) if _DOMAIN_NAME_RE.match(text_) else None


def similarity(a: str, b: str) -> float:
    """How alike two name keys are (0..1): typo-tolerant on the spaceless keys; word order counts only
    between names of as many words (an extra word, "Acme Europe", makes another company)."""
    edit = DamerauLevenshtein.normalized_similarity(compact(a), compact(b))
    if len(a.split()) != len(b.split()):
        return edit
    return max(edit, fuzz.token_sort_ratio(a, b) / 100.0)


def plausible_variant(a: str, b: str) -> bool:
    """Edits look like typos, not other words: "Apex Wealth" is no variant of "Apex Health"."""
    ta, tb = a.split(), b.split()
    if sorted(ta) == sorted(tb):
        return True
    if len(ta) != len(tb):
        return compact(a)[:1] == compact(b)[:1]
    for x, y in zip(ta, tb, strict=True):
        if x != y and (x[0] != y[0] or min(len(x), len(y)) < 4 or x.isdigit() or y.isdigit()):
            return False
    return True


class NameIndex:
    """Known company names by key, spaceless key and domain label, for exact and alias matching."""

    def __init__(self, rows: Iterable[tuple[str, str, str | None, bool]]) -> None:
        self.by_key: dict[str, list[Known]] = defaultdict(list)
        self.by_compact: dict[str, list[Known]] = defaultdict(list)
        self.by_label: dict[str, set[str]] = defaultdict(set)
        self.linkedin: dict[str, str | None] = {}
        digest = hashlib.sha256()
        for name, domain, linkedin_url, primary in sorted(rows, key=lambda r: (r[1], r[0], not r[3])):
            digest.update(f"{name}\x1f{domain}\x1f{primary}\x1e".encode())
            key = company_name_key(name)
            if key is None:
                continue
            known = Known(key, domain, name, primary)
            self.by_key[key].append(known)
            self.by_compact[compact(key)].append(known)
            if linkedin_url and not self.linkedin.get(domain):
                self.linkedin[domain] = linkedin_url
            self.linkedin.setdefault(domain, None)
        for domain in self.linkedin:
            label = domain_label(domain)
            if label:
                self.by_label[label].add(domain)
        self.fingerprint = digest.hexdigest()

    def __len__(self) -> int:
        return len(self.linkedin)

    def keys_list(self) -> list[str]:
        return list(self.by_key)

    def _unique(self, method: str, hits: Sequence[Known], score: float) -> Decision:
        domains = sorted({h.domain for h in hits})
        if len(domains) == 1:
            return Decision(method, domains[0], score)
        # two known companies share the name: never guess
        best = {d: next(h.name for h in hits if h.domain == d) for d in domains}
        return Decision(None, candidates=tuple(Candidate(d, n, score) for d, n in best.items())[:CANDIDATES_KEPT])

    def decide(self, name: str) -> Decision | None:
        """Domain-name, exact and alias matching; None when only fuzzy matching can tell."""
        domain = domain_in_name(name)
        if domain and (domain in self.linkedin or domain.rsplit(".", 1)[-1] in COMMON_TLDS):
            return Decision("domain", domain, 1.0)
        key = company_name_key(name)
        if key is None:
            return Decision(None)
        if hits := self.by_key.get(key):
            method = "exact" if any(h.primary for h in hits) else "alias"
            return self._unique(method, hits, 1.0)
        if hits := self.by_compact.get(compact(key)):
            return self._unique("alias", hits, 0.98)
        if domains := self.by_label.get(compact(key)):
            hits = [Known(key, d, d, False) for d in domains]
            return self._unique("alias", hits, 0.95)
        return None

    def choose(self, name: str, candidate_keys: Iterable[str]) -> Decision:
        """The fuzzy decision among trigram candidates: a clear winner above the threshold, or none."""
        key = company_name_key(name) or ""
        best: dict[str, tuple[float, Known]] = {}
        for other in candidate_keys:
            score = similarity(key, other)
            for known in self.by_key.get(other, ()):
                if known.domain not in best or score > best[known.domain][0]:
                    best[known.domain] = (score, known)
        ranked = sorted(best.values(), key=lambda item: (-item[0], item[1].domain))
        shown = [(s, k) for s, k in ranked if s >= CANDIDATE_MIN_SCORE][:CANDIDATES_KEPT]
        candidates = tuple(Candidate(k.domain, k.name, round(s, 4)) for s, k in shown)
        if not ranked:
            return Decision(None)
        top_score, top = ranked[0]
        runner_up = ranked[1][0] if len(ranked) > 1 else 0.0
        if (
            top_score >= FUZZY_THRESHOLD
            and top_score - runner_up >= FUZZY_LEAD
            and len(compact(key)) >= FUZZY_MIN_LENGTH
            and plausible_variant(key, top.key)
        ):
            return Decision("fuzzy", top.domain, round(top_score, 4), candidates)
        return Decision(None, candidates=candidates)


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


def _all_customers(columns: str, where: str = "true") -> str:
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
                matched_linkedin_url = CASE WHEN o.domain IS NULL THEN NULL ELSE t.matched_linkedin_url END,
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
        FROM ({_all_customers("customer_name, matched_domain, match_method, match_candidates")}) c
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
            await conn.execute(text(f"SELECT count(DISTINCT customer_name) FROM ({_all_customers('customer_name')}) c"))
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
    index = NameIndex((r.name, r.domain, r.linkedin_url, r.primary_name) for r in await conn.execute(text(KNOWN_SQL)))
    previous = await state.read(conn, JOB)
    retry = full or previous.details.get("fingerprint") != index.fingerprint
    done("known companies")
    await apply_overrides(conn)
    where = f"{UNMATCHED} AND (matched_at IS NULL OR :retry)"
    names = [
        r[0]
        for r in await conn.execute(
            text(f"SELECT DISTINCT customer_name FROM ({_all_customers('customer_name', where)}) c"), {"retry": retry}
        )
    ]
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
    report = MatchReport(names_tried=len(names), known_companies=len(index))
    report.newly_by_method = await _write_decisions(conn, decisions, index, retry)
    report.newly_matched = sum(report.newly_by_method.values())
    await summarize(conn, report)
    report.seconds = round(time.perf_counter() - started, 3)
    report.step_seconds = steps
    await state.save(conn, JOB, {"fingerprint": index.fingerprint, "report": vars(report)})
    done("saved")
    return report


# --- operator decisions and review ----------------------------------------------------------------


async def set_override(conn: AsyncConnection, origin_domain: str, customer_name: str, domain: str | None) -> int:
    """Record an operator's decision and apply it to the rows it names; returns rows changed."""
    await conn.execute(
        text("""
        INSERT INTO extracted.customer_domain_overrides (origin_company_domain, customer_name, domain)
        VALUES (:origin, :name, :domain)
        ON CONFLICT (origin_company_domain, customer_name) DO UPDATE SET domain = EXCLUDED.domain"""),
        {"origin": origin_domain, "name": customer_name, "domain": domain},
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
        FROM ({_all_customers("origin_company_domain, origin_company_name, customer_name, match_candidates", where)}) c
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


# --- precision on a labelled sample ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Label:
    customer_name: str
    expected_domain: str | None  # None: the name must not be matched


def load_labels(path: Path) -> list[Label]:
    """`customer_name,expected_domain[,note]` rows; an empty domain means "no match"."""
    with path.open(newline="", encoding="utf-8") as f:
        return [
            Label(r["customer_name"], normalize_domain(r["expected_domain"]) if r["expected_domain"].strip() else None)
            for r in csv.DictReader(f)
        ]


@dataclass
class Evaluation:
    labelled: int
    matched: int
    correct: int
    mistakes: list[tuple[str, str | None, str]]  # name, expected, got

    @property
    def precision(self) -> float:
        return self.correct / self.matched if self.matched else 1.0

    @property
    def match_rate(self) -> float:
        return self.matched / self.labelled if self.labelled else 0.0


async def evaluate(conn: AsyncConnection, labels: Sequence[Label]) -> Evaluation:
    """Precision and match rate of the stored matches over labelled names (one answer per name)."""
    rows = await conn.execute(
        text(f"""
        SELECT customer_name, min(matched_domain) FROM ({_all_customers("customer_name, matched_domain")}) c
        WHERE customer_name = ANY(:names) GROUP BY customer_name"""),
        {"names": [label.customer_name for label in labels]},
    )
    got: dict[str, Any] = {name: domain for name, domain in rows}
    matched = correct = 0
    mistakes = []
    for label in labels:
        domain = got.get(label.customer_name)
        if domain is None:
            continue
        matched += 1
        if domain == label.expected_domain:
            correct += 1
        else:
            mistakes.append((label.customer_name, label.expected_domain, domain))
    return Evaluation(len(labels), matched, correct, mistakes)
