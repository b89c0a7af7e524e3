"""SoPrincipal: log-in and system information.

Implemented: all five operations.
- GetSystemInfo: data about this soapsvc installation and the tenant of the address.
- AuthenticateUsernamePassword: a seeded (or added) user's name, any case, and password.
- AuthenticateWithAccessToken: a token minted for a user of this tenant (`soapsvc token`).
- AuthenticateGeneric: the same two ways, as AuthenticationData pairs (`UserName` + `Password`, or
  `AccessToken`).
Known differences from NetServer: AuthenticateImplicit (Windows integrated log-in) is refused with an
error saying what to use instead; wrong credentials give `AuthenticationSucceeded` false with
`Succeeded` true (the call worked, the log-in did not), no ticket and no carrier; licences are empty.
"""

from __future__ import annotations

import datetime as dt

from soapsvc import __version__, session
from soapsvc.agents import implements
from soapsvc.call import Call
from soapsvc.contract import types as t
from soapsvc.errors import NetServerError
from soapsvc.store import soprincipal as store

NETSERVER_VERSION = "10.3.9.0"
DATABASE_VERSION = 62


@implements("SoPrincipal", "GetSystemInfo")
def get_system_info(call: Call) -> t.SoSystemInfoCarrier:
    """What NetServer says about itself; soapsvc reports its own build next to the version it emulates."""
    return t.SoSystemInfoCarrier(
        WarningEnglish="",
        WarningResource="",
        BranchName="soapsvc",
        BuildLabel=f"soapsvc-{__version__}",
        AssemblyVersion=NETSERVER_VERSION,
        AccumulatedNextCheckDate=dt.datetime(2099, 12, 31, tzinfo=dt.UTC),
        FileVersion=NETSERVER_VERSION,
        Description=f"soapsvc {__version__}, an emulator of SuperOffice NetServer Services88",
        DaysUntilNetServerExpiry=36500,
        BuildType="Release",
        DatabaseVersion=DATABASE_VERSION,
        IsUnicode=True,
        CompanyName=f"soapsvc tenant {call.tenant}",
        CompanyId=1,
        DatabaseType="SQLite",
        DatabaseMinor="3",
        DatabaseName=call.tenant,
        IsOnTravel=False,
        IsSatellite=False,
    )


class ImplicitAuthenticationError(NetServerError):
    exception_type = "SoSecurityException"

    def __init__(self) -> None:
        super().__init__("AuthenticateImplicit uses Windows integrated authentication, which soapsvc does not "
                         "emulate: log in with AuthenticateUsernamePassword or AuthenticateWithAccessToken.")


def _carrier(entry: session.SessionEntry) -> t.SoPrincipalCarrier:
    p = entry.principal
    return t.SoPrincipalCarrier(
        UserType=p.user_type, Associate=p.name, AssociateId=p.associate_id, IsPerson=True,
        PersonId=p.person_id, CountryId=p.country_id, HomeCountryId=p.country_id, ContactId=p.contact_id,
        GroupId=p.group_id, BusinessId=p.business_id, CategoryId=p.category_id, ContactOwner=p.contact_owner,
        RoleId=p.role_id, RoleName=p.role_name, RoleDescription=p.role_description, RoleType="Employee",
        Licenses=[], FullName=p.full_name, EMailAddress=p.email, FunctionRights=list(p.function_rights),
        EjUserId=0, EjAccessLevel=0, EjUserStatus="StatusNormal", ProvidedCredentials=[], SecondaryGroups=[],
        DatabaseContextIdentifier=entry.tenant,
    )


def _answer(call: Call, associate_id: int | None) -> t.AuthenticateResponse:
    """A ticket and the principal for a user who proved who they are; nothing for anyone else."""
    if associate_id is None:
        return t.AuthenticateResponse(AuthenticationSucceeded=False)
    tid = session.tenant_id(call.db, call.tenant, call.auto_create_tenants)
    entry = session.issue_ticket(call.db, call.tenant, tid, associate_id)
    return t.AuthenticateResponse(Response=_carrier(entry), Credentials=t.SoCredentials(Ticket=entry.ticket),
                                  AuthenticationSucceeded=True)


def _by_password(call: Call, user_name: str | None, password: str | None) -> int | None:
    if not user_name or password is None:
        return None
    tid = session.tenant_id(call.db, call.tenant, call.auto_create_tenants)
    return store.user_by_password(call.db, tid, user_name, password)


def _by_token(call: Call, token: str | None) -> int | None:
    if not token:
        return None
    tid = session.tenant_id(call.db, call.tenant, call.auto_create_tenants)
    return store.access_token_user(call.db, token, tid)


@implements("SoPrincipal", "AuthenticateUsernamePassword")
def authenticate_username_password(call: Call, user_name: str | None, password: str | None
                                   ) -> t.AuthenticateResponse:
    return _answer(call, _by_password(call, user_name, password))


@implements("SoPrincipal", "AuthenticateWithAccessToken")
def authenticate_with_access_token(call: Call, access_token: str | None) -> t.AuthenticateResponse:
    return _answer(call, _by_token(call, access_token))


@implements("SoPrincipal", "AuthenticateGeneric")
def authenticate_generic(call: Call, data: t.AuthenticationGenericData | None) -> t.AuthenticateResponse:
    pairs = {(p.Key or "").lower(): p.Value for p in (data and data.AuthenticationGenericDataKeyValuePair or [])}
    if "accesstoken" in pairs:
        return _answer(call, _by_token(call, pairs["accesstoken"]))
    return _answer(call, _by_password(call, pairs.get("username"), pairs.get("password")))


@implements("SoPrincipal", "AuthenticateImplicit")
def authenticate_implicit(call: Call) -> t.AuthenticateResponse:
    raise ImplicitAuthenticationError()
