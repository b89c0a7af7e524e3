"""What a SOAP request must be before and while Spyne reads it; every refusal a SOAP 1.1 fault saying what to send.

Before parsing (`normalised`, from the front): the body is decoded as WCF's text encoder reads it (UTF-8, or
UTF-16 by its byte-order mark or its NUL bytes; nothing else: a declaration of UTF-7 or EBCDIC could hide a
DOCTYPE from a byte search) and handed on as UTF-8, so the DOCTYPE check sees every DTD whatever the
encoding. While parsing (`Guarded`, mixed into the protocol): the document's shape (SOAP 1.1 envelope, one
Body with one operation element, bounded elements and attributes: Spyne's reading of many attributes is
quadratic, 200,000 of them held a worker for over 30 s), a nil or empty wrapper read as "no arguments" (as
WCF's formatter does; Spyne passed None to the method), integers in their type's range (Spyne let
99999999999999999999 reach the database as an xs:int), booleans as XML Schema writes them, and Spyne's own
faults given the hint of what to send.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from spyne import Fault

from soapsvc.ns import SOAP_ENV, TNS

SOAP12_ENV = "http://www.w3.org/2003/05/soap-envelope"
ENVELOPE = f'<s:Envelope xmlns:s="{SOAP_ENV}"><s:Body>...</s:Body></s:Envelope>'
# WCF's default MaxItemsInObjectGraph; a request of more elements is refused before it is read.
MAX_ELEMENTS = 65536
MAX_ATTRIBUTES = 64  # per element: NetServer's messages carry a few (xsi:type, xsi:nil)
ENCODINGS = {"utf-8": "utf-8", "utf8": "utf-8", "us-ascii": "utf-8", "ascii": "utf-8", "utf-16": "utf-16",
             "unicode": "utf-16", "utf-16le": "utf-16-le", "utf-16be": "utf-16-be", "unicodefffe": "utf-16-be"}
DECLARED = re.compile(r"""^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([^"']*)["']""")
CHARSET = re.compile(r"charset\s*=\s*\"?([^\s;\"]+)", re.I)
SEND = "send UTF-8 (or UTF-16 with its byte-order mark), as WCF's text encoding takes"

# Spyne logs the whole body of every request it cannot parse (10 MB a request, for a hostile client).
logging.getLogger("spyne.protocol.soap.soap11.invalid").setLevel(logging.CRITICAL)


class RefusedError(Exception):
    """A request refused before parsing: its SOAP fault code and message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


def _sniffed(body: bytes, content_type: str) -> tuple[str, int]:
    """The codec a body is in (by byte-order mark, NUL bytes, else its Content-Type's charset) and its BOM's size."""
    if body.startswith(b"\xef\xbb\xbf"):
        return "utf-8", 3
    if body.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff", b"\x00\x00\x00<", b"<\x00\x00\x00")):
        raise RefusedError("Client.UnsupportedEncoding", f"The body is UTF-32: {SEND}.")
    if body.startswith(b"\xff\xfe"):
        return "utf-16-le", 2
    if body.startswith(b"\xfe\xff"):
        return "utf-16-be", 2
    if body.startswith(b"<\x00"):
        return "utf-16-le", 0
    if body.startswith(b"\x00<"):
        return "utf-16-be", 0
    charset = CHARSET.search(content_type)
    if charset is None:
        return "utf-8", 0
    codec = ENCODINGS.get(charset[1].lower())
    if codec is None:
        raise RefusedError("Client.UnsupportedEncoding", f"The Content-Type names charset {charset[1]!r}: {SEND}.")
    return codec, 0


def normalised(body: bytes, content_type: str) -> bytes:
    """The body as UTF-8 (the same bytes when it was UTF-8), or Refused saying what to send."""
    if content_type.split(";", 1)[0].strip().lower() == "application/soap+xml":
        raise RefusedError("VersionMismatch", "This is SOAP 1.2 (application/soap+xml); NetServer's services are SOAP "
                      f"1.1 (basicHttpBinding): send text/xml with a SOAP 1.1 envelope, {ENVELOPE}.")
    codec, bom = _sniffed(body, content_type)
    try:
        text = body[bom:].decode(codec)
    except UnicodeDecodeError as exc:
        raise RefusedError("Client.InvalidEncoding", f"The body is not valid {codec.upper()} (byte {exc.start + bom}: "
                      f"{exc.reason}): {SEND}.") from None
    declared = DECLARED.match(text)
    if declared and ENCODINGS.get(declared[1].lower()) is None:
        raise RefusedError("Client.UnsupportedEncoding", f"The XML declaration names encoding {declared[1]!r}: {SEND}.")
    if codec == "utf-8":
        return body[bom:]
    if declared:
        text = text[:declared.start(1)] + "utf-8" + text[declared.end(1):]
    return text.encode()


HINTS = {
    "Client.XMLSyntaxError": f"the body must be well-formed XML: POST a SOAP 1.1 envelope, {ENVELOPE}",
    "Client.SoapError": f"POST a SOAP 1.1 envelope, {ENVELOPE}",
    "Client.ValidationError": "send each value as the agent's WSDL (?wsdl) types it: xs:int a whole number "
                              "from -2147483648 to 2147483647, xs:boolean true or false, xs:dateTime as "
                              "2024-01-31T12:00:00",
    "Client.ResourceNotFound": f"send one of the operations this agent's WSDL (?wsdl) lists, in namespace {TNS}",
}


def hinted(fault: Fault) -> Fault:
    """Spyne's fault with what to send instead (its own words kept first)."""
    hint = HINTS.get(fault.faultcode)
    if hint and "send " not in (fault.faultstring or ""):
        fault.faultstring = f"{fault.faultstring}: {hint}."
    return fault


def check_quotas(root: Any, body: bytes | None = None) -> None:
    """Fault when a parsed request has more elements, or an element more attributes, than WCF reads.

    Given the `body` it was parsed from (no DOCTYPE, so no entity makes markup), a walk is skipped when the
    text is too short of `<` (one per element) or `=` (one per attribute) to break its quota: the walks cost
    more than the rest of reading a small request."""
    if (body is None or body.count(b"<") > MAX_ELEMENTS) and root.xpath(f"count(//*) > {MAX_ELEMENTS}"):
        raise Fault("Client.QuotaExceeded", f"The request has more than {MAX_ELEMENTS} elements (WCF's "
                    "MaxItemsInObjectGraph): send fewer items per call.")
    if (body is None or body.count(b"=") > MAX_ATTRIBUTES) and \
            root.xpath(f"boolean(//*[count(@*) > {MAX_ATTRIBUTES}])"):
        raise Fault("Client.QuotaExceeded", f"An element of the request has more than {MAX_ATTRIBUTES} "
                    "attributes: send NetServer's elements with none but xsi:type and xsi:nil.")


class Guarded:
    """The Soap11 mixin of the checks made while Spyne reads a request (see the module docstring)."""

    REQUEST: Any

    def create_in_document(self, ctx: Any, charset: str | None = None) -> None:
        try:
            super().create_in_document(ctx, charset)  # type: ignore[misc]
        except Fault as fault:
            raise hinted(fault) from None
        check_quotas(ctx.in_document[0])

    def decompose_incoming_envelope(self, ctx: Any, message: Any = None) -> None:
        root = ctx.in_document[0]
        if root.tag == f"{{{SOAP12_ENV}}}Envelope":
            raise Fault("VersionMismatch", "This is a SOAP 1.2 envelope; NetServer's services are SOAP 1.1 "
                        f"(basicHttpBinding): send {ENVELOPE} as text/xml.")
        if root.tag == f"{{{SOAP_ENV}}}Envelope":
            bodies = root.findall(f"{{{SOAP_ENV}}}Body")
            if len(bodies) > 1:
                raise Fault("Client", f"The envelope has {len(bodies)} Body elements; SOAP 1.1 allows one: send "
                            "one Body holding the operation's element.")
            calls = [c for c in bodies[0] if isinstance(c.tag, str)] if bodies else []
            if len(calls) != 1:
                raise Fault("Client", f"The Body holds {len(calls)} elements: send exactly one, the operation's "
                            f'(e.g. <GetSystemInfo xmlns="{TNS}"/>).')
        try:
            super().decompose_incoming_envelope(ctx, *([message] if message is not None else []))  # type: ignore[misc]
        except Fault as fault:
            raise hinted(fault) from None

    def generate_method_contexts(self, ctx: Any) -> Any:
        try:
            return super().generate_method_contexts(ctx)  # type: ignore[misc]
        except Fault as fault:
            raise hinted(fault) from None

    def deserialize(self, ctx: Any, message: Any) -> None:
        try:
            super().deserialize(ctx, message)  # type: ignore[misc]
        except Fault as fault:
            raise hinted(fault) from None
        if message is self.REQUEST and ctx.in_object is None and ctx.in_error is None:
            ctx.in_object = [None] * len(ctx.descriptor.in_message._type_info)  # nil wrapper: no arguments

    def integer_from_bytes(self, cls: Any, string: Any) -> Any:
        value = super().integer_from_bytes(cls, string)  # type: ignore[misc]
        attrs = self.get_cls_attrs(cls)  # type: ignore[attr-defined]
        low, high = getattr(attrs, "min_bound", None), getattr(attrs, "max_bound", None)
        if value is not None and low is not None and not low <= value <= high:
            raise Fault("Client.ValidationError", f"{string!r} is out of the range of xs:{cls.get_type_name()} "
                        f"({low} to {high}): send a value in range.")
        return value

    def boolean_from_bytes(self, cls: Any, string: Any) -> Any:
        text = string.decode() if isinstance(string, bytes) else string
        if text.strip() not in ("true", "false", "1", "0"):
            raise Fault("Client.ValidationError", f"{text!r} is not an xs:boolean: send true or false.")
        return text.strip() in ("true", "1")

    def datetime_from_unicode_iso(self, cls: Any, string: str) -> Any:
        try:
            return super().datetime_from_unicode_iso(cls, string)  # type: ignore[misc]
        except ValueError as exc:  # Spyne's parse of a date that matches its pattern but is no date
            raise Fault("Client.ValidationError", f"{string!r} is not an xs:dateTime ({exc}): send a date as "
                        "2024-01-31T12:00:00 (years 1 to 9999).") from None
