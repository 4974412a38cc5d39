"""Fields about the gateway itself (who am I)."""

import strawberry

from gateway.context import Info


@strawberry.type(description="The API key making the request.")
class Viewer:
    name: str
    role: str


@strawberry.type
class SystemQueries:
    @strawberry.field(description="The calling API key's name and role.")
    def viewer(self, info: Info) -> Viewer | None:
        p = info.context.principal
        return Viewer(name=p.name, role=p.role.value) if p else None
