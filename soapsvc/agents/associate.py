"""Associate: the users of a tenant.

Implemented: GetAssociate, GetAssociateList, GetAssociateByPersonId, GetAssociatesByGroup, answered from
the session's cached associate list (the reference data NetServer also caches per session), so they cost
no query of their own.
Known differences from NetServer: ExtraFields and CustomFields are empty; Rank is the associate id.
GetAssociatesByGroup reads every group id as a user group's (soapsvc has no user-defined diary groups or
resource headings, the other DiaryGroupType values), so Type does not change the answer.
"""

from __future__ import annotations

from soapsvc.agents import implements
from soapsvc.agents.carriers import associate_of as carrier
from soapsvc.call import Call
from soapsvc.contract import types as t


@implements("Associate", "GetAssociate", replayable=True)
def get_associate(call: Call, associate_id: int | None) -> t.Associate | None:
    """The associate, or nothing (a nil `Response`) for an id the tenant does not have, as NetServer."""
    user = call.session.reference.associate(associate_id or 0)
    return carrier(user) if user else None


@implements("Associate", "GetAssociateList", replayable=True)
def get_associate_list(call: Call, associate_ids: list[int] | None) -> list[t.Associate]:
    """The associates with these ids, in the order asked; unknown ids are left out."""
    users = (call.session.reference.associate(i) for i in associate_ids or [])
    return [carrier(u) for u in users if u]


@implements("Associate", "GetAssociateByPersonId", replayable=True)
def get_associate_by_person_id(call: Call, person_id: int | None) -> t.Associate | None:
    """The user this person is, or a nil `Response` when the person is not a user."""
    user = next((u for u in call.session.reference.associates if u.person_id == (person_id or 0)), None)
    return carrier(user) if user else None


@implements("Associate", "GetAssociatesByGroup", replayable=True)
def get_associates_by_group(call: Call, group_id: int | None, _type: int | None) -> list[t.Associate]:
    """The members of a user group, in id order, deleted users left out; an unknown group has none."""
    users = call.session.reference.associates
    return [carrier(u) for u in users if u.group_id == (group_id or 0) and not u.deleted]
