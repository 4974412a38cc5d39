"""The database a command works on: the same one `serve` uses (embedded under .data/ or DATABASE_URL)."""

import contextlib
from collections.abc import Iterator

from gateway.database import direct_url, libpq_url, stop_embedded
from gateway.settings import get_settings


@contextlib.contextmanager
def database(*, direct: bool = False) -> Iterator[str]:
    """The database URL for one command; releases the embedded server handle afterwards.

    `direct`: the command keeps a server session (migrations, bulk loads), so not through a pooler.
    """
    settings = get_settings()
    try:
        url = libpq_url(settings)
        yield direct_url(settings, url) if direct else url
    finally:
        stop_embedded()
