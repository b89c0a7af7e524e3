"""A carrier's writer as Python source, compiled once from its plan (`codec.Codec._plan`).

Why: walking a plan (a loop over field tuples, a call per value that branches on the value's kind) cost
about as much as the element appends themselves. The source made here does the same appends in the same
order, straight: a line per field, the field's kind decided when compiling, tags and converters bound as
constants. Same appends in the same order give the same document, so the codec's answers stay byte for byte
Spyne's (tests/test_codec.py checks every contract type through these writers).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from lxml import etree
from spyne.protocol.xml import NIL_ATTR

PLAIN, NESTED, WRAPPED, SPYNE_OWN = 0, 1, 2, 3
Plan = list[tuple[str, str, int, bool, bool, Any]]


def nil(tag: str) -> etree._Element:
    # A new element appended, not a SubElement: lxml names an undeclared namespace's prefix differently.
    elt = etree.Element(tag)
    elt.attrib.update(NIL_ATTR)
    return elt


class _Source:
    """The lines of one function and the constants it refers to (tags, converters, nested writers); an
    element writer's: `inst` written under the element `parent`."""

    PARENT = "parent"

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.constants: dict[str, Any] = {"E": etree.Element, "SE": etree.SubElement, "NIL": nil,
                                          "getattr": getattr}

    def const(self, value: Any) -> str:
        name = f"c{len(self.constants)}"
        self.constants[name] = value
        return name

    def add(self, depth: int, line: str) -> None:
        self.lines.append("    " * depth + line)

    def nil(self, tag: str) -> str:
        return f"parent.append(NIL({self.const(tag)}))"

    def one(self, depth: int, value: str, parent: str, tag: str, kind: int, how: Any, maybe_none: bool) -> None:
        """Lines writing `value` (a name) under `parent` as codec._one did: nil for None, else by kind."""
        tag_c = self.const(tag)
        if kind == SPYNE_OWN:
            self.add(depth, f"{self.const(how)}({value}, {parent})")
            return
        if maybe_none:
            self.add(depth, f"if {value} is None:")
            self.add(depth + 1, f"{parent}.append(NIL({tag_c}))")
            self.add(depth, "else:")
            depth += 1
        if kind == PLAIN:
            self.add(depth, f"t = {self.const(how)}({value})")
            self.add(depth, "if t is None:")
            self.add(depth + 1, f"{parent}.append(NIL({tag_c}))")
            self.add(depth, "else:")
            self.add(depth + 1, f"e = E({tag_c})")
            self.add(depth + 1, "e.text = t")
            self.add(depth + 1, f"{parent}.append(e)")
        elif kind == NESTED:
            self.add(depth, f"{self.const(how)}({value}, SE({parent}, {tag_c}))")
        else:  # WRAPPED: the ArrayOf wrapper, its items under it
            self.add(depth, f"w{depth} = SE({parent}, {tag_c})")
            self.items(depth, value, f"w{depth}", how)

    def items(self, depth: int, value: str, parent: str, how: tuple[str, int, Any]) -> None:
        item_tag, item_kind, item_how = how
        self.add(depth, f"for i{depth} in {value}:")
        self.one(depth + 1, f"i{depth}", parent, item_tag, item_kind, item_how, True)

    def compiled(self, name: str) -> Any:
        source = f"def {name}(inst, {self.PARENT}):\n" + "\n".join(self.lines or ["    pass"]) + "\n"
        scope = dict(self.constants)
        exec(compile(source, f"<codec {name}>", "exec"), scope)  # noqa: S102 - source made here from the catalogue
        return scope[name]


def fields_writer(plan: Plan, name: str = "write", src: _Source | None = None) -> Any:
    """The writer of a plan's fields of `inst` under `parent` (codec._write's rules: a missing value is left
    out unless required, then nil; an array's items each written, a None item nil); `src` a `_Text` for
    its text twin."""
    src = src or _Source()
    for key, tag, kind, many, required, how in plan:
        src.add(1, f"v = getattr(inst, {key!r}, None)")
        src.add(1, "if v is None:")
        src.add(2, src.nil(tag) if required else "pass")
        src.add(1, "else:")
        if many:
            src.add(2, "for x in v:")
            src.one(3, "x", src.PARENT, tag, kind, how, True)
        else:
            src.one(2, "v", src.PARENT, tag, kind, how, False)
    return src.compiled(_identifier(name))


def items_writer(how: tuple[str, int, Any], name: str = "items", src: _Source | None = None) -> Any:
    """The writer of an ArrayOf wrapper's items (`inst`, a list) under the wrapper element `parent`."""
    src = src or _Source()
    src.items(1, "inst", src.PARENT, how)
    return src.compiled(_identifier(name))


def _identifier(name: str) -> str:
    return "w_" + "".join(ch if ch.isalnum() else "_" for ch in name)


class NotTextError(Exception):
    """What the text writers leave to the element writers: a namespace without a prefix of the answer's
    root, a value lxml would refuse or write otherwise, the anyType field (Spyne's)."""


# Converters whose text never holds a character to escape (the codec's booleans and dates): written as is.
SAFE: set[Callable[[Any], str]] = set()
_SPECIAL = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def escaped(text: Any) -> str:
    """A text node as lxml serializes it: &, <, > as entities, a carriage return as &#13;."""
    if text.__class__ is not str:
        raise NotTextError
    if _SPECIAL.search(text) is None:
        return text
    if _BAD.search(text) is not None:
        raise NotTextError  # lxml refuses it: its own error, as before
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


class _Text(_Source):
    """The lines of a text writer: the same elements as the element writer, appended as strings to `out`
    under prefixes fixed when compiling (`qname`), None where the answer's root declares no prefix."""

    PARENT = "out"

    def __init__(self, qname: Callable[[str], str | None], nested: Callable[[str], Any], nil_attr: str | None):
        super().__init__()
        self.qname, self.nested, self.nil_attr = qname, nested, nil_attr
        self.constants.update(ESC=escaped, SPECIAL=_SPECIAL.search, NotTextError=NotTextError)

    def nil(self, tag: str) -> str:
        name = self.qname(tag)
        return "raise NotTextError" if name is None or self.nil_attr is None else \
            f"out.append({self.const(f'<{name} {self.nil_attr}/>')})"

    def plain(self, depth: int, value: str, how: Any, open_c: str, close_c: str, tag: str) -> None:
        """A value's text, escaped only where it may need it: `str` of an int is digits, a converter of
        `SAFE` writes no special character, and a string without one is checked inline (no call)."""
        if how is str:  # never None
            self.add(depth, f"t = str({value})")
            self.add(depth, f"out.append({open_c} + (t if {value}.__class__ is int or SPECIAL(t) is None "
                            f"else ESC(t)) + {close_c})")
            return
        self.add(depth, f"t = {self.const(how)}({value})")
        self.add(depth, "if t is None:")
        self.add(depth + 1, self.nil(tag))
        self.add(depth, "else:")
        self.add(depth + 1, f"out.append({open_c} + {'t' if how in SAFE else 'ESC(t)'} + {close_c})")

    def one(self, depth: int, value: str, parent: str, tag: str, kind: int, how: Any, maybe_none: bool) -> None:
        name = self.qname(tag)
        if kind == SPYNE_OWN or name is None:
            self.add(depth, "raise NotTextError")
            return
        if maybe_none:
            self.add(depth, f"if {value} is None:")
            self.add(depth + 1, self.nil(tag))
            self.add(depth, "else:")
            depth += 1
        open_c, close_c = self.const(f"<{name}>"), self.const(f"</{name}>")
        if kind == PLAIN:
            self.plain(depth, value, how, open_c, close_c, tag)
            return
        self.add(depth, f"n{depth} = len(out)")
        self.add(depth, f"out.append({open_c})")
        if kind == NESTED:
            self.add(depth, f"{self.const(self.nested(how.name))}({value}, out)")
        else:
            self.items(depth, value, "out", how)
        self.add(depth, f"if len(out) == n{depth} + 1:")
        self.add(depth + 1, f"out[n{depth}] = {self.const(f'<{name}/>')}")
        self.add(depth, "else:")
        self.add(depth + 1, f"out.append({close_c})")
