"""MDO: NetServer's lists by name, answered from the session's cached reference lists (no query beyond the
ticket check; a list written by another call, on any worker, is reloaded first: `Tenant.ref_version`).

Implemented: GetList, GetListWithHistory, GetListWithRestriction, GetSimpleList, GetListItem, GetListNames,
GetListIdByListName, GetSelectableList, GetSelectableListWithHistory, GetSelectableListWithRestriction,
GetSelectableSimpleList.

List names as NetServer's MDO provider documentation gives them (case-insensitive): business, category,
country, usergroup, roles, associate, saletype, prob (sale stages), salestage and saleprobability (the
stages as the sale dialog shows them), source, salesource, currency, rating, reason, reasonsold,
reasonstalled, comptr, credited, task, appointmenttask, priority, projtype, projecttype,
projecttypeflatlist, projstatus, projectstatus, perspos, persint, contint, pmembtype, lists (the list
definitions), udlist (AdditionalInfo: the list id) and udlist<id> (user-defined lists).

Semantics: items in rank order (associates by full name, as NetServer's sample); deleted items hidden,
except by the AdditionalInfo NetServer documents for it (GetDeletedStages, GetDeleted, showDeleted) and
for the ids a client passes as HistoryItems. OnlyHistory gives the history items alone. A restriction is a
case-insensitive prefix of the name (`*` and `%` match anything), answered as a flat list. Lists are flat,
but for "associate", which groups the associates under their user groups (Type "usergroup") unless
ForceFlatList. ExtraInfo as documented: sale type duration, stage probability, task free/busy, project
type duration. An unknown list name is an SoNotFoundException.

Known differences from NetServer: no headings (the Heading table), no MDO filtering by user group, no
per-user history (OnlyHistory without HistoryItems is empty), no "...withnoselection"/"...withallitem"/
"...headings" variants, no "None" items (task includeNone); saletype ExtraInfo is 0 (durations are not
stored), stage links (SaleTypeStageLinkId, ProjectTypeStatusLinkId) are left out, SaleTypeID/ProjectTypeId
do not filter; SetSelected is not implemented.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from soapsvc.agents import carriers as c
from soapsvc.agents import implements
from soapsvc.call import Call
from soapsvc.contract import types as t
from soapsvc.errors import NotFoundError
from soapsvc.store import list as lists
from soapsvc.store.reference import Item, ReferenceData


@dataclass(frozen=True)
class Entry:
    """One item of an MDO list before it becomes a carrier."""

    id: int
    name: str
    tooltip: str = ""
    deleted: bool = False
    rank: int = 0
    extra: str = ""
    type: str = ""
    children: tuple[Entry, ...] = ()


Info = dict[str, str]
Build = Callable[[ReferenceData, Info, bool], list[Entry]]


def _entries(ref: ReferenceData, source: str, extra: Callable[[Item], str] = lambda _: "") -> list[Entry]:
    return [Entry(i.id, i.name, i.tooltip, i.deleted, i.rank, extra(i)) for i in ref.lists.get(source, ())]


def _plain(source: str, extra: Callable[[Item], str] = lambda _: "") -> Build:
    return lambda ref, _info, _flat: _entries(ref, source, extra)


def _percent(i: Item) -> int:
    return round(i.value)


def _stages(ref: ReferenceData, _info: Info, _flat: bool) -> list[Entry]:
    """Stages with their probability, then Sold (-2) and Lost (-1), as the "salestage" provider."""
    stages = _entries(ref, "salestage", lambda i: f"IsDeleted={i.deleted}&Probability={_percent(i)}")
    return [*stages, Entry(-2, "Sold", extra="Probability=100"), Entry(-1, "Lost", extra="Probability=0")]


def _probabilities(ref: ReferenceData, _info: Info, _flat: bool) -> list[Entry]:
    """Lost first, the stages named with their probability, Sold last, as the sale dialog's list."""
    stages = [Entry(i.id, f"{i.name} ({_percent(i)}%)", i.tooltip, i.deleted, i.rank, str(_percent(i)))
              for i in ref.lists.get("salestage", ())]
    return [Entry(-1, "Lost", extra="0"), *stages, Entry(-2, "Sold", extra="100")]


def _usergroups(ref: ReferenceData, info: Info, _flat: bool) -> list[Entry]:
    excluded = {int(x) for x in re.split(r"[,\s]+", f"{info.get('exclude_id', '')},{info.get('exclude_ids', '')}")
                if x.strip().lstrip("-").isdigit()}
    return [e for e in _entries(ref, "usergroup") if e.id not in excluded]


def _roles(ref: ReferenceData, info: Info, _flat: bool) -> list[Entry]:
    """Employee roles (role type 0, the default); soapsvc has no other role types."""
    return _entries(ref, "role") if info.get("", "0") in ("", "0") else []


def _associates(ref: ReferenceData, _info: Info, flat: bool) -> list[Entry]:
    users = sorted(ref.associates, key=lambda u: (f"{u.firstname} {u.lastname}".strip().lower(), u.id))
    leaves = [Entry(u.id, f"{u.firstname} {u.lastname}".strip(), u.name, u.deleted, rank)
              for rank, u in enumerate(users, 1)]
    if flat:
        return leaves
    group_of = {u.id: u.group_id for u in users}
    return [Entry(g.id, g.name, g.tooltip, g.deleted, g.rank, type="usergroup",
                  children=tuple(e for e in leaves if group_of[e.id] == g.id))
            for g in ref.lists.get("usergroup", ()) if any(group_of[e.id] == g.id for e in leaves)]


def _definitions(ref: ReferenceData, info: Info, _flat: bool) -> list[Entry]:
    """The lists themselves: the built-in ones (unless onlyUserDefinedLists), then the user-defined ones."""
    own = _entries(ref, lists.USER_LISTS)
    if _true(info, "onlyuserdefinedlists"):
        return own
    return [*(Entry(d.id, d.title, rank=rank) for rank, d in enumerate(lists.BUILTIN, 1)), *own]


def _user_list(list_id: int | None) -> Build:
    """A user-defined list's items; "udlist" names the list in AdditionalInfo, "udlist<id>" in its name."""

    def build(ref: ReferenceData, info: Info, _flat: bool) -> list[Entry]:
        given = info.get("", "")
        wanted = list_id if list_id is not None else int(given) if given.isdigit() else 0
        if not any(i.id == wanted for i in ref.lists.get(lists.USER_LISTS, ())):
            raise NotFoundError(f"There is no user-defined list {wanted} in this tenant (the MDO list 'udlist' "
                                "takes the list id as AdditionalInfo; 'udlist<id>' names it).")
        return _entries(ref, lists.user_list_source(wanted))

    return build


NO_DURATION = "duration=0&unit=0"
LISTS: dict[str, Build] = {
    **{name: _plain(name) for name in ("business", "category", "country", "source", "currency",
                                       "rating", "reason", "reasonsold", "reasonstalled", "credited", "task",
                                       "priority")},
    "comptr": _plain("competitor"), "perspos": _plain("position"), "persint": _plain("personinterest"),
    "contint": _plain("contactinterest"), "pmembtype": _plain("projectmembertype"), "prob": _plain("salestage"),
    "projtype": _plain("projecttype"), "projstatus": _plain("projectstatus"), "salesource": _plain("source"),
    "saletype": _plain("saletype", lambda _: "0"),
    "appointmenttask": _plain("task", lambda _: "freebusy=0;allday=0;ispublished=0"),
    "projecttype": _plain("projecttype", lambda _: NO_DURATION),
    "projecttypeflatlist": _plain("projecttype", lambda _: NO_DURATION),
    "projectstatus": _plain("projectstatus", lambda i: f"IsDeleted={i.deleted}"),
    "salestage": _stages, "saleprobability": _probabilities, "usergroup": _usergroups, "roles": _roles,
    "associate": _associates, "lists": _definitions, "udlist": _user_list(None),
}
SHOW_DELETED = ("getdeletedstages", "getdeleted", "showdeleted")  # the AdditionalInfo keys that show deleted items


def _true(info: Info, key: str) -> bool:
    return info.get(key, "").strip().lower() in ("true", "1")


def parse_info(text: str | None) -> Info:
    """AdditionalInfo as NetServer's providers read it: `key=value` pairs separated by & or ;, keys in any
    case; a bare value (a list id, a role type) is under the key ""."""
    info: Info = {}
    for part in re.split(r"[&;]", text or ""):
        key, sep, value = part.partition("=")
        if sep:
            info[key.strip().lower()] = value.strip()
        elif part.strip():
            info[""] = part.strip()
    return info


def build(call: Call, name: str | None, flat: bool, info_text: str | None) -> tuple[list[Entry], Info]:
    """Every item of a list, deleted ones included, or NetServer's error for a name it does not know."""
    key = (name or "").strip().lower()
    dynamic = re.fullmatch(r"udlist(\d+)", key)
    builder = _user_list(int(dynamic.group(1))) if dynamic else LISTS.get(key)
    if builder is None:
        raise NotFoundError(f"There is no MDO list named '{name or ''}': MDO.GetListNames gives the names this "
                            "server knows (NetServer's provider names, e.g. 'business', 'category', 'associate').",
                            name=name or "")
    info = parse_info(info_text)
    return builder(call.session.reference, info, flat), info


def _shown(entries: list[Entry], keep: set[int], show_deleted: bool) -> list[Entry]:
    """Deleted items left out (but those in `keep`), at every level."""
    out = []
    for e in entries:
        if e.deleted and not show_deleted and e.id not in keep:
            continue
        out.append(replace(e, children=tuple(_shown(list(e.children), keep, show_deleted))) if e.children else e)
    return out


def _leaves(entries: list[Entry]) -> list[Entry]:
    return [leaf for e in entries for leaf in (_leaves(list(e.children)) if e.children else [e])]


def _carrier(cls: type, e: Entry) -> t.MDOListItem | t.SelectableMDOListItem:
    more = {"Selected": False, "LastChanged": c.MIN_DATE, "Hidden": False} if cls is t.SelectableMDOListItem else {}
    return cls(Id=e.id, Name=e.name, ToolTip=e.tooltip, Deleted=e.deleted, Rank=e.rank, Type=e.type,
               ChildItems=[_carrier(cls, x) for x in e.children], IconHint="", ColorBlock=0, ExtraInfo=e.extra,
               StyleHint="", FullName=e.name, **more)


def listed(call: Call, cls: type, name: str | None, flat: bool | None, info_text: str | None,
           history: list[int] | None = None, only_history: bool | None = False) -> list:
    """GetList and its variants: the visible items, or with OnlyHistory the history items in their order."""
    entries, info = build(call, name, bool(flat), info_text)
    keep = list(history or [])
    if only_history:
        by_id = {e.id: e for e in _leaves(entries)}
        return [_carrier(cls, by_id[i]) for i in keep if i in by_id]
    shown = _shown(entries, set(keep), any(_true(info, k) for k in SHOW_DELETED))
    return [_carrier(cls, e) for e in shown]


def restricted(call: Call, cls: type, name: str | None, info_text: str | None, search: str | None) -> list:
    """The visible items whose name starts with `search` (any case; * and % match anything), flat."""
    entries, info = build(call, name, True, info_text)
    pattern = re.compile(".*".join(re.escape(p) for p in re.split(r"[*%]", search or "")), re.IGNORECASE)
    shown = _shown(_leaves(entries), set(), any(_true(info, k) for k in SHOW_DELETED))
    return [_carrier(cls, e) for e in shown if pattern.match(e.name)]


@implements("MDO", "GetList", replayable=True)
def get_list(call: Call, name: str | None, flat: bool | None, info: str | None, only_history: bool | None) -> list:
    """OnlyHistory without HistoryItems: soapsvc keeps no per-user history, so nothing."""
    return listed(call, t.MDOListItem, name, flat, info, [], only_history)


@implements("MDO", "GetSelectableList", replayable=True)
def get_selectable_list(call: Call, name: str | None, flat: bool | None, info: str | None,
                        only_history: bool | None) -> list:
    return listed(call, t.SelectableMDOListItem, name, flat, info, [], only_history)


@implements("MDO", "GetListWithHistory", replayable=True)
def get_list_with_history(call: Call, name: str | None, flat: bool | None, info: str | None,
                          history: list[int] | None, only_history: bool | None) -> list:
    """The list with the HistoryItems shown even when deleted (a saved entity may still use them)."""
    return listed(call, t.MDOListItem, name, flat, info, history, only_history)


@implements("MDO", "GetSelectableListWithHistory", replayable=True)
def get_selectable_list_with_history(call: Call, name: str | None, flat: bool | None, info: str | None,
                                     history: list[int] | None, only_history: bool | None) -> list:
    return listed(call, t.SelectableMDOListItem, name, flat, info, history, only_history)


@implements("MDO", "GetSimpleList", replayable=True)
def get_simple_list(call: Call, name: str | None) -> list:
    return listed(call, t.MDOListItem, name, True, "")


@implements("MDO", "GetSelectableSimpleList", replayable=True)
def get_selectable_simple_list(call: Call, name: str | None) -> list:
    return listed(call, t.SelectableMDOListItem, name, True, "")


@implements("MDO", "GetListWithRestriction", replayable=True)
def get_list_with_restriction(call: Call, name: str | None, info: str | None, search: str | None) -> list:
    return restricted(call, t.MDOListItem, name, info, search)


@implements("MDO", "GetSelectableListWithRestriction", replayable=True)
def get_selectable_list_with_restriction(call: Call, name: str | None, info: str | None,
                                         search: str | None) -> list:
    return restricted(call, t.SelectableMDOListItem, name, info, search)


@implements("MDO", "GetListItem", replayable=True)
def get_list_item(call: Call, name: str | None, item_id: int | None) -> t.MDOListItem | None:
    """One item by id, deleted or not; an id the list does not have reads as a nil Response."""
    entries, _info = build(call, name, True, "")
    found = next((e for e in _leaves(entries) if e.id == (item_id or 0)), None)
    return _carrier(t.MDOListItem, found) if found else None


@implements("MDO", "GetListNames", replayable=True)
def get_list_names(call: Call) -> list[str]:
    return sorted(LISTS)


@implements("MDO", "GetListIdByListName", replayable=True)
def get_list_id_by_list_name(call: Call, name: str | None) -> int:
    """The list's UdListDefinitionId (the List agent's), or 0 for a list that has none, as NetServer."""
    key = (name or "").strip().lower()
    own = (lists.user_definition(i) for i in call.session.reference.lists.get(lists.USER_LISTS, ()))
    return next((d.id for d in (*lists.BUILTIN, *own) if key in (d.name.lower(), d.source)), 0)
