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
from soapsvc.agents import implements, kit, saving
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
ELEMENTS = ("Emails", "PrivatePhones", "Faxes", "MobilePhones", "OfficePhones", "OtherPhones", "Urls",
            "ChatEmails", "InternetPhones")
COLUMN_FIELDS = {"PersonId", "Firstname", "Lastname", "UpdatedDate", "CreatedDate", "CreatedBy", "UpdatedBy",
                 "Contact", "Country", "Associate", "FullName", "FormalName", "Category", "Business",
                 "TableRight", "FieldProperties", *ELEMENTS}


def _names(first: str, middle: str, last: str) -> tuple[str, str]:
    full = " ".join(p for p in (first, middle, last) if p)
    formal = f"{last}, {first}".strip(", ") if last else first
    return full, formal


def _values(call: Call, e: t.PersonEntity) -> dict[str, Any]:
    from soapsvc.agents.contact import _associate_id, _list_id

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
        "country_id": _list_id(call, "country", "Country", e.Country and e.Country.CountryId),
        "associate_id": _associate_id(call, e.Associate, "Associate"), "rank": 0,
    }


def _contact_rows(call: Call, rows: list[Row]) -> dict[int, Row]:
    ids = sorted({r.values["contact_id"] for r in rows if r.values["contact_id"]})
    return {r.id: r for r in CONTACTS.get_many(call.db, call.tenant_id, ids)}


def entity(call: Call, row: Row) -> t.PersonEntity:
    """A PersonEntity as GetPersonEntity reads it."""
    from soapsvc.agents.contact import light as contact_light

    v, s = row.values, call.session
    contact = _contact_rows(call, [row]).get(v["contact_id"])
    full, formal = _names(v["firstname"], row.doc.get("MiddleName", ""), v["lastname"])
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
        **{f: c.element_carriers(row.elements.get(f, [])) for f in ELEMENTS},
    )


def light(call: Call, row: Row, contact: Row | None) -> t.Person:
    """The lighter Person carrier (GetPerson, lists, Contact.GetPersons)."""
    v, d, s = row.values, row.doc, call.session
    first = {f: (row.elements.get(f) or [("", "", "")])[0][0] for f in ELEMENTS}
    cfirst = {f: (contact.elements.get(f) or [("", "", "")])[0][0] for f in ("Phones", "Faxes")} if contact else {}
    full, formal = _names(v["firstname"], d.get("MiddleName", ""), v["lastname"])
    cv = contact.values if contact else {}
    associate = s.reference.associate(v["associate_id"])
    category = c.list_item(s, "category", cv.get("category_id", 0))
    position = (d.get("Position") or {}).get("Value", "")
    return c.carrier(
        t.Person,
        Position=position, PersonId=row.id, Mrmrs=d.get("Mrmrs", ""), Firstname=v["firstname"],
        Lastname=v["lastname"], MiddleName=d.get("MiddleName", ""), Title=d.get("Title", ""),
        Description=d.get("Description", ""), Email=first["Emails"], FullName=full,
        DirectPhone=first["OfficePhones"], FormalName=formal, CountryId=v["country_id"],
        ContactId=v["contact_id"], ContactName=cv.get("name", ""), Retired=1 if d.get("Retired") else 0,
        Rank=v["rank"], ActiveInterests=0, ContactDepartment=cv.get("department", ""),
        ContactCountryId=cv.get("country_id", 0), ContactOrgNr=cv.get("orgnr", ""), FaxPhone=first["Faxes"],
        MobilePhone=first["MobilePhones"], ContactPhone=cfirst.get("Phones", ""),
        AssociateName=associate.name if associate else "", AssociateId=v["associate_id"],
        UsePersonAddress=bool(d.get("UsePersonAddress")), ContactFax=cfirst.get("Faxes", ""),
        Kanafname=d.get("Kanafname", ""), Kanalname=d.get("Kanalname", ""), Post1=d.get("Post1", ""),
        Post2=d.get("Post2", ""), Post3=d.get("Post3", ""), EmailName=first["Emails"],
        ContactFullName=f"{cv.get('name', '')} {cv.get('department', '')}".strip(), ActiveErpLinks=0,
        TicketPriorityId=0, SupportLanguageId=0, SupportAssociateId=0,
        CategoryName=category.name if category else "", PersonNumber=d.get("PersonNumber", ""),
    )


def _lights(call: Call, rows: list[Row]) -> list[t.Person]:
    contacts = _contact_rows(call, rows)
    return [light(call, r, contacts.get(r.values["contact_id"])) for r in rows]


def persons_of(call: Call, contact_id: int) -> list[t.Person]:
    """A contact's persons, in the order they were added."""
    ids = PERSONS.ids_where(call.db, call.tenant_id, "contact_id", contact_id) if contact_id else []
    return _lights(call, PERSONS.get_many(call.db, call.tenant_id, ids))


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
        IsAssociate=False, **{f: [] for f in ELEMENTS},
    )


@implements("Person", "SavePersonEntity")
def save(call: Call, e: t.PersonEntity | None) -> t.PersonEntity:
    """Insert (PersonId 0) or update; nothing is written when the input is invalid."""
    if e is None:
        raise ValidationError("SavePersonEntity needs a PersonEntity.")
    values = _values(call, e)
    kit.check(call, "PersonEntity", e)
    doc = c.to_doc(e, COLUMN_FIELDS)
    parts = c.parts_of(e, ELEMENTS)
    return get_entity(call, saving.save(call, PERSONS, e.PersonId, values, doc, parts))


@implements("Person", "GetPersonEntity", replayable=True)
def get_entity(call: Call, person_id: int | None) -> t.PersonEntity | None:
    row = PERSONS.get(call.db, call.tenant_id, person_id or 0)
    return entity(call, row) if row else None


@implements("Person", "GetPerson", replayable=True)
def get_person(call: Call, person_id: int | None) -> t.Person | None:
    rows = PERSONS.get_many(call.db, call.tenant_id, [person_id or 0])
    return _lights(call, rows)[0] if rows else None


@implements("Person", "GetPersonList", replayable=True)
def get_person_list(call: Call, person_ids: list[int] | None) -> list[t.Person]:
    return _lights(call, PERSONS.get_many(call.db, call.tenant_id, list(person_ids or [])))


@implements("Person", "GetPersonsFromContact", replayable=True)
def get_persons_from_contact(call: Call, contact_id: int | None) -> list[t.Person]:
    return persons_of(call, contact_id or 0)


@implements("Person", "GetPersonsFromProject", replayable=True)
def get_persons_from_project(call: Call, project_id: int | None) -> list[t.Person]:
    """The persons who are members of a project, in the project's member order."""
    ids = [x.person_id for x in members_of(call.db, call.tenant_id, [project_id or 0])]
    return _lights(call, PERSONS.get_many(call.db, call.tenant_id, ids))


@implements("Person", "DeletePersonEntity")
def delete(call: Call, person_id: int | None) -> None:
    """Delete a person; links from sales, appointments and projects are cleared."""
    store.delete_cascade(call.db, call.tenant_id, person_id or 0)


@implements("Person", "GetMyPerson", replayable=True)
def get_my_person(call: Call) -> t.PersonEntity | None:
    return get_entity(call, call.session.principal.person_id)
