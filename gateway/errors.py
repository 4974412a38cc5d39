"""The one error family: every operational failure carries a stable `extensions.code`."""

from typing import Any, ClassVar

import orjson
from graphql import GraphQLError
from starlette.responses import Response


class GatewayError(Exception):
    """An expected failure the client may see; `code` is part of the public contract."""

    code: ClassVar[str] = "INTERNAL"
    http_status: ClassVar[int] = 500

    def __init__(self, message: str, **extensions: Any) -> None:
        super().__init__(message)
        self.message = message
        self.extensions = extensions

    def to_graphql(self) -> GraphQLError:
        return GraphQLError(self.message, original_error=self, extensions=self.graphql_extensions())

    def graphql_extensions(self) -> dict[str, Any]:
        return {"code": self.code, **self.extensions}

    def to_json(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message, **self.extensions}}

    def http_response(self, status: int | None = None) -> Response:
        """The answer of a plain HTTP endpoint: the family's status (unless given) and the JSON body."""
        return Response(
            orjson.dumps(self.to_json()), status_code=status or self.http_status, media_type="application/json"
        )


class Unauthenticated(GatewayError):
    code = "UNAUTHENTICATED"
    http_status = 401


class Forbidden(GatewayError):
    code = "FORBIDDEN"
    http_status = 403


class BadUserInput(GatewayError):
    code = "BAD_USER_INPUT"
    http_status = 400


class NotFound(GatewayError):
    code = "NOT_FOUND"
    http_status = 404


class LimitExceeded(GatewayError):
    code = "LIMIT_EXCEEDED"
    http_status = 400


class RateLimited(GatewayError):
    code = "RATE_LIMITED"
    http_status = 429


class Timeout(GatewayError):
    code = "TIMEOUT"
    http_status = 504


class UpstreamUnavailable(GatewayError):
    code = "UPSTREAM_UNAVAILABLE"
    http_status = 503
