"""Preference with zeep from the reference WSDL: values per level read back by NetServer's fallback order, the
Defaults preferences in CreateDefaultContactEntity, descriptions, and refusals that change nothing."""

from __future__ import annotations

from typing import Any

import pytest

from tests.agents.support import Agents, new_tenant, ok, refused
from tests.agents.test_mdo import items
from tests.conftest import Server

ADMIN, SAL = 1, 2  # seeded associates; SAL's primary group is Sales (1), ADMIN's Administration (3)
SALES = 1


@pytest.fixture
def agents(server: Server) -> Agents:
    return Agents(server, new_tenant())


def pref(section: str, key: str, value: str, level: str, target: int = 0) -> dict[str, Any]:
    return {"Level": level, "RawValue": value, "Specification": {"Section": section, "Key": key}, "TargetId": target}


def values(agents: Agents, *keys: tuple[str, str]) -> list[tuple[str, str]]:
    specs = {"PreferenceSpec": [{"Section": s, "Key": k} for s, k in keys]}
    return [(p.Level, p.RawValue or "") for p in items(agents.Preference.GetPreferences(specs), "Preference")]


def test_system_value_overridden_at_user_level_by_the_fallback_order(agents: Agents) -> None:
    sal = Agents(agents.base, agents.tenant, "SAL", "sal")
    key = ("MyThing", "Volume")
    assert values(agents, key) == [("Undefined", "")]
    system = ok(agents.Preference.SavePreferenceEntity(pref(*key, "quiet", "SystemWide"), False))
    assert (system.Level, system.RawValue, system.TargetId) == ("SystemWide", "quiet", 0)
    assert values(agents, key) == values(sal, key) == [("SystemWide", "quiet")]
    ok(agents.Preference.SavePreferenceEntity(pref(*key, "off", "Group", SALES), False))
    assert values(sal, key) == [("Group", "off")] and values(agents, key) == [("SystemWide", "quiet")]
    mine = ok(sal.Preference.SavePreferenceEntity(pref(*key, "loud", "Individual"), False))
    assert mine.TargetId == SAL
    assert values(sal, key) == [("Individual", "loud")] and values(agents, key) == [("SystemWide", "quiet")]
    again = ok(sal.Preference.SavePreferenceEntity(pref(*key, "louder", "Individual"), False))
    assert again.UserPreferenceId == mine.UserPreferenceId  # same level and owner: the value is replaced
    assert ok(agents.Preference.GetPreferenceByNameAndId(*key, "Individual", SAL)).RawValue == "louder"
    assert ok(sal.Preference.GetPreferenceByName(*key, "Group")).RawValue == "off"
    assert ok(agents.Preference.GetPreferenceByName(*key, "Individual")) is None
    ok(sal.Preference.DeletePreference(mine.UserPreferenceId))
    assert ok(sal.Preference.GetPreference(mine.UserPreferenceId)) is None
    assert values(sal, key) == [("Group", "off")]
    ok(agents.Preference.SavePreferenceEntity(pref(*key, "mute", "SystemWide"), True))  # removes lower levels
    assert values(sal, key) == [("SystemWide", "mute")]


def test_defaults_preferences_change_create_default_contact(agents: Agents) -> None:
    before = ok(agents.Contact.CreateDefaultContactEntity())
    assert (before.Business.Id, before.Category.Id, before.Country.CountryId) == (1, 1, 578)
    sal = Agents(agents.base, agents.tenant, "SAL", "sal")
    ok(agents.Preference.SavePreferences({"Preference": [pref("Defaults", "CategoryId", "2", "SystemWide"),
                                                         pref("Defaults", "BusinessId", "3", "Group", SALES)]}))
    ok(sal.Preference.SavePreference(pref("Defaults", "CountryId", "752", "Individual")))
    theirs, mine = ok(sal.Contact.CreateDefaultContactEntity()), ok(agents.Contact.CreateDefaultContactEntity())
    assert (theirs.Business.Id, theirs.Category.Id, theirs.Country.CountryId) == (3, 2, 752)
    assert (mine.Business.Id, mine.Category.Id, mine.Country.CountryId) == (1, 2, 578)
    shown = items(sal.Preference.GetPreferencesWithDisplayValues(
        {"PreferenceSpec": [{"Section": "Defaults", "Key": "CountryId"}]}), "Preference")
    assert [(p.RawValue, p.DisplayValue) for p in shown] == [("752", "Sweden")]


def test_invalid_preferences_are_refused_and_nothing_changes(agents: Agents) -> None:
    key = ("MyThing", "Colour")
    ok(agents.Preference.SavePreference(pref(*key, "purple", "SystemWide")))
    for bad, words in ((pref("", "Colour", "x", "SystemWide"), "Section is required"),
                       (pref("MyThing", "k" * 200, "x", "SystemWide"), "199 characters"),
                       (pref(*key, "x", "Undefined"), "Level Undefined"),
                       (pref(*key, "x", "PC"), "Level PC"),
                       (pref(*key, "x", "Individual", 987654), "987654"),
                       (pref(*key, "x", "Group", 987654), "987654")):
        refused(agents.Preference.SavePreferenceEntity(bad, False), words)
    refused(agents.Preference.SavePreferences({"Preference": [pref(*key, "green", "Individual"),
                                                              pref(*key, "x", "Group", 987654)]}), "987654")
    assert values(agents, key) == [("SystemWide", "purple")]  # the list's valid first one was not written
    desc = ok(agents.Preference.CreateDefaultPreferenceDescription())
    desc.Section, desc.Key, desc.Name, desc.MaxLevel = "MyThing", "Colour", "Colour", "SystemWide"
    saved = ok(agents.Preference.SavePreferenceDescription(desc))
    refused(agents.Preference.SavePreference(pref(*key, "green", "Individual")), "at most at level SystemWide")
    assert values(agents, key) == [("SystemWide", "purple")]
    twin = ok(agents.Preference.CreateDefaultPreferenceDescription())
    twin.Section, twin.Key = "mything", "COLOUR"
    refused(agents.Preference.SavePreferenceDescription(twin), f"description {saved.PrefDescId}")
    assert [d.PrefDescId for d in items(agents.Preference.GetAll(), "PreferenceDescription")] == [saved.PrefDescId]


def test_descriptions_by_section_and_key_with_their_lines(agents: Agents) -> None:
    desc = ok(agents.Preference.CreateDefaultPreferenceDescription())
    desc.Name, desc.ValueType = "Volume", "ListOfValues"
    saved = ok(agents.Preference.SaveFromSectionAndKey("MyThing", "Volume", desc))
    assert (saved.Section, saved.Key, saved.ValueType) == ("MyThing", "Volume", "ListOfValues")
    desc.Name = "Loudness"
    assert ok(agents.Preference.SaveFromSectionAndKey("MyThing", "Volume", desc)).PrefDescId == saved.PrefDescId
    assert ok(agents.Preference.GetFromSectionAndKey("mything", "volume")).Name == "Loudness"
    other = ok(agents.Preference.SaveFromSectionAndKey("Other", "Thing", desc))
    assert [d.PrefDescId for d in items(agents.Preference.GetAllFromSection("MyThing"), "PreferenceDescription")] \
        == [saved.PrefDescId]
    lines = [{"PrefDescLineId": 0, "PrefDescId": saved.PrefDescId, "PrefValue": v, "PrefShowValue": v.title()}
             for v in ("quiet", "loud")]
    written = items(agents.Preference.SavePreferenceDescriptionLines({"PreferenceDescriptionLine": lines}),
                    "PreferenceDescriptionLine")
    assert [line.PrefValue for line in written] == ["quiet", "loud"]
    found = ok(agents.Preference.GetPreferenceDescriptionLineFromIdAndValue(saved.PrefDescId, "loud"))
    assert found.PrefDescLineId == written[1].PrefDescLineId
    bad = [{**lines[0], "PrefDescId": 987654}]
    refused(agents.Preference.SavePreferenceDescriptionLines({"PreferenceDescriptionLine": [lines[0], *bad]}),
            "987654")
    assert len(items(agents.Preference.GetPreferenceDescriptionLinesByPrefDescId(saved.PrefDescId),
                     "PreferenceDescriptionLine")) == 2
    ok(agents.Preference.DeleteFromSectionAndKey("MyThing", "Volume"))
    assert ok(agents.Preference.GetPreferenceDescription(saved.PrefDescId)) is None
    assert ok(agents.Preference.GetPreferenceDescriptionLine(written[0].PrefDescLineId)) is None
    assert ok(agents.Preference.GetPreferenceDescription(other.PrefDescId)) is not None
