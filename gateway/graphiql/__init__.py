"""GraphiQL served by the gateway itself: our page and pinned, checked-in assets, nothing from another host."""

from functools import cache
from pathlib import Path

from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

HERE = Path(__file__).parent
STATIC = HERE / "static"  # versions, sources and licences: static/README.md


@cache
def graphiql_html() -> str:
    """The IDE page; it loads its scripts from `graphiql/...` next to the `/graphql` it is served at."""
    return (HERE / "page.html").read_text(encoding="utf-8")


def graphiql_assets() -> Mount:
    """GET /graphiql/<file>: React, GraphiQL (graphql-ws bundled) and the explorer plugin."""
    return Mount("/graphiql", StaticFiles(directory=STATIC), name="graphiql")
