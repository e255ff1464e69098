"""Domain errors. "You may not" and "this cannot happen now" are different things; both carry a
message a clerk can read, and views and the API turn them into 403 / 409 responses."""

from __future__ import annotations


class DomainError(Exception):
    code = "domain_error"

    def __init__(self, message: str, *, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class NotAllowed(DomainError):
    code = "not_allowed"


class IllegalTransition(DomainError):
    code = "illegal_transition"

    def __init__(self, current: str, attempted: str, message: str) -> None:
        super().__init__(message)
        self.current = current
        self.attempted = attempted


class InvalidInput(DomainError):
    """Bad input caught by a service after form validation (e.g. a uniqueness race)."""

    code = "invalid"


def http_status(exc: DomainError) -> int:
    """The HTTP answer to a domain error, the same for pages and the API."""
    if isinstance(exc, NotAllowed):
        return 403
    if isinstance(exc, IllegalTransition):
        return 409
    return 400
