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

    def formatted(self) -> dict[str, Any]:
        """The error as one entry of a GraphQL response's `errors` (what GraphQL clients read)."""
        return {"message": self.message, "extensions": self.graphql_extensions()}

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


class BadRequest(GatewayError):
    """A GraphQL request the HTTP layer cannot read (not JSON, a wrong parameter type, no query)."""

    code = "BAD_REQUEST"
    http_status = 400


class MethodNotAllowed(GatewayError):
    """Mutations over GET (GraphQL-over-HTTP) or a method other than GET and POST."""

    code = "METHOD_NOT_ALLOWED"
    http_status = 405


class UnsupportedMediaType(GatewayError):
    code = "UNSUPPORTED_MEDIA_TYPE"
    http_status = 415


class PayloadTooLarge(GatewayError):
    code = "PAYLOAD_TOO_LARGE"
    http_status = 413


class PersistedQueryNotFound(GatewayError):
    """A persisted-document hash the gateway does not know: APQ clients retry with the document's text.

    The message and code are what Apollo's persisted-query link (and urql's, Relay's) look for; it is
    answered 200 as Apollo Server does, so a client that treats a 4xx as a network failure still retries.
    """

    code = "PERSISTED_QUERY_NOT_FOUND"
    http_status = 200

    def __init__(self, message: str = "PersistedQueryNotFound", **extensions: Any) -> None:
        super().__init__(message, **extensions)


class TrustedDocumentRequired(GatewayError):
    """HQ_TRUSTED_DOCUMENTS in production: only documents registered from a manifest run."""

    code = "TRUSTED_DOCUMENT_REQUIRED"
    http_status = 403


def _family(cls: type[GatewayError]) -> list[type[GatewayError]]:
    return [cls, *(c for sub in cls.__subclasses__() for c in _family(sub))]


def http_status_of(code: object, default: int = 400) -> int:
    """The HTTP status of the family member with this `extensions.code` (`default` for any other code)."""
    if not _STATUS:
        _STATUS.update({c.code: c.http_status for c in _family(GatewayError)})
    return _STATUS.get(code, default) if isinstance(code, str) else default


_STATUS: dict[str, int] = {}
