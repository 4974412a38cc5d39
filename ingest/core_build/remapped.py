"""Changed title and location mappings reach core: the reference feeds applied, and the rebuild scope widened.

The reference feeds (`reference_job_title`, `reference_company_location`, `reference_person_location`)
land in extracted like every source; each build first writes their rows changed since its watermark
into the lookups (`lookup_writes`, stamped with the feed row's time). Then the incremental scope
gains the people and companies whose raw title or location maps through a lookup row changed since
the watermark (a feed's or an operator's): they are rebuilt like people with new extracted rows. A
full run rebuilds everyone anyway, so it adds nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, text
from sqlalchemy.ext.asyncio import AsyncConnection

from ingest.core_build import lookup_writes
from ingest.core_build.consolidation import ConsolidationReport
from ingest.core_build.db import changed_since
from ingest.core_build.lookup_writes import LOCATIONS, TITLES, LookupRow, Vocabulary

FEED_TITLES = f"""
    SELECT DISTINCT ON (raw_key) raw_key, raw_job_title, cleaned_job_title, job_function, seniority, updated_at
    FROM extracted.reference_job_titles t WHERE {changed_since("t")}
    ORDER BY raw_key, updated_at DESC, id DESC"""
FEED_LOCATIONS = f"""
    SELECT DISTINCT ON (raw_key) raw_key, location_name, city, state, country, updated_at, source
    FROM extracted.reference_locations t WHERE {changed_since("t")}
    ORDER BY raw_key, updated_at DESC, id DESC"""


async def apply_reference_feeds(conn: AsyncConnection, since: Any, report: ConsolidationReport) -> None:
    """Write the feed rows changed since the watermark into the lookups, in bulk (latest row per key)."""
    titles = (await conn.execute(text(FEED_TITLES), {"since": since})).all()
    locations = (await conn.execute(text(FEED_LOCATIONS), {"since": since})).all()
    if not (titles or locations):
        return
    vocabulary = await Vocabulary.load(conn)
    current = await lookup_writes.current_values(conn, TITLES, [r.raw_key for r in titles])
    title_rows, titles_outside = _title_rows(titles, current, vocabulary)
    location_rows, locations_outside = _location_rows(locations, vocabulary)
    if title_rows:
        report.tally("job_title_lookup", await lookup_writes.write(conn, TITLES, title_rows), len(title_rows))
    if location_rows:
        report.tally("location_lookup", await lookup_writes.write(conn, LOCATIONS, location_rows), len(location_rows))
    if titles_outside + locations_outside:
        report.notes["reference_feed_values_outside_vocabulary"] = titles_outside + locations_outside


def _title_rows(
    feed: Sequence[Row[Any]], current: dict[str, tuple[Any, ...]], vocabulary: Vocabulary
) -> tuple[list[LookupRow], int]:
    """Lookup rows of the title feed, and how many of its values were outside the vocabulary."""
    rows, outside = [], 0
    for r in feed:
        function = vocabulary.job_function(r.job_function, strict=False)
        seniority = vocabulary.seniority(r.seniority, strict=False)
        outside += (r.job_function is not None and function is None) + (r.seniority is not None and seniority is None)
        values = vocabulary.title(r.raw_job_title, current.get(r.raw_key), (r.cleaned_job_title, function, seniority))
        rows.append(LookupRow(r.raw_job_title, values, "reference_job_title", r.updated_at))
    return rows, outside


def _location_rows(feed: Sequence[Row[Any]], vocabulary: Vocabulary) -> tuple[list[LookupRow], int]:
    """Lookup rows of the location feeds; an unknown country is the rules' reading of the text, if any."""
    rows, outside = [], 0
    for r in feed:
        country = vocabulary.country(r.country, strict=False)
        if r.country is not None and country is None:
            outside += 1
            country = (vocabulary.fallbacks.location(r.location_name) or (None, None, None))[2]
        rows.append(LookupRow(r.location_name, (r.city, r.state, country), r.source, r.updated_at))
    return rows, outside


def _changed_keys(lookup: lookup_writes.Lookup) -> str:
    return f"SELECT raw_key FROM reference.{lookup.table} WHERE updated_at >= :since"


async def _changed(conn: AsyncConnection, lookup: lookup_writes.Lookup, since: Any) -> bool:
    if since is None:
        return False
    found = await conn.scalar(text(f"SELECT EXISTS ({_changed_keys(lookup)})"), {"since": since})
    return bool(found)


async def widen_people_scope(conn: AsyncConnection, since: Any, report: ConsolidationReport) -> None:
    """Add to `scope_person` the built people whose title (current or past) or location maps through a changed row."""
    branches = []
    if await _changed(conn, TITLES, since):
        branches += [
            f"SELECT linkedin_url, linkedin_url_type FROM core.people WHERE origin = 'build'"
            f" AND lower(trim(job_title)) IN ({_changed_keys(TITLES)})",
            f"""SELECT p.linkedin_url, p.linkedin_url_type FROM core.person_work_history w
                JOIN core.people p ON p.id = w.person_id
                WHERE p.origin = 'build' AND lower(trim(w.title)) IN ({_changed_keys(TITLES)})""",
        ]
    if await _changed(conn, LOCATIONS, since):
        branches.append(
            f"SELECT linkedin_url, linkedin_url_type FROM core.people WHERE origin = 'build'"
            f" AND lower(trim(location_raw)) IN ({_changed_keys(LOCATIONS)})"
        )
    if branches:
        added = await conn.execute(
            text(
                f"INSERT INTO scope_person (linkedin_url, url_type) {' UNION '.join(branches)} ON CONFLICT DO NOTHING"
            ),
            {"since": since},
        )
        report.notes["people_remapped"] = report.notes.get("people_remapped", 0) + int(added.rowcount or 0)


async def widen_company_scope(conn: AsyncConnection, since: Any, sources_sql: str, report: ConsolidationReport) -> None:
    """Add to `scope_company` the companies with a source location that maps through a changed row.

    Any source's location counts, not only the one picked: a lower-priority value that maps now may win.
    """
    if not await _changed(conn, LOCATIONS, since):
        return
    added = await conn.execute(
        text(f"""
        INSERT INTO scope_company
        SELECT DISTINCT s.domain FROM ({sources_sql}) s
        WHERE s.domain IS NOT NULL AND lower(trim(s.location)) IN ({_changed_keys(LOCATIONS)})
        ON CONFLICT DO NOTHING"""),
        {"since": since},
    )
    report.notes["companies_remapped"] = report.notes.get("companies_remapped", 0) + int(added.rowcount or 0)
