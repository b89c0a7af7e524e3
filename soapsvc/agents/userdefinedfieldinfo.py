"""UserDefinedFieldInfo: the user-defined fields of contacts, persons, projects, sales, appointments and
documents, edited in a working layout and published for the entities to use.

Implemented: CreateUserDefinedFieldInfo, CreateDefaultUserDefinedFieldInfo, SaveUserDefinedFieldInfo,
SaveUserDefinedFieldInfos, GetUserDefinedFieldInfo, DeleteUserDefinedFieldInfo, GetUserDefinedFieldList,
GetUserDefinedFieldFromFieldLabel, GetUserDefinedFieldFromProgId, GetUserDefinedFieldFromProgIds,
GetUserDefinedFieldFromIds, the GetPublished... readers, Publish, Revert, SetPublishStartSystemEvent,
IsPublishEventActive, IsAnyPublishEventActive, DetectUnpublishedChanges, DetectColumnIdChanges,
ChangeFieldType, SetRankOnFields, SetUserDefinedPageOneField, GetUserDefinedPageOneFields,
GetPublishedUserDefinedPageOneFields, ClearCaches.

The cycle, as NetServer's: Create/Save/Delete change the working layout only (GetUserDefinedFieldList);
Publish makes it the one entities use (GetPublishedUserDefinedFieldList, the UserDefinedFields of an
entity, the archive's contactUdef/SuperOffice:n columns) and answers the layout's new version; Revert
drops the unpublished changes. SetPublishStartSystemEvent starts a publish event (IsPublishEventActive
true) that Publish ends. A field's prog id is its ProgId, or "SuperOffice:<UdefIdentity>" when none is
set; the identity is counted per owner type and never reused.
Where the docs are silent, soapsvc does what a tenant's admin client enforces: a field needs a label,
labels and prog ids are unique within an owner type (labels compared without case and trailing colons),
an owner type is one of Contact, Person, Project, Sale, Appointment, Document (Invalid, Temp and None are
refused), Type never changes (a field cannot move to another owner). Known differences: ColumnId is
synthetic (owner * 1000 + identity * 10 + the field type's number: a type change moves it, as NetServer
moves a field to another physical column); CreateDefault answers a ShortText field of Contact; TextLength
0 becomes 40 for ShortText and 200 for LongText; page-one fields are the same for every user group; no
user-defined lists (ListTableId and UDListDefinitionId are kept as sent); ClearCaches has nothing to clear.
"""

from __future__ import annotations

from typing import Any

from soapsvc.agents import carriers as c
from soapsvc.agents import implements
from soapsvc.agents.udef import label_key
from soapsvc.call import Call
from soapsvc.contract import types as t
from soapsvc.errors import ValidationError
from soapsvc.store import udef as store
from soapsvc.store.udef import OWNERS, FieldRow

TYPES = {name.capitalize(): number for name, number in OWNERS.items()}  # UDefType names the agent accepts
FIELD_TYPES = ("Number", "ShortText", "LongText", "Date", "UnlimitedDate", "Checkbox", "List", "Decimal")
TEXT_LENGTHS = {"ShortText": 40, "LongText": 200}
Info = t.UserDefinedFieldInfo


def _owner(owner_type: str | None) -> int:
    if owner_type not in TYPES:
        raise ValidationError(f"'{owner_type}' is not an owner type of user-defined fields; use one of "
                              f"{', '.join(TYPES)}.", field="OwnerType", value=str(owner_type))
    return TYPES[owner_type]


def _field_type(field_type: str | None) -> str:
    if field_type not in FIELD_TYPES:
        raise ValidationError(f"'{field_type}' is not a user-defined field type; use one of "
                              f"{', '.join(FIELD_TYPES)}.", field="FieldType", value=str(field_type))
    return field_type


def _value_owner(owner: int) -> str:
    return next(name for name, number in OWNERS.items() if number == owner)


def _column_id(owner: int, identity: int, field_type: str) -> int:
    return owner * 1000 + identity * 10 + FIELD_TYPES.index(field_type) + 1


def _carrier(doc: dict[str, Any], published: bool) -> Info:
    return c.carrier(Info, c.from_doc(Info, doc), HasBeenPublished=published)


def _working(row: FieldRow | None) -> Info | None:
    return _carrier(row.working, row.published is not None) if row and row.working is not None else None


def _published(row: FieldRow | None) -> Info | None:
    return _carrier(row.published, True) if row and row.published is not None else None


def _ordered(rows: list[FieldRow], which: str) -> list[FieldRow]:
    kept = [r for r in rows if getattr(r, which) is not None]
    return sorted(kept, key=lambda r: (getattr(r, which).get("TabOrder", 0), getattr(r, which).get("UdefIdentity", 0)))


def _rows(call: Call, owner_type: str | None, which: str = "working") -> list[FieldRow]:
    return _ordered(store.fields(call.db, call.tenant_id, _owner(owner_type)), which)


def _answer(rows: list[FieldRow], which: str) -> list[Info]:
    read = _working if which == "working" else _published
    return [x for x in (read(r) for r in rows) if x is not None]


@implements("UserDefinedFieldInfo", "CreateUserDefinedFieldInfo")
def create(call: Call, owner_type: str | None, field_type: str | None) -> Info:
    """A new, unsaved field of that owner and type, placed after the owner's fields."""
    owner, kind = _owner(owner_type), _field_type(field_type)
    count = len(_rows(call, owner_type))
    return c.carrier(Info, UDefFieldId=0, ColumnId=0, Type=owner_type, FieldType=kind, FieldLabel="",
                     ProgId="", ShortLabel="", Tooltip="", FieldDefault="", FormatMask="", TemplateVariableName="",
                     MdoListName="", TextLength=TEXT_LENGTHS.get(kind, 0), TabOrder=count + 1,
                     FieldTop=count * 20, LabelTop=count * 20, LastVersionId=store.version(call.db, call.tenant_id,
                                                                                           owner),
                     HasBeenPublished=False)


@implements("UserDefinedFieldInfo", "CreateDefaultUserDefinedFieldInfo")
def create_default(call: Call) -> Info:
    return create(call, "Contact", "ShortText")


def _save(call: Call, info: Info | None) -> int:
    """Validate a field and write it into the working layout; its id."""
    if info is None:
        raise ValidationError("SaveUserDefinedFieldInfo needs a UserDefinedFieldInfo.")
    owner, kind = _owner(info.Type), _field_type(info.FieldType)
    label = (info.FieldLabel or "").strip()
    if not label:
        raise ValidationError("UserDefinedFieldInfo.FieldLabel is required: a field needs a label.", field="FieldLabel")
    field_id, old = info.UDefFieldId or 0, None
    if field_id:
        old = store.field(call.db, call.tenant_id, field_id)
        if old is None or old.working is None:
            raise ValidationError(f"There is no user-defined field {field_id} to update in this tenant.",
                                  field="UDefFieldId", value=str(field_id))
        if old.owner != owner:
            raise ValidationError(f"User-defined field {field_id} belongs to {_value_owner(old.owner).capitalize()}; "
                                  "a field cannot move to another owner type.", field="Type", value=str(info.Type))
    others = [r.working for r in store.fields(call.db, call.tenant_id, owner) if r.working and r.id != field_id]
    if any(label_key(o.get("FieldLabel")) == label_key(label) for o in others):
        raise ValidationError(f"{info.Type} already has a user-defined field labelled '{label}'.",
                              field="FieldLabel", value=label)
    if (info.TextLength or 0) < 0:
        raise ValidationError("UserDefinedFieldInfo.TextLength cannot be negative.", field="TextLength")
    identity = old.working["UdefIdentity"] if old else 0
    if not old:
        field_id, identity = store.new_ids(call.db, call.tenant_id, owner)
    prog_id = (info.ProgId or "").strip() or f"SuperOffice:{identity}"
    if any(str(o.get("ProgId", "")).lower() == prog_id.lower() for o in others):
        raise ValidationError(f"{info.Type} already has a user-defined field with prog id '{prog_id}'.",
                              field="ProgId", value=prog_id)
    doc = {**c.to_plain(info), "UDefFieldId": field_id, "UdefIdentity": identity, "ProgId": prog_id,
           "FieldLabel": label, "ColumnId": _column_id(owner, identity, kind),
           "TextLength": info.TextLength or TEXT_LENGTHS.get(kind, 0),
           "Version": (old.working.get("Version", 0) if old else 0) + 1,
           "LastVersionId": store.version(call.db, call.tenant_id, owner)}
    doc.pop("HasBeenPublished", None)
    store.put(call.db, call.tenant_id, field_id, owner, doc)
    return field_id


@implements("UserDefinedFieldInfo", "SaveUserDefinedFieldInfo")
def save(call: Call, info: Info | None) -> Info | None:
    return _working(store.field(call.db, call.tenant_id, _save(call, info)))


@implements("UserDefinedFieldInfo", "SaveUserDefinedFieldInfos")
def save_many(call: Call, infos: Any) -> None:
    """All of them or, when one is refused, none (one unit of work)."""
    for info in getattr(infos, "UserDefinedFieldInfo", infos) or []:
        _save(call, info)


@implements("UserDefinedFieldInfo", "GetUserDefinedFieldInfo", replayable=True)
def get(call: Call, field_id: int | None) -> Info | None:
    return _working(store.field(call.db, call.tenant_id, field_id or 0))


@implements("UserDefinedFieldInfo", "DeleteUserDefinedFieldInfo")
def delete(call: Call, field_id: int | None) -> None:
    """Gone from the working layout; a published field stays on the entities until the next Publish."""
    row = store.field(call.db, call.tenant_id, field_id or 0)
    if row is None or row.working is None:
        return
    if row.published is None:
        store.remove(call.db, call.tenant_id, [row.id], _value_owner(row.owner))
    else:
        store.put(call.db, call.tenant_id, row.id, row.owner, None)


def _register_lists() -> None:
    """GetUserDefinedFieldList (the working layout) and GetPublishedUserDefinedFieldList, in tab order."""
    for which, name in (("working", "GetUserDefinedFieldList"), ("published", "GetPublishedUserDefinedFieldList")):
        def read(call: Call, owner_type: str | None, _w: str = which) -> list[Info]:
            return _answer(_rows(call, owner_type, _w), _w)

        implements("UserDefinedFieldInfo", name, replayable=True)(read)


def _match(rows: list[FieldRow], which: str, test: Any) -> Info | None:
    found = _answer([r for r in rows if test(getattr(r, which))], which)
    return found[0] if found else None


def _register_readers() -> None:
    """The readers by label and by prog id, of the working and of the published layout."""
    for which, prefix in (("working", "Get"), ("published", "GetPublished")):
        def by_label(call: Call, label: str | None, owner_type: str | None, _w: str = which) -> Info | None:
            return _match(_rows(call, owner_type, _w), _w, lambda d: label_key(d.get("FieldLabel")) == label_key(label))

        def by_prog_id(call: Call, prog_id: str | None, owner_type: str | None, _w: str = which) -> Info | None:
            wanted = (prog_id or "").strip().lower()
            return _match(_rows(call, owner_type, _w), _w, lambda d: str(d.get("ProgId", "")).lower() == wanted)

        implements("UserDefinedFieldInfo", f"{prefix}UserDefinedFieldFromFieldLabel", replayable=True)(by_label)
        implements("UserDefinedFieldInfo", f"{prefix}UserDefinedFieldFromProgId", replayable=True)(by_prog_id)


_register_lists()
_register_readers()


def _strings(value: Any, item: str) -> list[Any]:
    return list(getattr(value, item, value) or []) if value is not None else []


@implements("UserDefinedFieldInfo", "GetUserDefinedFieldFromIds", replayable=True)
def from_ids(call: Call, ids: Any) -> list[Info]:
    """The fields of these ids, in the order asked; ids that are not there are left out."""
    rows = [store.field(call.db, call.tenant_id, i or 0) for i in _strings(ids, "int")]
    return [x for x in (_working(r) for r in rows) if x is not None]


@implements("UserDefinedFieldInfo", "GetUserDefinedFieldFromProgIds", replayable=True)
def from_prog_ids(call: Call, prog_ids: Any, owner_type: str | None) -> list[Info]:
    rows = _rows(call, owner_type)
    found = [_match(rows, "working", lambda d, p=p: str(d.get("ProgId", "")).lower() == (p or "").lower())
             for p in _strings(prog_ids, "string")]
    return [x for x in found if x is not None]


@implements("UserDefinedFieldInfo", "Publish")
def publish(call: Call, owner_type: str | None) -> int:
    owner = _owner(owner_type)
    return store.publish(call.db, call.tenant_id, owner, _value_owner(owner))


@implements("UserDefinedFieldInfo", "Revert")
def revert(call: Call, owner_type: str | None) -> None:
    store.revert(call.db, call.tenant_id, _owner(owner_type))


@implements("UserDefinedFieldInfo", "SetPublishStartSystemEvent")
def start_publish(call: Call, owner_type: str | None) -> None:
    store.set_publishing(call.db, call.tenant_id, _owner(owner_type), True)


@implements("UserDefinedFieldInfo", "IsPublishEventActive")
def is_publishing(call: Call, owner_type: str | None) -> bool:
    return store.publishing(call.db, call.tenant_id, _owner(owner_type))


@implements("UserDefinedFieldInfo", "IsAnyPublishEventActive")
def is_any_publishing(call: Call) -> bool:
    return store.publishing(call.db, call.tenant_id)


@implements("UserDefinedFieldInfo", "DetectUnpublishedChanges", replayable=True)
def unpublished(call: Call, owner_type: str | None) -> bool:
    return any(r.working != r.published for r in store.fields(call.db, call.tenant_id, _owner(owner_type)))


@implements("UserDefinedFieldInfo", "DetectColumnIdChanges", replayable=True)
def column_ids_changed(call: Call, owner_type: str | None) -> bool:
    """Whether publishing would move a published field to another column (its type was changed)."""
    return any(r.working and r.published and r.working.get("ColumnId") != r.published.get("ColumnId")
               for r in store.fields(call.db, call.tenant_id, _owner(owner_type)))


@implements("UserDefinedFieldInfo", "ChangeFieldType")
def change_field_type(call: Call, info: Info | None, field_type: str | None, indexed: bool | None) -> Info:
    """The field with another type (and column), not saved: SaveUserDefinedFieldInfo keeps it."""
    if info is None:
        raise ValidationError("ChangeFieldType needs a UserDefinedFieldInfo.")
    kind, owner = _field_type(field_type), _owner(info.Type)
    length = info.TextLength if kind in TEXT_LENGTHS and info.FieldType in TEXT_LENGTHS else TEXT_LENGTHS.get(kind, 0)
    return c.carrier(Info, c.from_doc(Info, c.to_plain(info)), FieldType=kind,
                     IsIndexed=bool(indexed), TextLength=length,
                     ColumnId=_column_id(owner, info.UdefIdentity or 0, kind) if info.UdefIdentity else 0)


def _update(call: Call, owner_type: str | None, ids: list[int], change: Any) -> None:
    """Change the working definitions of some of an owner's fields; an id not among them is refused."""
    rows = {r.id: r for r in store.fields(call.db, call.tenant_id, _owner(owner_type)) if r.working}
    for rank, field_id in enumerate(ids, 1):
        if field_id not in rows:
            raise ValidationError(f"{owner_type} has no user-defined field {field_id}.", field="UdefFieldId",
                                  value=str(field_id))
        row = rows[field_id]
        store.put(call.db, call.tenant_id, row.id, row.owner, {**row.working, **change(rank)})


@implements("UserDefinedFieldInfo", "SetRankOnFields")
def set_rank(call: Call, owner_type: str | None, ids: Any) -> None:
    """The fields' tab order: the order of the ids given."""
    _update(call, owner_type, [i or 0 for i in _strings(ids, "int")], lambda rank: {"TabOrder": rank})


@implements("UserDefinedFieldInfo", "SetUserDefinedPageOneField")
def set_page_one(call: Call, owner_type: str | None, field_id: int | None, _group: int | None,
                 line: int | None) -> None:
    """Put a field on page one at a line (0 takes it off), for every user group."""
    if (line or 0) < 0:
        raise ValidationError("FieldLineNo cannot be negative.", field="FieldLineNo", value=str(line))
    _update(call, owner_type, [field_id or 0], lambda _rank: {"Page1LineNo": line or 0})


def _page_one(call: Call, owner_type: str | None, which: str) -> list[Info]:
    rows = [r for r in _rows(call, owner_type, which) if getattr(r, which).get("Page1LineNo", 0) > 0]
    return _answer(sorted(rows, key=lambda r: getattr(r, which)["Page1LineNo"]), which)


@implements("UserDefinedFieldInfo", "GetUserDefinedPageOneFields", replayable=True)
def page_one(call: Call, owner_type: str | None, _group: int | None) -> list[Info]:
    return _page_one(call, owner_type, "working")


@implements("UserDefinedFieldInfo", "GetPublishedUserDefinedPageOneFields", replayable=True)
def published_page_one(call: Call, owner_type: str | None, _group: int | None) -> list[Info]:
    return _page_one(call, owner_type, "published")


@implements("UserDefinedFieldInfo", "ClearCaches")
def clear_caches(call: Call) -> None:
    """soapsvc reads the layouts from storage on every call: nothing to clear."""
