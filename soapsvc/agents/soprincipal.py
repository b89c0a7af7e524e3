"""SoPrincipal: log-in and system information.

Implemented: GetSystemInfo (real data about this soapsvc installation).
Not yet: the four Authenticate operations (the session issue adds them).
"""

from __future__ import annotations

import datetime as dt

from soapsvc import __version__
from soapsvc.agents import implements
from soapsvc.call import Call
from soapsvc.contract import types as t

NETSERVER_VERSION = "10.3.9.0"
DATABASE_VERSION = 62


@implements("SoPrincipal", "GetSystemInfo")
def get_system_info(call: Call) -> t.SoSystemInfoCarrier:
    """What NetServer says about itself; soapsvc reports its own build next to the version it emulates."""
    return t.SoSystemInfoCarrier(
        WarningEnglish="",
        WarningResource="",
        BranchName="soapsvc",
        BuildLabel=f"soapsvc-{__version__}",
        AssemblyVersion=NETSERVER_VERSION,
        AccumulatedNextCheckDate=dt.datetime(2099, 12, 31, tzinfo=dt.UTC),
        FileVersion=NETSERVER_VERSION,
        Description=f"soapsvc {__version__}, an emulator of SuperOffice NetServer Services88",
        DaysUntilNetServerExpiry=36500,
        BuildType="Release",
        DatabaseVersion=DATABASE_VERSION,
        IsUnicode=True,
        CompanyName=f"soapsvc tenant {call.tenant}",
        CompanyId=1,
        DatabaseType="SQLite",
        DatabaseMinor="3",
        DatabaseName=call.tenant,
        IsOnTravel=False,
        IsSatellite=False,
    )
