"""Associate reads with zeep generated from the reference WSDL, against the seeded users (from the cache)."""

from __future__ import annotations

import pytest

from tests.agents.support import Agents, new_tenant, ok
from tests.conftest import Server


@pytest.fixture(scope="module")
def agents(server: Server) -> Agents:
    return Agents(server, new_tenant())


def test_associate_and_list(agents: Agents) -> None:
    sam = ok(agents.Associate.GetAssociate(2))
    assert (sam.AssociateId, sam.Name, sam.PersonId, sam.FullName, sam.GroupIdx) == (2, "SAL", 2, "Sam Seller", 1)
    assert ok(agents.Associate.GetAssociate(42)) is None
    listed = ok(agents.Associate.GetAssociateList({"int": [3, 42, 1]})).Associate
    assert [a.AssociateId for a in listed] == [3, 1]


def test_associate_by_person_id(agents: Agents) -> None:
    susan = ok(agents.Associate.GetAssociateByPersonId(3))
    assert (susan.AssociateId, susan.UserName, susan.FullName) == (3, "SUP", "Susan Support")
    assert ok(agents.Associate.GetAssociateByPersonId(4)) is None  # a person who is not a user
    assert ok(agents.Associate.GetAssociateByPersonId(4242)) is None


def test_associates_by_group(agents: Agents) -> None:
    def members(group_id: int, kind: int = 2) -> list[int]:
        answer = ok(agents.Associate.GetAssociatesByGroup(group_id, kind))
        return [a.AssociateId for a in (answer.Associate if answer is not None else [])]

    assert [members(g) for g in (1, 2, 3)] == [[2], [3], [1]]
    assert members(1, 0) == [2]  # Type does not change the answer: soapsvc has only user groups
    assert members(4242) == []
