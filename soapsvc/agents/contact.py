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
from soapsvc.agents import implements, kit, saving
from soapsvc.call import Call
from soapsvc.contract import types as t
from soapsvc.errors import ValidationError
from soapsvc.store import contact as store
from soapsvc.store.contact import CONTACTS
from soapsvc.store.entities import Row

ELEMENTS = ("Emails", "Urls", "Phones", "Faxes")
COLUMN_FIELDS = {"ContactId", "Name", "Department", "OrgNr", "Number1", "UpdatedDate", "CreatedDate", "UpdatedBy",
                 "CreatedBy", "Associate", "Business", "Category", "Country", "Persons", "TableRight",
                 "FieldProperties", *ELEMENTS}


def _list_id(call: Call, list_name: str, label: str, item_id: int | None) -> int:
    """A list item id the entity refers to, checked against the tenant's list (0 means none)."""
    item_id = item_id or 0
    if item_id and c.list_item(call.session, list_name, item_id) is None:
        raise ValidationError(f"{label} {item_id} does not exist in this tenant's {list_name} list.",
                              field=label, value=str(item_id))
    return item_id


def _associate_id(call: Call, carrier: t.Associate | None, label: str) -> int:
    associate_id = carrier.AssociateId if carrier and carrier.AssociateId else 0
    if associate_id and call.session.reference.associate(associate_id) is None:
        raise ValidationError(f"{label} {associate_id} is not a user of this tenant.", field=label)
    return associate_id


def _values(call: Call, e: t.ContactEntity) -> dict[str, Any]:
    if not (e.Name or "").strip():
        raise ValidationError("ContactEntity.Name is required: a contact needs a name.", field="Name")
    return {
        "name": e.Name.strip(), "department": e.Department or "", "orgnr": e.OrgNr or "",
        "number1": e.Number1 or "",
        "country_id": _list_id(call, "country", "Country", e.Country and e.Country.CountryId),
        "business_id": _list_id(call, "business", "Business", e.Business and e.Business.Id),
        "category_id": _list_id(call, "category", "Category", e.Category and e.Category.Id),
        "associate_id": _associate_id(call, e.Associate, "Associate"),
    }


def entity(call: Call, row: Row, persons: list[Row]) -> t.ContactEntity:
    """A ContactEntity as GetContactEntity reads it, with its persons."""
    from soapsvc.agents.person import light as person_light

    v, s = row.values, call.session
    return c.carrier(
        t.ContactEntity, c.from_doc(t.ContactEntity, row.doc),
        ContactId=row.id, Name=v["name"], Department=v["department"], OrgNr=v["orgnr"], Number1=v["number1"],
        CreatedDate=c.utc(v["created"]), UpdatedDate=c.utc(v["updated"]) or c.MIN_DATE,
        CreatedBy=c.associate(s, v["created_by"]), UpdatedBy=c.associate(s, v["updated_by"]),
        Associate=c.associate(s, v["associate_id"]), Business=c.business(s, v["business_id"]),
        Category=c.category(s, v["category_id"]), Country=c.country(s, v["country_id"]),
        Persons=[person_light(call, p, row) for p in persons],
        **{f: c.element_carriers(row.elements.get(f, [])) for f in ELEMENTS},
    )


def light(call: Call, row: Row) -> t.Contact:
    """The lighter Contact carrier (GetContact, lists, and the Contact inside other entities)."""
    v, s = row.values, call.session
    first = {f: (row.elements.get(f) or [("", "", "")])[0][0] for f in ELEMENTS}
    address = c.from_plain(t.Address, row.doc.get("Address"))
    associate = s.reference.associate(v["associate_id"])
    category = c.list_item(s, "category", v["category_id"])
    business = c.list_item(s, "business", v["business_id"])
    country = c.list_item(s, "country", v["country_id"])
    full_name = f"{v['name']} {v['department']}".strip()
    return c.carrier(
        t.Contact,
        ContactId=row.id, Name=v["name"], OrgNr=v["orgnr"], Department=v["department"], URL=first["Urls"],
        City=(address.Street.City or "") if address and address.Street else "", DirectPhone=first["Phones"],
        AssociateId=v["associate_id"], CountryId=v["country_id"], EmailAddress=first["Emails"],
        Kananame=row.doc.get("Kananame", ""), EmailAddressName=first["Emails"], URLName=first["Urls"],
        AssociateFullName=f"{associate.firstname} {associate.lastname}" if associate else "",
        BusinessName=business.name if business else "", CategoryName=category.name if category else "",
        CountryName=country.name if country else "", Address=address,
        FormattedAddress=(address.Formatted or "") if address else "", FullName=full_name,
        IsOwnerContact=row.id == s.principal.contact_id, ActiveErpLinks=0, Number1=v["number1"],
        Number2=row.doc.get("Number2", ""),
    )


@implements("Contact", "CreateDefaultContactEntity")
def create_default(call: Call) -> t.ContactEntity:
    """A new, unsaved contact: the user as owner, the user's country, the first business and category."""
    s = call.session
    first = {name: (s.reference.lists.get(name) or (None,))[0] for name in ("business", "category")}
    me = c.associate(s, s.principal.associate_id)
    return c.carrier(
        t.ContactEntity,
        ContactId=0, Name="", Department="", OrgNr="", Number1="", Number2="", Description="",
        CreatedDate=clock.now(), UpdatedDate=c.MIN_DATE, CreatedBy=me, UpdatedBy=None, Associate=me,
        Business=c.business(s, first["business"].id if first["business"] else 0),
        Category=c.category(s, first["category"].id if first["category"] else 0),
        Country=c.country(s, s.principal.country_id), Persons=[], NoMailing=False, Xstop=False, Deleted=0,
        **{f: [] for f in ELEMENTS},
    )


@implements("Contact", "SaveContactEntity")
def save(call: Call, e: t.ContactEntity | None) -> t.ContactEntity:
    """Insert (ContactId 0) or update; stamps from the clock and the user; nothing is written if invalid."""
    if e is None:
        raise ValidationError("SaveContactEntity needs a ContactEntity.")
    values = _values(call, e)
    kit.check(call, "ContactEntity", e)
    doc = c.to_doc(e, COLUMN_FIELDS)
    parts = c.parts_of(e, ELEMENTS)
    return get_entity(call, saving.save(call, CONTACTS, e.ContactId, values, doc, parts))


@implements("Contact", "GetContactEntity", replayable=True)
def get_entity(call: Call, contact_id: int | None) -> t.ContactEntity | None:
    found = store.get_with_persons(call.db, call.tenant_id, contact_id or 0)
    return entity(call, *found) if found else None


@implements("Contact", "GetContact", replayable=True)
def get_contact(call: Call, contact_id: int | None) -> t.Contact | None:
    row = CONTACTS.get(call.db, call.tenant_id, contact_id or 0)
    return light(call, row) if row else None


@implements("Contact", "GetContactList", replayable=True)
def get_contact_list(call: Call, contact_ids: list[int] | None) -> list[t.Contact]:
    return [light(call, row) for row in CONTACTS.get_many(call.db, call.tenant_id, list(contact_ids or []))]


@implements("Contact", "DeleteContactEntity")
def delete(call: Call, contact_id: int | None) -> None:
    """Delete with NetServer's cascade; deleting a contact that is not there changes nothing."""
    store.delete_cascade(call.db, call.tenant_id, contact_id or 0)


@implements("Contact", "GetPersons", replayable=True)
def get_persons(call: Call, contact_id: int | None) -> list[t.Person]:
    from soapsvc.agents.person import persons_of

    return persons_of(call, contact_id or 0)


@implements("Contact", "GetContactWithPersons", replayable=True)
def get_contact_with_persons(call: Call, contact_id: int | None) -> t.ContactEntity | None:
    return get_entity(call, contact_id)


@implements("Contact", "GetMyContact", replayable=True)
def get_my_contact(call: Call) -> t.ContactEntity | None:
    """The signed-in user's own company."""
    return get_entity(call, call.session.principal.contact_id)
