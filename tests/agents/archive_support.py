"""What the Archive and Find tests share: calls in both forms, rows as plain data, encodings, date ranges.

The expected encodings and relative date ranges are written here again on purpose, independently of
soapsvc.search, so that the tests check soapsvc against NetServer's rules rather than against itself.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.agents.support import Agents, ok

UTC = dt.UTC


def restriction(name: str, operator: str, *values: Any, **extra: Any) -> dict[str, Any]:
    """An ArchiveRestrictionInfo as a client sends it (active unless told otherwise)."""
    return {"Name": name, "Operator": operator, "Values": {"string": [str(v) for v in values]}, "IsActive": True,
            **extra}


def as_text(name: str, operator: str, *values: Any) -> str:
    """The same restriction in NetServer's string syntax."""
    quoted = ["'" + str(v).replace("'", "''") + "'" for v in values]
    if not quoted:
        return f"{name} {operator}"
    return f"{name} {operator} {quoted[0] if len(quoted) == 1 else '(' + ','.join(quoted) + ')'}"


def rows(response: Any) -> list[Any]:
    """The ArchiveListItems of an ArrayOfArchiveListItem (nil or empty: none)."""
    return list(response.ArchiveListItem or []) if response is not None else []


def keys(items: list[Any]) -> list[int]:
    return [row.PrimaryKey for row in items]


def cells(row: Any) -> dict[str, str]:
    """A row's cells as {column: DisplayValue} ("" for an empty cell)."""
    return {p.Key: p.Value.DisplayValue or "" for p in row.ColumnData.ColumnDataKeyValuePair}


def archive(agents: Agents, provider: str, columns: list[str], restrictions: list[dict[str, Any]],
            order: list[tuple[str, str]] = (), entities: list[str] = (), page: int = 0, size: int = 0) -> list[Any]:
    """GetArchiveListByColumns (object form): the rows."""
    return rows(ok(agents.Archive.GetArchiveListByColumns(
        provider, {"string": list(columns)}, {"ArchiveOrderByInfo": [{"Name": n, "Direction": d} for n, d in order]},
        {"ArchiveRestrictionInfo": restrictions}, {"string": list(entities)}, page, size)))


def archive2(agents: Agents, provider: str, columns: str, restrictions: str, order: str = "", entities: str = "",
             page: int = 0, size: int = 0) -> list[Any]:
    """GetArchiveListByColumns2 (string form): the rows."""
    return rows(ok(agents.Archive.GetArchiveListByColumns2(provider, columns, order, restrictions, entities, page,
                                                           size)))


def enc_dt(value: dt.datetime) -> str:
    value = value.astimezone(UTC)
    return f"[DT:{value:%m/%d/%Y %H:%M:%S}.{value.microsecond:06d}0]"


def day_of(value: dt.datetime) -> dt.date:
    return value.astimezone(UTC).date()


def _month_start(year: int, month: int) -> dt.date:
    return dt.date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def relative(operator: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """[first day, day after the last) of a relative date operator, UTC days, weeks from Monday."""
    monday = today - dt.timedelta(days=today.weekday())
    quarter = (today.month - 1) // 3 * 3 + 1
    week = dt.timedelta(days=7)
    months = {"lastMonth": (today.month - 1, 1), "thisMonth": (today.month, 1), "nextMonth": (today.month + 1, 1),
              "lastQuarter": (quarter - 3, 3), "thisQuarter": (quarter, 3), "nextQuarter": (quarter + 3, 3),
              "thisHalf": (1 if today.month <= 6 else 7, 6), "thisYear": (1, 12)}
    if operator in months:
        first, count = months[operator]
        return _month_start(today.year, first), _month_start(today.year, first + count)
    weeks = {"lastWeek": -1, "thisWeek": 0, "nextWeek": 1}
    return monday + weeks[operator] * week, monday + (weeks[operator] + 1) * week
