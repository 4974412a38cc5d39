"""Static query limits checked before execution: depth, aliases and cost (list size x nesting).

Cost: every field costs 1; a field with a `first` argument multiplies the cost of its selection by
that page size (default `DEFAULT_PAGE` when a list field has none). The computed cost is reported
in the response's `extensions.cost` so clients can see how close they are.
"""

import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
)
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.extensions import SchemaExtension

from gateway.errors import LimitExceeded, PayloadTooLarge, RateLimited

MAX_DEPTH = 12
MAX_TOKENS = 5000  # tokens in a document (strawberry's MaxTokensLimiter; compiled operations parse with it too)
MAX_ALIASES = 30
MAX_COST = 50_000
DEFAULT_PAGE = 50
# the largest cost reported: every JSON client reads it exactly (a product of huge `first`s would not even
# encode as a 64-bit integer, and the refusal would become a 500)
MAX_REPORTED_COST = 2**53 - 1
INTROSPECTION = frozenset({"__schema", "__type"})


@dataclass
class QueryShape:
    depth: int = 0
    aliases: int = 0
    cost: int = 0


def _page_size(field: FieldNode, variables: dict[str, Any]) -> int:
    for arg in field.arguments or ():
        if arg.name.value != "first":
            continue
        if isinstance(arg.value, IntValueNode):
            return max(int(arg.value.value), 0)
        if isinstance(arg.value, VariableNode):
            value = variables.get(arg.value.name.value)
            return max(int(value), 0) if isinstance(value, int) else DEFAULT_PAGE
    return 1


def measure(document: DocumentNode, operation_name: str | None, variables: dict[str, Any]) -> QueryShape:
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = [o for o in operations if operation_name is None or (o.name and o.name.value == operation_name)]
    shape = QueryShape()

    def walk(selection_set: SelectionSetNode | None, depth: int, seen: frozenset[str]) -> int:
        if selection_set is None:
            return 0
        cost = 0
        for sel in selection_set.selections:
            if isinstance(sel, FieldNode):
                if sel.name.value in INTROSPECTION:
                    continue
                if sel.alias is not None:
                    shape.aliases += 1
                shape.depth = max(shape.depth, depth + 1)
                cost += 1 + _page_size(sel, variables) * walk(sel.selection_set, depth + 1, seen)
            elif isinstance(sel, InlineFragmentNode):
                cost += walk(sel.selection_set, depth, seen)
            elif isinstance(sel, FragmentSpreadNode) and sel.name.value not in seen:
                fragment = fragments.get(sel.name.value)
                if fragment is not None:
                    cost += walk(fragment.selection_set, depth, seen | {sel.name.value})
        return cost

    for op in chosen[:1]:
        shape.cost = min(walk(op.selection_set, 0, frozenset()), MAX_REPORTED_COST)
    return shape


class QueryLimits(SchemaExtension):
    """Refuses over-deep, over-aliased or over-expensive operations with LIMIT_EXCEEDED."""

    shape: QueryShape | None = None

    def on_execute(self) -> Iterator[None]:
        ec = self.execution_context
        if ec.result is None and ec.graphql_document is not None:
            self.shape = measure(ec.graphql_document, ec.operation_name, ec.variables or {})
            error = self._violation(self.shape)
            if error is not None:
                ec.result = ExecutionResult(data=None, errors=[error.to_graphql()])
        yield

    @staticmethod
    def _violation(shape: QueryShape) -> LimitExceeded | None:
        if shape.depth > MAX_DEPTH:
            return LimitExceeded(f"Query depth {shape.depth} exceeds the maximum of {MAX_DEPTH}.", limit="depth")
        if shape.aliases > MAX_ALIASES:
            return LimitExceeded(f"{shape.aliases} aliases exceed the maximum of {MAX_ALIASES}.", limit="aliases")
        if shape.cost > MAX_COST:
            return LimitExceeded(
                f"Query cost {shape.cost} exceeds the maximum of {MAX_COST} (list sizes x nesting); "
                "ask for smaller pages or fewer nested lists.",
                limit="cost",
                cost=shape.cost,
                maximum=MAX_COST,
            )
        return None

    def get_results(self) -> dict[str, Any]:
        if self.shape is None:
            return {}
        return {"cost": {"requested": self.shape.cost, "maximum": MAX_COST}}


class RateLimiter:
    """Per-key token bucket in this process (requests per minute); off unless a limit is set."""

    def __init__(self, default_per_minute: int | None) -> None:
        self.default = default_per_minute
        self._buckets: dict[Any, tuple[float, float]] = {}

    def check(self, key_id: Any, per_minute: int | None, cost: int = 1) -> None:
        """Take `cost` requests (a batch of operations costs one per operation) from the key's bucket."""
        limit = per_minute or self.default
        if not limit:
            return
        now = time.monotonic()
        tokens, last = self._buckets.get(key_id, (float(limit), now))
        tokens = min(float(limit), tokens + (now - last) * limit / 60.0)
        if tokens < cost:
            self._buckets[key_id] = (tokens, now)
            retry = (cost - tokens) * 60.0 / limit
            raise RateLimited(f"Rate limit of {limit} requests per minute exceeded.", retryAfter=round(retry, 2))
        self._buckets[key_id] = (tokens - cost, now)


class BodyLimit:
    """Request bodies of at most `max_bytes`: reading past it raises PayloadTooLarge, which the endpoint (or
    the app's handler of the error family) answers as a JSON 413. Starlette's own limit answers in plain
    text, and replaces the endpoint's answer whenever Content-Length is over the limit."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        total = 0

        async def limited() -> Message:
            nonlocal total
            message = await receive()
            total += len(message.get("body", b""))
            if total > self.max_bytes:
                raise PayloadTooLarge(f"The body is over {self.max_bytes} bytes.", maximum=self.max_bytes)
            return message

        await self.app(scope, limited, send)
