"""Field-level access: one schema for every role, checked per operation and field."""

from typing import Any, ClassVar

from strawberry.permission import BasePermission

from gateway.auth import Role
from gateway.context import Info
from gateway.errors import Forbidden, Unauthenticated


class _RolePermission(BasePermission):
    roles: ClassVar[tuple[Role, ...]] = ()
    error_extensions = {"code": Forbidden.code}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        principal = info.context.principal
        if principal is None:
            raise Unauthenticated("An API key is required (Authorization: Bearer <key>).")
        return principal.has(*self.roles)


class IsReader(_RolePermission):
    roles = (Role.READER,)
    message = "This field needs the reader or operator role."


class CanIngest(_RolePermission):
    roles = (Role.INGEST,)
    message = "Ingest needs the ingest or operator role."


class IsOperator(_RolePermission):
    roles = ()
    message = "This operation needs the operator role."
