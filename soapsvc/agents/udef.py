"""User-defined field values of an entity (its `UserDefinedFields` dictionary), by NetServer's rules.

Shared by the entities that have them (Contact, Person, Sale: those written through `saving.write`), so
that no agent module imports another. Only the owner's *published* fields exist for its records: a key the
published layout does not have is refused (SoValidationException) and nothing is saved.

A dictionary read from an entity has one key per published field, its prog id ("SuperOffice:1", or the
ProgId a partner set), with the value encoded as NetServer encodes it: text as is, Number and List as
[I:n], Decimal as [F:x], Checkbox as [I:1]/[I:0], Date as [DT:MM/dd/yyyy HH:mm:ss.fffffff] (UTC),
UnlimitedDate as [D:MM/dd/yyyy]; a date never set is "". A dictionary sent may name a field by prog id or
by label (without regard to case, trailing spaces and colons left out, as NetServer's COM Udef does), with
values encoded or plain ("5", "2024-05-01", "true"); the fields it leaves out keep their values.
Known differences: list values are item ids, not checked against a list, and no :DisplayText keys are
sent; IsMandatory is not enforced (NetServer's clients enforce it); a text longer than the field's
TextLength is refused.
"""

from __future__ import annotations

from typing import Any

from soapsvc.call import Call
from soapsvc.contract import types as t
from soapsvc.errors import ValidationError
from soapsvc.search import encoding as enc
from soapsvc.search.columns import UDEF_KINDS
from soapsvc.store import udef as store
from soapsvc.store.udef import OWNERS, Value


def owner_of(carrier: str) -> str | None:
    """The udef owner of an entity carrier ("ContactEntity" -> "contact"), None when it has none."""
    name = carrier.removesuffix("Entity").lower()
    return name if name in OWNERS else None


def label_key(label: str | None) -> str:
    return (label or "").strip().rstrip(": ").strip().lower()


# The published fields by tenant, owner and the reference version the call's session read (publishing bumps
# it, `store.publish`), so that reading and saving an entity asks nothing about its fields; read-only lists.
_published: dict[tuple[int, int, int], list[dict[str, Any]]] = {}


def published(call: Call, owner: str) -> list[dict[str, Any]]:
    """The owner's published fields (UserDefinedFieldInfo documents), in their tab order."""
    key = (call.tenant_id, OWNERS[owner], call.session.reference.version if call.session else -1)
    found = _published.get(key) if call.session else None
    if found is None:
        rows = [r.published for r in store.fields(call.db, call.tenant_id, OWNERS[owner]) if r.published]
        found = sorted(rows, key=lambda f: (f.get("TabOrder", 0), f.get("UdefIdentity", 0)))
        if call.session:
            if len(_published) > 4096:  # versions gone by
                _published.clear()
            _published[key] = found
    return found


def find(fields: list[dict[str, Any]], key: str) -> dict[str, Any] | None:
    """A field by prog id, else by label."""
    wanted = key.strip().lower()
    for f in fields:
        if str(f.get("ProgId", "")).lower() == wanted:
            return f
    return next((f for f in fields if label_key(f.get("FieldLabel")) == label_key(key)), None)


def encode(info: dict[str, Any], value: Value | None) -> str:
    """A stored value as the dictionary shows it."""
    text, number, date = value or (None, None, None)
    kind = info.get("FieldType", "ShortText")
    if UDEF_KINDS.get(kind, ("", "text"))[1] == "text":
        return text or ""
    if kind in ("Date", "UnlimitedDate"):
        if date is None:
            return ""
        return enc.encode_datetime(date) if kind == "Date" else f"[D:{enc.as_utc(date):%m/%d/%Y}]"
    if kind == "Decimal":
        return enc.encode_float(number or 0.0)
    return enc.encode_int(int(number or 0))


def parse(info: dict[str, Any], raw: str | None) -> Value:
    """A value sent for a field, checked against its type; "" clears a number or a date."""
    kind, key = info.get("FieldType", "ShortText"), info.get("ProgId", "")
    raw = raw or ""
    what = f"User-defined field {key} ({info.get('FieldLabel', '')}, {kind})"
    if UDEF_KINDS.get(kind, ("", "text"))[1] == "text":
        limit = int(info.get("TextLength") or 0)
        if limit and len(raw) > limit:
            raise ValidationError(f"{what}: the text is {len(raw)} characters, the field holds {limit}.",
                                  field=key, value=raw)
        return raw, None, None
    if not enc.plain(raw).strip():
        return None, None, None
    if kind in ("Date", "UnlimitedDate"):
        return None, None, enc.parse_datetime(raw, what)
    if kind == "Decimal":
        return None, enc.parse_float(raw, what), None
    if kind == "Checkbox":
        return None, 1.0 if enc.parse_bool(raw, what) else 0.0, None
    return None, float(enc.parse_int(raw, what)), None


def _pairs(d: t.StringDictionary | None) -> list[tuple[str, str]]:
    return [(p.Key or "", p.Value or "") for p in (getattr(d, "StringKeyValuePair", None) or []) if p is not None]


def checked(call: Call, carrier: str, sent: t.StringDictionary | None) -> dict[int, Value]:
    """The values a save sends, by field id, every key and value checked before anything is written."""
    owner = owner_of(carrier)
    pairs = _pairs(sent)
    if owner is None or not pairs:
        return {}
    fields = published(call, owner)
    out: dict[int, Value] = {}
    for key, raw in pairs:
        info = find(fields, key)
        if info is None:
            known = ", ".join(f"{f['ProgId']} ({f.get('FieldLabel', '')})" for f in fields) or "none"
            raise ValidationError(f"{carrier}.UserDefinedFields: there is no published user-defined field "
                                  f"'{key}' on {owner} in this tenant; its fields are: {known}.",
                                  field="UserDefinedFields", value=key)
        out[int(info["UDefFieldId"])] = parse(info, raw)
    return out


def store_values(call: Call, carrier: str, record_id: int, found: dict[int, Value]) -> None:
    owner = owner_of(carrier)
    if owner is not None:
        store.put_values(call.db, call.tenant_id, owner, record_id, found)


def dictionary(call: Call, owner: str, record_id: int | None = None) -> t.StringDictionary:
    """A record's UserDefinedFields (record None: a new one's, text fields at their FieldDefault)."""
    fields = published(call, owner)
    have = store.values(call.db, call.tenant_id, owner, record_id) if record_id and fields else {}
    pairs = []
    for info in fields:
        value = have.get(int(info["UDefFieldId"]))
        if record_id is None and info.get("FieldDefault"):
            value = (info["FieldDefault"], None, None)
        pairs.append(t.StringDictionaryStringKeyValuePair(Key=info["ProgId"], Value=encode(info, value)))
    return t.StringDictionary(StringKeyValuePair=pairs)
