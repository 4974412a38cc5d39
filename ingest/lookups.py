"""Reference data the sources' `resolve` steps read (VC firm names and aliases), cached for a minute."""

import time
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from ingest.normalize import company_name_key
from ingest.prepare import Prepared
from ingest.sources.base import Lookups, Source
from models import reference

_LOOKUPS_TTL_S = 60.0
_lookups: tuple[float, Lookups] | None = None


def clear_lookups() -> None:
    """Forget the cached reference data (tests, and replays after a reference change)."""
    global _lookups
    _lookups = None


async def _load_lookups(conn: AsyncConnection) -> Lookups:
    global _lookups
    if _lookups is not None and time.monotonic() - _lookups[0] < _LOOKUPS_TTL_S:
        return _lookups[1]
    firms = reference.VcFirm.__table__
    names: dict[str, str] = {}
    for name, aliases in (await conn.execute(select(firms.c.name, firms.c.aliases))).all():
        for alias in [*aliases, name]:  # the firm's own name wins over another firm's alias
            if key := company_name_key(alias):
                names[key] = name
    _lookups = (time.monotonic(), Lookups(vc_names=names))
    return _lookups[1]


async def resolve_rows(conn: AsyncConnection, source: Source[Any], prepared: Prepared) -> None:
    """Run the source's `resolve` step over a stored body's rows (e.g. VC names to canonical firms)."""
    if source.resolve is None or prepared.status != "stored":
        return
    lookups = await _load_lookups(conn)
    resolve, rows = source.resolve, prepared.rows
    prepared.extract(lambda: resolve(rows, lookups))
