"""Contact: companies (NetServer's contact entity) and the reads that navigate from them.

Implemented: CreateDefaultContactEntity, SaveContactEntity, GetContactEntity, GetContact,
GetContactList, DeleteContactEntity, GetPersons, GetContactWithPersons, GetMyContact.
Known differences from NetServer: no duplicate check, no address formatting by country layout (the
Address a client sends is kept as sent), no table/field rights (TableRight, FieldProperties are empty),
Deleted is 0; deleting a contact unlinks its sales, appointments and projects (they stay), removes its
persons and their project memberships. Unknown ids read as a nil carrier, as in NetServer.
"""

from __future__ import annotations

from typing import Any

from soapsvc import clock
from soapsvc.agents import carriers as c
from soapsvc.agents import implements, kit_hooks, prefs, saving, shared, udef
from soapsvc.agents.shared import contact_light as light
from soapsvc.agents.shared import person_light
from soapsvc.call import Call
from soapsvc.contract import types as t
from soapsvc.errors import ValidationError
from soapsvc.store import contact as store
from soapsvc.store.contact import CONTACTS
from soapsvc.store.entities import Row

ELEMENTS = shared.CONTACT_ELEMENTS
COLUMN_FIELDS = {"ContactId", "Name", "Department", "OrgNr", "Number1", "UpdatedDate", "CreatedDate", "UpdatedBy",
                 "CreatedBy", "Associate", "Business", "Category", "Country", "Persons", "TableRight",
                 "FieldProperties", *ELEMENTS}


def _values(call: Call, e: t.ContactEntity) -> dict[str, Any]:
    if not (e.Name or "").strip():
        raise ValidationError("ContactEntity.Name is required: a contact needs a name.", field="Name")
    return {
        "name": e.Name.strip(), "department": e.Department or "", "orgnr": e.OrgNr or "",
        "number1": e.Number1 or "",
        "country_id": shared.list_id(call, "country", "Country", e.Country and e.Country.CountryId),
        "business_id": shared.list_id(call, "business", "Business", e.Business and e.Business.Id),
        "category_id": shared.list_id(call, "category", "Category", e.Category and e.Category.Id),
        "associate_id": shared.associate_id(call, e.Associate, "Associate"),
    }


def entity(call: Call, row: Row, persons: list[Row]) -> t.ContactEntity:
    """A ContactEntity as GetContactEntity reads it, with its persons."""
    v, s = row.values, call.session
    return c.carrier(
        t.ContactEntity, c.from_doc(t.ContactEntity, row.doc),
        ContactId=row.id, Name=v["name"], Department=v["department"], OrgNr=v["orgnr"], Number1=v["number1"],
        CreatedDate=c.utc(v["created"]), UpdatedDate=c.utc(v["updated"]) or c.MIN_DATE,
        CreatedBy=c.associate(s, v["created_by"]), UpdatedBy=c.associate(s, v["updated_by"]),
        Associate=c.associate(s, v["associate_id"]), Business=c.business(s, v["business_id"]),
        Category=c.category(s, v["category_id"]), Country=c.country(s, v["country_id"]),
        Persons=[person_light(call, p, row) for p in persons],
        UserDefinedFields=udef.dictionary(call, "contact", row.id),
        **{f: c.element_carriers(row.elements.get(f, [])) for f in ELEMENTS},
    )


@implements("Contact", "CreateDefaultContactEntity")
def create_default(call: Call) -> t.ContactEntity:
    """A new, unsaved contact: the user as owner; the business, category and country of the user's Defaults
    preferences (`prefs`), else the first business and category and the user's country."""
    s = call.session
    first = {name: (s.reference.lists.get(name) or (None,))[0] for name in ("business", "category")}
    ids = {name: prefs.default_id(call, name) or (first[name].id if first[name] else 0) for name in first}
    me = c.associate(s, s.principal.associate_id)
    return c.carrier(
        t.ContactEntity,
        ContactId=0, Name="", Department="", OrgNr="", Number1="", Number2="", Description="",
        CreatedDate=clock.now(), UpdatedDate=c.MIN_DATE, CreatedBy=me, UpdatedBy=None, Associate=me,
        Business=c.business(s, ids["business"]), Category=c.category(s, ids["category"]),
        Country=c.country(s, prefs.default_id(call, "country") or s.principal.country_id), Persons=[],
        NoMailing=False, Xstop=False, Deleted=0, UserDefinedFields=udef.dictionary(call, "contact"),
        **{f: [] for f in ELEMENTS},
    )


def _write(call: Call, e: t.ContactEntity) -> int:
    """Insert (ContactId 0) or update; stamps from the clock and the user; nothing is written if invalid."""
    return saving.write(call, CONTACTS, "ContactEntity", e, _values(call, e), COLUMN_FIELDS, ELEMENTS)


def get_entity(call: Call, contact_id: int) -> t.ContactEntity | None:
    found = store.get_with_persons(call.db, call.tenant_id, contact_id)
    return entity(call, *found) if found else None


def _lights(call: Call, ids: list[int]) -> list[t.Contact]:
    return [light(call, row) for row in CONTACTS.get_many(call.db, call.tenant_id, ids)]


# Deleting a contact that is not there changes nothing.
kit_hooks.family("ContactEntity", get_entity, _lights, _write,
                 lambda call, contact_id: store.delete_cascade(call.db, call.tenant_id, contact_id))


@implements("Contact", "GetPersons", replayable=True)
def get_persons(call: Call, contact_id: int | None) -> list[t.Person]:
    return shared.persons_of(call, contact_id or 0)


@implements("Contact", "GetContactWithPersons", replayable=True)
def get_contact_with_persons(call: Call, contact_id: int | None) -> t.ContactEntity | None:
    return get_entity(call, contact_id or 0)


@implements("Contact", "GetMyContact", replayable=True)
def get_my_contact(call: Call) -> t.ContactEntity | None:
    """The signed-in user's own company."""
    return get_entity(call, call.session.principal.contact_id)
