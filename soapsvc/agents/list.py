"""List: list items and user-defined lists, and the typed readers of the seeded lists.

Implemented: CreateDefaultListItemEntity, SaveListItemEntity; Get/Add/Save/Delete/GetAll/SaveAll/DeleteAll
FromListDefinition and ...FromListName; CreateDefaultListEntity, SaveListEntity, SaveListEntityByName,
GetListEntity, GetListEntityByName, GetListDefinitions, DeleteListEntity, DeleteListEntityByName; the
typed readers Get<X>, Get<X>List and Get<Xs> of business, category, competitor, credited,
currency, position, priority, project status and type, rating, reason (lost, sold, stalled), sale type,
source and task, with GetOurCurrency, GetOwnerCompanysCurrency, GetBaseCurrency,
ChangeCurrency. The entities kept in lists (GetCategoryEntity, SaveCurrencyEntity, GetAllSaleStages ...)
and the countries (GetCountry, SaveCountry ...) are in `list_entities`; SetListItemsForHeading in `headings`.

A list is named by its UdListDefinitionId or by its name: NetServer's table name ("category", "comptr",
"prob" ... see soapsvc.store.list.BUILTIN), soapsvc's cached list name, its title, or for a user-defined
list its name or "udlist<id>". Reads come from the session's cached lists; every write bumps the tenant's
reference version, so that the change shows at once in MDO.GetList of every session on every worker.

Known differences from NetServer: headings group items only as `headings` says (the other ...Heading...
operations are not implemented), visibility per user group only as `webpanel` keeps it
(...VisibleForUserGroupsFromListName; the other ...UserGroup... operations are not implemented); an item
saved with Rank 0 is put last; deleting an item
deletes it even when entities still refer to it (they then read it as absent; Deleted=true hides it
instead), but a user group that still has users is refused; built-in lists cannot be saved or deleted as
ListEntity, and a user-defined list's flags (IsMDOList, UseGroupsAndHeadings ...) are stored as sent but
change nothing; roles are not list items.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from soapsvc.agents import carriers as c
from soapsvc.agents import implements
from soapsvc.call import Call
from soapsvc.contract import types as t
from soapsvc.errors import NotFoundError, ValidationError
from soapsvc.session import SessionEntry
from soapsvc.store import list as store
from soapsvc.store.list import ListDefinition
from soapsvc.store.reference import Item

TEXT_LIMIT = 255  # the width of the name and tooltip columns


# --- which list ---

def _definitions(call: Call) -> list[ListDefinition]:
    own = call.session.reference.lists.get(store.USER_LISTS, ())
    return [*store.BUILTIN, *(store.user_definition(i) for i in own)]


def _find(call: Call, wanted: Callable[[ListDefinition], bool], error: NotFoundError) -> ListDefinition:
    found = next((d for d in _definitions(call) if wanted(d)), None)
    if found is None:
        raise error
    return found


def by_id(call: Call, list_id: int | None) -> ListDefinition:
    return _find(call, lambda d: d.id == (list_id or 0), NotFoundError(
        f"There is no list with UdListDefinitionId {list_id or 0} in this tenant (MDO.GetList('lists') gives "
        "the lists and their ids).", field="UdListDefinitionId"))


def by_name(call: Call, name: str | None) -> ListDefinition:
    key = (name or "").strip().lower()
    return _find(call, lambda d: key in (d.name.lower(), d.source, d.title.lower()), NotFoundError(
        f"There is no list named '{name or ''}' in this tenant: built-in lists go by NetServer's table name "
        "('category', 'business', 'comptr' ...).", field="Name"))


# --- list items ---

def _item_entity(d: ListDefinition, i: Item) -> t.ListItemEntity:
    return t.ListItemEntity(Id=i.id, Name=i.name, Tooltip=i.tooltip, Deleted=i.deleted, UdListDefinitionId=d.id,
                            Rank=i.rank)


def _text(value: str | None, field: str, required: bool = False) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError(f"{field} is required: a list item needs a name.", field=field)
    if len(text) > TEXT_LIMIT:
        raise ValidationError(f"{field} is longer than {TEXT_LIMIT} characters.", field=field)
    return text


def save_item(call: Call, d: ListDefinition, item_id: int, e: t.ListItemEntity | None) -> t.ListItemEntity:
    """Insert (id 0) or update an item of list `d`; nothing is written when the input is refused."""
    if e is None:
        raise ValidationError("A ListItemEntity is required.")
    values: dict[str, Any] = {"name": _text(e.Name, "Name", required=True), "tooltip": _text(e.Tooltip, "Tooltip"),
                              "deleted": bool(e.Deleted), "rank": e.Rank or 0}
    db, tid = call.db, call.tenant_id
    if item_id:
        before = store.get_item(db, tid, d.source, item_id)
        if before is None:
            raise ValidationError(f"There is no item {item_id} to update in the list '{d.name}'.", field="Id")
        store.update_item(db, tid, d.source, item_id, {**values, "rank": values["rank"] or before.rank})
    else:
        item_id = store.insert_item(db, tid, d.source, values)
    return _item_entity(d, store.get_item(db, tid, d.source, item_id))


def _items(call: Call, d: ListDefinition) -> tuple[Item, ...]:
    return call.session.reference.lists.get(d.source, ())


def items_of(call: Call, d: ListDefinition, include_deleted: bool | None) -> list[t.ListItemEntity]:
    return [_item_entity(d, i) for i in _items(call, d) if include_deleted or not i.deleted]


def item_of(call: Call, d: ListDefinition, item_id: int | None) -> t.ListItemEntity | None:
    found = next((i for i in _items(call, d) if i.id == (item_id or 0)), None)
    return _item_entity(d, found) if found else None


def _deletable(call: Call, d: ListDefinition, item_ids: list[int]) -> str:
    """The list's source, unless a user group to delete still has users (they would have no group)."""
    if d.source == "usergroup":
        members = [u.name for u in call.session.reference.associates if u.group_id in item_ids]
        if members:
            raise ValidationError(f"The user group still has users ({', '.join(members)}): move them to another "
                                  "group first.", field="Id")
    return d.source


@implements("List", "CreateDefaultListItemEntity")
def create_default_item(call: Call) -> t.ListItemEntity:
    return t.ListItemEntity(Id=0, Name="", Tooltip="", Deleted=False, UdListDefinitionId=0, Rank=0)


@implements("List", "SaveListItemEntity")
def save_list_item_entity(call: Call, e: t.ListItemEntity | None) -> t.ListItemEntity:
    """The list is the entity's UdListDefinitionId; Id 0 inserts, any other updates."""
    if e is None:
        raise ValidationError("SaveListItemEntity needs a ListItemEntity.")
    return save_item(call, by_id(call, e.UdListDefinitionId), e.Id or 0, e)


def _register_item_operations(suffix: str, resolve: Callable[[Call, Any], ListDefinition]) -> None:
    """The ...FromListDefinition and ...FromListName operations: the same, but for how the list is named."""

    def get_all(call: Call, which: Any, include_deleted: bool | None) -> list[t.ListItemEntity]:
        return items_of(call, resolve(call, which), include_deleted)

    def get(call: Call, item_id: int | None, which: Any) -> t.ListItemEntity | None:
        return item_of(call, resolve(call, which), item_id)

    def add(call: Call, which: Any, item: t.ListItemEntity | None) -> t.ListItemEntity:
        return save_item(call, resolve(call, which), 0, item)

    def save(call: Call, item_id: int | None, which: Any, item: t.ListItemEntity | None) -> t.ListItemEntity:
        return save_item(call, resolve(call, which), item_id or 0, item)

    def save_all(call: Call, which: Any, items: list[t.ListItemEntity] | None) -> list[t.ListItemEntity]:
        d = resolve(call, which)
        return [save_item(call, d, i.Id or 0, i) for i in items or []]

    def delete(call: Call, item_id: int | None, which: Any) -> None:
        """Deleting an item that is not there changes nothing."""
        d = resolve(call, which)
        store.delete_items(call.db, call.tenant_id, _deletable(call, d, [item_id or 0]), [item_id or 0])

    def delete_all(call: Call, which: Any) -> None:
        d = resolve(call, which)
        store.delete_items(call.db, call.tenant_id, _deletable(call, d, [i.id for i in _items(call, d)]))

    for operation, func in (("GetAllFrom", get_all), ("GetFrom", get), ("AddFrom", add), ("SaveFrom", save),
                            ("SaveAllFrom", save_all), ("DeleteFrom", delete), ("DeleteAllFrom", delete_all)):
        implements("List", operation + suffix)(func)


_register_item_operations("ListDefinition", by_id)
_register_item_operations("ListName", by_name)


# --- lists ---

FLAGS = ("IsCustomList", "IsMDOList", "UseGroupsAndHeadings", "ListType", "InUseByUserDefinedFields")


def _list_entity(call: Call, d: ListDefinition, item: Item | None = None) -> t.ListEntity:
    if d.builtin:
        return c.carrier(t.ListEntity, Id=d.id, Name=d.title, Tooltip="", Deleted=False,
                         Rank=store.BUILTIN.index(d) + 1, IsCustomList=False, IsMDOList=True,
                         UseGroupsAndHeadings=False, ListType=d.name, InUseByUserDefinedFields=False)
    item = item or store.get_item(call.db, call.tenant_id, store.USER_LISTS, d.id)
    flags = store.list_flags(call.db, call.tenant_id, d.id)
    return c.carrier(t.ListEntity, Id=d.id, Name=item.name, Tooltip=item.tooltip, Deleted=item.deleted,
                     Rank=item.rank, **{f: flags.get(f, "" if f == "ListType" else False) for f in FLAGS})


def _own(d: ListDefinition) -> ListDefinition:
    if d.builtin:
        raise ValidationError(f"The list '{d.title}' is built in: only user-defined lists can be changed or "
                              "deleted as a ListEntity (their items can: SaveListItemEntity).", field="Id")
    return d


def save_list(call: Call, list_id: int, e: t.ListEntity | None) -> t.ListEntity:
    """Create (id 0) or update a user-defined list."""
    if e is None:
        raise ValidationError("A ListEntity is required.")
    name = _text(e.Name, "Name", required=True)
    values = {"name": name, "tooltip": _text(e.Tooltip, "Tooltip"), "deleted": bool(e.Deleted), "rank": e.Rank or 0}
    if any(d.name.lower() == name.lower() and d.id != list_id for d in _definitions(call)):
        raise ValidationError(f"There is already a list named '{name}'.", field="Name")
    flags = {f: getattr(e, f) for f in FLAGS if getattr(e, f) is not None}
    db, tid = call.db, call.tenant_id
    if list_id:
        _own(by_id(call, list_id))
        before = store.get_item(db, tid, store.USER_LISTS, list_id)
        store.update_list(db, tid, list_id, {**values, "rank": values["rank"] or before.rank}, flags)
    else:
        list_id = store.create_list(db, tid, values, flags)
    item = store.get_item(db, tid, store.USER_LISTS, list_id)
    return _list_entity(call, store.user_definition(item), item)


def _delete_list(call: Call, d: ListDefinition) -> None:
    store.delete_list(call.db, call.tenant_id, _own(d).id)


@implements("List", "CreateDefaultListEntity")
def create_default_list(call: Call) -> t.ListEntity:
    return t.ListEntity(Id=0, Name="", Tooltip="", Deleted=False, Rank=0, IsCustomList=False, IsMDOList=False,
                        UseGroupsAndHeadings=False, ListType="", InUseByUserDefinedFields=False)


@implements("List", "SaveListEntity")
def save_list_entity(call: Call, e: t.ListEntity | None) -> t.ListEntity:
    return save_list(call, (e.Id or 0) if e else 0, e)


@implements("List", "SaveListEntityByName")
def save_list_entity_by_name(call: Call, name: str | None, e: t.ListEntity | None) -> t.ListEntity:
    return save_list(call, by_name(call, name).id, e)


@implements("List", "GetListEntity")
def get_list_entity(call: Call, list_id: int | None) -> t.ListEntity | None:
    """The list, or a nil Response for an id no list has."""
    try:
        return _list_entity(call, by_id(call, list_id))
    except NotFoundError:
        return None


@implements("List", "GetListEntityByName")
def get_list_entity_by_name(call: Call, name: str | None) -> t.ListEntity:
    return _list_entity(call, by_name(call, name))


@implements("List", "GetListDefinitions")
def get_list_definitions(call: Call, include_deleted: bool | None) -> list[t.ListEntity]:
    found = [_list_entity(call, d) for d in _definitions(call)]
    return [e for e in found if include_deleted or not e.Deleted]


@implements("List", "DeleteListEntity")
def delete_list_entity(call: Call, list_id: int | None) -> None:
    _delete_list(call, by_id(call, list_id))


@implements("List", "DeleteListEntityByName")
def delete_list_entity_by_name(call: Call, name: str | None) -> None:
    _delete_list(call, by_name(call, name))


# --- the typed readers ---

Make = Callable[[SessionEntry, Item], Any]


def _register_readers(list_name: str, make: Make, one: str | None, many: str | None, every: tuple[str, ...],
                      every_with_deleted: str | None = None) -> None:
    """Get<X>(id), Get<X>List(ids), Get<Xs>() and GetAll<Xs>(IncludeDeleted) of one list."""

    def items(call: Call) -> tuple[Item, ...]:
        return call.session.reference.lists.get(list_name, ())

    def get_one(call: Call, item_id: int | None) -> Any:
        """The item, deleted or not; an id the list does not have reads as a nil Response."""
        found = next((i for i in items(call) if i.id == (item_id or 0)), None)
        return make(call.session, found) if found else None

    def get_many(call: Call, ids: list[int] | None) -> list[Any]:
        """The items with these ids, in the order asked; unknown ids are left out."""
        found = {i.id: i for i in items(call)}
        return [make(call.session, found[i]) for i in ids or [] if i in found]

    def get_every(call: Call, include_deleted: bool | None = False) -> list[Any]:
        return [make(call.session, i) for i in items(call) if include_deleted or not i.deleted]

    for operation, func in ((one, get_one), (many, get_many), (every_with_deleted, get_every),
                            *((name, get_every) for name in every)):
        if operation:
            implements("List", operation)(func)


def _simple(cls: type) -> Make:
    return lambda _s, i: cls(Id=i.id, Value=i.name, Tooltip=i.tooltip)


for _name, _cls, _one, _many, _every in (
    ("business", t.Business, "GetBusiness", "GetBusinessList", "GetBusinesses"),
    ("competitor", t.Competitor, "GetCompetitor", "GetCompetitorList", "GetCompetitors"),
    ("credited", t.Credited, "GetCredited", "GetCreditedList", "GetCrediteds"),
    ("currency", t.Currency, "GetCurrency", "GetCurrencyList", "GetCurrencies"),
    ("position", t.Position, "GetPosition", "GetPositionList", "GetPositions"),
    ("priority", t.Priority, "GetPriority", "GetPriorityList", "GetPriorities"),
    ("projectstatus", t.ProjectStatus, "GetProjectStatus", "GetProjectStatusList", "GetProjectStatuses"),
    ("projecttype", t.ProjectType, "GetProjectType", "GetProjectTypeList", "GetProjectTypes"),
    ("rating", t.Rating, "GetRating", "GetRatingList", "GetRatings"),
    ("reason", t.Reason, "GetReason", "GetReasonList", "GetReasons"),
    ("reasonsold", t.ReasonSold, "GetReasonSold", "GetReasonSoldList", "GetAllReasonSold"),
    ("reasonstalled", t.ReasonStalled, "GetReasonStalled", "GetReasonStalledList", "GetAllReasonStalled"),
    ("saletype", t.SaleType, "GetSaleType", "GetSaleTypeList", "GetAllSaleType"),
    ("source", t.Source, "GetSource", "GetSourceList", "GetSources"),
    ("task", t.Task, "GetTask", "GetTaskList", "GetTasks"),
):
    _register_readers(_name, _simple(_cls), _one, _many, (_every,))

_register_readers("category", lambda s, i: c.category(s, i.id), "GetCategory", "GetCategoryList", ("GetCategories",))


# --- currencies ---

def _own_currency(call: Call) -> Item | None:
    """The currency of the owner company's country (the user's), by its ISO code."""
    ref = call.session.reference
    code = ((ref.countries or {}).get(call.session.principal.country_id) or ("", "", "", ""))[3]
    return next((i for i in ref.lists.get("currency", ()) if i.name == code), None)


@implements("List", "GetOurCurrency")
def get_our_currency(call: Call) -> t.Currency | None:
    found = _own_currency(call)
    return _simple(t.Currency)(call.session, found) if found else None


@implements("List", "GetOwnerCompanysCurrency")
def get_owner_companys_currency(call: Call) -> t.Currency | None:
    return get_our_currency(call)


@implements("List", "GetBaseCurrency")
def get_base_currency(call: Call) -> t.CurrencyEntity | None:
    from soapsvc.agents.list_entities import entities

    found = _own_currency(call)
    return entities(call, "CurrencyEntity", [found])[0] if found else None


@implements("List", "ChangeCurrency")
def change_currency(call: Call, amount: float | None, source: str | None, target: str | None) -> float:
    """An amount in currency `source` (its name, e.g. "EUR") in currency `target`, by the list's rates."""
    rates = {i.name.lower(): i.value for i in call.session.reference.lists.get("currency", ())}
    for label, code in (("FromCurrency", source), ("ToCurrency", target)):
        if not rates.get((code or "").lower()):
            raise ValidationError(f"{label} '{code or ''}' is not a currency of this tenant with a rate.", field=label)
    return (amount or 0.0) * rates[source.lower()] / rates[target.lower()]
