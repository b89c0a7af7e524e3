"""The day ranges of NetServer's relative date operators (today, lastWeek ... thisYear), as [start, end).

Days are UTC days and weeks start on Monday (ISO 8601); NetServer uses the user's time zone and culture.
"""

from __future__ import annotations

import datetime as dt

from soapsvc import clock

Range = tuple[dt.datetime, dt.datetime]


def day(value: dt.datetime) -> dt.datetime:
    """Midnight (UTC) of a time's day."""
    return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)


def _month(year: int, month: int) -> dt.datetime:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return dt.datetime(year, month, 1, tzinfo=dt.UTC)


def _months(first: int, count: int, today: dt.datetime) -> Range:
    """`count` months starting at month `first` of today's year (months may run outside the year)."""
    return _month(today.year, first), _month(today.year, first + count)


def period(operator: str, now: dt.datetime | None = None) -> Range:
    """The [start, end) of a relative operator (beforeToday/afterToday: the edge is today's start/end)."""
    today = day(now or clock.now())
    one = dt.timedelta(days=1)
    monday = today - dt.timedelta(days=today.weekday())
    quarter = (today.month - 1) // 3 * 3 + 1
    week = dt.timedelta(weeks=1)
    ranges = {
        "today": (today, today + one),
        "lastweek": (monday - week, monday),
        "thisweek": (monday, monday + week),
        "nextweek": (monday + week, monday + 2 * week),
        "lastmonth": _months(today.month - 1, 1, today),
        "thismonth": _months(today.month, 1, today),
        "nextmonth": _months(today.month + 1, 1, today),
        "lastquarter": _months(quarter - 3, 3, today),
        "thisquarter": _months(quarter, 3, today),
        "nextquarter": _months(quarter + 3, 3, today),
        "thishalf": _months(1 if today.month <= 6 else 7, 6, today),
        "thisyear": _months(1, 12, today),
    }
    return ranges[operator.lower()]


PERIODS = ("lastWeek", "thisWeek", "nextWeek", "lastMonth", "thisMonth", "nextMonth", "lastQuarter",
           "thisQuarter", "nextQuarter", "thisHalf", "thisYear")
