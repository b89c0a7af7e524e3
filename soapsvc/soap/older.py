"""Services84-87 served beside Services88: the same store, the same behaviour, each version's own contract.

Why a rewrite and not a Spyne application per version: the older contracts are, but for a few listed
exceptions, Services88 with fewer operations and fewer fields (tools/gen_older.py checks that and stops on
anything else). Four more sets of ~1,000 Spyne classes would cost each worker memory and start-up time and
would have to be kept in step with Services88's; instead a call of version N goes through the Services88
application between two rewrites, driven by the data in `soapsvc/contract/older.py` (generated from the
versions' reference WSDL):
- request: the version's namespace becomes Services88's; an operation the version lacks, or one in another
  version's namespace, is refused with the fault WCF gives for an action its contract does not have
  (`a:ActionNotSupported`, before any behaviour runs); renamed parameters get Services88's name. The
  version's fields are a subset of Services88's and Spyne reads them in any order (xs:short 0/1 of
  UserGroup.Deleted reads as the boolean), so nothing else is changed.
- answer: every element of the body and the headers is walked with its type (the field's, or its
  `xsi:type`); elements the version's type does not have are removed, the rest put in the version's order
  (ProjectMember's differs before 8.7), retyped values written as the version's type; then the namespace
  becomes the version's again. A strict client (WCF's DataContractSerializer, zeep) sees exactly its
  contract.
- `?wsdl` is the version's reference document itself with the soap:address of the request.
Known differences: an enumeration value newer than the version (e.g. a ColorIndex `BlueAlt1`) is sent as
Services88 has it; the 5 FreeText stop-word operations Services88 retired are in the WSDL but answered
with a SOAP fault (no behaviour knows them); a text value holding the literal Services88 namespace URI is
read back with the version's.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

from lxml import etree

from soapsvc.contract.catalogue import OPERATIONS as CURRENT_OPERATIONS
from soapsvc.contract.catalogue import TYPES
from soapsvc.contract.older import FIELDS, OPERATIONS, RENAMED, RETIRED, RETYPED, VERSIONS
from soapsvc.ns import SOAP_ENV, TNS, XSI
from soapsvc.soap.answers import fault
from soapsvc.soap.app import service_class
from soapsvc.soap.whole import StartResponse, WsgiApp, whole_answer

REFERENCE = Path(__file__).resolve().parents[2] / "wsdl" / "reference" / "older"
CURRENT = 88
ADDRESS = re.compile(rb'(<soap:address location=")([^"]*)(")')
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
ADDRESSING_NONE = "http://schemas.microsoft.com/ws/2005/05/addressing/none"
XSI_TYPE = f"{{{XSI}}}type"


def namespace(version: int) -> str:
    return TNS.replace(f"Services{CURRENT}", f"Services{version}")


def serves(version: int, agent: str) -> bool:
    """Whether the version's contract has the agent (Services88 agents newer than it are not there)."""
    return version == CURRENT or (version in VERSIONS and agent in OPERATIONS[version])


@cache
def _reference(version: int, agent: str) -> bytes:
    return (REFERENCE / f"Services{version}" / f"{agent}.wsdl").read_bytes()


def document(version: int, agent: str, address: str) -> bytes:
    """The version's reference WSDL of the agent, with `address` as its endpoint."""
    location = escape(address, quote=True).encode()
    return ADDRESS.sub(lambda m: m[1] + location + m[3], _reference(version, agent), count=1)


class RefusedError(Exception):
    """A request the version's contract cannot take; `answer` writes WCF's fault for it."""

    def __init__(self, code: str, message: str, code_ns: str | None = None) -> None:
        super().__init__(message)
        self.code, self.code_ns = code, code_ns

    def answer(self, start_response: StartResponse) -> list[bytes]:
        if self.code_ns is None:
            return fault(start_response, self.code, str(self))
        body = (
            f'<s:Envelope xmlns:s="{SOAP_ENV}"><s:Body><s:Fault><faultcode xmlns:a="{self.code_ns}">'
            f'a:{self.code}</faultcode><faultstring xml:lang="en-US">{escape(str(self), quote=False)}</faultstring>'
            "</s:Fault></s:Body></s:Envelope>"
        ).encode()
        start_response("500 Internal Server Error", [("Content-Type", "text/xml; charset=utf-8"),
                                                     ("Content-Length", str(len(body)))])
        return [body]


def _action_not_supported(action: str) -> RefusedError:
    return RefusedError("ActionNotSupported", (
        f"The message with Action '{action}' cannot be processed at the receiver, due to a ContractFilter "
        "mismatch at the EndpointDispatcher. This may be because of either a contract mismatch (mismatched "
        "Actions between sender and receiver) or a binding/security mismatch between the sender and the "
        "receiver.  Check that sender and receiver have the same contract and the same binding (including "
        "security requirements, e.g. Message, Transport, None)."), ADDRESSING_NONE)


def _body_element(root: etree._Element) -> etree._Element | None:
    body = root.find(f"{{{SOAP_ENV}}}Body")
    return None if body is None else next((c for c in body if isinstance(c.tag, str)), None)


def to_current(version: int, agent: str, body: bytes, soap_action: str = "") -> tuple[bytes, str]:
    """The Services88 request of a version's request, and its operation; raises RefusedError.

    The body's element must be in the version's namespace: WCF dispatches on the action, and another
    version's action is not in this contract (a Services88 proxy pointed at a Services87 address fails).
    """
    try:
        root = etree.fromstring(body, PARSER)
    except etree.XMLSyntaxError:
        return body, ""  # Spyne answers it with its own fault, as it does for Services88
    wrapper = _body_element(root)
    if wrapper is None:
        return body, ""
    name = etree.QName(wrapper)
    operation = name.localname
    if operation in RETIRED[version].get(agent, ()) and name.namespace == namespace(version):
        raise RefusedError("Server", f"{agent}.{operation} is in Services{version} but Services{CURRENT} "
                           "retired it; soapsvc serves the older contracts with Services88's behaviour, so it "
                           "is not implemented in soapsvc.")
    if operation not in OPERATIONS[version][agent] or name.namespace != namespace(version):
        action = soap_action.strip('"') or f"{name.namespace}/{agent}/{operation}"
        raise _action_not_supported(action)
    request = body.replace(namespace(version).encode(), TNS.encode())
    renames = dict(RENAMED[version].get((agent, operation), ()))
    if not renames:
        return request, operation
    root = etree.fromstring(request, PARSER)
    for child in _body_element(root):
        if isinstance(child.tag, str) and (param := etree.QName(child).localname) in renames:
            child.tag = f"{{{TNS}}}{renames[param]}"
    return etree.tostring(root, xml_declaration=True, encoding="utf-8"), operation


@cache
def _fields(version: int, type_name: str) -> dict[str, tuple[int, str]]:
    """The version's fields of a type, its bases' first (DataContract order): name -> (position, type)."""
    chain = []
    current = TYPES.get(type_name)
    while current is not None:
        chain.append(current)
        current = TYPES.get(current.base) if current.base else None
    out: dict[str, tuple[int, str]] = {}
    for t in reversed(chain):
        types = {f.name: f.type for f in t.fields}
        for name in FIELDS[version].get(t.name, tuple(types)):
            out[name] = (len(out), types[name])
    return out


def _walk(version: int, element: etree._Element, type_name: str) -> None:
    """Fit one element of a Services88 answer to the version's type: drop, reorder, retype its children."""
    if xsi := element.get(XSI_TYPE):
        type_name = xsi.rpartition(":")[2]
    carrier = TYPES.get(type_name)
    if carrier is None:
        return
    children = [c for c in element if isinstance(c.tag, str)]
    if carrier.item is not None:
        for child in children:
            _walk(version, child, carrier.item.type)
        return
    fields = _fields(version, type_name)
    kept = sorted((c for c in children if etree.QName(c).localname in fields),
                  key=lambda c: fields[etree.QName(c).localname][0])
    if kept != children:
        element[:] = kept
    retyped = RETYPED[version]
    for child in kept:
        name = etree.QName(child).localname
        if (owner := _owner(type_name, name)) and (owner, name) in retyped:
            child.text = {"true": "1", "false": "0"}.get(child.text or "", child.text)
        _walk(version, child, fields[name][1])


def _owner(type_name: str, field: str) -> str | None:
    """The type in the base chain that declares the field."""
    current = TYPES.get(type_name)
    while current is not None:
        if any(f.name == field for f in current.fields):
            return current.name
        current = TYPES.get(current.base) if current.base else None
    return None


@cache
def _header_types(agent: str) -> dict[str, str]:
    service = service_class(agent)
    return {h.get_type_name(): (h.__orig__ or h.__extends__).get_type_name() for h in service.__out_header__}


def to_version(version: int, agent: str, operation: str, answer: bytes) -> bytes:
    """The version's answer of a Services88 answer."""
    spec = CURRENT_OPERATIONS.get((agent, operation))
    try:
        root = etree.fromstring(answer, PARSER) if spec is not None else None
    except etree.XMLSyntaxError:
        root = None  # not XML: only the namespace changes
    if root is not None:
        header = root.find(f"{{{SOAP_ENV}}}Header")
        headers = _header_types(agent)
        for child in [] if header is None else header:
            if isinstance(child.tag, str) and (kind := headers.get(etree.QName(child).localname)):
                _walk(version, child, kind)
        wrapper = _body_element(root)
        if wrapper is not None and etree.QName(wrapper).localname != "Fault":
            returns = {f.name: f.type for f in spec.returns}
            for child in wrapper:
                if isinstance(child.tag, str) and (kind := returns.get(etree.QName(child).localname)):
                    _walk(version, child, kind)
        answer = etree.tostring(root, xml_declaration=True, encoding="utf-8")
    return answer.replace(TNS.encode(), namespace(version).encode())


def versioned(app: WsgiApp, version: int, agent: str) -> WsgiApp:
    """`app` (the agent's Services88 application) answering in the version's contract."""

    def answer(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        body = environ["wsgi.input"].read()
        action = environ.get("HTTP_SOAPACTION", "")
        try:
            request, operation = to_current(version, agent, body, action)
        except RefusedError as refused:
            return refused.answer(start_response)
        inner = dict(environ)
        inner.update({"wsgi.input": io.BytesIO(request), "CONTENT_LENGTH": str(len(request)),
                      "HTTP_SOAPACTION": action.replace(namespace(version), TNS)})
        status, headers, exc_info, out = whole_answer(app, inner)
        out = to_version(version, agent, operation, out)
        headers = [(k, str(len(out)) if k.lower() == "content-length" else v) for k, v in headers]
        start_response(status, headers, exc_info)
        return [out]

    return answer
