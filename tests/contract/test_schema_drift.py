"""schema.graphql must always equal the running schema (regenerate: hq-gateway export-schema)."""

from gateway.schema import export_sdl
from gateway.settings import REPO_ROOT


def test_schema_graphql_matches_the_running_schema() -> None:
    committed = (REPO_ROOT / "schema.graphql").read_text()
    assert committed == export_sdl(), "schema.graphql is stale: run `hq-gateway export-schema` and commit it"
