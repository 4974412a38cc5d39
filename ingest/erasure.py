"""Erasure of one person (GDPR): gone from core and extracted, redacted in raw, in one transaction.

Raw payloads keyed on the person (profiles, discovery, person signals) are replaced by a redaction
marker; other payloads that mention the person (a company's new-hire signal, say) keep their shape
but every string naming the person (their URL, slug or full name) becomes "[erased]". The dedupe key
of a redacted row stays, so a Clay re-send of the same row is a DUPLICATE and brings nothing back.
"""

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from ingest.normalize import linkedin_slug, normalize_linkedin_url

ERASED = "[erased]"

# (table, column naming the person)
CORE_TABLES = (
    ("core.person_signals", "linkedin_url"),
    ("core.person_emails", "linkedin_url"),  # issue 12 (also cascades from core.people)
    ("core.people", "linkedin_url"),
    ("core.company_case_study_champions", "linkedin_url"),  # issue 12
)
EXTRACTED_TABLES = (
    ("extracted.person_experience", "linkedin_url"),
    ("extracted.person_profiles", "linkedin_url"),
    ("extracted.person_discovery", "linkedin_url"),
    ("extracted.salesnav_person_jobs", "linkedin_url"),
    ("extracted.salesnav_people", "linkedin_url"),
    ("extracted.person_emails", "person_linkedin_url"),
    ("extracted.apollo_people", "linkedin_url"),
    ("extracted.nostra_people", "linkedin_url"),
    ("extracted.signal_job_changes", "person_linkedin_url"),
    ("extracted.signal_promotions", "person_linkedin_url"),
    ("extracted.signal_new_hires", "person_linkedin_url"),
    ("extracted.person_locations_parsed", "linkedin_url"),
    ("extracted.person_title_enrichments", "linkedin_url"),
    ("extracted.case_study_champions", "linkedin_url"),  # issue 12
)
# an email finder's row about a person known only by name at a domain: found by the person's email
_SAME_EMAIL = text(
    "DELETE FROM extracted.person_emails WHERE person_linkedin_url IS NULL AND email IN"
    " (SELECT email FROM extracted.person_emails WHERE person_linkedin_url = :u AND email <> '') RETURNING raw_id"
)
# the other URL of a person whose profile URL absorbed a SalesNav lead URL (ingest/core_build/salesnav.py)
_LINKED = text(
    "SELECT sales_navigator_url FROM core.people WHERE linkedin_url = :u AND sales_navigator_url IS NOT NULL"
    " UNION SELECT linkedin_url FROM core.people WHERE sales_navigator_url = :u"
)
_REDACT = (
    "UPDATE raw.payloads SET payload = jsonb_build_object('redacted', true, 'erased_at', now()),"
    " errors = NULL, redacted = true, subject = NULL, updated_at = now()"
)


@dataclass(frozen=True)
class ErasureReport:
    linkedin_url: str
    core_rows: int
    extracted_rows: int
    raw_payloads_redacted: int


def scrub(value: Any, needles: frozenset[str]) -> Any:
    """The JSON value with every string that contains one of the needles replaced."""
    if isinstance(value, str):
        low = value.lower()
        return ERASED if any(n in low for n in needles) else value
    if isinstance(value, list):
        return [scrub(v, needles) for v in value]
    if isinstance(value, dict):
        return {k: scrub(v, needles) for k, v in value.items()}
    return value


async def _names(conn: AsyncConnection, url: str) -> set[str]:
    rows = await conn.execute(
        text(
            "SELECT full_name FROM core.people WHERE linkedin_url = :u UNION "
            "SELECT full_name FROM extracted.person_profiles WHERE linkedin_url = :u UNION "
            "SELECT full_name FROM extracted.person_discovery WHERE linkedin_url = :u"
        ),
        {"u": url},
    )
    return {r[0].strip().lower() for r in rows if r[0] and len(r[0].strip()) >= 3}


async def erase_person(engine: AsyncEngine, linkedin_url: str) -> ErasureReport:
    url = normalize_linkedin_url(linkedin_url)
    if url is None:
        raise ValueError(f"not a LinkedIn URL: {linkedin_url!r}")
    async with engine.begin() as conn:
        # issue 12: a person known by a profile URL and a SalesNav lead URL is erased under both
        linked = [r[0] for r in (await conn.execute(_LINKED, {"u": url})).all()]
        counts = [await _erase(conn, u) for u in [url, *linked]]
    return ErasureReport(url, *(sum(c[i] for c in counts) for i in range(3)))


async def _erase(conn: AsyncConnection, url: str) -> tuple[int, int, int]:
    """Erase one URL of the person: (core rows, extracted rows, raw payloads redacted)."""
    slug = (linkedin_slug(url) or url).lower()
    needles = frozenset({url.lower(), slug, *await _names(conn, url)})
    core_rows = 0
    for table, column in CORE_TABLES:
        result = await conn.execute(text(f"DELETE FROM {table} WHERE {column} = :u"), {"u": url})
        core_rows += result.rowcount
    by_email = [r.raw_id for r in await conn.execute(_SAME_EMAIL, {"u": url})]
    extracted_rows = len(by_email)
    for table, column in EXTRACTED_TABLES:
        result = await conn.execute(text(f"DELETE FROM {table} WHERE {column} = :u"), {"u": url})
        extracted_rows += result.rowcount
    keyed = await conn.execute(text(_REDACT + " WHERE subject = :u RETURNING id"), {"u": url})
    redacted = len(keyed.all())
    if by_email:
        found = await conn.execute(
            text(_REDACT + " WHERE id = ANY(:ids) AND NOT redacted RETURNING id"), {"ids": by_email}
        )
        redacted += len(found.all())
    # payloads keyed on something else that still mention the person: scrub their strings
    mentions = await conn.execute(
        text("SELECT id, payload FROM raw.payloads WHERE NOT redacted AND payload::text ILIKE :pattern"),
        {"pattern": "%" + slug.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_") + "%"},
    )
    for raw_id, payload in mentions.all():
        await conn.execute(
            text(
                "UPDATE raw.payloads SET payload = CAST(:p AS jsonb), redacted = true, updated_at = now()"
                " WHERE id = :id"
            ),
            {"p": json.dumps(scrub(payload, needles), ensure_ascii=False), "id": raw_id},
        )
        redacted += 1
    return core_rows, extracted_rows, redacted
