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


class SecurityError(NetServerError):
    """The call's credentials are missing or not acceptable; nothing of the operation ran."""

    exception_type = "SoSecurityException"


class TicketMissingError(SecurityError):
    def __init__(self, agent: str, operation: str) -> None:
        super().__init__(
            f"{agent}.{operation} needs a ticket: send the Credentials SOAP header with the Ticket that "
            "SoPrincipal.AuthenticateUsernamePassword (or AuthenticateWithAccessToken) returned."
        )


class TicketUnknownError(SecurityError):
    def __init__(self) -> None:
        super().__init__("The ticket in the Credentials header is not known: it was never issued, or the "
                         "tenant was reset. Authenticate again to get a new ticket.")


class TicketExpiredError(SecurityError):
    def __init__(self, last_used: str) -> None:
        super().__init__(f"The ticket expired: tickets are valid for six hours since their last use "
                         f"(last used {last_used}). Authenticate again to get a new ticket.")


class TicketRevokedError(SecurityError):
    def __init__(self) -> None:
        super().__init__("The ticket was revoked (logged out). Authenticate again to get a new ticket.")


class TicketTenantError(SecurityError):
    def __init__(self, tenant: str) -> None:
        super().__init__(f"The ticket belongs to another tenant than {tenant}: a ticket is valid only at the "
                         "address of the tenant that issued it.")


class UnknownTenantError(NetServerError):
    exception_type = "SoNotFoundException"

    def __init__(self, tenant: str) -> None:
        super().__init__(f"There is no tenant {tenant} (soapsvc runs with --tenants fixed): create it with "
                         f"`soapsvc seed --tenant {tenant}` or use a tenant that exists.")


class UnknownUserError(NetServerError):
    exception_type = "SoNotFoundException"

    def __init__(self, tenant: str, user: str) -> None:
        super().__init__(f"Tenant {tenant} has no user {user}; the seeded users are listed in the README.")


class ValidationError(NetServerError):
    """Input NetServer would refuse: a missing required field, a reference to something that is not there."""

    exception_type = "SoValidationException"


class NotFoundError(NetServerError):
    exception_type = "SoNotFoundException"
