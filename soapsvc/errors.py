"""Domain errors: raised by behaviour, turned into NetServer's `ExceptionInfo` header in one place.

NetServer declares no SOAP faults: a failed call is an ordinary response whose `Succeeded` header is
false and whose `ExceptionInfo` says what went wrong (see `soapsvc.soap.operation`).
"""

from __future__ import annotations


class NetServerError(Exception):
    """An error NetServer reports in `ExceptionInfo`; `exception_type` is the .NET exception's name."""

    exception_type = "SoException"

    def __init__(self, message: str, friendly: str | None = None, **parameters: str) -> None:
        super().__init__(message)
        self.message = message
        self.friendly = friendly or message
        self.parameters = parameters


class NotImplementedInSoapsvcError(NetServerError):
    """The operation is in the contract but soapsvc has no behaviour for it yet."""

    exception_type = "NotImplementedException"

    def __init__(self, agent: str, operation: str) -> None:
        super().__init__(
            f"{agent}.{operation} is not implemented in soapsvc. The operation is part of the "
            f"Services88 contract, but soapsvc has no behaviour for it yet; see COVERAGE.md for what is.",
            agent=agent,
            operation=operation,
        )
