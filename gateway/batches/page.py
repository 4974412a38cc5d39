"""GET /batches: the operator page (plain HTML + a little JavaScript; it asks for the API key itself)."""

from functools import cache
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

PAGE = Path(__file__).with_name("static") / "batches.html"


@cache
def _html() -> str:
    return PAGE.read_text(encoding="utf-8")


async def batches_page(request: Request) -> Response:
    """The page holds no data: everything it shows comes through GraphQL with the operator's key."""
    return HTMLResponse(_html(), headers={"cache-control": "no-store", "x-frame-options": "DENY"})
