"""Page arguments: the one place that checks `first`, `offset` and `after` of a list field (never caps silently)."""

from gateway.errors import BadUserInput, LimitExceeded
from gateway.lists.cursors import DEFAULT_FIRST, Page


def page_args(first: int | None, after: str | None, offset: int | None, *, max_first: int) -> Page:
    """Checks the page arguments of a list field (never caps silently)."""
    first = DEFAULT_FIRST if first is None else first
    if first < 0:
        raise BadUserInput(f"`first` must be zero or more (got {first}).")
    if first > max_first:
        raise LimitExceeded(
            f"`first` is at most {max_first} (got {first}); page through the rest with `after` or `offset`.",
            maximum=max_first,
        )
    if offset is not None and offset < 0:
        raise BadUserInput(f"`offset` must be zero or more (got {offset}).")
    return Page(first=first, offset=offset or 0, after=after or None)
