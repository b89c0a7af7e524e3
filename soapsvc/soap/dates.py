"""Dates on the wire as NetServer (WCF's DataContractSerializer) writes them.

- `DateTime.MinValue`, NetServer's "no date", is `0001-01-01T00:00:00`: no offset, as .NET writes a
  DateTime of kind Unspecified; an offset on it would make a client in a zone west of UTC fail to parse it
  (it would fall before year 1).
- A time soapsvc keeps in UTC (stamps, the clock) is written with `Z`, as .NET writes a DateTime of kind
  Utc. Never `+00:00`: WCF reads an explicit offset as a Local DateTime and shifts it by the client's own
  offset, so a test comparing the value it sent would see another hour.
- A time a client sent without an offset is kept without one and written back the same way (kind
  Unspecified, as NetServer round-trips it).
The `TimeZone` header is answered as sent and dates are not converted by it: soapsvc's times are UTC, which
is what NetServer answers when the client names no zone; the zone tables NetServer converts with are not
part of the contract (a known difference, for a later change).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from lxml import etree
from spyne.model.complex import Array
from spyne.model.primitive import DateTime
from spyne.protocol.soap import Soap11

from soapsvc.soap.guard import Guarded
from soapsvc.soap.members import OTHER, FastMembers, Member

MIN_VALUE = "0001-01-01T00:00:00"


def wire(value: dt.datetime) -> str:
    """A datetime as NetServer writes it (see the module docstring)."""
    if value.year == 1 and value.replace(tzinfo=None) == dt.datetime(1, 1, 1):
        return MIN_VALUE
    if value.tzinfo is None:
        return value.isoformat()
    utc = value.astimezone(dt.UTC).replace(tzinfo=None)
    return utc.isoformat() + "Z"


class NetServerSoap11(Guarded, FastMembers, Soap11):
    """Spyne's SOAP 1.1 read with the checks of `guard`, with NetServer's dates (Spyne's own handler writes
    `isoformat()`), carriers' members written with their look-ups done once (`members.FastMembers`), the
    contract's carriers and ArrayOf wrappers by the writers compiled from the catalogue (`codec`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from soapsvc.soap.codec import Codec  # the codec writes dates with `wire`, from this module

        super().__init__(*args, **kwargs)
        self._to_unicode_handlers[DateTime] = lambda _cls, value: wire(value)
        self.codec = Codec(self)

    def _get_members_etree(self, ctx: Any, cls: type, inst: Any, parent: Any) -> Any:
        if not self.polymorphic and isinstance(parent, etree._Element):
            writer = self.codec.for_class(cls)
            if writer is not None:
                writer(inst, parent)
                return None
        return super()._get_members_etree(ctx, cls, inst, parent)

    def _member(self, ctx: Any, m: Member, value: Any, parent: etree._Element) -> None:
        if m.kind == OTHER and value is not None and issubclass(m.cls, Array):
            writer = self.codec.for_class(m.cls)
            if writer is not None:
                writer(value, etree.SubElement(parent, m.tag))
                return
        super()._member(ctx, m, value, parent)
