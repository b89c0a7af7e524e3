"""Restrictions as NetServer sends them, made into one and/or tree.

The object form is a flat list of ArchiveRestrictionInfo: each one is joined to the next by its
InterOperator (And when None), and InterParenthesis opens that many parentheses before it (positive) or
closes that many after it (negative): `a(+1, Or) b(-1)` is `(a or b)`. AND binds tighter than OR, as in
SQL. SubRestrictions (NetServer uses them for Saint criteria) are read as a parenthesised group ANDed
with the restriction that carries them (the group alone when it has no Name). A restriction whose
IsActive is false is left out; one that does not say (nil) counts as active. The string form
(`soapsvc.search.syntax`) yields the same tokens, so both forms share the parser below.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from soapsvc.errors import ValidationError
from soapsvc.search.model import Group, Node


@dataclass(frozen=True)
class Raw:
    """A restriction before it is bound to a provider's column."""

    name: str
    operator: str
    values: tuple[str, ...]


Token = Raw | str  # a restriction, or one of "(", ")", "and", "or"
Tree = Raw | Group


def strings(value: Any) -> list[str]:
    """An ArrayOfstring as Spyne hands it over (a list, None, or a wrapper with `string`)."""
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        value = getattr(value, "string", None) or []
    return ["" if v is None else str(v) for v in value]


def _items(value: Any) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        value = getattr(value, "ArchiveRestrictionInfo", None) or []
    return [v for v in value if v is not None]


def tokens_of(infos: Any) -> list[Token]:
    """The token stream of a list of ArchiveRestrictionInfo (inactive ones left out, operators kept)."""
    out: list[Token] = []
    active = [r for r in _items(infos) if r.IsActive is not False]
    for i, info in enumerate(active):
        depth = info.InterParenthesis or 0
        out.extend("(" * max(depth, 0))
        out.extend(_one(info))
        out.extend(")" * max(-depth, 0))
        if i < len(active) - 1:
            out.append("or" if str(info.InterOperator or "And").lower() == "or" else "and")
    return out


def _one(info: Any) -> list[Token]:
    raw = Raw(info.Name or "", info.Operator or "", tuple(strings(info.Values)))
    sub = tokens_of(info.SubRestrictions)
    if not sub:
        return [raw]
    return ["(", *sub, ")"] if not raw.name else ["(", raw, "and", "(", *sub, ")", ")"]


def parse(tokens: list[Token]) -> Tree | None:
    """The tree of a token stream (None when there is no restriction); unbalanced parentheses refused."""
    if not tokens:
        return None
    stream = _Stream(tokens)
    tree = stream.expression()
    if stream.peek() is not None:
        raise ValidationError(f"Restrictions: unexpected '{stream.peek()}' (a parenthesis closed that was "
                              "never opened? check InterParenthesis, or the string's parentheses).")
    return tree


class _Stream:
    """Recursive descent: expression = and-group ('or' and-group)*; and-group = term ('and' term)*."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens, self.at = tokens, 0

    def peek(self) -> Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> Token | None:
        token = self.peek()
        self.at += 1
        return token

    def expression(self) -> Tree:
        return self._joined("or", self._and_group)

    def _and_group(self) -> Tree:
        return self._joined("and", self._term)

    def _joined(self, word: str, part: Callable[[], Tree]) -> Tree:
        items = [part()]
        while self.peek() == word:
            self.take()
            items.append(part())
        return items[0] if len(items) == 1 else Group(word, tuple(items))

    def _term(self) -> Tree:
        token = self.take()
        if token == "(":
            inner = self.expression()
            if self.take() != ")":
                raise ValidationError("Restrictions: a parenthesis is opened and never closed (check "
                                      "InterParenthesis, or the string's parentheses).")
            return inner
        if isinstance(token, Raw):
            return token
        shown = "the end" if token is None else f"'{token}'"
        raise ValidationError(f"Restrictions: expected a restriction or '(' but found {shown}.")


def walk(tree: Tree | None, leaf: Callable[[Raw], Node]) -> Node | None:
    """The tree with every Raw replaced by `leaf(raw)`."""
    if tree is None:
        return None
    if isinstance(tree, Raw):
        return leaf(tree)
    return Group(tree.op, tuple(walk(item, leaf) for item in tree.items))  # type: ignore[misc]


def raws(tree: Tree | None) -> Iterator[Raw]:
    """The restrictions of a tree, in order."""
    if isinstance(tree, Raw):
        yield tree
    elif tree is not None:
        for item in tree.items:
            yield from raws(item)  # type: ignore[arg-type]
