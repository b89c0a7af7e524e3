"""Tenants: found by CustId, created with their seed data on first use, reset back to it."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from soapsvc import clock
from soapsvc.store import seed
from soapsvc.store.models import Tenant


def find(session: Session, cust_id: str) -> int | None:
    return session.scalar(select(Tenant.id).where(Tenant.cust_id == cust_id))


def create(session: Session, cust_id: str) -> int:
    """Create a tenant with its seed data; when another worker created it first, use theirs."""
    try:
        with session.begin_nested():
            tenant = Tenant(cust_id=cust_id, created=clock.now())
            session.add(tenant)
            session.flush()
            seed.seed(session, tenant.id)
            return tenant.id
    except IntegrityError:
        found = find(session, cust_id)
        if found is None:
            raise
        return found


def reset(session: Session, tenant_id: int) -> None:
    """Empty a tenant back to its seed; its tickets end and every cached copy of its lists is stale."""
    seed.clear(session, tenant_id)
    session.flush()
    seed.seed(session, tenant_id)
    bump_reference_version(session, tenant_id)


def bump_reference_version(session: Session, tenant_id: int) -> None:
    """Tell every worker's session cache that this tenant's reference lists changed."""
    session.execute(update(Tenant).where(Tenant.id == tenant_id).values(ref_version=Tenant.ref_version + 1))


def list_all(session: Session) -> list[str]:
    return list(session.scalars(select(Tenant.cust_id).order_by(Tenant.cust_id)))


def version(session: Session, tenant_id: int) -> int:
    return session.scalar(select(Tenant.ref_version).where(Tenant.id == tenant_id))


def reseed(session: Session, tenant_id: int) -> None:
    """Restore the seeded rows of a tenant, keeping what was added since."""
    seed.reseed(session, tenant_id)
    bump_reference_version(session, tenant_id)
