"""The fast path's answers written as text: the codec's elements as strings, the envelope around them.

Why: an lxml element costs about 1.5-2 us to make and append (a new document per standalone element, its
namespace set up and then reconciled into the tree), and a GetContactEntity answer has about 200 of them:
half of the fast path's CPU. The writers here are the element writers' twins (`codegen`, from the same
plans) that append `<tns:Name>text</tns:Name>` to a list instead, with the prefixes the answer's root
declares fixed when they are compiled, so the answer is what lxml would serialize for the same tree, byte
for byte (tests/test_fast.py compares every operation's answer with Spyne's; tests/test_codec.py every
type's text with lxml's).

Where lxml would do something the text cannot know cheaply, the writer raises `NotTextError` and the answer is
written with elements as before: an element in a namespace the root does not declare (lxml would declare
it on the element, with a prefix of its own), a namespace the root names twice, a value lxml refuses, the
anyType field. The root's declarations are lxml's, in its order; as Spyne's protocol cleans unused
namespaces, only the prefixes the answer uses are declared.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from soapsvc import ns
from soapsvc.contract import catalogue as cat
from soapsvc.soap.codegen import NotTextError, _Text, fields_writer, items_writer

XSI = "http://www.w3.org/2001/XMLSchema-instance"
_DECLARATION = re.compile(r' xmlns:([^=]+)="([^"]*)"')
_TAG = re.compile(r"\{([^}]*)\}(.*)")


class Prefixes:
    """What one root namespace map means for text: a tag's qualified name, the nil attribute, the
    root's declarations in lxml's order."""

    def __init__(self, nsmap: dict[str | None, str], root_tag: str) -> None:
        root = etree.tostring(etree.Element(root_tag, nsmap=nsmap)).decode()
        self.declarations = _DECLARATION.findall(root)  # (prefix, escaped uri), as lxml writes them
        uris = [uri for _, uri in self.declarations]
        self.prefix = {uri: p for p, uri in self.declarations if uris.count(uri) == 1 and "&" not in uri}
        self.usable = None not in nsmap
        self.xsi = self.prefix.get(XSI)
        self.nil_attr = f'{self.xsi}:nil="true"' if self.xsi else None
        self._names: dict[str, str | None] = {}
        self._named: set[str] = set()  # the prefixes qname has given

    def qname(self, tag: str) -> str | None:
        """`prefix:local` of a `{uri}local` tag, None where the root declares no single prefix for uri."""
        name = self._names.get(tag, False)
        if name is False:
            found = _TAG.fullmatch(tag)
            prefix = self.prefix.get(found.group(1)) if found else None
            name = None
            if prefix and found:
                self._named.add(prefix)  # before any writer can put it in a text
                name = f"{prefix}:{found.group(2)}"
            self._names[tag] = name
        return name

    def opening(self, root: str, used: str, clean: bool) -> str:
        """The root's start tag (`<prefix:local`), declaring only the prefixes it and `used` (the rest of the
        answer, whose text holds no `<` and no `/>` of its own) refer to, if `clean`."""
        nil = f" {self.nil_attr}/>" in used if self.nil_attr else False
        named = self._named  # a prefix no writer was compiled with is in no text: not searched for
        decls = "".join(f' xmlns:{p}="{uri}"' for p, uri in self.declarations if not clean or (nil and p == self.xsi)
                        or root.startswith(f"<{p}:") or (p in named and f"<{p}:" in used))
        return f"{root}{decls}>"


class TextCodec:
    """The text writers of one element codec (`codec.Codec`), compiled per type and root prefixes."""

    def __init__(self, codec: Any) -> None:
        self.codec = codec
        self._writers: dict[tuple[str, int], Any] = {}
        self._fields: dict[tuple[int, int], Any] = {}

    def members(self, name: str, prefixes: Prefixes) -> Any:
        """The text writer of type `name`'s members (compiled on first use for these prefixes)."""
        key = (name, id(prefixes))
        writer = self._writers.get(key)
        if writer is None:
            text = self._source(prefixes)
            item = cat.TYPES[name].item
            if item is not None:
                writer = items_writer(self.codec._kind(name)[1], name, text)
            else:
                writer = fields_writer(self.codec._plan(name), name, text)
            self._writers[key] = writer
        return writer

    def fields(self, fields: tuple[cat.Field, ...], prefixes: Prefixes) -> Any:
        """The text writer of an operation's results in its wrapper (`fields`: the catalogue's, kept alive)."""
        key = (id(fields), id(prefixes))
        writer = self._fields.get(key)
        if writer is None:
            writer = fields_writer(self.codec.field_plan(fields, ns.TNS), src=self._source(prefixes))
            self._fields[key] = writer
        return writer

    def _source(self, prefixes: Prefixes) -> _Text:
        return _Text(prefixes.qname, lambda name: _Lazy(self, name, prefixes), prefixes.nil_attr)


class _Lazy:
    """A nested carrier's text writer, compiled when first written (the contract's types refer to each other)."""

    __slots__ = ("codec", "name", "prefixes", "writer")

    def __init__(self, codec: TextCodec, name: str, prefixes: Prefixes) -> None:
        self.codec, self.name, self.prefixes, self.writer = codec, name, prefixes, None

    def __call__(self, inst: Any, out: list[str]) -> None:
        if self.writer is None:
            self.writer = self.codec.members(self.name, self.prefixes)
        self.writer(inst, out)


__all__ = ["NotTextError", "Prefixes", "TextCodec"]
