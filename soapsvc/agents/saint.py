"""Saint: the tenant's settings of SuperOffice Sales Intelligence (Saint) counters and status monitor periods.

Implemented (hand-written: these carriers have no id, so the entity kit cannot store them, and gives only
their CreateDefault): SaveSaintConfiguration and GetSaintConfigurations, SaveStatusMonitorPeriods and
GetStatusMonitorPeriods.
Rules: NetServer keeps one Saint configuration per owner table, for the entities it counts for (the
CounterValue table has counters for contacts and projects): OwnerTable 5 (contact) and 11 (project); a
configuration for any other table is refused. GetSaintConfigurations answers both, each as saved or, never
saved, the defaults. The status monitor periods are one setting per tenant. A period is a number of days and
may not be negative. GenerationStart, GenerationEnd and RowsGenerated tell of the last regeneration, which the
server does: what a client sends for them is ignored (they stay as they were).
Known differences from NetServer: soapsvc computes no counters and runs no regeneration (those three fields
stay MinValue and 0); the defaults (enabled, periods of 90, 180 and 365 days: the archive providers call the
first period "the last 90 days") are soapsvc's choice.
"""

from __future__ import annotations

from typing import Any

from soapsvc.agents import carriers as c
from soapsvc.agents import implements
from soapsvc.call import Call
from soapsvc.contract import types as t
from soapsvc.errors import ValidationError
from soapsvc.store import kit as docs

OWNER_TABLES = {5: "contact", 11: "project"}  # NetServer's table numbers
PERIODS = ("Period1", "Period2", "Period3")
DEFAULT_PERIODS = {"Period1": 90, "Period2": 180, "Period3": 365}
GENERATED = ("GenerationStart", "GenerationEnd", "RowsGenerated")
SETTINGS_ID = 1  # the one StatusMonitorPeriods document of a tenant


def _periods(carrier: str, e: Any) -> dict[str, int]:
    values = {name: getattr(e, name, None) or 0 for name in PERIODS}
    for name, days in values.items():
        if days < 0:
            raise ValidationError(f"{carrier}.{name} is a number of days: {days} is negative.", field=name,
                                  value=str(days))
    return values


def _read(call: Call, cls: type, doc_id: int, defaults: dict[str, Any]) -> Any:
    kept = docs.get(call.db, call.tenant_id, cls.__name__, doc_id)
    return cls(**{**c.blanks(cls), **defaults, **c.from_doc(cls, kept or {})})


def _configuration(call: Call, owner_table: int) -> t.SaintConfiguration:
    return _read(call, t.SaintConfiguration, owner_table,
                 {"OwnerTable": owner_table, "Enabled": True, **DEFAULT_PERIODS})


@implements("Saint", "GetSaintConfigurations", replayable=True)
def get_saint_configurations(call: Call) -> list[t.SaintConfiguration]:
    return [_configuration(call, table) for table in OWNER_TABLES]


@implements("Saint", "SaveSaintConfiguration")
def save_saint_configuration(call: Call, e: t.SaintConfiguration | None) -> t.SaintConfiguration:
    if e is None:
        raise ValidationError("SaveSaintConfiguration needs a SaintConfiguration.")
    table = e.OwnerTable or 0
    if table not in OWNER_TABLES:
        known = ", ".join(f"{n} ({name})" for n, name in OWNER_TABLES.items())
        raise ValidationError(f"SaintConfiguration.OwnerTable {table}: Saint counts for the tables {known} only.",
                              field="OwnerTable", value=str(table))
    old = docs.get(call.db, call.tenant_id, "SaintConfiguration", table) or {}
    doc = {"Enabled": bool(e.Enabled), **_periods("SaintConfiguration", e),
           **{name: old[name] for name in GENERATED if name in old}}
    docs.put(call.db, call.tenant_id, "SaintConfiguration", table, doc)
    return _configuration(call, table)


@implements("Saint", "GetStatusMonitorPeriods", replayable=True)
def get_status_monitor_periods(call: Call) -> t.StatusMonitorPeriods:
    return _read(call, t.StatusMonitorPeriods, SETTINGS_ID, DEFAULT_PERIODS)


@implements("Saint", "SaveStatusMonitorPeriods")
def save_status_monitor_periods(call: Call, e: t.StatusMonitorPeriods | None) -> t.StatusMonitorPeriods:
    if e is None:
        raise ValidationError("SaveStatusMonitorPeriods needs StatusMonitorPeriods.")
    docs.put(call.db, call.tenant_id, "StatusMonitorPeriods", SETTINGS_ID, _periods("StatusMonitorPeriods", e))
    return get_status_monitor_periods(call)
