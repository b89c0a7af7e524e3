"""Selection: selections of contacts and persons, static (listed members) or dynamic (criteria), and Find's.

Implemented: CreateDefaultSelectionEntity, SaveSelectionEntity, GetSelectionEntity, DeleteSelectionEntity,
AddContactSelectionMembers, RemoveContactSelectionMembers, GetDynamicSelectionCriteria,
SetDynamicSelectionCriteria, GetDynamicSelectionCriteriaGroups, SetDynamicSelectionCriteriaGroups,
GetSelectionForFind, GetSelectionMembersArchiveRows, GetSelectionSummaries. An archive search restricted by
`selectionId` lists a selection's members (`soapsvc.search.selections` says how).
Known differences from NetServer (where its documentation is silent, what a tenant shows):
- Selections are of contacts and persons only (TargetTableNumber 5, "contact"; 0 reads as 5): another
  target and Combined selections are refused. TargetTableName, the provider names and headings are kept
  as sent; members are searched with ContactPersonDynamicSelectionV2 whatever MainProviderName says.
- A static selection's members are contacts (PersonId 0) and persons, each once; adding a member that is
  there already changes nothing; a person is stored with its contact (a ContactId that is not the person's
  is refused). Members can be added to and removed from a static selection only, criteria set on a dynamic
  one only (the other is refused: a dynamic selection's members are what its criteria find). Every
  contact, person and selection named must exist, else nothing is changed.
- Criteria are kept as sent, checked against ContactPersonDynamicSelectionV2's columns and operators
  (refused as the archive refuses a restriction). SetDynamicSelectionCriteria keeps them as one group;
  GetDynamicSelectionCriteria answers several groups as one restriction each, unnamed, whose
  SubRestrictions are the group's, joined by Or.
- MemberCount is counted when read (a dynamic selection's: the rows its criteria find now);
  LastMembershipChange(By) is the last add or remove; no visibility rules, SoundEx or LastLoaded.
- GetSelectionForFind: entity "contact" or "person"; the user's Find selection of that entity (dynamic,
  made on first use) with provider ContactPersonDynamicSelectionV2; TypicalSearchId -1 clears its criteria
  (no default criteria here), 1 and up is refused (no typical searches). Headings are resource names.
- GetSelectionMembersArchiveRows: `Select` is a comma-separated list of ContactPersonDynamicSelectionV2
  columns (its default columns when empty); every member row, persons and contacts.
"""

from __future__ import annotations

from typing import Any

from soapsvc import clock
from soapsvc.agents import carriers as c
from soapsvc.agents import implements, kit, saving, shared
from soapsvc.call import Call
from soapsvc.contract import types as t
from soapsvc.errors import ValidationError
from soapsvc.search import engine, selections, syntax
from soapsvc.search.restrictions import Raw
from soapsvc.store import selection as store
from soapsvc.store.contact import CONTACTS
from soapsvc.store.entities import Row
from soapsvc.store.person import PERSONS

CONTACT_TABLE = 5
COLUMN_FIELDS = {"SelectionId", "Name", "SelectionType", "Associate", "CreatedDate", "CreatedBy", "UpdatedDate",
                 "UpdatedBy", "UpdatedCount", "MemberCount", "LastMembershipChange", "LastMembershipChangeBy",
                 "LastMembershipChangeByAssociate", "LastLoaded", "LastLoadedBy", "LastLoadedByAssociate"}
FIND = {"contact": ("[SR_FIND_COMPANY]", "[SR_COMPANY_AND_PERSON]"), "person": ("[SR_FIND_CONTACT]", "[SR_CONTACT]")}


def _items(value: Any, name: str) -> list[Any]:
    """An ArrayOfX as Spyne hands it over (a list, None, or a wrapper with `name`)."""
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        value = getattr(value, name, None) or []
    return [v for v in value if v is not None]


# --- reading ---

def _count(call: Call, row: Row) -> int:
    if row.values["selection_type"] != "Dynamic":
        return store.member_count(call.db, call.tenant_id, row.id)
    request = engine.Request(selections.PROVIDER, ["contactId"], [], Raw("selectionId", "=", (str(row.id),)),
                             page_size=1)
    return engine.run(call, request, count=True).total or 0


def entity(call: Call, row: Row) -> t.SelectionEntity:
    v, s, doc = row.values, call.session, dict(row.doc)
    changed_by = v["members_changed_by"]
    return c.carrier(
        t.SelectionEntity, c.from_doc(t.SelectionEntity, doc),
        SelectionId=row.id, Name=v["name"], SelectionType=v["selection_type"],
        Associate=c.associate(s, v["associate_id"]), CreatedDate=c.utc(v["created"]),
        CreatedBy=c.associate(s, v["created_by"]), UpdatedDate=c.utc(v["updated"]) or c.MIN_DATE,
        UpdatedBy=c.associate(s, v["updated_by"]), UpdatedCount=doc.get("UpdatedCount", 0),
        TargetTableNumber=CONTACT_TABLE, MemberCount=_count(call, row),
        LastMembershipChange=c.utc(v["members_changed"]) or c.MIN_DATE, LastMembershipChangeBy=changed_by,
        LastMembershipChangeByAssociate=c.associate(s, changed_by),
    )


def _row(call: Call, selection_id: int | None) -> Row:
    """The selection of that id, or the refusal that names it."""
    row = store.SELECTIONS.get(call.db, call.tenant_id, selection_id or 0) if selection_id else None
    if row is None:
        raise ValidationError(f"There is no selection {selection_id or 0} in this tenant.", field="SelectionId")
    return row


def _of_type(call: Call, selection_id: int | None, wanted: str, doing: str) -> Row:
    row = _row(call, selection_id)
    if row.values["selection_type"] != wanted:
        raise ValidationError(f"Selection {row.id} is {row.values['selection_type']}: only a {wanted} selection can "
                              f"{doing}. Save it with SelectionType {wanted} first.", field="SelectionType")
    return row


# --- the entity ---

@implements("Selection", "CreateDefaultSelectionEntity")
def create_default(call: Call) -> t.SelectionEntity:
    """A new static selection of contacts and persons, owned and created by the user."""
    e = kit.create_default("SelectionEntity", "SelectionId")(call)
    e.SelectionType, e.TargetTableNumber, e.TargetTableName = "Static", CONTACT_TABLE, "contact"
    e.MainProviderName = selections.PROVIDER
    return e


def _values(call: Call, e: t.SelectionEntity, old: Row | None) -> dict[str, Any]:
    kind = str(e.SelectionType or "Static")
    if kind not in ("Static", "Dynamic"):
        raise ValidationError(f"SelectionType {kind}: soapsvc keeps Static and Dynamic selections only.",
                              field="SelectionType")
    if (e.TargetTableNumber or CONTACT_TABLE) != CONTACT_TABLE:
        raise ValidationError(f"TargetTableNumber {e.TargetTableNumber}: soapsvc keeps selections of contacts "
                              f"and persons only (TargetTableNumber {CONTACT_TABLE}).", field="TargetTableNumber")
    kept = {"find_entity": "", "members_changed": None, "members_changed_by": 0}
    return {"name": (e.Name or "").strip(), "selection_type": kind,
            "associate_id": shared.associate_id(call, e.Associate, "Associate"),
            **{k: old.values[k] if old else v for k, v in kept.items()}}


@implements("Selection", "SaveSelectionEntity")
def save(call: Call, e: t.SelectionEntity | None) -> t.SelectionEntity:
    """Insert (SelectionId 0) or update; refused, with nothing written, when invalid."""
    if e is None:
        raise ValidationError("SaveSelectionEntity needs a SelectionEntity.")
    old = _row(call, e.SelectionId) if e.SelectionId else None
    values = _values(call, e, old)
    kit.check(call, "SelectionEntity", e)
    doc = {**c.to_doc(e, COLUMN_FIELDS), "UpdatedCount": old.doc.get("UpdatedCount", 0) + 1 if old else 0}
    store.first_ids(call.db, call.tenant_id)
    return entity(call, _row(call, saving.save(call, store.SELECTIONS, e.SelectionId, values, doc)))


@implements("Selection", "GetSelectionEntity")  # not replayable: criteria may name relative dates
def get(call: Call, selection_id: int | None) -> t.SelectionEntity | None:
    row = store.SELECTIONS.get(call.db, call.tenant_id, selection_id or 0) if selection_id else None
    return entity(call, row) if row else None


@implements("Selection", "DeleteSelectionEntity")
def delete(call: Call, selection_id: int | None) -> None:
    """The selection and its members; one that is not there changes nothing."""
    store.delete_selection(call.db, call.tenant_id, selection_id or 0)


@implements("Selection", "GetSelectionSummaries", replayable=True)
def get_summaries(call: Call, selection_ids: list[int] | None) -> list[t.SelectionSummaryItem]:
    rows = store.SELECTIONS.get_many(call.db, call.tenant_id, list(selection_ids or []))
    return [t.SelectionSummaryItem(SelectionId=r.id, Name=r.values["name"], TargetTable="contact",
                                   Registered=c.utc(r.values["created"]), ProviderName=selections.PROVIDER)
            for r in rows]


# --- static members ---

def _pairs(call: Call, ids: Any) -> list[tuple[int, int]]:
    """(contact, person) pairs of ContactPersonIds, each one checked: nothing is written if one is wrong."""
    sent = _items(ids, "ContactPersonId")
    db, tid = call.db, call.tenant_id
    persons = {r.id: r for r in PERSONS.get_many(db, tid, sorted({x.PersonId for x in sent if x.PersonId}))}
    contacts = {r.id for r in CONTACTS.get_many(db, tid, sorted({x.ContactId for x in sent if x.ContactId}))}
    out = []
    for x in sent:
        person_id, contact_id = x.PersonId or 0, x.ContactId or 0
        if person_id:
            if person_id not in persons:
                raise ValidationError(f"There is no person {person_id} in this tenant.", field="PersonId")
            own = persons[person_id].values["contact_id"]
            if contact_id and contact_id != own:
                raise ValidationError(f"Person {person_id} is not of contact {contact_id} (its contact is {own}).",
                                      field="ContactId")
            out.append((own, person_id))
        elif contact_id in contacts:
            out.append((contact_id, 0))
        else:
            raise ValidationError(f"There is no contact {contact_id} in this tenant: a member is a contact "
                                  "(PersonId 0) or a person.", field="ContactId")
    return out


@implements("Selection", "AddContactSelectionMembers")
def add_contact_members(call: Call, selection_id: int | None, ids: Any) -> None:
    row = _of_type(call, selection_id, "Static", "have members added")
    store.add_members(call.db, call.tenant_id, row.id, _pairs(call, ids), clock.now(),
                      call.session.principal.associate_id)


@implements("Selection", "RemoveContactSelectionMembers")
def remove_contact_members(call: Call, selection_id: int | None, ids: Any) -> None:
    """A person's membership (PersonId given) or a contact's own (PersonId 0); one that is not there: none."""
    row = _of_type(call, selection_id, "Static", "have members removed")
    wanted = set(_pairs(call, ids))
    gone = [i for i, contact_id, person_id in store.members(call.db, call.tenant_id, row.id)
            if (contact_id, person_id) in wanted]
    store.remove_members(call.db, call.tenant_id, row.id, gone, clock.now(), call.session.principal.associate_id)


# --- criteria ---

def _groups(call: Call, row: Row) -> list[t.ArchiveRestrictionGroup]:
    return [c.from_plain(t.ArchiveRestrictionGroup, g) for g in store.criteria(call.db, call.tenant_id, row.id)]


def _set(call: Call, selection_id: int | None, groups: list[dict[str, Any]]) -> Row:
    """Store checked criteria on a dynamic selection: refused, with nothing changed, if any is wrong."""
    row = _of_type(call, selection_id, "Dynamic", "have criteria")
    selections.bind(selections.tree(groups), call.session.principal.associate_id)
    store.set_criteria(call.db, call.tenant_id, row.id, groups)
    return row


def _plain_group(group: Any) -> dict[str, Any]:
    plain = c.to_plain(group)
    plain["Restrictions"] = [c.to_plain(r) for r in _items(group.Restrictions, "ArchiveRestrictionInfo")]
    return plain


def _plain_infos(infos: Any) -> list[dict[str, Any]]:
    return [c.to_plain(r) for r in _items(infos, "ArchiveRestrictionInfo")]


@implements("Selection", "GetDynamicSelectionCriteriaGroups", replayable=True)
def get_criteria_groups(call: Call, selection_id: int | None) -> list[t.ArchiveRestrictionGroup]:
    return _groups(call, _row(call, selection_id))


@implements("Selection", "SetDynamicSelectionCriteriaGroups")
def set_criteria_groups(call: Call, selection_id: int | None, groups: Any) -> list[t.ArchiveRestrictionGroup]:
    """Groups are ORed; a group's restrictions are joined by their InterOperator (And when none)."""
    row = _set(call, selection_id, [_plain_group(g) for g in _items(groups, "ArchiveRestrictionGroup")])
    return _groups(call, row)


@implements("Selection", "GetDynamicSelectionCriteria", replayable=True)
def get_criteria(call: Call, selection_id: int | None) -> list[t.ArchiveRestrictionInfo]:
    groups = _groups(call, _row(call, selection_id))
    if len(groups) == 1:
        return list(groups[0].Restrictions or [])
    return [t.ArchiveRestrictionInfo(Name="", Operator="", Values=[], IsActive=True, InterOperator="Or",
                                     SubRestrictions=list(g.Restrictions or []), InterParenthesis=0, UniqueHash=0)
            for g in groups]


@implements("Selection", "SetDynamicSelectionCriteria")
def set_criteria(call: Call, selection_id: int | None, infos: Any) -> list[t.ArchiveRestrictionInfo]:
    restrictions = _plain_infos(infos)
    _set(call, selection_id, [{"Name": "0", "Description": "", "Rank": 0, "Restrictions": restrictions}]
         if restrictions else [])
    return get_criteria(call, selection_id)


# --- Find ---

@implements("Selection", "GetSelectionForFind")
def get_selection_for_find(call: Call, entity_name: str | None, typical_search_id: int | None) -> t.SelectionForFind:
    """The user's Find selection of an entity, made on first use."""
    name = (entity_name or "").strip().lower()
    if name not in FIND:
        raise ValidationError(f"Find entity '{entity_name or ''}': soapsvc finds {', '.join(FIND)}.",
                              field="EntityName")
    if (typical_search_id or 0) > 0:
        raise ValidationError(f"There is no typical search {typical_search_id} in this tenant.",
                              field="TypicalSearchId")
    db, tid, me = call.db, call.tenant_id, call.session.principal.associate_id
    selection_id = store.working_set(db, tid, me, name)
    if selection_id is None:
        store.first_ids(db, tid)
        values = {"name": "", "selection_type": "Dynamic", "associate_id": me, "find_entity": name,
                  "members_changed": None, "members_changed_by": 0}
        doc = {"TargetTableName": "contact", "MainProviderName": selections.PROVIDER, "UpdatedCount": 0}
        selection_id = saving.save(call, store.SELECTIONS, 0, values, doc)
    elif typical_search_id == -1:
        store.set_criteria(db, tid, selection_id, [])
    heading, entity_heading = FIND[name]
    return c.carrier(t.SelectionForFind, ProviderName=selections.PROVIDER, SelectionId=selection_id,
                     CanSaveAsSelection=True, MainHeading=heading, FilterScreenHeading=heading,
                     SelectionEntityHeading=entity_heading)


@implements("Selection", "GetSelectionMembersArchiveRows")  # as GetSelectionEntity
def get_members_archive_rows(call: Call, selection_id: int | None, select: str | None) -> list[t.ArchiveListItem]:
    row = _row(call, selection_id)
    request = engine.Request(selections.PROVIDER, syntax.names(select), [],
                             Raw("selectionId", "=", (str(row.id),)))
    return engine.run(call, request).rows
