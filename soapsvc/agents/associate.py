"""Associate: the users of a tenant.

Implemented: GetAssociate, GetAssociateList, answered from the session's cached associate list (the
reference data NetServer also caches per session), so they cost no query of their own.
Known differences from NetServer: ExtraFields and CustomFields are empty; Rank is the associate id.
"""

from __future__ import annotations

from soapsvc.agents import implements
from soapsvc.call import Call
from soapsvc.contract import types as t
from soapsvc.store.reference import UserItem


def carrier(user: UserItem) -> t.Associate:
    full = f"{user.firstname} {user.lastname}".strip()
    return t.Associate(
        AssociateId=user.id, Name=user.name, PersonId=user.person_id, Rank=user.id, Tooltip=full,
        Type=user.user_type, GroupIdx=user.group_id, FullName=full,
        FormalName=f"{user.lastname}, {user.firstname}".strip(", "), Deleted=user.deleted, EjUserId=0,
        UserName=user.name, ExtraFields=t.StringDictionary(StringKeyValuePair=[]),
        CustomFields=t.StringDictionary(StringKeyValuePair=[]),
    )


@implements("Associate", "GetAssociate")
def get_associate(call: Call, associate_id: int | None) -> t.Associate | None:
    """The associate, or nothing (a nil `Response`) for an id the tenant does not have, as NetServer."""
    user = call.session.reference.associate(associate_id or 0)
    return carrier(user) if user else None


@implements("Associate", "GetAssociateList")
def get_associate_list(call: Call, associate_ids: list[int] | None) -> list[t.Associate]:
    """The associates with these ids, in the order asked; unknown ids are left out."""
    users = (call.session.reference.associate(i) for i in associate_ids or [])
    return [carrier(u) for u in users if u]
