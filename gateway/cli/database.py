"""The database a command works on: the same one `serve` uses (embedded under .data/ or DATABASE_URL)."""

import contextlib
from collections.abc import Iterator

from gateway.database import libpq_url, stop_embedded
from gateway.settings import get_settings


@contextlib.contextmanager
def database() -> Iterator[str]:
    """The database URL for one command; releases the embedded server handle afterwards."""
    try:
        yield libpq_url(get_settings())
    finally:
        stop_embedded()
