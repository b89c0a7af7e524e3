"""The family operations of a hand-written entity, around its rules.

Contact, Person, Sale, Appointment and Project keep NetServer rules of their own (columns that searches use,
cascades, derived fields); what every family does the same way is written here once: Get<X>Entity,
Get<X>, Get<X>List and Delete<X>Entity, and Save<X>Entity's frame (a nil carrier refused, the answer read as
Get<X>Entity reads it). A family module gives only its hooks to `family`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from soapsvc.agents import implements
from soapsvc.call import Call
from soapsvc.contract import catalogue as cat
from soapsvc.errors import ValidationError

Read = Callable[[Call, int], Any]
Lights = Callable[[Call, list[int]], list[Any]]
Write = Callable[[Call, Any], int]
Delete = Callable[[Call, int], Any]


def family(carrier: str, read: Read, lights: Lights, write: Write | None, delete: Delete) -> None:
    """Register the family operations of `carrier` (reads replayable: they depend on stored data only).

    `read`: the entity by id, or None; `lights`: the light carriers of these ids, in the order asked, ids
    not there left out; `write`: validate and store a carrier (0: insert), returning its id, raising before
    anything is written when it is invalid; `delete`: delete with the family's cascade (unknown: nothing).
    """
    fam = cat.FAMILIES[carrier]
    ops, agent = fam.operations, fam.agent
    article = "an" if carrier[0] in "AEIOU" else "a"

    def get(call: Call, entity_id: int | None) -> Any:
        return read(call, entity_id) if entity_id else None

    def get_light(call: Call, entity_id: int | None) -> Any:
        found = lights(call, [entity_id]) if entity_id else []
        return found[0] if found else None

    def get_list(call: Call, ids: list[int] | None) -> list[Any]:
        return lights(call, list(ids or []))

    def save(call: Call, e: Any) -> Any:
        if e is None:
            raise ValidationError(f"{ops['Save']} needs {article} {carrier}.")
        return read(call, write(call, e))

    def remove(call: Call, entity_id: int | None) -> None:
        delete(call, entity_id or 0)

    for shape, behaviour in (("Get", get), ("GetLight", get_light), ("GetList", get_list)):
        implements(agent, ops[shape], replayable=True)(behaviour)
    implements(agent, ops["Delete"])(remove)
    if write is not None:
        implements(agent, ops["Save"])(save)
