"""Page arguments: the one place that checks `first` and `offset` of every list field, paged or plain.

One code and one message per mistake, whatever the field: a negative number is BAD_USER_INPUT, a
`first` over the field's maximum is LIMIT_EXCEEDED (never a silent cap).
"""

from gateway.errors import BadUserInput, LimitExceeded
from gateway.lists.cursors import DEFAULT_FIRST, Page


def check_first(first: int | None, *, default: int, maximum: int, paged: bool = True) -> int:
    """`first` of a list: `default` when omitted; `paged` lists say how to reach the rows past `maximum`."""
    first = default if first is None else first
    if first < 0:
        raise BadUserInput(f"`first` must be zero or more (got {first}).", argument="first")
    if first > maximum:
        rest = "; page through the rest with `after` or `offset`" if paged else ""
        raise LimitExceeded(f"`first` is at most {maximum} (got {first}){rest}.", argument="first", maximum=maximum)
    return first


def check_offset(offset: int | None) -> int:
    """`offset` of a list: 0 when omitted."""
    if offset is not None and offset < 0:
        raise BadUserInput(f"`offset` must be zero or more (got {offset}).", argument="offset")
    return offset or 0


def page_args(first: int | None, after: str | None, offset: int | None, *, max_first: int) -> Page:
    """Checks the page arguments of a connection field."""
    first = check_first(first, default=DEFAULT_FIRST, maximum=max_first)
    return Page(first=first, offset=check_offset(offset), after=after or None)
