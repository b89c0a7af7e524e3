"""Project rows, their members (ProjectMember rows), and deleting a project with NetServer's cascade."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from soapsvc.store import models as m
from soapsvc.store.entities import EntityStore, next_id

PROJECTS = EntityStore(m.Project, "project", ("name", "project_number", "associate_id", "status_id", "type_id",
                                              "completed"))


@dataclass(frozen=True)
class Member:
    """One membership as behaviour reads and writes it (id 0: not stored yet)."""

    id: int
    project_id: int
    person_id: int
    contact_id: int
    role_id: int
    comment: str
    rank: int


def _member(row: m.ProjectMember) -> Member:
    return Member(row.id, row.project_id, row.person_id, row.contact_id, row.role_id, row.comment, row.rank)


def members_of(session: Session, tenant_id: int, project_ids: list[int]) -> list[Member]:
    """The members of these projects, by project and in the order they were saved."""
    pm = m.ProjectMember
    if not project_ids:
        return []
    rows = session.scalars(select(pm).where(pm.tenant_id == tenant_id, pm.project_id.in_(project_ids))
                           .order_by(pm.project_id, pm.rank, pm.id))
    return [_member(r) for r in rows]


def members_by_id(session: Session, tenant_id: int, member_ids: list[int]) -> list[Member]:
    """The memberships with these ids, in the order asked; ids that are not there are left out."""
    pm = m.ProjectMember
    found = {r.id: _member(r) for r in session.scalars(select(pm).where(pm.tenant_id == tenant_id,
                                                                        pm.id.in_(member_ids)))}
    return [found[i] for i in member_ids if i in found]


def replace_members(session: Session, tenant_id: int, project_id: int, members: list[Member]) -> None:
    """Make a project's memberships exactly `members` (run after the project row is written, which locks it).

    A member that names one of the project's current membership ids keeps it, so ids stay stable over
    saves that send back what was read; any other gets a new id.
    """
    pm = m.ProjectMember
    current = set(session.scalars(select(pm.id).where(pm.tenant_id == tenant_id, pm.project_id == project_id)))
    session.execute(delete(pm).where(pm.tenant_id == tenant_id, pm.project_id == project_id))
    session.flush()
    for rank, x in enumerate(members, 1):
        member_id = x.id if x.id in current else next_id(session, tenant_id, "projectmember")
        current.discard(member_id)
        session.add(pm(tenant_id=tenant_id, id=member_id, project_id=project_id, person_id=x.person_id,
                       contact_id=x.contact_id, role_id=x.role_id, comment=x.comment, rank=rank))
    session.flush()


def save_member(session: Session, tenant_id: int, x: Member) -> int | None:
    """Insert a membership (id 0; last of its project) or overwrite one; None when the id is not there."""
    pm = m.ProjectMember
    values = {"project_id": x.project_id, "person_id": x.person_id, "contact_id": x.contact_id,
              "role_id": x.role_id, "comment": x.comment}
    if x.id:
        done = session.execute(update(pm).where(pm.tenant_id == tenant_id, pm.id == x.id).values(**values))
        return x.id if done.rowcount else None
    rank = len(members_of(session, tenant_id, [x.project_id])) + 1
    member_id = next_id(session, tenant_id, "projectmember")
    session.add(pm(tenant_id=tenant_id, id=member_id, rank=rank, **values))
    session.flush()
    return member_id


def delete_member(session: Session, tenant_id: int, member_id: int) -> None:
    pm = m.ProjectMember
    session.execute(delete(pm).where(pm.tenant_id == tenant_id, pm.id == member_id))


def project_ids_of_persons(session: Session, tenant_id: int, person_ids: list[int]) -> list[int]:
    """The projects any of these persons is a member of, by id."""
    pm = m.ProjectMember
    if not person_ids:
        return []
    return list(session.scalars(select(pm.project_id).distinct()
                                .where(pm.tenant_id == tenant_id, pm.person_id.in_(person_ids))
                                .order_by(pm.project_id)))


def project_ids_of_contact(session: Session, tenant_id: int, contact_id: int) -> list[int]:
    """The projects a person of this contact (as the contact is now) is a member of, by id."""
    p = m.Person
    person_ids = list(session.scalars(select(p.id).where(p.tenant_id == tenant_id, p.contact_id == contact_id)))
    return project_ids_of_persons(session, tenant_id, person_ids)


def delete_cascade(session: Session, tenant_id: int, project_id: int) -> bool:
    """Delete a project and its memberships; its sales and appointments stay, unlinked (project_id 0)."""
    if PROJECTS.delete(session, tenant_id, [project_id]) == 0:
        return False
    pm = m.ProjectMember
    session.execute(delete(pm).where(pm.tenant_id == tenant_id, pm.project_id == project_id))
    for model in (m.Sale, m.Appointment):
        session.execute(update(model).where(model.tenant_id == tenant_id, model.project_id == project_id)
                        .values(project_id=0))
    return True
