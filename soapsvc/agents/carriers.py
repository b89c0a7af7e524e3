"""Carriers <-> plain data, and the small carriers every entity embeds (associate, country, list items).

An entity's columns hold what NetServer's rules and searches use; `to_doc`/`from_doc` keep every other
field a client sent, as JSON, so that a read returns all of it.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from spyne.model.complex import Array, ComplexModelBase
from spyne.model.primitive import Boolean, DateTime, Decimal, Duration, Integer, Unicode

from soapsvc.contract import catalogue
from soapsvc.contract import types as t
from soapsvc.session import SessionEntry
from soapsvc.store.reference import Item, UserItem

MIN_DATE = dt.datetime(1, 1, 1, tzinfo=dt.UTC)  # .NET's DateTime.MinValue: what NetServer sends for "no date"


def _fields(cls: type) -> dict[str, type]:
    return dict(cls.get_flat_type_info(cls))


def to_plain(value: Any) -> Any:
    """A carrier (or list, or primitive) as JSON-able data; None fields are left out."""
    if isinstance(value, ComplexModelBase):
        out = {}
        for name in _fields(type(value)):
            item = getattr(value, name, None)
            if item is not None:
                out[name] = to_plain(item)
        return out
    if isinstance(value, list):
        return [to_plain(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    return value


def from_plain(cls: type, value: Any) -> Any:
    """The inverse of `to_plain`, guided by the contract's field types."""
    if value is None:
        return None
    if issubclass(cls, Array):  # an ArrayOfX: its item type is on the class itself, not on Spyne's Array
        (item_type,) = cls._type_info.values()
        return [from_plain(item_type, v) for v in value]
    cls = getattr(cls, "__orig__", None) or cls
    if issubclass(cls, ComplexModelBase):
        types = _fields(cls)
        kwargs = {}
        for name, item in value.items():
            ftype = types.get(name)
            if ftype is None:
                continue
            if ftype.Attributes.max_occurs > 1:
                kwargs[name] = [from_plain(ftype, v) for v in item]
            else:
                kwargs[name] = from_plain(ftype, item)
        return cls(**kwargs)
    if issubclass(cls, DateTime) and isinstance(value, str):
        return dt.datetime.fromisoformat(value)
    if issubclass(cls, Duration) and isinstance(value, int | float):
        return dt.timedelta(seconds=value)
    return value


FULL_RIGHTS = "Select Update Insert Delete Filtering RestrictedUpdate"  # a flags enum: names, space-separated


def _value_blank(ftype: type, ancestors: tuple[str, ...]) -> Any:
    """A factory of the empty value NetServer sends for a carrier field that is a value, not a reference
    (a dictionary, TableRight, an Address ...), or None for a reference or a cycle (left nil)."""
    name = ftype.get_type_name()
    if name in catalogue.READERS or name in ancestors or name not in catalogue.TYPES:
        return None
    cls = getattr(t, name, None)
    if cls is None or catalogue.TYPES[name].item is not None:
        return None
    if name == "TableRight":
        return lambda: new(t.TableRight, {"Mask": FULL_RIGHTS, "Reason": ""})
    plan = _plan_of(cls, (*ancestors, name))
    return lambda: new(cls, _fill(plan))


@cache
def _blank_plan(cls: type) -> tuple[tuple[str, Any], ...]:
    return _plan_of(cls, (cls.get_type_name(),))


def _plan_of(cls: type, ancestors: tuple[str, ...]) -> tuple[tuple[str, Any], ...]:
    plan = []
    for name, ftype in _fields(cls).items():
        if ftype.Attributes.max_occurs > 1 or issubclass(ftype, Array):
            plan.append((name, list))
        elif getattr(ftype, "_values", None) is not None and issubclass(ftype, Unicode):
            plan.append((name, "" if ftype._is_list or not ftype._values else ftype._values[0][0]))
        elif issubclass(ftype, Boolean):
            plan.append((name, False))
        elif issubclass(ftype, Integer):
            plan.append((name, 0))
        elif issubclass(ftype, Decimal):
            plan.append((name, 0.0))
        elif issubclass(ftype, DateTime):
            plan.append((name, MIN_DATE))
        elif issubclass(ftype, Duration):
            plan.append((name, dt.timedelta(0)))
        elif issubclass(ftype, Unicode):
            plan.append((name, ""))
        elif issubclass(ftype, ComplexModelBase) and len(ancestors) < 3:
            factory = _value_blank(ftype, ancestors)
            if factory is not None:
                plan.append((name, factory))
    return tuple(plan)


@cache
def _settable(cls: type) -> tuple[str, ...] | None:
    """The fields of a carrier class if Spyne's constructor only sets them (None, or what is given), else None
    (a default, a read-only field or a property, which the constructor treats otherwise)."""
    if cls.__orig__ is not None or cls.Attributes._xml_tag_body_as is not None:
        return None
    for name, ftype in _fields(cls).items():
        a = ftype.Attributes
        if a.default is not None or a.default_factory is not None or a.read_only \
                or isinstance(getattr(cls, name, None), property) or hasattr(cls, "_sa_class_manager"):
            return None
    return tuple(_fields(cls))


def new(cls: type, values: dict[str, Any]) -> Any:
    """`cls(**values)` as Spyne's constructor makes it (unknown keys ignored); a settable carrier's
    constructor is a dict update (`_quicken_constructors`)."""
    return cls(**values)


def _quick_init(owner: type, names: tuple[str, ...]) -> Any:
    spyne_init = ComplexModelBase.__init__

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        if args or self.__class__ is not owner:  # a subclass, or what Spyne reads otherwise: its own
            spyne_init(self, *args, **kwargs)
        else:
            self.__dict__.update({name: kwargs.get(name) for name in names})
    return init


def _quicken_constructors() -> None:
    """Give each settable contract carrier `new`'s constructor: `t.Business(Id=1)` and Spyne's reader's `cls()`
    then cost a dict update, not Spyne's look-ups per field (its `_init_member`), with the same attributes."""
    for name in catalogue.TYPES:
        cls = getattr(t, name, None)
        if isinstance(cls, type) and issubclass(cls, ComplexModelBase) and (names := _settable(cls)) is not None:
            cls.__init__ = _quick_init(cls, names)


_quicken_constructors()


def _fill(plan: tuple[tuple[str, Any], ...]) -> dict[str, Any]:
    return {name: value() if callable(value) else value for name, value in plan}


def blanks(cls: type) -> dict[str, Any]:
    """What NetServer sends for fields it has no value for: .NET value types are never absent (0, false,
    DateTime.MinValue, an enum's first value), strings are "", lists empty, value carriers (dictionaries,
    TableRight with full rights, an Address ...) empty. Carriers that are references stay nil."""
    return _fill(_blank_plan(cls))


FIELD_DICTIONARIES = ("UserDefinedFields", "ExtraFields", "CustomFields")


def empty_field_dictionaries() -> dict[str, Any]:
    """An entity's user-defined, extra and custom field dictionaries, empty: sent, never nil."""
    return {f: new(t.StringDictionary, {"StringKeyValuePair": []}) for f in FIELD_DICTIONARIES}


def carrier(cls: type, *parts: dict[str, Any], **fields: Any) -> Any:
    """A carrier with every field NetServer always sends: blanks, then each of `parts`, then `fields`."""
    merged = blanks(cls)
    for part in parts:
        merged.update(part)
    merged.update(fields)
    return new(cls, merged)


def to_doc(carrier: Any, exclude: set[str]) -> dict[str, Any]:
    """The fields of a carrier that have no column of their own."""
    plain = to_plain(carrier)
    return {k: v for k, v in plain.items() if k not in exclude}


def from_doc(cls: type, doc: dict[str, Any]) -> dict[str, Any]:
    """Constructor keywords for `cls` from a stored document."""
    types = _fields(cls)
    return {k: (from_plain(types[k], v)) for k, v in doc.items() if k in types}


def utc(value: dt.datetime | None) -> dt.datetime | None:
    """A stored time as an aware UTC datetime (SQLite hands back naive ones)."""
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


# --- the small carriers an entity embeds, from the session's cached lists ---

def associate(session: SessionEntry, associate_id: int) -> t.Associate | None:
    user = session.reference.associate(associate_id)
    if user is None:
        return None
    return associate_of(user)


def associate_of(user: UserItem) -> t.Associate:
    full = f"{user.firstname} {user.lastname}".strip()
    return new(t.Associate, {
        "AssociateId": user.id, "Name": user.name, "PersonId": user.person_id, "Rank": user.id, "Tooltip": full,
        "Type": user.user_type, "GroupIdx": user.group_id, "FullName": full,
        "FormalName": f"{user.lastname}, {user.firstname}".strip(", "), "Deleted": user.deleted, "EjUserId": 0,
        "UserName": user.name, "ExtraFields": new(t.StringDictionary, {"StringKeyValuePair": []}),
        "CustomFields": new(t.StringDictionary, {"StringKeyValuePair": []}),
    })


def list_item(session: SessionEntry, list_name: str, item_id: int) -> Item | None:
    return session.reference.item(list_name, item_id) if item_id else None


def business(session: SessionEntry, business_id: int) -> t.Business | None:
    item = list_item(session, "business", business_id)
    return t.Business(Id=item.id, Value=item.name, Tooltip=item.tooltip) if item else None


def category(session: SessionEntry, category_id: int) -> t.Category | None:
    item = list_item(session, "category", category_id)
    if item is None:
        return None
    return t.Category(Id=item.id, Value=item.name, Tooltip=item.tooltip, Rank=item.rank, Deleted=item.deleted,
                      EnableLeadStatus=False)


def country(session: SessionEntry, country_id: int) -> t.Country | None:
    item = list_item(session, "country", country_id)
    if item is None:
        return None
    extra = session.reference.countries.get(item.id)
    return new(t.Country, {
        "CountryId": item.id, "Name": item.name, "EnglishName": item.name, "Rank": item.rank,
        "Tooltip": item.tooltip, "Deleted": item.deleted, "TwoLetterISOCountry": extra[0] if extra else "",
        "ThreeLetterISOCountry": extra[1] if extra else "", "DomainName": extra[2] if extra else "",
        "CurrencyId": 0, "ImageDescription": "", "OrgNrText": "", "InterAreaPrefix": "", "DialInPrefix": "",
        "ZipPrefix": "", "AddressLayoutId": 0, "DomesticAddressLayoutId": 0, "ForeignAddressLayoutId": 0,
    })


def elements(values: list[t.EntityElement] | None, phone: bool = False) -> list[tuple[str, str, str]]:
    """Phone numbers, e-mail addresses or URLs as (value, stripped value, description), blanks left out.

    A phone number's stripped value is its digits (and a leading +), which searches compare; an e-mail
    address or URL is its own stripped value.
    """
    out = []
    for e in values or []:
        value = (e.Value or "").strip()
        if value:
            stripped = "".join(ch for ch in value if ch.isdigit() or ch == "+") if phone else value
            out.append((value, e.StrippedValue or stripped, e.Description or ""))
    return out


def is_phone_field(field: str) -> bool:
    return "Phone" in field or "Fax" in field


def parts_of(carrier: Any, fields: tuple[str, ...]) -> dict[str, list[tuple[str, str, str]]]:
    """A carrier's phone/e-mail/URL arrays as the element rows storage keeps, by field."""
    return {f: elements(getattr(carrier, f), is_phone_field(f)) for f in fields}


def element_carriers(rows: list[tuple[str, str, str]]) -> list[t.EntityElement]:
    return [t.EntityElement(Value=v, StrippedValue=s, Description=d) for v, s, d in rows]
