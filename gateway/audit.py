"""Audit log: every operator action (mutations other than ingest, key changes) with key, time and arguments."""

import logging
import uuid
from typing import Any

from graphql import FieldNode, OperationDefinitionNode, OperationType, Undefined, value_from_ast_untyped
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine
from strawberry.extensions import SchemaExtension

from models.ops import AuditLog

log = logging.getLogger(__name__)

# Webhook traffic is recorded in raw already; auditing it again would double every write.
NOT_AUDITED = frozenset({"ingest", "ingestMany"})


async def record(
    engine: AsyncEngine, action: str, arguments: dict[str, Any], *, actor: str, key_id: uuid.UUID | None = None
) -> None:
    async with engine.begin() as conn:
        await conn.execute(insert(AuditLog).values(api_key_id=key_id, actor=actor, action=action, arguments=arguments))


def mutation_fields(
    document: Any, operation_name: str | None, variables: dict[str, Any]
) -> list[tuple[str, dict[str, Any]]]:
    """Root mutation fields of the executed operation with their argument values."""
    out: list[tuple[str, dict[str, Any]]] = []
    for d in getattr(document, "definitions", []):
        if not isinstance(d, OperationDefinitionNode) or d.operation is not OperationType.MUTATION:
            continue
        if operation_name and (d.name is None or d.name.value != operation_name):
            continue
        for sel in d.selection_set.selections:
            if isinstance(sel, FieldNode) and sel.name.value not in NOT_AUDITED:
                args = {a.name.value: value_from_ast_untyped(a.value, variables) for a in sel.arguments or ()}
                # an argument whose variable was not sent is absent, not "Undefined"
                out.append((sel.name.value, {k: v for k, v in args.items() if v is not Undefined}))
    return out


class AuditMutations(SchemaExtension):
    """Writes one audit row per executed operator mutation field (after it ran, with its outcome)."""

    async def on_operation(self) -> Any:  # type: ignore[override]
        yield
        ec = self.execution_context
        ctx = ec.context
        principal = getattr(ctx, "principal", None)
        if principal is None or ec.graphql_document is None:
            return
        fields = mutation_fields(ec.graphql_document, ec.operation_name, ec.variables or {})
        if not fields:
            return
        failed = bool(getattr(ec.result, "errors", None))
        for name, args in fields:
            try:
                await record(
                    ctx.engine,
                    name,
                    {"arguments": args, "failed": failed, "requestId": ctx.request_id},
                    actor=principal.name,
                    key_id=principal.key_id,
                )
            except Exception:  # an audit write failure must not turn a done action into an error
                log.exception("audit write failed for %s", name)
