"""The archive providers soapsvc answers, by NetServer's names (matched without regard to case).

| provider | entity | a row is | joined columns |
| --- | --- | --- | --- |
| Contact, SimpleContact, FindContact | contact | a contact | |
| Person, SimplePerson | person | a person | personContact/ |
| Sale, SimpleSale, FindSale | sale | a sale | contact/, person/, project/ |
| Appointment, SimpleAppointment, FindAppointment | appointment | an appointment | contact/, person/, project/, sale/ |
| FindProject, SimpleProject | project | a project | |
| ContactPersonDynamicSelectionV2 | contact, person | a person, or a contact without persons | |

The published user-defined fields of a row's contact, person and sale are columns too, by prog id:
contactUdef/SuperOffice:1, personUdef/..., saleUdef/..., and the joined records' (personContact/contactUdef/...,
contact/contactUdef/..., person/personUdef/...).

ContactPersonDynamicSelectionV2 is the combined contact/person provider NetServer's Find uses for
companies: it searches all of the tenant's contacts and persons by the restrictions given, a
`selectionId` restriction keeping a selection's members (`soapsvc.search.selections`). With only the
entity "contact" it lists every contact once; with only "person", every person.
"""

from __future__ import annotations

from soapsvc.errors import ValidationError
from soapsvc.search import columns as cols
from soapsvc.search.model import CONTACT_PERSON, Column, Join, Provider


def _join(alias: str, parent: str, key: str, table: str | None = None) -> Join:
    return Join(alias, table or alias, parent, key)


def _make(names: tuple[str, ...], entities: tuple[tuple[str, str], ...], root: str, joins: tuple[Join, ...],
          columns: list[Column], defaults: tuple[str, ...], udefs: tuple[tuple[str, str], ...] = ()) -> list[Provider]:
    """`udefs`: (prefix, alias) of the rows whose user-defined fields are columns: ("", "contact") gives
    contactUdef/SuperOffice:1, ("person/", "person") person/personUdef/...; an alias is its owner's table."""
    every = (*cols.everything(), *columns)
    reach = tuple((f"{prefix}{alias}Udef/", alias, alias) for prefix, alias in udefs)
    return [Provider(name, entities, root, joins, every, defaults, reach) for name in names]


_LINKED_UDEFS = (("contact/", "contact"), ("person/", "person"))


def _activity_links(parent: str) -> tuple[Join, ...]:
    return (_join("contact", parent, "contact_id"), _join("person", parent, "person_id"),
            _join("project", parent, "project_id"))


def _linked_columns() -> list[Column]:
    return [*cols.nested("contact/", cols.contact()), *cols.nested("person/", cols.person()),
            *cols.nested("project/", cols.project())]


PROVIDERS: list[Provider] = [
    *_make(("Contact", "SimpleContact", "FindContact"), (("contact", "Company"),), "contact", (),
           cols.contact(), ("contactId", "name", "department", "category", "associateId"), (("", "contact"),)),
    *_make(("Person", "SimplePerson"), (("person", "Contacts"),), "person",
           (_join("contact", "person", "contact_id"),),
           [*cols.person(), *cols.nested("personContact/", cols.contact(),
                                           ("contactFax/formattedNumber", "url/URLAddress"))],
           ("personId", "firstName", "lastName", "contactId", "fullName"),
           (("", "person"), ("personContact/", "contact"))),
    *_make(("Sale", "SimpleSale", "FindSale"), (("sale", "Sales"),), "sale", _activity_links("sale"),
           [*cols.sale(), *_linked_columns()], ("saleId", "heading", "date", "amount", "saleStatus", "associateId"),
           (("", "sale"), *_LINKED_UDEFS)),
    *_make(("Appointment", "SimpleAppointment", "FindAppointment"), (("appointment", "Follow-ups"),),
           "appointment", (*_activity_links("appointment"), _join("sale", "appointment", "sale_id")),
           [*cols.appointment(), *_linked_columns(), *cols.nested("sale/", cols.sale())],
           ("appointmentId", "date", "text", "type", "associateId"), (*_LINKED_UDEFS, ("sale/", "sale"))),
    *_make(("FindProject", "SimpleProject"), (("project", "Project"),), "project", (), cols.project(),
           ("projectId", "name", "number", "type", "status", "associateId")),
    *_make(("ContactPersonDynamicSelectionV2",), (("contact", "Company"), ("person", "Contact")), CONTACT_PERSON,
           (_join("contact", "member", "contact_id"), _join("person", "member", "person_id")),
           [*cols.contact(), *cols.person(with_contact=True)], ("contactId", "name", "personId", "fullName"),
           (("", "contact"), ("", "person"))),
]
BY_NAME = {p.name.lower(): p for p in PROVIDERS}


def provider(name: str | None) -> Provider:
    """The provider of that name, or the error that lists the ones there are."""
    found = BY_NAME.get((name or "").strip().lower())
    if found is None:
        raise ValidationError(f"Unknown archive provider '{name or ''}'. soapsvc has: "
                              f"{', '.join(p.name for p in PROVIDERS)}.", provider=name or "")
    return found


def entities(p: Provider, wanted: list[str]) -> tuple[str, ...]:
    """The entities asked for (all of the provider's when none), each checked against the provider's."""
    known = {name.lower(): name for name, _heading in p.entities}
    if not wanted:
        return tuple(known.values())
    out = []
    for name in wanted:
        if name.lower() not in known:
            raise ValidationError(f"Archive provider {p.name} has no entity '{name}'; its entities are "
                                  f"{', '.join(known.values())}.", entity=name)
        out.append(known[name.lower()])
    return tuple(dict.fromkeys(out))
