"""Preference: preference values per user, user group, database and system, and their descriptions.

Implemented: GetPreferences, GetPreferencesWithDisplayValues (the user's current values, by NetServer's
fallback order, `prefs`), GetPreference, GetPreferenceByName, GetPreferenceByNameAndId, SavePreference,
SavePreferenceEntity, SavePreferences, SavePreferenceEntities, DeletePreference, DeletePreferences;
descriptions: SavePreferenceDescription, GetPreferenceDescription, DeletePreferenceDescription (with its
lines), GetFromSectionAndKey, GetAll, GetAllFromSection, SaveFromSectionAndKey, DeleteFromSectionAndKey,
and for their lines (the entity kit's family) SavePreferenceDescriptionLines,
GetPreferenceDescriptionLineFromIdAndValue, DeletePreferenceDescriptionLines, DeletePrefDescLinesByPrefDescId(s).
CreateDefaultPreference and the CreateDefaults of descriptions and lines stay the kit's.
Rules: a preference needs a section and a key (each at most 199 characters, the prefdesc columns) and a level
that is stored (HardDefault to Individual; Undefined and PC are refused); its TargetId is the owner: a user
for Individual, a user group for Group (0: the signed-in user's own), nothing otherwise; a level closer to
the user than its description's MaxLevel allows is refused. Saving the same section, key, level and owner
again replaces the value; RemoveLowerLevels deletes the rows of the levels closer to the user. A list of
preferences is checked whole before any is written. A description's section and key are required and name
one description (compared without case). Section Defaults, keys BusinessId, CategoryId and CountryId (the
docs name the "Default values" section but not its keys; these are soapsvc's) give a new contact its
business, category and country. Not implemented: tab orders, XSRF values, NetServices status.
"""

from __future__ import annotations

from typing import Any

from soapsvc.agents import behaviour_of, implements, kit, kit_fields, prefs
from soapsvc.agents import carriers as c
from soapsvc.call import Call
from soapsvc.contract import types as t
from soapsvc.errors import ValidationError
from soapsvc.store import kit as docs

WIDTH = 199  # prefsection, prefkey
DESC, LINE = "PreferenceDescription", "PreferenceDescriptionLine"
DESC_PLAN = kit_fields.plan(DESC, "PrefDescId")
STORED = range(prefs.LEVELS.index("HardDefault"), prefs.LEVELS.index("PC"))


# --- values ---

def _carrier(call: Call, pref_id: int, doc: dict[str, Any], display: bool = False) -> t.Preference:
    value, level = doc.get("RawValue", ""), doc["Level"]
    shown = value
    list_name = prefs.DEFAULT_KEYS.get(doc["Key"]) if doc["Section"].lower() == prefs.DEFAULTS.lower() else None
    if display and list_name and value.isdigit():
        item = c.list_item(call.session, list_name, int(value))
        shown = item.name if item else value
    return c.carrier(t.Preference, Level=prefs.LEVELS[level], RawValue=value, DisplayValue=shown if display else "",
                     DisplayTooltip="", Specification=t.PreferenceSpec(Section=doc["Section"], Key=doc["Key"]),
                     TargetId=doc["Owner"], PrefDescId=doc.get("PrefDescId", 0), UserPreferenceId=pref_id,
                     TabOrder=None)


def _unset(section: str, key: str) -> t.Preference:
    return c.carrier(t.Preference, Level="Undefined", RawValue="", DisplayValue="", DisplayTooltip="",
                     Specification=t.PreferenceSpec(Section=section, Key=key), TabOrder=None)


def _description(call: Call, section: str, key: str) -> tuple[int, dict[str, Any]] | None:
    wanted = section.lower(), key.lower()
    return next(((i, d) for i, d in docs.all_of(call.db, call.tenant_id, DESC)
                 if ((d.get("Section") or "").lower(), (d.get("Key") or "").lower()) == wanted), None)


def _spec(spec: Any, what: str) -> tuple[str, str]:
    section, key = ((getattr(spec, "Section", None) or "").strip(), (getattr(spec, "Key", None) or "").strip())
    for name, value in (("Section", section), ("Key", key)):
        if not value:
            raise ValidationError(f"{what}.{name} is required: a preference is named by its section and key.",
                                  field=name)
        if len(value) > WIDTH:
            raise ValidationError(f"{what}.{name} is longer than the {WIDTH} characters a preference's {name} "
                                  f"has.", field=name, value=value[:40])
    return section, key


def _owner(call: Call, level: int, target: int) -> int:
    if level == prefs.INDIVIDUAL:
        target = target or call.session.principal.associate_id
        if call.session.reference.associate(target) is None:
            raise ValidationError(f"Preference.TargetId {target} is not a user of this tenant.", field="TargetId",
                                  value=str(target))
    elif level == prefs.GROUP:
        target = target or call.session.principal.group_id
        if c.list_item(call.session, "usergroup", target) is None:
            raise ValidationError(f"Preference.TargetId {target} is not a user group of this tenant.",
                                  field="TargetId", value=str(target))
    else:
        target = 0
    return target


def _row(call: Call, p: Any) -> dict[str, Any]:
    """The stored row of a preference a client sends, checked (nothing is written here)."""
    if p is None:
        raise ValidationError("A Preference is required.")
    section, key = _spec(p.Specification, "Preference.Specification")
    level = prefs.LEVELS.index(p.Level) if p.Level in prefs.LEVELS else 0
    if level not in STORED:
        raise ValidationError(f"Preference.Level {p.Level or 'Undefined'} is not a level a preference is stored at: "
                              f"send HardDefault, SystemWide, Database, Group or Individual.", field="Level",
                              value=str(p.Level))
    desc = _description(call, section, key)
    max_level = (desc[1].get("MaxLevel") if desc else None) or "Undefined"
    if desc and max_level in prefs.LEVELS[1:] and level > prefs.LEVELS.index(max_level):
        raise ValidationError(f"[{section}] {key} can be set at most at level {max_level}, not {p.Level}.",
                              field="Level", value=str(p.Level))
    return {"Section": section, "Key": key, "Level": level, "Owner": _owner(call, level, p.TargetId or 0),
            "RawValue": p.RawValue or "", "PrefDescId": desc[0] if desc else 0}


def _write(call: Call, row: dict[str, Any], remove_lower: bool) -> int:
    db, tid = call.db, call.tenant_id
    same = [i for i, d in prefs.rows(call) if prefs.same_key(d, row["Section"], row["Key"])
            and d["Level"] == row["Level"] and d["Owner"] == row["Owner"]]
    if same:
        docs.update_doc(db, tid, prefs.PREFS, same[0], row)
    if remove_lower:
        lower = [i for i, d in prefs.rows(call) if prefs.same_key(d, row["Section"], row["Key"])
                 and d["Level"] > row["Level"]]
        docs.delete_ids(db, tid, prefs.PREFS, lower)
    return same[0] if same else docs.insert(db, tid, prefs.PREFS, lambda _id: row)


def _save_all(call: Call, preferences: list[Any] | None, remove_lower: bool | None) -> list[int]:
    checked = [_row(call, p) for p in preferences or []]
    return [_write(call, row, bool(remove_lower)) for row in checked]


@implements("Preference", "SavePreferenceEntity")
def save_preference_entity(call: Call, p: Any, remove_lower: bool | None) -> t.Preference:
    pref_id = _save_all(call, [p], remove_lower)[0]
    return get_preference(call, pref_id)


def _void(func: Any) -> Any:
    """An operation with no answer, from a function whose result it drops."""
    def run(*args: Any) -> None:
        func(*args)

    return run


implements("Preference", "SavePreference")(_void(lambda call, p: _save_all(call, [p], False)))
implements("Preference", "SavePreferences")(_void(lambda call, ps: _save_all(call, ps, False)))
implements("Preference", "SavePreferenceEntities")(_void(_save_all))


@implements("Preference", "GetPreference", replayable=True)
def get_preference(call: Call, pref_id: int | None) -> t.Preference | None:
    doc = docs.get(call.db, call.tenant_id, prefs.PREFS, pref_id or 0) if pref_id else None
    return _carrier(call, pref_id or 0, doc) if doc is not None else None


def _current(call: Call, specs: list[Any] | None, display: bool) -> list[t.Preference]:
    out = []
    for spec in specs or []:
        section, key = _spec(spec, "PreferenceSpec")
        found = prefs.current(call, section, key)
        out.append(_carrier(call, *found, display=display) if found else _unset(section, key))
    return out


implements("Preference", "GetPreferences", replayable=True)(lambda call, specs: _current(call, specs, False))
implements("Preference", "GetPreferencesWithDisplayValues", replayable=True)(
    lambda call, specs: _current(call, specs, True))


def _at_level(call: Call, section: str | None, key: str | None, level: str | None, owner: int | None
              ) -> t.Preference | None:
    """The row of exactly this level and owner (None: the signed-in user's), or nil."""
    name = (section or "").strip(), (key or "").strip()
    number = prefs.LEVELS.index(level) if level in prefs.LEVELS else 0
    wanted = prefs.owner(call, number) if owner is None else owner
    return next((_carrier(call, i, d) for i, d in prefs.rows(call) if prefs.same_key(d, *name)
                 and d["Level"] == number and d["Owner"] == wanted), None)


implements("Preference", "GetPreferenceByName", replayable=True)(
    lambda call, section, key, level: _at_level(call, section, key, level, None))
implements("Preference", "GetPreferenceByNameAndId", replayable=True)(
    lambda call, section, key, level, owner_id: _at_level(call, section, key, level, owner_id or 0))
implements("Preference", "DeletePreference")(
    _void(lambda call, pref_id: docs.delete_ids(call.db, call.tenant_id, prefs.PREFS, [pref_id or 0])))
implements("Preference", "DeletePreferences")(
    _void(lambda call, ids: docs.delete_ids(call.db, call.tenant_id, prefs.PREFS, list(ids or []))))


# --- descriptions ---

def _desc(call: Call, desc_id: int, doc: dict[str, Any]) -> t.PreferenceDescription:
    return kit.entity(call, DESC_PLAN, desc_id, doc)


@implements("Preference", "GetPreferenceDescription", replayable=True)
def get_description(call: Call, desc_id: int | None) -> t.PreferenceDescription | None:
    doc = docs.get(call.db, call.tenant_id, DESC, desc_id or 0) if desc_id else None
    return _desc(call, desc_id or 0, doc) if doc is not None else None


@implements("Preference", "SavePreferenceDescription")
def save_description(call: Call, d: Any) -> t.PreferenceDescription:
    if d is None:
        raise ValidationError("SavePreferenceDescription needs a PreferenceDescription.")
    section, key = _spec(d, "PreferenceDescription")
    d.Section, d.Key, desc_id = section, key, d.PrefDescId or 0
    db, tid = call.db, call.tenant_id
    clash = _description(call, section, key)
    if clash and clash[0] != desc_id:
        raise ValidationError(f"[{section}] {key} is described already, by preference description {clash[0]}.",
                              field="Key", value=key)
    doc = c.to_doc(d, {"PrefDescId"})
    if not desc_id:
        desc_id = docs.insert(db, tid, DESC, lambda _id: doc)
    elif not docs.update_doc(db, tid, DESC, desc_id, doc):
        raise ValidationError(f"There is no preference description {desc_id} in this tenant: send PrefDescId 0 to "
                              f"add one.", field="PrefDescId", value=str(desc_id))
    return _desc(call, desc_id, doc)


def _delete_descriptions(call: Call, ids: list[int]) -> None:
    db, tid = call.db, call.tenant_id
    if docs.delete_ids(db, tid, DESC, ids):
        _delete_lines_of(call, ids)


@implements("Preference", "DeletePreferenceDescription")
def delete_description(call: Call, desc_id: int | None) -> None:
    _delete_descriptions(call, [desc_id or 0])


@implements("Preference", "GetFromSectionAndKey", replayable=True)
def get_from_section_and_key(call: Call, section: str | None, key: str | None) -> t.PreferenceDescription | None:
    found = _description(call, (section or "").strip(), (key or "").strip())
    return _desc(call, *found) if found else None


def _in_section(call: Call, section: str | None) -> list[t.PreferenceDescription]:
    wanted = (section or "").strip().lower()
    return [_desc(call, i, d) for i, d in docs.all_of(call.db, call.tenant_id, DESC)
            if section is None or (d.get("Section") or "").lower() == wanted]


implements("Preference", "GetAll", replayable=True)(lambda call: _in_section(call, None))
implements("Preference", "GetAllFromSection", replayable=True)(lambda call, section: _in_section(call, section or ""))


@implements("Preference", "SaveFromSectionAndKey")
def save_from_section_and_key(call: Call, section: str | None, key: str | None, d: Any) -> t.PreferenceDescription:
    """The description of this section and key, made or replaced by the one sent."""
    if d is None:
        raise ValidationError("SaveFromSectionAndKey needs a PreferenceDescription.")
    d.Section, d.Key = section, key
    found = _description(call, (section or "").strip(), (key or "").strip())
    d.PrefDescId = found[0] if found else 0
    return save_description(call, d)


@implements("Preference", "DeleteFromSectionAndKey")
def delete_from_section_and_key(call: Call, section: str | None, key: str | None) -> None:
    found = _description(call, (section or "").strip(), (key or "").strip())
    if found:
        _delete_descriptions(call, [found[0]])


# --- description lines (the entity kit's family: these read and write its storage) ---

def _lines(call: Call) -> list[tuple[int, dict[str, Any]]]:
    return docs.all_of(call.db, call.tenant_id, LINE)


def _delete_lines_of(call: Call, desc_ids: list[int]) -> None:
    ids = [i for i, d in _lines(call) if d.get("PrefDescId", 0) in desc_ids]
    docs.delete_ids(call.db, call.tenant_id, LINE, ids)


implements("Preference", "DeletePrefDescLinesByPrefDescId")(lambda call, desc_id: _delete_lines_of(call, [desc_id]))
implements("Preference", "DeletePrefDescLinesByPrefDescIds")(
    lambda call, ids: _delete_lines_of(call, list(ids or [])))
implements("Preference", "DeletePreferenceDescriptionLines")(
    _void(lambda call, ids: docs.delete_ids(call.db, call.tenant_id, LINE, list(ids or []))))


@implements("Preference", "GetPreferenceDescriptionLineFromIdAndValue", replayable=True)
def get_line_from_id_and_value(call: Call, desc_id: int | None, value: str | None) -> Any:
    found = next((i for i, d in _lines(call) if d.get("PrefDescId", 0) == (desc_id or 0)
                  and d.get("PrefValue", "") == (value or "")), None)
    return kit.read(call, LINE, found) if found else None


@implements("Preference", "SavePreferenceDescriptionLines")
def save_lines(call: Call, lines: list[Any] | None) -> list[Any]:
    """Each line as SavePreferenceDescriptionLine saves it; all are checked before any is written."""
    sent = [line for line in lines or [] if line is not None]
    for line in sent:
        kit.check(call, LINE, line)
    save = behaviour_of("Preference", "SavePreferenceDescriptionLine")
    assert save is not None
    return [save(call, line) for line in sent]
