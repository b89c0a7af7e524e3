"""Preferences as NetServer reads them for the signed-in user, shared by the Preference agent and the
CreateDefault operations whose defaults they drive.

A stored preference (NetServer's userpreference row) is a kit document of PREFS: section, key, level
(PreferenceLevel's number: 1 HardDefault, 2 SystemWide, 3 Database, 4 Group, 5 Individual) and owner (the
associate for Individual, the user group for Group, 0 otherwise). The current value of a section and key is
the most specific row that applies to the user: Individual (the user), then Group (the user's primary
group), then Database, SystemWide and HardDefault; none is a preference at level Undefined.
"""

from __future__ import annotations

from typing import Any

from soapsvc.agents import carriers as c
from soapsvc.call import Call
from soapsvc.store import kit as docs

PREFS = "UserPreference"
LEVELS = ("Undefined", "HardDefault", "SystemWide", "Database", "Group", "Individual", "PC")
GROUP, INDIVIDUAL = LEVELS.index("Group"), LEVELS.index("Individual")
DEFAULTS = "Defaults"  # the section of the defaults of new entities ("Default values")
# The keys of the defaults a new contact takes, and the list each names an item of.
DEFAULT_KEYS = {"BusinessId": "business", "CategoryId": "category", "CountryId": "country"}


def owner(call: Call, level: int) -> int:
    """The owner a level's row has for the signed-in user."""
    p = call.session.principal
    return p.associate_id if level == INDIVIDUAL else p.group_id if level == GROUP else 0


def rows(call: Call) -> list[tuple[int, dict[str, Any]]]:
    return docs.all_of(call.db, call.tenant_id, PREFS)


def same_key(doc: dict[str, Any], section: str, key: str) -> bool:
    return doc["Section"].lower() == section.lower() and doc["Key"].lower() == key.lower()


def current(call: Call, section: str, key: str) -> tuple[int, dict[str, Any]] | None:
    """The row that gives the user's value of `section`/`key` (the most specific that applies), or None."""
    applying = [(i, d) for i, d in rows(call)
                if same_key(d, section, key) and d["Owner"] == owner(call, d["Level"])]
    return max(applying, key=lambda r: r[1]["Level"], default=None)


def default_id(call: Call, list_name: str) -> int | None:
    """The item of `list_name` the Defaults preference names for a new entity, or None: not set, or set to an
    item the list no longer has (then the built-in default applies)."""
    key = next(k for k, name in DEFAULT_KEYS.items() if name == list_name)
    found = current(call, DEFAULTS, key)
    value = (found[1].get("RawValue") or "").strip() if found else ""
    if not value.lstrip("-").isdigit() or c.list_item(call.session, list_name, int(value)) is None:
        return None
    return int(value)
