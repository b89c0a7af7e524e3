"""The one error the admin front answers with: a status and a message, never a traceback."""

from __future__ import annotations


class ApiError(Exception):
    """Answered as `{"error": message}` (HTML pages: the message) with `status`."""

    def __init__(self, status: int, message: str, headers: list[tuple[str, str]] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or []


class BadRequestError(ApiError):
    """400: input the admin API cannot use (bad JSON, an unknown name, a value out of range)."""

    def __init__(self, message: str) -> None:
        super().__init__(400, message)
