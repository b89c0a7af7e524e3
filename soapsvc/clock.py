"""The clock every stamp and expiry reads: UTC, aware, and movable by tests in the same process."""

from __future__ import annotations

import datetime as dt

_offset = dt.timedelta(0)


def now() -> dt.datetime:
    """The current time in UTC (plus any offset a test set)."""
    return dt.datetime.now(dt.UTC) + _offset


def move(delta: dt.timedelta) -> None:
    """Move this process's clock (tests)."""
    global _offset
    _offset += delta


def reset() -> None:
    global _offset
    _offset = dt.timedelta(0)
