"""Sale: opportunities, linked to a contact, person, project and appointment.

Implemented: CreateDefaultSaleEntity, SaveSaleEntity, GetSaleEntity, GetSale, GetSaleList, DeleteSaleEntity,
GetSalesFromContact, GetSalesFromPerson, GetOpenSalesForContact.
Behaviour: a new sale is Open, NotStarted, owned by the user, dated today (00:00 UTC), with the probability of
the first sale stage and the first currency. Saving needs a Heading; the contact, person, project,
appointment, owner and list items (sale type, currency, source, rating, reason, reason sold/stalled,
competitor, credited) referred to must exist in this tenant, and a person must belong to the sale's contact
(a person sent without a contact brings its own). An owner of 0 is the user, a Status of Unknown is Open, a
Probability must be 0-100. The reads by contact or person list sales in the order they were added
(OnlyOpenSales: those with Status Open). Deleting a sale unlinks the appointments linked to it.
Known differences from NetServer: no sales guides, stages, stakeholder rows, sale numbering, quotes or
publishing: SaleStakeholders, Links, VisibleFor, Number, Completed, Earning, EarningPercent, NextDueDate,
ReopenDate and the Publish* fields are kept as sent and read back (ActiveLinks is the count of Links),
nothing derives them; setting Sold/Lost/Stalled changes nothing else. No table/field rights. Unknown ids
read as a nil carrier.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from soapsvc import clock
from soapsvc.agents import carriers as c
from soapsvc.agents import implements, kit, kit_hooks, saving, shared, udef
from soapsvc.agents.shared import contact_light, person_light
from soapsvc.call import Call
from soapsvc.contract import types as t
from soapsvc.errors import ValidationError
from soapsvc.session import SessionEntry
from soapsvc.store import sale as store
from soapsvc.store.contact import CONTACTS
from soapsvc.store.entities import Row
from soapsvc.store.person import PERSONS
from soapsvc.store.sale import OPEN, SALES

# The list items a sale refers to: carrier field -> (list name, carrier). SaleType has a column; the
# others' ids are kept in the document under LIST_IDS, and their carriers are read from the lists.
LISTS: dict[str, tuple[str, type]] = {
    "SaleType": ("saletype", t.SaleType), "Currency": ("currency", t.Currency), "Source": ("source", t.Source),
    "Rating": ("rating", t.Rating), "Reason": ("reason", t.Reason), "ReasonSold": ("reasonsold", t.ReasonSold),
    "ReasonStalled": ("reasonstalled", t.ReasonStalled), "Competitor": ("competitor", t.Competitor),
    "Credited": ("credited", t.Credited),
}
LIST_IDS = "_lists"
COLUMN_FIELDS = {"SaleId", "Heading", "Contact", "Person", "Project", "Appointment", "Associate", "Amount",
                 "Saledate", "Status", "Probability", "CreatedDate", "UpdatedDate", "CreatedBy", "UpdatedBy",
                 "ActiveLinks", "ActiveErpLinks", "TableRight", "FieldProperties", *LISTS}
STATUSES = ("Open", "Sold", "Lost", "Stalled")


def _blank() -> dict[str, Any]:
    """What NetServer answers for the fields a sale has no value of its own for (beyond `c.blanks`)."""
    return {**c.blanks(t.SaleEntity), "Completed": "NotStarted", **c.empty_field_dictionaries()}


def _kept(row: Row) -> dict[str, Any]:
    """The fields without a column, as the client sent them, blanks filled in."""
    return {**_blank(), **c.from_doc(t.SaleEntity, row.doc)}


def _list_carrier(s: SessionEntry, field: str, item_id: int) -> Any:
    list_name, cls = LISTS[field]
    item = c.list_item(s, list_name, item_id)
    return cls(Id=item.id, Value=item.name, Tooltip=item.tooltip) if item else None


def _first(s: SessionEntry, list_name: str) -> Any:
    return next(iter(s.reference.lists.get(list_name) or ()), None)


def _full_name(s: SessionEntry, associate_id: int) -> str:
    user = s.reference.associate(associate_id)
    return f"{user.firstname} {user.lastname}".strip() if user else ""


# --- the carriers a sale embeds ---

def _linked(call: Call, kind: str, entity_id: int) -> Any:
    """The light Project or Appointment carrier, as its own agent reads it."""
    return kit.read(call, kind.capitalize(), entity_id)


def _contact_and_person(call: Call, contact_id: int, person_id: int) -> tuple[t.Contact | None, t.Person | None]:
    """The light Contact and Person carriers (the person's own contact read once when it is the sale's)."""
    db, tid = call.db, call.tenant_id
    contact = CONTACTS.get(db, tid, contact_id) if contact_id else None
    person = PERSONS.get(db, tid, person_id) if person_id else None
    if person is None:
        return (contact_light(call, contact) if contact else None), None
    own_id = person.values["contact_id"]
    own = contact if contact and contact.id == own_id else (CONTACTS.get(db, tid, own_id) if own_id else None)
    return (contact_light(call, contact) if contact else None), person_light(call, person, own)


# --- reading ---

def entity(call: Call, row: Row) -> t.SaleEntity:
    """A SaleEntity as GetSaleEntity reads it."""
    v, s = row.values, call.session
    kept = _kept(row)
    ids = {**row.doc.get(LIST_IDS, {}), "SaleType": v["sale_type_id"]}
    contact, person = _contact_and_person(call, v["contact_id"], v["person_id"])
    return c.carrier(
        t.SaleEntity, kept, SaleId=row.id, Heading=v["heading"], Contact=contact, Person=person,
        Project=_linked(call, "project", v["project_id"]),
        Appointment=_linked(call, "appointment", v["appointment_id"]), Associate=c.associate(s, v["associate_id"]),
        Amount=v["amount"], Saledate=c.utc(v["saledate"]) or c.MIN_DATE, Status=v["status"],
        Probability=v["probability"],
        **{f: _list_carrier(s, f, ids.get(f, 0)) for f in LISTS},
        CreatedDate=c.utc(v["created"]), UpdatedDate=c.utc(v["updated"]) or c.MIN_DATE,
        CreatedBy=c.associate(s, v["created_by"]), UpdatedBy=c.associate(s, v["updated_by"]),
        ActiveLinks=len(kept["Links"] or []), ActiveErpLinks=0, UserDefinedFields=udef.dictionary(call, "sale", row.id),
    )


def _names_of(call: Call, rows: list[Row]) -> tuple[dict[int, str], dict[int, str], dict[int, str]]:
    """Names of the contacts, persons and projects `rows` link to, read in one go (for the light carriers)."""
    def ids(column: str) -> list[int]:
        return sorted({r.values[column] for r in rows if r.values[column]})

    db, tid = call.db, call.tenant_id
    contacts = {r.id: r.values["name"] for r in CONTACTS.get_many(db, tid, ids("contact_id"))}
    persons = {r.id: shared.names(r.values["firstname"], r.doc.get("MiddleName", ""), r.values["lastname"])[0]
               for r in PERSONS.get_many(db, tid, ids("person_id"))}
    return contacts, persons, store.project_names(db, tid, ids("project_id"))


def light(call: Call, row: Row, names: tuple[dict[int, str], dict[int, str], dict[int, str]]) -> t.Sale:
    """The lighter Sale carrier (GetSale, lists, and the Sale inside appointments)."""
    v, k, s = row.values, _kept(row), call.session
    contacts, persons, projects = names
    currency = c.list_item(s, "currency", row.doc.get(LIST_IDS, {}).get("Currency", 0))
    sale_type = c.list_item(s, "saletype", v["sale_type_id"])
    return t.Sale(
        ContactName=contacts.get(v["contact_id"], ""), SaleDate=c.utc(v["saledate"]) or c.MIN_DATE, SaleId=row.id,
        Probability=v["probability"], Title=v["heading"], Amount=v["amount"],
        Currency=currency.name if currency else "", ProjectName=projects.get(v["project_id"], ""),
        AssociateFullName=_full_name(s, v["associate_id"]), Description=k["SaleText"], Status=v["status"],
        WeightedAmount=v["amount"] * v["probability"] / 100, ProjectId=v["project_id"],
        EarningPercent=k["EarningPercent"], Earning=k["Earning"], ContactId=v["contact_id"],
        AssociateId=v["associate_id"], PersonId=v["person_id"], SaleTypeId=v["sale_type_id"],
        SaleTypeName=sale_type.name if sale_type else "", PersonFullName=persons.get(v["person_id"], ""),
        Completed=k["Completed"], ActiveErpLinks=0, NextDueDate=k["NextDueDate"], Number=k["Number"],
    )


def lights(call: Call, sale_ids: list[int]) -> list[t.Sale]:
    """Light carriers of these sales, in the order asked; ids that are not there are left out."""
    rows = SALES.get_many(call.db, call.tenant_id, sale_ids)
    names = _names_of(call, rows)
    return [light(call, r, names) for r in rows]


# --- writing ---

def _sent_id(carrier: Any, field: str) -> int:
    return (getattr(carrier, field, 0) or 0) if carrier is not None else 0


def _linked_id(call: Call, kind: str, label: str, entity_id: int) -> int:
    if entity_id and not store.linked_exists(call.db, call.tenant_id, kind, entity_id):
        raise ValidationError(f"{label} {entity_id} does not exist in this tenant.", field=label, value=str(entity_id))
    return entity_id


def _status(e: t.SaleEntity) -> str:
    status = e.Status if e.Status not in (None, "Unknown") else OPEN
    if status not in STATUSES:
        raise ValidationError(f"SaleEntity.Status {status} is not a sale's status: use one of {', '.join(STATUSES)}.",
                              field="Status", value=str(status))
    return status


def _probability(e: t.SaleEntity) -> int:
    probability = e.Probability or 0
    if not 0 <= probability <= 100:
        raise ValidationError(f"SaleEntity.Probability {probability} is not a percentage (0-100).",
                              field="Probability", value=str(probability))
    return probability


def _saledate(value: dt.datetime | None) -> dt.datetime | None:
    """The sale date in UTC; None for none or MinValue."""
    return None if value is None or value.year <= 1 else c.utc(value).astimezone(dt.UTC)


def _values(call: Call, e: t.SaleEntity) -> tuple[dict[str, Any], dict[str, int]]:
    """The columns of a sale, and the ids of its other list items; ValidationError when anything is wrong."""
    heading = (e.Heading or "").strip()
    if not heading:
        raise ValidationError("SaleEntity.Heading is required: a sale needs a heading.", field="Heading")
    contact_id, person_id = shared.contact_and_person(call, e, "a sale")
    lists = {f: shared.list_id(call, name, f, _sent_id(getattr(e, f), "Id")) for f, (name, _) in LISTS.items()}
    values = {
        "heading": heading, "contact_id": contact_id, "person_id": person_id,
        "project_id": _linked_id(call, "project", "Project", _sent_id(e.Project, "ProjectId")),
        "appointment_id": _linked_id(call, "appointment", "Appointment", _sent_id(e.Appointment, "AppointmentId")),
        "associate_id": shared.associate_id(call, e.Associate, "Associate") or call.session.principal.associate_id,
        "amount": float(e.Amount or 0), "saledate": _saledate(e.Saledate), "status": _status(e),
        "probability": _probability(e), "sale_type_id": lists.pop("SaleType"),
    }
    return values, lists


@implements("Sale", "CreateDefaultSaleEntity")
def create_default(call: Call) -> t.SaleEntity:
    """A new, unsaved sale: the user's, Open, dated today, the first stage's probability, the first currency."""
    s = call.session
    me, stage, currency = c.associate(s, s.principal.associate_id), _first(s, "salestage"), _first(s, "currency")
    today = clock.now().replace(hour=0, minute=0, second=0, microsecond=0)
    return c.carrier(
        t.SaleEntity, _blank(), SaleId=0, Heading="", Amount=0.0, Saledate=today, Status=OPEN,
        Probability=int(stage.value) if stage else 0,
        Currency=_list_carrier(s, "Currency", currency.id) if currency else None,
        Associate=me, CreatedBy=me, UpdatedBy=None, CreatedDate=clock.now(), UpdatedDate=c.MIN_DATE, ActiveLinks=0,
        ActiveErpLinks=0, UserDefinedFields=udef.dictionary(call, "sale"),
    )


def _write(call: Call, e: t.SaleEntity) -> int:
    """Insert (SaleId 0) or update; stamps from the clock and the user; nothing is written if invalid."""
    values, lists = _values(call, e)
    return saving.write(call, SALES, "SaleEntity", e, values, COLUMN_FIELDS, doc={LIST_IDS: lists})


def get_entity(call: Call, sale_id: int) -> t.SaleEntity | None:
    row = SALES.get(call.db, call.tenant_id, sale_id)
    return entity(call, row) if row else None


# Deleting a sale leaves its appointments, unlinked; one that is not there changes nothing.
kit_hooks.family("SaleEntity", get_entity, lights, _write,
                 lambda call, sale_id: store.delete_cascade(call.db, call.tenant_id, sale_id))


@implements("Sale", "GetSalesFromContact", replayable=True)
def get_sales_from_contact(call: Call, contact_id: int | None, only_open: bool | None) -> list[t.Sale]:
    return lights(call, store.ids_of(call.db, call.tenant_id, "contact_id", contact_id or 0, bool(only_open)))


@implements("Sale", "GetSalesFromPerson", replayable=True)
def get_sales_from_person(call: Call, person_id: int | None, only_open: bool | None) -> list[t.Sale]:
    return lights(call, store.ids_of(call.db, call.tenant_id, "person_id", person_id or 0, bool(only_open)))


@implements("Sale", "GetOpenSalesForContact", replayable=True)
def get_open_sales_for_contact(call: Call, contact_id: int | None) -> list[t.Sale]:
    return get_sales_from_contact(call, contact_id, True)
