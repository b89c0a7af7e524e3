"""Saint agent with zeep from the reference WSDL: Saint configurations per owner table and the status monitor
periods, stored per tenant."""

from __future__ import annotations

import pytest

from tests.agents.support import Agents, new_tenant, ok, refused
from tests.conftest import Server

CONTACT, PROJECT = 5, 11  # NetServer's table numbers


@pytest.fixture
def agents(server: Server) -> Agents:
    return Agents(server, new_tenant())


def configurations(agents: Agents) -> dict[int, tuple[bool, int, int, int]]:
    found = ok(agents.Saint.GetSaintConfigurations()).SaintConfiguration
    return {c.OwnerTable: (c.Enabled, c.Period1, c.Period2, c.Period3) for c in found}


def test_configurations_are_the_defaults_until_saved(agents: Agents) -> None:
    assert configurations(agents) == {CONTACT: (True, 90, 180, 365), PROJECT: (True, 90, 180, 365)}


def test_saved_configuration_is_read_back_for_its_table_only(server: Server, agents: Agents) -> None:
    config = ok(agents.Saint.CreateDefaultSaintConfiguration())
    config.OwnerTable, config.Enabled, config.Period1, config.Period2, config.Period3 = PROJECT, False, 7, 30, 60
    config.RowsGenerated = 1234  # the server's to set: ignored
    saved = ok(agents.Saint.SaveSaintConfiguration(config))
    assert (saved.OwnerTable, saved.Enabled, saved.Period1, saved.Period3, saved.RowsGenerated) == \
        (PROJECT, False, 7, 60, 0)
    assert configurations(agents) == {CONTACT: (True, 90, 180, 365), PROJECT: (False, 7, 30, 60)}
    config.Enabled, config.Period1 = True, 14
    ok(agents.Saint.SaveSaintConfiguration(config))
    assert configurations(agents)[PROJECT] == (True, 14, 30, 60)
    assert configurations(Agents(server, new_tenant())) == {CONTACT: (True, 90, 180, 365),
                                                            PROJECT: (True, 90, 180, 365)}


def test_configuration_of_another_table_or_a_negative_period_is_refused(agents: Agents) -> None:
    config = ok(agents.Saint.CreateDefaultSaintConfiguration())
    config.OwnerTable = 9
    refused(agents.Saint.SaveSaintConfiguration(config), "OwnerTable 9")
    config.OwnerTable, config.Period2 = CONTACT, -1
    refused(agents.Saint.SaveSaintConfiguration(config), "Period2")
    assert configurations(agents)[CONTACT] == (True, 90, 180, 365)


def test_status_monitor_periods_saved_per_tenant(server: Server, agents: Agents) -> None:
    periods = ok(agents.Saint.GetStatusMonitorPeriods())
    assert (periods.Period1, periods.Period2, periods.Period3) == (90, 180, 365)
    saved = ok(agents.Saint.SaveStatusMonitorPeriods({"Period1": 10, "Period2": 20, "Period3": 40}))
    assert (saved.Period1, saved.Period2, saved.Period3) == (10, 20, 40)
    again = ok(agents.Saint.GetStatusMonitorPeriods())
    assert (again.Period1, again.Period2, again.Period3) == (10, 20, 40)
    refused(agents.Saint.SaveStatusMonitorPeriods({"Period1": -5, "Period2": 20, "Period3": 40}), "Period1")
    assert ok(agents.Saint.GetStatusMonitorPeriods()).Period1 == 10
    other = ok(Agents(server, new_tenant()).Saint.GetStatusMonitorPeriods())
    assert other.Period1 == 90
