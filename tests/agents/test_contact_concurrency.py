"""Two clients saving the same contact at once, many times, through two gunicorn workers.

Every read (during and after) must show one complete save: name, department, phones and e-mails all
from the same save, never mixed, and the phones and e-mails neither duplicated nor lost.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from tests.agents.support import Agents, new_tenant, ok
from tests.conftest import Server

SAVES = 25


def variant(contact: object, tag: str) -> object:
    contact.Name = f"Name {tag}"
    contact.Department = f"Dept {tag}"
    contact.Phones = {"EntityElement": [{"Value": f"{tag} phone 1"}, {"Value": f"{tag} phone 2"}]}
    contact.Emails = {"EntityElement": [{"Value": f"{tag}@example.com"}]}
    return contact


def assert_one_save(contact: object) -> str:
    """The tag of the save this contact comes from, after checking that every part agrees on it."""
    tag = contact.Name.removeprefix("Name ")
    assert contact.Department == f"Dept {tag}"
    assert [p.Value for p in contact.Phones.EntityElement] == [f"{tag} phone 1", f"{tag} phone 2"]
    assert [e.Value for e in contact.Emails.EntityElement] == [f"{tag}@example.com"]
    return tag


def test_concurrent_saves_never_mix(any_server: Server) -> None:
    tenant = new_tenant("Race")
    writers = [Agents(any_server, tenant), Agents(any_server, tenant, "SAL", "sal")]
    reader = Agents(any_server, tenant, "SUP", "sup")
    contact_id = ok(writers[0].Contact.SaveContactEntity(
        variant(ok(writers[0].Contact.CreateDefaultContactEntity()), "start"))).ContactId

    def write(index: int) -> list[str]:
        agents = writers[index]
        tags = []
        for n in range(SAVES):
            entity = ok(agents.Contact.GetContactEntity(contact_id))
            saved = ok(agents.Contact.SaveContactEntity(variant(entity, f"w{index}-{n}")))
            tags.append(assert_one_save(saved))
        return tags

    def read() -> int:
        seen = 0
        for _ in range(SAVES):
            assert_one_save(ok(reader.Contact.GetContactEntity(contact_id)))
            seen += 1
        return seen

    with ThreadPoolExecutor(3) as pool:
        results = [pool.submit(write, 0), pool.submit(write, 1), pool.submit(read)]
        done = [r.result() for r in results]
    final = assert_one_save(ok(reader.Contact.GetContactEntity(contact_id)))
    assert final in (done[0][-1], done[1][-1])  # the last save wins, whole
    assert done[2] == SAVES
