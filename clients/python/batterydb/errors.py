"""API errors as exceptions that carry the server's problem details (RFC 9457)."""

from __future__ import annotations

from typing import Any, Optional


class BatteryDBError(Exception):
    """An answer of the API that is not a success.

    ``status`` is the HTTP status, ``detail`` the server's words, ``field`` the input at fault
    (for a 400 or a 404 on a parameter), ``code`` BatteryDB's stable code (``NOT_FOUND``,
    ``INVALID_INPUT``, ...), ``problem`` the whole problem+json body.
    """

    def __init__(self, status: int, detail: str, field: Optional[str] = None,
                 code: Optional[str] = None, problem: Optional[dict[str, Any]] = None) -> None:
        super().__init__(f"{status}: {detail}" + (f" (field: {field})" if field else ""))
        self.status = status
        self.detail = detail
        self.field = field
        self.code = code
        self.problem = problem or {}


class NotFound(BatteryDBError):
    """404: the object does not exist, or you may not see it (the API does not say which)."""


class Forbidden(BatteryDBError):
    """403: you may see the object but not do this to it."""


class InvalidInput(BatteryDBError):
    """400: a parameter or field is wrong; ``field`` names it."""


class Unauthenticated(BatteryDBError):
    """401: no token, or the token is not valid any more."""


class Conflict(BatteryDBError):
    """409: e.g. the same file bytes were uploaded before."""


_BY_STATUS = {400: InvalidInput, 401: Unauthenticated, 403: Forbidden, 404: NotFound, 409: Conflict}


def error_for(status: int, body: Any, fallback: str) -> BatteryDBError:
    """The exception for an error answer, from its problem+json body when it has one."""
    problem = body if isinstance(body, dict) else {}
    detail = str(problem.get("detail") or problem.get("title") or fallback)
    kind = _BY_STATUS.get(status, BatteryDBError)
    return kind(status, detail, problem.get("field"), problem.get("code"), problem)
