"""Typed domain errors. Handlers show InvalidInput next to its field, the others as a toast."""


class DomainError(Exception):
    """Base of every refusal the domain gives; ``message`` is safe to show."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    """Missing *or* not yours: the same answer, so ids of other tenants leak nothing."""

    def __init__(self, what: str = "record"):
        super().__init__(f"That {what} does not exist or is not yours.")


class PermissionDenied(DomainError):
    def __init__(self, message: str = "You are not allowed to do this."):
        super().__init__(message)


class InvalidInput(DomainError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class Conflict(DomainError):
    """The row changed under us (another reviewer, a racing issuance): nothing was written."""
