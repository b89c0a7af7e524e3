"""Unit tests of the search engine's pure parts: restriction trees, the string syntax, dates, encodings."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from soapsvc.errors import ValidationError
from soapsvc.search import dates, encoding, syntax
from soapsvc.search.model import Group
from soapsvc.search.restrictions import Raw, parse, tokens_of


def info(name: str, paren: int = 0, joiner: str | None = None, **extra: object) -> SimpleNamespace:
    fields = {"Name": name, "Operator": "=", "Values": ["1"], "IsActive": True, "InterParenthesis": paren,
              "InterOperator": joiner, "SubRestrictions": None, **extra}
    return SimpleNamespace(**fields)


def shape(tree: object) -> object:
    """A tree as nested tuples of names: ('or', 'a', ('and', 'b', 'c'))."""
    if isinstance(tree, Raw):
        return tree.name
    assert isinstance(tree, Group)
    return (tree.op, *(shape(i) for i in tree.items))


@pytest.mark.parametrize(("infos", "expected"), [
    # the pairs NetServer's LINQ provider writes: x > 0 || y == "Jansen"
    ([info("a", 1, "Or"), info("b", -1)], ("or", "a", "b")),
    # a && (b || c)
    ([info("a", 1, "And"), info("b", 1, "Or"), info("c", -2)], ("and", "a", ("or", "b", "c"))),
    # (((1 || 2) || 3) || 4)
    ([info("a", 3, "Or"), info("b", -1, "Or"), info("c", -1, "Or"), info("d", -1)],
     ("or", ("or", ("or", "a", "b"), "c"), "d")),
    # (a && b) || (c && d)
    ([info("a", 2, "And"), info("b", -1, "Or"), info("c", 1, "And"), info("d", -2)],
     ("or", ("and", "a", "b"), ("and", "c", "d"))),
    # no parentheses: AND binds tighter; None joins with AND; inactive ones drop out
    ([info("a", 0, "Or"), info("b", 0, "None"), info("c"), info("x", IsActive=False)],
     ("or", "a", ("and", "b", "c"))),
    ([info("", SubRestrictions=[info("a", 0, "Or"), info("b")]), info("c")], ("and", ("or", "a", "b"), "c")),
])
def test_inter_parenthesis_and_operator(infos: list[SimpleNamespace], expected: object) -> None:
    assert shape(parse(tokens_of(infos))) == expected


def test_string_syntax_tokens() -> None:
    tokens = syntax.restriction_tokens("(name begins 'O''Neil' OR x oneOf (1, '2',[I:3])) and d today and y>=5")
    assert tokens == ["(", Raw("name", "begins", ("O'Neil",)), "or", Raw("x", "oneOf", ("1", "2", "[I:3]")), ")",
                      "and", Raw("d", "today", ()), "and", Raw("y", ">=", ("5",))]
    assert shape(parse(tokens)) == ("and", ("or", "name", "x"), "d", "y")
    assert syntax.order("name, date DESC ,x asc") == [("name", False), ("date", True), ("x", False)]
    assert syntax.names(" a , b,,c ") == ["a", "b", "c"]
    for bad in ("name", "name begins 'x' y", "name oneOf (1, 2", "name begins 'x' and"):
        with pytest.raises(ValidationError):
            parse(syntax.restriction_tokens(bad))


def test_relative_periods_cross_year_boundaries() -> None:
    utc = dt.UTC
    jan = dt.datetime(2025, 1, 15, 13, 0, tzinfo=utc)
    assert dates.period("lastMonth", jan) == (dt.datetime(2024, 12, 1, tzinfo=utc), dt.datetime(2025, 1, 1, tzinfo=utc))
    assert dates.period("lastQuarter", jan)[0] == dt.datetime(2024, 10, 1, tzinfo=utc)
    nov = dt.datetime(2025, 11, 30, tzinfo=utc)
    assert dates.period("nextQuarter", nov) == (dt.datetime(2026, 1, 1, tzinfo=utc),
                                                dt.datetime(2026, 4, 1, tzinfo=utc))
    assert dates.period("thisHalf", nov) == (dt.datetime(2025, 7, 1, tzinfo=utc), dt.datetime(2026, 1, 1, tzinfo=utc))
    sunday = dt.datetime(2025, 6, 1, 23, 0, tzinfo=utc)  # ISO weeks start on Monday
    assert dates.period("thisWeek", sunday) == (dt.datetime(2025, 5, 26, tzinfo=utc),
                                                 dt.datetime(2025, 6, 2, tzinfo=utc))


def test_encodings() -> None:
    moment = dt.datetime(2016, 1, 31, 10, 13, 37, tzinfo=dt.UTC)
    assert encoding.encode_datetime(moment) == "[DT:01/31/2016 10:13:37.0000000]"
    assert (encoding.encode_float(1000.0), encoding.encode_float(1234.5), encoding.encode_int(7)) == (
        "[F:1000]", "[F:1234.5]", "[I:7]")
    for text in ("[DT:01/31/2016 10:13:37.0000000]", "2016-01-31T10:13:37", "2016-01-31T10:13:37Z",
                 "01/31/2016 10:13:37"):
        assert encoding.parse_datetime(text, "t") == moment
    assert encoding.parse_datetime("[D:01/31/2016]", "t") == moment.replace(hour=0, minute=0, second=0)
    assert (encoding.parse_int("[I:-3]", "t"), encoding.parse_float("[M:1,5]", "t")) == (-3, 1.5)
    assert encoding.parse_bool("[I:1]", "t") is True and encoding.parse_bool("false", "t") is False
    with pytest.raises(ValidationError, match="is not a date"):
        encoding.parse_datetime("31.31.2016x", "t")
