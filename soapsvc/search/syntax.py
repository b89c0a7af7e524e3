"""The string forms of the `...2` operations: NetServer's restriction text, column lists and sort orders.

Restrictions: `name begins 'Super' and (category oneOf (1,2) or registeredDate after '2024-01-01')`,
`saleId > 0`, `date between ('2024-05-01','2024-05-31')`, `associateId currentAssociate`. A value is
quoted ('...', a quote inside doubled) or a bare word (5, true, [I:5]); several values are a
parenthesised, comma-separated list. `and` binds tighter than `or`; parentheses group. Columns and
entities are comma-separated names; a sort order is `name asc, registeredDate desc` (asc when left out).
"""

from __future__ import annotations

import re

from soapsvc.errors import ValidationError
from soapsvc.search.operators import TABLES
from soapsvc.search.restrictions import Raw, Token

_SYMBOLS = ("<=", ">=", "<>", "!=", "==", "=", "<", ">")
_WORD = re.compile(r"\[[A-Z]+:[^\]]*\]|[^\s(),'\"=<>!]+")
_UNARY = {name.lower() for table in TABLES.values() for name, (arity, _s) in table.items() if arity == 0}
_JOINERS = ("and", "or")


def _lex(text: str) -> list[tuple[str, str]]:
    """(kind, text) pairs: kind is 'quoted', 'word', 'symbol' or the punctuation itself."""
    out, at = [], 0
    while at < len(text):
        ch = text[at]
        if ch.isspace():
            at += 1
        elif ch in "(),":
            out.append((ch, ch))
            at += 1
        elif ch in "'\"":
            end, value = at + 1, []
            while True:
                if end >= len(text):
                    raise ValidationError(f"Restrictions: the quote opened at position {at + 1} is never closed.")
                if text[end] == ch and text[end + 1:end + 2] == ch:
                    value.append(ch)
                    end += 2
                elif text[end] == ch:
                    break
                else:
                    value.append(text[end])
                    end += 1
            out.append(("quoted", "".join(value)))
            at = end + 1
        elif symbol := next((s for s in _SYMBOLS if text.startswith(s, at)), None):
            out.append(("symbol", symbol))
            at += len(symbol)
        else:
            match = _WORD.match(text, at)
            if match is None:
                raise ValidationError(f"Restrictions: unexpected '{ch}' at position {at + 1}.")
            out.append(("word", match.group()))
            at = match.end()
    return out


def restriction_tokens(text: str | None) -> list[Token]:
    """The token stream of a restriction string, for `restrictions.parse`."""
    lexed, out, at = _lex(text or ""), [], 0

    def peek(offset: int = 0) -> tuple[str, str] | None:
        return lexed[at + offset] if at + offset < len(lexed) else None

    expect_term = True
    while (token := peek()) is not None:
        kind, value = token
        if expect_term and kind == "(":
            out.append("(")
            at += 1
        elif expect_term and kind == "word":
            operator = peek(1)
            if operator is None or operator[0] not in ("word", "symbol"):
                raise ValidationError(f"Restrictions: '{value}' needs an operator (e.g. '{value} = 5', "
                                      f"'{value} begins 'A'').")
            at += 2
            values, at = _values(lexed, at, operator[1])
            out.append(Raw(value, operator[1], tuple(values)))
            expect_term = False
        elif not expect_term and kind == ")":
            out.append(")")
            at += 1
        elif not expect_term and kind == "word" and value.lower() in _JOINERS:
            out.append(value.lower())
            at += 1
            expect_term = True
        else:
            wanted = "a column name or '('" if expect_term else "'and', 'or' or ')'"
            raise ValidationError(f"Restrictions: expected {wanted}, found '{value}'.")
    if expect_term and out:
        raise ValidationError("Restrictions: the text ends where a restriction should follow.")
    return out


def _values(lexed: list[tuple[str, str]], at: int, operator: str) -> tuple[list[str], int]:
    """The values after an operator: none, one, or a parenthesised list."""
    nxt = lexed[at] if at < len(lexed) else None
    if operator.lower() in _UNARY or nxt is None or nxt[0] == ")" or (
            nxt[0] == "word" and nxt[1].lower() in _JOINERS):
        return [], at
    if nxt[0] in ("quoted", "word"):
        return [nxt[1]], at + 1
    if nxt[0] != "(":
        raise ValidationError(f"Restrictions: expected a value after '{operator}', found '{nxt[1]}'.")
    values, at = [], at + 1
    while at < len(lexed) and lexed[at][0] in ("quoted", "word"):
        values.append(lexed[at][1])
        at += 1
        if at < len(lexed) and lexed[at][0] == ",":
            at += 1
    if at >= len(lexed) or lexed[at][0] != ")":
        raise ValidationError(f"Restrictions: the list of values after '{operator}' is not closed with ')'.")
    return values, at + 1


def names(text: str | None) -> list[str]:
    """Comma-separated names (columns, entities)."""
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def order(text: str | None) -> list[tuple[str, bool]]:
    """`name asc, date desc` as (column, descending) pairs."""
    out = []
    for part in names(text):
        words = part.split()
        direction = words[1].lower() if len(words) > 1 else "asc"
        if len(words) > 2 or direction not in ("asc", "desc"):
            raise ValidationError(f"Sort order: '{part}' is not '<column> asc' or '<column> desc'.")
        out.append((words[0], direction == "desc"))
    return out
