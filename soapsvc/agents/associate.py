"""Associate: the users of a tenant.

Implemented: GetAssociate, GetAssociateList, answered from the session's cached associate list (the
reference data NetServer also caches per session), so they cost no query of their own.
Known differences from NetServer: ExtraFields and CustomFields are empty; Rank is the associate id.
"""

from __future__ import annotations

from soapsvc.agents import implements
from soapsvc.agents.carriers import associate_of as carrier
from soapsvc.call import Call
from soapsvc.contract import types as t


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
