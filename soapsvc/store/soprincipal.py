"""Users, tickets and access tokens: what SoPrincipal and the ticket check read and write."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from soapsvc.store import models as m
from soapsvc.store.seed import check_password


@dataclass(frozen=True)
class PrincipalRow:
    """Who a user is, read once per session: associate, person, own contact, group, role."""

    associate_id: int
    name: str
    person_id: int
    full_name: str
    email: str
    contact_id: int
    country_id: int
    business_id: int
    category_id: int
    contact_owner: int
    group_id: int
    role_id: int
    role_name: str
    role_description: str
    user_type: str
    function_rights: tuple[str, ...]


@dataclass(frozen=True)
class TicketState:
    tenant_id: int
    associate_id: int
    last_used: dt.datetime
    revoked: bool
    ref_version: int
    data_version: int = 0  # the tenant's (models.DataVersion)
    all_version: int = 0  # that of changes made without naming a tenant


def user_by_password(session: Session, tenant_id: int, name: str, password: str) -> int | None:
    """The associate id of an active user with this name (any case) and password, else None."""
    row = session.execute(
        select(m.Associate.id, m.Associate.password_hash).where(
            m.Associate.tenant_id == tenant_id, func.upper(m.Associate.name) == name.upper(),
            m.Associate.deleted.is_(False))
    ).first()
    return row.id if row and check_password(password, row.password_hash) else None


def user_by_name(session: Session, tenant_id: int, name: str) -> int | None:
    return session.scalar(select(m.Associate.id).where(
        m.Associate.tenant_id == tenant_id, func.upper(m.Associate.name) == name.upper()))


def principal(session: Session, tenant_id: int, associate_id: int) -> PrincipalRow:
    a, p, c, r = (m.Associate, m.Person, m.Contact, m.Role)
    row = session.execute(
        select(a, p, c, r)
        .join(p, (p.tenant_id == a.tenant_id) & (p.id == a.person_id))
        .join(c, (c.tenant_id == p.tenant_id) & (c.id == p.contact_id))
        .join(r, (r.tenant_id == a.tenant_id) & (r.id == a.role_id))
        .where(a.tenant_id == tenant_id, a.id == associate_id)
    ).one()
    assoc, person, contact, role = row
    return PrincipalRow(
        associate_id=assoc.id, name=assoc.name, person_id=person.id,
        full_name=f"{person.firstname} {person.lastname}".strip(), email=person.email,
        contact_id=contact.id, country_id=contact.country_id, business_id=contact.business_id,
        category_id=contact.category_id, contact_owner=contact.associate_id, group_id=assoc.group_id,
        role_id=role.id, role_name=role.name, role_description=role.tooltip, user_type=assoc.user_type,
        function_rights=tuple(f for f in assoc.function_rights.split(",") if f),
    )


def add_ticket(session: Session, ticket: str, tenant_id: int, associate_id: int, now: dt.datetime) -> None:
    session.add(m.Ticket(ticket=ticket, tenant_id=tenant_id, associate_id=associate_id, created=now,
                         last_used=now))


_VERSION = m.DataVersion.version
TICKET_STATE = (  # built once: it runs on every authenticated call
    select(m.Ticket.tenant_id, m.Ticket.associate_id, m.Ticket.last_used, m.Ticket.revoked, m.Tenant.ref_version,
           func.coalesce(select(_VERSION).where(m.DataVersion.cust_id == m.Tenant.cust_id).scalar_subquery(), 0),
           func.coalesce(select(_VERSION).where(m.DataVersion.cust_id == "*").scalar_subquery(), 0))
    .join(m.Tenant, m.Tenant.id == m.Ticket.tenant_id)
    .where(m.Ticket.ticket == bindparam("ticket"))
)


def ticket_state(session: Session, ticket: str) -> TicketState | None:
    """The ticket with its tenant's reference-list and data versions: one statement per authenticated call."""
    row = session.execute(TICKET_STATE, {"ticket": ticket}).first()
    if row is None:
        return None
    last_used = row.last_used if row.last_used.tzinfo else row.last_used.replace(tzinfo=dt.UTC)
    return TicketState(row.tenant_id, row.associate_id, last_used, row.revoked, row.ref_version, row[5], row[6])


def touch_ticket(session: Session, ticket: str, now: dt.datetime) -> None:
    session.execute(update(m.Ticket).where(m.Ticket.ticket == ticket).values(last_used=now))


def set_ticket_last_used(session: Session, ticket: str, when: dt.datetime) -> None:
    """Tests: age a ticket without waiting six hours."""
    touch_ticket(session, ticket, when)


def revoke_ticket(session: Session, ticket: str) -> None:
    session.execute(update(m.Ticket).where(m.Ticket.ticket == ticket).values(revoked=True))


def drop_expired_tickets(session: Session, before: dt.datetime) -> int:
    return session.execute(delete(m.Ticket).where(m.Ticket.last_used < before)).rowcount


def add_access_token(session: Session, token: str, tenant_id: int, associate_id: int, now: dt.datetime) -> None:
    session.add(m.AccessToken(token=token, tenant_id=tenant_id, associate_id=associate_id, created=now))


def access_token_user(session: Session, token: str, tenant_id: int) -> int | None:
    return session.scalar(select(m.AccessToken.associate_id).where(
        m.AccessToken.token == token, m.AccessToken.tenant_id == tenant_id))
