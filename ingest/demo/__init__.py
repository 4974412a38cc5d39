"""The demo warehouse: `load_demo_data()` fills an empty `core` with deterministic, realistic rows.

    load.py        the one transaction: scratch tables, COPY, the bulk SQL, indexes, then VACUUM
    warehouse.py   the empty check and lock, deferred indexes, identities, VACUUM
    vocabulary.py  the `reference` tables as weighted pick tables; `DemoDataError`
    words.py       the word lists names, domains and descriptions are drawn from
    companies.py   companies and the rows hanging off them, built in Python
    claygent.py    Claygent's noisy view of some companies' customers (a labelled matching sample)
    sql.py         people, work history and promotions, generated inside PostgreSQL

Used by `hq-gateway demo-data`, `hq-gateway run` (empty database only), `bench/` and the tests; nothing
on the webhook-to-core path imports it.
"""

from ingest.demo.load import TABLES, load_demo_data
from ingest.demo.vocabulary import DemoDataError
from ingest.demo.warehouse import BULK_TABLES, database_is_empty, vacuum_until_visible
from ingest.demo.words import UNKNOWN_CUSTOMERS

__all__ = [
    "BULK_TABLES",
    "TABLES",
    "UNKNOWN_CUSTOMERS",
    "DemoDataError",
    "database_is_empty",
    "load_demo_data",
    "vacuum_until_visible",
]
