"""Errors services raise: their message is safe and meant for the user."""


class ApplicationError(Exception):
    def __init__(self, message: str, *, extra: dict | None = None):
        super().__init__(message)
        self.message = message
        self.extra = extra or {}


class ValidationFailed(ApplicationError):
    """Input the workbench refuses; nothing was written."""


class PermissionDenied(ApplicationError):
    pass


class ConflictError(ApplicationError):
    """The object changed since it was loaded (optimistic locking)."""
