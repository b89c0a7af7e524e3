"""The entity families NetServer keeps in its reference lists: categories, countries, currencies, sale stages,
sale types, project types (List agent) and task list items (Appointment agent).

Implemented: Get<X>Entity and Save<X>Entity of each (their CreateDefault is the entity kit's), and the
readers of whole lists that return these carriers: GetAllCurrencies, GetAllSaleStages,
GetAllSaleTypeEntities, GetBaseCurrency, Appointment.GetTaskListItem(s), List.GetAllTasks, and the country
readers GetCountry (the family's Get), GetCountryList, GetCountries, GetAllCountries.
Why not the kit: a saved item is a list item (NetServer's list tables), so that MDO.GetList, the typed
getters and every open session see it at once; what an item has no column for (Units, CategoryGroup,
DurationUnit, Stages ...) is kept in the kit's document store under the item's id and read back.
A country's ISO codes and domain are columns of the country table (TwoLetterISOCountry, ThreeLetterISOCountry,
DomainName), as is its currency (by the currency's name, e.g. NOK; CurrencyId reads as that currency's id), so
a value wider than its column is refused; EnglishName reads as the Name until one is saved.
Rules: the name (`Name`, or `Value` for sale stages and tasks) is required; rank 0 puts a new item last;
an id the list does not have is refused. Known differences: a contact's or person's Country shows the country's
columns only (not what its document keeps); no Delete (the contract has none for these; the
ListItem operations delete), stages of sale and project types are kept as sent, not linked to the lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from soapsvc.agents import carriers as c
from soapsvc.agents import implements, kit
from soapsvc.call import Call
from soapsvc.contract import catalogue as cat
from soapsvc.contract import types as t
from soapsvc.errors import ValidationError
from soapsvc.store import kit as docs
from soapsvc.store import list as store
from soapsvc.store.reference import Item

COLUMNS = {"tooltip": "Tooltip", "rank": "Rank", "deleted": "Deleted"}


@dataclass(frozen=True)
class ListFamily:
    carrier: str
    list_name: str
    name_field: str
    value_field: str | None = None  # the list's number (a currency's rate, a stage's probability)
    defaults: dict[str, Any] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)  # more columns of the list's table: column -> field

    @property
    def id_field(self) -> str:
        return cat.FAMILIES[self.carrier].id_field

    @property
    def cls(self) -> type:
        return getattr(t, self.carrier)


FAMILIES = {f.carrier: f for f in (
    ListFamily("CategoryEntity", "category", "Name"),
    ListFamily("CurrencyEntity", "currency", "Name", "Rate", {"Units": 1.0}),
    ListFamily("Country", "country", "Name", columns={"code": "TwoLetterISOCountry", "code3": "ThreeLetterISOCountry",
                                                       "domain": "DomainName", "currency": "CurrencyId"}),
    ListFamily("SaleStageEntity", "salestage", "Value", "Probability"),
    ListFamily("SaleTypeEntity", "saletype", "Name"),
    ListFamily("ProjectTypeEntity", "projecttype", "Name"),
    ListFamily("TaskListItem", "task", "Value", defaults={"Type": "Appointment"}),
)}


CODES = ("code", "code3", "domain", "currency")  # the order of ReferenceData.countries
for _fam in FAMILIES.values():  # a reference to a list item is checked against the session's lists
    kit.EXISTS[_fam.carrier] = lambda call, item_id, name=_fam.list_name: (
        c.list_item(call.session, name, item_id) is not None)


def _currency_id(call: Call, code: str) -> int:
    return next((i.id for i in call.session.reference.lists.get("currency", ()) if code and i.name == code), 0)


def _from_columns(call: Call, fam: ListFamily, extra: dict[str, Any]) -> dict[str, Any]:
    out = {f: extra.get(col) or "" for col, f in fam.columns.items()}
    if "currency" in fam.columns:
        out["CurrencyId"] = _currency_id(call, extra.get("currency", ""))
    return out


def _build(call: Call, fam: ListFamily, item: Item, doc: dict[str, Any], extra: dict[str, Any]) -> Any:
    values = {**c.blanks(fam.cls), **fam.defaults, **_from_columns(call, fam, extra), **c.from_doc(fam.cls, doc)}
    if "EnglishName" in values and not doc.get("EnglishName"):
        values["EnglishName"] = item.name
    values.update({fam.id_field: item.id, fam.name_field: item.name, "Tooltip": item.tooltip, "Rank": item.rank,
                   "Deleted": item.deleted})
    if fam.value_field:
        values[fam.value_field] = item.value if fam.value_field == "Rate" else round(item.value)
    return fam.cls(**values)


def entities(call: Call, carrier: str, items: list[Item] | tuple[Item, ...],
             extra: dict[int, dict[str, Any]] | None = None) -> list[Any]:
    """List items as the family's carriers, with what their documents keep (one query); a country's
    columns from `extra`, else as the session's reference data has them."""
    fam = FAMILIES[carrier]
    kept = dict(docs.get_many(call.db, call.tenant_id, carrier, [i.id for i in items]))
    if extra is None:
        extra = {i: dict(zip(CODES, codes, strict=True))
                 for i, codes in (call.session.reference.countries or {}).items()} if fam.columns else {}
    return [_build(call, fam, i, kept.get(i.id, {}), extra.get(i.id, {})) for i in items]


def get(call: Call, carrier: str, item_id: int | None) -> Any:
    """The entity as stored now (a call that has just written reads back through this, not its cache)."""
    fam = FAMILIES[carrier]
    db, tid, list_name = call.db, call.tenant_id, fam.list_name
    item = store.get_item(db, tid, list_name, item_id or 0) if item_id else None
    if item is None:
        return None
    extra = {item.id: store.columns(db, tid, list_name, item.id)} if fam.columns else {}
    return entities(call, carrier, [item], extra)[0]


def _column_values(call: Call, fam: ListFamily, e: Any) -> dict[str, Any]:
    """The list table's own columns of a carrier, each refused when wider than its column."""
    values = {col: (getattr(e, f, None) or "").strip() for col, f in fam.columns.items() if f != "CurrencyId"}
    if "currency" in fam.columns:
        currency = call.session.reference.item("currency", getattr(e, "CurrencyId", 0) or 0)
        values["currency"] = currency.name if currency else ""
    widths = store.widths(fam.list_name)
    for col, value in values.items():
        if len(value) > widths.get(col, len(value)):
            name = fam.columns[col]
            raise ValidationError(f"{fam.carrier}.{name}: '{value}' is longer than the {widths[col]} characters "
                                  f"the {fam.list_name} table keeps.", field=name, value=value)
    return values


def save(call: Call, carrier: str, e: Any) -> Any:
    fam = FAMILIES[carrier]
    if e is None:
        raise ValidationError(f"Save{carrier} needs a {carrier}.")
    name = (getattr(e, fam.name_field, None) or "").strip()
    if not name:
        raise ValidationError(f"{carrier}.{fam.name_field} is required: a list item needs a name.",
                              field=fam.name_field)
    kit.check(call, carrier, e)
    blank = c.blanks(fam.cls)
    values = {"name": name, **{col: getattr(e, f, None) or blank[f] for col, f in COLUMNS.items()}}
    if fam.value_field:
        values["value"] = float(getattr(e, fam.value_field, 0) or 0)
    values.update(_column_values(call, fam, e))
    db, tid, item_id = call.db, call.tenant_id, getattr(e, fam.id_field, 0) or 0
    if not item_id:
        item_id = store.insert_item(db, tid, fam.list_name, values)
    elif not store.update_item(db, tid, fam.list_name, item_id, values):
        raise ValidationError(f"There is no {carrier} {item_id} in this tenant's {fam.list_name} list: send "
                              f"{fam.id_field} 0 to add one.", field=fam.id_field)
    kept = {fam.id_field, fam.name_field, fam.value_field, *COLUMNS.values(), *fam.columns.values()}
    docs.put(db, tid, carrier, item_id, c.to_doc(e, kept))
    return get(call, carrier, item_id)


@implements("List", "GetCountryList")
def get_country_list(call: Call, ids: list[int] | None) -> list[Any]:
    """The countries with these ids, in the order asked; unknown ids are left out."""
    found = {i.id: i for i in call.session.reference.lists.get("country", ())}
    return entities(call, "Country", [found[i] for i in ids or [] if i in found])


def _every(call: Call, carrier: str, include_deleted: bool | None) -> list[Any]:
    items = call.session.reference.lists.get(FAMILIES[carrier].list_name, ())
    return entities(call, carrier, [i for i in items if include_deleted or not i.deleted])


def _register(carrier: str, agent: str) -> None:
    family = cat.FAMILIES[carrier]
    implements(agent, family.operations["Get"])(lambda call, item_id: get(call, carrier, item_id))
    implements(agent, family.operations["Save"])(lambda call, e: save(call, carrier, e))


for _carrier in FAMILIES:
    _register(_carrier, cat.FAMILIES[_carrier].agent)

for _agent, _operation, _carrier in (("List", "GetAllCurrencies", "CurrencyEntity"),
                                     ("List", "GetAllSaleStages", "SaleStageEntity"),
                                     ("List", "GetAllSaleTypeEntities", "SaleTypeEntity"),
                                     ("List", "GetAllTasks", "TaskListItem"),
                                     ("List", "GetAllCountries", "Country"),
                                     ("Appointment", "GetTaskListItems", "TaskListItem")):
    implements(_agent, _operation)(lambda call, include_deleted, carrier=_carrier: _every(call, carrier,
                                                                                          include_deleted))

implements("List", "GetCountries")(lambda call: _every(call, "Country", False))
