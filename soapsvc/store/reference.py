"""Reference lists a session needs (countries, businesses, categories, groups, roles), read in one go."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from soapsvc.store import models as m


@dataclass(frozen=True)
class Item:
    id: int
    name: str
    rank: int
    tooltip: str
    deleted: bool
    value: float = 0.0


@dataclass(frozen=True)
class UserItem:
    """An associate as the associate list shows it."""

    id: int
    name: str
    person_id: int
    firstname: str
    lastname: str
    group_id: int
    user_type: str
    deleted: bool


@dataclass(frozen=True)
class ReferenceData:
    """One tenant's lists as of `version` (Tenant.ref_version)."""

    version: int
    lists: dict[str, tuple[Item, ...]]
    associates: tuple[UserItem, ...] = ()
    countries: dict[int, tuple[str, str, str, str]] | None = None  # id: ISO2, ISO3, domain, currency

    def associate(self, associate_id: int) -> UserItem | None:
        return next((a for a in self.associates if a.id == associate_id), None)

    def item(self, list_name: str, item_id: int) -> Item | None:
        return next((i for i in self.lists.get(list_name, ()) if i.id == item_id), None)


LISTS = {"country": m.Country, "business": m.Business, "category": m.Category, "usergroup": m.UserGroup,
         "role": m.Role}


def load(session: Session, tenant_id: int, version: int) -> ReferenceData:
    lists = {}
    for name, model in LISTS.items():
        rows = session.scalars(select(model).where(model.tenant_id == tenant_id).order_by(model.rank, model.id))
        lists[name] = tuple(Item(r.id, r.name, r.rank, r.tooltip, r.deleted) for r in rows)
    g = m.GenericListItem
    for row in session.scalars(select(g).where(g.tenant_id == tenant_id).order_by(g.list_name, g.rank, g.id)):
        lists.setdefault(row.list_name, ())
        lists[row.list_name] += (Item(row.id, row.name, row.rank, row.tooltip, row.deleted, row.value),)
    a, p = m.Associate, m.Person
    users = session.execute(
        select(a.id, a.name, a.person_id, p.firstname, p.lastname, a.group_id, a.user_type, a.deleted)
        .join(p, (p.tenant_id == a.tenant_id) & (p.id == a.person_id))
        .where(a.tenant_id == tenant_id).order_by(a.id))
    c = m.Country
    countries = {r.id: (r.code, r.code3, r.domain, r.currency)
                 for r in session.scalars(select(c).where(c.tenant_id == tenant_id))}
    return ReferenceData(version, lists, tuple(UserItem(*row) for row in users), countries)
