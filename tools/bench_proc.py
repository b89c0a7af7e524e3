"""Server processes as the benchmarks see them: a server's worker pids, their own CPU time and RSS, from /proc.

CPU per call is read from the workers' own counters (utime + stime) before and after a load, so the load
tool's processes, which share the machine's cores, are not counted as server time.
"""

from __future__ import annotations

import os
from pathlib import Path

PROC = Path("/proc")
TICKS = os.sysconf("SC_CLK_TCK")


def stat_fields(text: str) -> tuple[int, int, int]:
    """(ppid, utime, stime) of a /proc/<pid>/stat line; the command name may hold spaces and parentheses."""
    fields = text[text.rindex(")") + 2:].split()
    return int(fields[1]), int(fields[11]), int(fields[12])


def children(pid: int, proc: Path = PROC) -> list[int]:
    """The pids whose parent is `pid` (a gunicorn master's or node cluster primary's workers)."""
    found = []
    for entry in proc.iterdir():
        if entry.name.isdigit():
            try:
                if stat_fields((entry / "stat").read_text())[0] == pid:
                    found.append(int(entry.name))
            except (OSError, ValueError):
                continue
    return sorted(found)


def cpu_seconds(pids: list[int], proc: Path = PROC) -> float:
    """User + system CPU seconds the processes used so far (their own, not their children's)."""
    ticks = 0
    for pid in pids:
        _, utime, stime = stat_fields((proc / str(pid) / "stat").read_text())
        ticks += utime + stime
    return ticks / TICKS


def rss_mb(pid: int, proc: Path = PROC) -> float:
    """Resident set size of a process in MB (VmRSS of /proc/<pid>/status)."""
    for row in (proc / str(pid) / "status").read_text().splitlines():
        if row.startswith("VmRSS:"):
            return int(row.split()[1]) / 1024
    raise ValueError(f"no VmRSS for {pid}")
