"""`hq-gateway`: every command uses the same database as `serve` (embedded under .data/ or DATABASE_URL).

server.py     serve, run (what `make run` does), export-schema
warehouse.py  migrate, demo-data, replay, match-customers, consolidate
workers.py    worker, fake-companyenrich
keys.py       keys create | list | revoke
documents.py  documents register | list
database.py   the database URL one command works on
"""

import click

from gateway.cli.documents import documents
from gateway.cli.keys import keys
from gateway.cli.server import export_schema, run, serve
from gateway.cli.warehouse import consolidate_command, demo_data, match_customers_command, migrate, replay_command
from gateway.cli.workers import fake_companyenrich, worker


@click.group(
    commands=[
        serve,
        run,
        export_schema,
        migrate,
        demo_data,
        replay_command,
        match_customers_command,
        consolidate_command,
        worker,
        fake_companyenrich,
        keys,
        documents,
    ]
)
def main() -> None:
    """HQ Gateway: data-access gateway for the lead and company warehouse."""
