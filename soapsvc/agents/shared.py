"""Rules the hand-written entities (Contact, Person, Sale, Appointment, Project) apply the same way, and the
light Contact and Person carriers they all embed: one module, so that no agent module imports another.

A reference that names another entity is read through the contract's own reader of it (`kit.read`), not by
importing that entity's module.
"""

from __future__ import annotations

from soapsvc.agents import carriers as c
from soapsvc.call import Call
from soapsvc.contract import types as t
from soapsvc.errors import ValidationError
from soapsvc.store.contact import CONTACTS
from soapsvc.store.entities import Row
from soapsvc.store.person import PERSONS

CONTACT_ELEMENTS = ("Emails", "Urls", "Phones", "Faxes")
PERSON_ELEMENTS = ("Emails", "PrivatePhones", "Faxes", "MobilePhones", "OfficePhones", "OtherPhones", "Urls",
                   "ChatEmails", "InternetPhones")


def list_id(call: Call, list_name: str, label: str, item_id: int | None) -> int:
    """A list item id the entity refers to, checked against the tenant's list (0 means none)."""
    item_id = item_id or 0
    if item_id and c.list_item(call.session, list_name, item_id) is None:
        raise ValidationError(f"{label} {item_id} does not exist in this tenant's {list_name} list.",
                              field=label, value=str(item_id))
    return item_id


def associate_id(call: Call, carrier: t.Associate | None, label: str) -> int:
    """The id of the user an entity names (0: none), checked against the tenant's users."""
    found = carrier.AssociateId if carrier and carrier.AssociateId else 0
    if found and call.session.reference.associate(found) is None:
        raise ValidationError(f"{label} {found} is not a user of this tenant.", field=label)
    return found


def names(first: str, middle: str, last: str) -> tuple[str, str]:
    """A person's full name ("Ada B Lovelace") and formal name ("Lovelace, Ada")."""
    full = " ".join(p for p in (first, middle, last) if p)
    formal = f"{last}, {first}".strip(", ") if last else first
    return full, formal


def contact_rows(call: Call, rows: list[Row]) -> dict[int, Row]:
    """The contacts of these persons (or other rows with a contact_id), read in one query."""
    ids = sorted({r.values["contact_id"] for r in rows if r.values["contact_id"]})
    return {r.id: r for r in CONTACTS.get_many(call.db, call.tenant_id, ids)}


def contact_light(call: Call, row: Row) -> t.Contact:
    """The lighter Contact carrier (GetContact, lists, and the Contact inside other entities)."""
    v, s = row.values, call.session
    first = {f: (row.elements.get(f) or [("", "", "")])[0][0] for f in CONTACT_ELEMENTS}
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


def person_light(call: Call, row: Row, contact: Row | None) -> t.Person:
    """The lighter Person carrier (GetPerson, lists, Contact.GetPersons)."""
    v, d, s = row.values, row.doc, call.session
    first = {f: (row.elements.get(f) or [("", "", "")])[0][0] for f in PERSON_ELEMENTS}
    cfirst = {f: (contact.elements.get(f) or [("", "", "")])[0][0] for f in ("Phones", "Faxes")} if contact else {}
    full, formal = names(v["firstname"], d.get("MiddleName", ""), v["lastname"])
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


def person_lights(call: Call, rows: list[Row]) -> list[t.Person]:
    """Light Person carriers of these rows, their contacts read once."""
    contacts = contact_rows(call, rows)
    return [person_light(call, r, contacts.get(r.values["contact_id"])) for r in rows]


def persons_of(call: Call, contact_id: int) -> list[t.Person]:
    """A contact's persons, in the order they were added."""
    ids = PERSONS.ids_where(call.db, call.tenant_id, "contact_id", contact_id) if contact_id else []
    return person_lights(call, PERSONS.get_many(call.db, call.tenant_id, ids))


def contact_and_person(call: Call, e: object, owner: str) -> tuple[int, int]:
    """The contact and person an entity (a sale, an appointment) refers to, checked: both of this tenant, the
    person one of the contact's; a person sent without a contact brings its own contact."""
    contact, person = getattr(e, "Contact", None), getattr(e, "Person", None)
    contact_id = (contact.ContactId or 0) if contact is not None else 0
    person_id = (person.PersonId or 0) if person is not None else 0
    if contact_id and not CONTACTS.exists(call.db, call.tenant_id, contact_id):
        raise ValidationError(f"Contact {contact_id} does not exist in this tenant: {owner} can only refer to a "
                              "contact of its own tenant.", field="Contact", value=str(contact_id))
    if not person_id:
        return contact_id, 0
    row = PERSONS.get(call.db, call.tenant_id, person_id)
    if row is None:
        raise ValidationError(f"Person {person_id} does not exist in this tenant.", field="Person",
                              value=str(person_id))
    own = row.values["contact_id"]
    if contact_id and own != contact_id:
        raise ValidationError(f"Person {person_id} belongs to contact {own}, not to contact {contact_id}: the "
                              f"person of {owner} must be a person of its contact.", field="Person",
                              value=str(person_id))
    return contact_id or own, person_id
