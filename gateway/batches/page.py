"""GET /batches: the operator page (plain HTML + a little JavaScript; it asks for the API key itself)."""

from collections.abc import Awaitable, Callable
from functools import cache
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

PAGE = Path(__file__).with_name("static") / "batches.html"


def operator_page(path: Path) -> Callable[[Request], Awaitable[Response]]:
    """The endpoint of a static operator page (/batches, /coverage): read once, never cached by browsers."""
    html = cache(path.read_text)

    async def page(request: Request) -> Response:
        """The page holds no data: everything it shows comes through GraphQL with the operator's key."""
        return HTMLResponse(html(encoding="utf-8"), headers={"cache-control": "no-store", "x-frame-options": "DENY"})

    return page


batches_page = operator_page(PAGE)
