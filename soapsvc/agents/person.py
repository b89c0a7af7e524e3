"""Person: the people of a contact (NetServer's person entity).

Implemented: CreateDefaultPersonEntity, SavePersonEntity, GetPersonEntity, GetPerson, GetPersonList,
DeletePersonEntity, GetPersonsFromContact, GetPersonsFromProject, GetMyPerson.
Known differences from NetServer: no address formatting, no consents or user info on save, no
table/field rights; Category and Business of a person are its contact's. A person must have a first or a
last name, and its contact must exist in the same tenant. Unknown ids read as a nil carrier.
"""

from __future__ import annotations

from typing import Any

from soapsvc import clock
from soapsvc.agents import carriers as c
from soapsvc.agents import implements, kit_hooks, saving, shared, udef
from soapsvc.agents.shared import contact_light
from soapsvc.call import Call
from soapsvc.contract import types as t
from soapsvc.errors import ValidationError
from soapsvc.store import person as store
from soapsvc.store.contact import CONTACTS
from soapsvc.store.entities import Row
from soapsvc.store.person import PERSONS
from soapsvc.store.project import members_of

# Fields NetServer derives from others: what a client sends for them is not kept.
COMPUTED = {"PersonEntity": ("FullName", "FormalName")}
ELEMENTS = shared.PERSON_ELEMENTS
COLUMN_FIELDS = {"PersonId", "Firstname", "Lastname", "UpdatedDate", "CreatedDate", "CreatedBy", "UpdatedBy",
                 "Contact", "Country", "Associate", "FullName", "FormalName", "Category", "Business",
                 "TableRight", "FieldProperties", *ELEMENTS}


def _values(call: Call, e: t.PersonEntity) -> dict[str, Any]:
    first, last = (e.Firstname or "").strip(), (e.Lastname or "").strip()
    if not first and not last:
        raise ValidationError("PersonEntity needs a Firstname or a Lastname.", field="Lastname")
    contact_id = e.Contact.ContactId if e.Contact and e.Contact.ContactId else 0
    if contact_id and not CONTACTS.exists(call.db, call.tenant_id, contact_id):
        raise ValidationError(f"Contact {contact_id} does not exist in this tenant: a person can only belong to "
                              "a contact of its own tenant.", field="Contact", value=str(contact_id))
    emails = c.elements(e.Emails)
    return {
        "firstname": first, "lastname": last, "contact_id": contact_id, "email": emails[0][0] if emails else "",
        "country_id": shared.list_id(call, "country", "Country", e.Country and e.Country.CountryId),
        "associate_id": shared.associate_id(call, e.Associate, "Associate"), "rank": 0,
    }


def entity(call: Call, row: Row) -> t.PersonEntity:
    """A PersonEntity as GetPersonEntity reads it."""

    v, s = row.values, call.session
    contact = shared.contact_rows(call, [row]).get(v["contact_id"])
    full, formal = shared.names(v["firstname"], row.doc.get("MiddleName", ""), v["lastname"])
    return c.carrier(
        t.PersonEntity, c.from_doc(t.PersonEntity, row.doc),
        PersonId=row.id, Firstname=v["firstname"], Lastname=v["lastname"], FullName=full, FormalName=formal,
        IsAssociate=any(a.person_id == row.id for a in s.reference.associates),
        CreatedDate=c.utc(v["created"]), UpdatedDate=c.utc(v["updated"]) or c.MIN_DATE,
        CreatedBy=c.associate(s, v["created_by"]), UpdatedBy=c.associate(s, v["updated_by"]),
        Associate=c.associate(s, v["associate_id"]), Country=c.country(s, v["country_id"]),
        Contact=contact_light(call, contact) if contact else None,
        Category=c.category(s, contact.values["category_id"]) if contact else None,
        Business=c.business(s, contact.values["business_id"]) if contact else None,
        UserDefinedFields=udef.dictionary(call, "person", row.id),
        **{f: c.element_carriers(row.elements.get(f, [])) for f in ELEMENTS},
    )


@implements("Person", "CreateDefaultPersonEntity")
def create_default(call: Call) -> t.PersonEntity:
    """A new, unsaved person: the user as owner and the user's country."""
    s = call.session
    me = c.associate(s, s.principal.associate_id)
    return c.carrier(
        t.PersonEntity,
        PersonId=0, Firstname="", MiddleName="", Lastname="", Mrmrs="", Title="", Description="",
        CreatedDate=clock.now(), UpdatedDate=c.MIN_DATE, BirthDate=c.MIN_DATE, CreatedBy=me, Associate=me,
        Country=c.country(s, s.principal.country_id), NoMailing=False, UsePersonAddress=False, Retired=False,
        IsAssociate=False, UserDefinedFields=udef.dictionary(call, "person"), **{f: [] for f in ELEMENTS},
    )


def _write(call: Call, e: t.PersonEntity) -> int:
    """Insert (PersonId 0) or update; nothing is written when the input is invalid."""
    return saving.write(call, PERSONS, "PersonEntity", e, _values(call, e), COLUMN_FIELDS, ELEMENTS)


def get_entity(call: Call, person_id: int) -> t.PersonEntity | None:
    row = PERSONS.get(call.db, call.tenant_id, person_id)
    return entity(call, row) if row else None


def _lights(call: Call, ids: list[int]) -> list[t.Person]:
    return shared.person_lights(call, PERSONS.get_many(call.db, call.tenant_id, ids))


# Deleting a person clears the links from sales, appointments and projects.
kit_hooks.family("PersonEntity", get_entity, _lights, _write,
                 lambda call, person_id: store.delete_cascade(call.db, call.tenant_id, person_id))


@implements("Person", "GetPersonsFromContact", replayable=True)
def get_persons_from_contact(call: Call, contact_id: int | None) -> list[t.Person]:
    return shared.persons_of(call, contact_id or 0)


@implements("Person", "GetPersonsFromProject", replayable=True)
def get_persons_from_project(call: Call, project_id: int | None) -> list[t.Person]:
    """The persons who are members of a project, in the project's member order."""
    return _lights(call, [x.person_id for x in members_of(call.db, call.tenant_id, [project_id or 0])])


@implements("Person", "GetMyPerson", replayable=True)
def get_my_person(call: Call) -> t.PersonEntity | None:
    return get_entity(call, call.session.principal.person_id)
