"""core.person_emails from the email finders (extracted.person_emails), and each person's best email.

Who. A finder's row names its person by LinkedIn URL: the core person of that URL, or the profile
person that absorbed that SalesNav lead URL (`core.people.sales_navigator_url`). A row without a URL
(a name at a company domain) is the core person whose current company domain is that domain and whose
full name is that name (case-insensitive), when exactly one such person exists; an ambiguous name
matches nobody. A search that found nothing (email ``""``) is no core row. Only people the build owns
(origin build) get emails; `found_at` is when the finder's answer last arrived.

Best (`core.people.email`, read as `Lead.email`): valid/verified statuses first, then unverified
ones (catch-all, risky, unknown, no status), newest `found_at` first, then the address; an email a
finder called invalid or undeliverable never is. Rebuilt for the people whose finder rows changed,
and for the people this run rebuilt (they may have changed name, company or URL).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from ingest.core_build.consolidation import ConsolidationReport
from ingest.core_build.db import changed_since, create_temp_as
from ingest.core_build.history import replace_per_person

VERIFIED = ("valid", "verified", "deliverable", "safe", "ok")
REFUSED = ("invalid", "undeliverable", "bounced", "not_found", "failed", "error")


def _words(words: tuple[str, ...]) -> str:
    return ", ".join(f"'{w}'" for w in words)


# 0 verified, 1 unverified, 2 refused (never the best)
EMAIL_RANK = (
    f"CASE WHEN lower(trim({{s}})) IN ({_words(VERIFIED)}) THEN 0"
    f" WHEN lower(trim({{s}})) IN ({_words(REFUSED)}) THEN 2 ELSE 1 END"
)

EMAIL_COLUMNS = "person_id, linkedin_url, email, source, status, found_at"
EMAIL_VALUES = "linkedin_url, email, source, status, found_at"


def matched_emails(where: str) -> str:
    """Finder rows with an email, with their core person (`p`), narrowed by `where` (on `e` and `p`)."""
    return f"""
        SELECT p.id AS person_id, p.linkedin_url, e.email, e.source, e.status, e.updated_at AS found_at
        FROM extracted.person_emails e
        JOIN core.people p ON p.linkedin_url = e.person_linkedin_url AND p.origin = 'build'
        WHERE e.email <> '' AND ({where})
        UNION ALL
        SELECT p.id, p.linkedin_url, e.email, e.source, e.status, e.updated_at
        FROM extracted.person_emails e
        JOIN core.people p ON p.sales_navigator_url = e.person_linkedin_url AND p.origin = 'build'
        WHERE e.email <> '' AND ({where})
        UNION ALL
        SELECT p.id, p.linkedin_url, e.email, e.source, e.status, e.updated_at
        FROM extracted.person_emails e
        JOIN email_named n ON n.company_domain = e.company_domain AND n.name = lower(e.full_name)
        JOIN core.people p ON p.id = n.person_id
        WHERE e.email <> '' AND e.person_linkedin_url IS NULL AND ({where})"""


async def build_emails(conn: AsyncConnection, since: Any, report: ConsolidationReport) -> None:
    # the one person of each (domain, name) the name-only rows ask about
    await create_temp_as(
        conn,
        "email_named",
        """
        SELECT p.company_domain, lower(p.full_name) AS name, min(p.id) AS person_id
        FROM core.people p
        WHERE p.origin = 'build' AND p.company_domain IN (
            SELECT company_domain FROM extracted.person_emails
            WHERE person_linkedin_url IS NULL AND email <> '')
        GROUP BY 1, 2 HAVING count(*) = 1""",
    )
    await conn.execute(text("ANALYZE email_named"))
    await create_temp_as(
        conn,
        "scope_email_person",
        f"""
        SELECT person_id AS id FROM ({matched_emails(changed_since("e"))}) m
        UNION SELECT id FROM scope_person_id""",
        {"since": since},
    )
    await conn.execute(text("CREATE UNIQUE INDEX ON scope_email_person (id)"))
    await conn.execute(text("ANALYZE scope_email_person"))
    await create_temp_as(
        conn,
        "new_person_emails",
        f"""
        SELECT DISTINCT ON (person_id, source, email) {EMAIL_COLUMNS}
        FROM ({matched_emails("p.id IN (SELECT id FROM scope_email_person)")}) m
        ORDER BY person_id, source, email, found_at DESC""",
    )
    inserted, deleted, unchanged = await replace_per_person(
        conn, "person_emails", "new_person_emails", EMAIL_COLUMNS, EMAIL_VALUES, scope="scope_email_person"
    )
    report.add("person_emails", inserted=inserted, skipped=unchanged, deleted=deleted)
    best = await conn.execute(
        text(f"""
        UPDATE core.people p SET email = b.email, updated_at = now()
        FROM (SELECT s.id, (SELECT e.email FROM core.person_emails e
                            WHERE e.person_id = s.id AND {EMAIL_RANK.format(s="e.status")} < 2
                            ORDER BY {EMAIL_RANK.format(s="e.status")}, e.found_at DESC, e.email
                            LIMIT 1) AS email
              FROM scope_email_person s) b
        WHERE p.id = b.id AND p.origin = 'build' AND p.email IS DISTINCT FROM b.email""")
    )
    report.add("people", updated=int(best.rowcount or 0))
