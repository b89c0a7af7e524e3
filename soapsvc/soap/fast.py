"""The hot path of a Services88 SOAP call without Spyne's generic machinery: parse, dispatch, headers, answer.

Why: Spyne reads the request through its generic handlers, dispatches through its method contexts and
events, and writes the envelope, the headers and the response wrapper element by element; the carriers are
already the codec's. Here, per agent, a plan made once from the catalogue alone (Spyne stays the WSDL's
source, and its Application is built only when something asks for it): the Body's wrapper element names the
operation, `reader` reads its arguments and the three request headers, `operation.perform` runs it (the same
behaviour path, errors and journal notes as Spyne's `invoke`), and the answer is written as Spyne writes it,
byte for byte, as text (`textcodec`) or, where the text leaves it, with lxml elements (tests/test_fast.py:
every operation with random arguments, and real calls, through both paths).

Spyne stays the fallback, and answers (or refuses, with its own and the guard's faults) whatever is not
read here: a request that is not one clean SOAP 1.1 envelope with one Body holding one element, an
unknown wrapper, over the guard's quotas, an `xsi:type` or attribute Spyne would read, a value the
protocol refuses, the anyType field. A fallback is only decided before the behaviour runs, so a call
never runs twice. `SOAPSVC_FAST=off` sends every call
through Spyne (to compare the two).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from functools import cache
from typing import Any, NamedTuple

from lxml import etree
from spyne import Fault
from spyne.const.xml import NSMAP as SPYNE_NSMAP
from spyne.protocol.xml import NIL_ATTR

from soapsvc.contract import catalogue as cat
from soapsvc.contract import types as t
from soapsvc.ns import SOAP_ENV, TNS
from soapsvc.soap import operation as op
from soapsvc.soap.app import built
from soapsvc.soap.dates import NetServerSoap11
from soapsvc.soap.guard import check_quotas
from soapsvc.soap.reader import Fallback, Readers, is_nil, read_into
from soapsvc.soap.textcodec import NotTextError, Prefixes, TextCodec
from soapsvc.soap.whole import StartResponse, WsgiApp

ENVELOPE, HEADER, BODY = f"{{{SOAP_ENV}}}Envelope", f"{{{SOAP_ENV}}}Header", f"{{{SOAP_ENV}}}Body"
OUT_HEADERS = tuple(f"{{{TNS}}}{name}" for name in ("ExceptionInfo", "ExtraInfo", "Succeeded", "TimeZone"))
NSMAP = {**SPYNE_NSMAP, "tns": TNS}  # as a Spyne Application's interface starts
XML_DECLARATION = "<?xml version='1.0' encoding='UTF-8'?>\n"
_local = threading.local()


def enabled() -> bool:
    return os.environ.get("SOAPSVC_FAST", "on").lower() not in ("off", "0", "false", "no")


class Plan(NamedTuple):
    """One operation as the fast path reads and answers it."""

    name: str
    params: dict[str, Any]  # the reader plan of its arguments
    keys: tuple[str, ...]
    response: str  # the response wrapper's tag
    returns: tuple[str, ...]
    write: Any  # the codec's writer of the results in the wrapper
    bare: bool  # the result is the response element's carrier, not the wrapper's fields
    text: tuple[str | None, tuple[cat.Field, ...]]  # (response type, results): its text writer's


class Agent(NamedTuple):
    """An agent's operations by wrapper tag, its request headers' readers and its answers' writers."""

    name: str
    operations: dict[str, Plan]
    headers: dict[str, tuple[str, Any]]  # tag -> (type name, reader)
    header_names: tuple[str, ...]  # as `operation._headers` names them: the service's __in_header__
    codec: Any


@cache
def protocol() -> NetServerSoap11:
    """The protocol whose converters, readers and writers every agent's fast path shares."""
    return NetServerSoap11()


@cache
def _text() -> TextCodec:
    """The text twins of the shared protocol's element writers."""
    return TextCodec(protocol().codec)


@cache
def agent_plan(agent: str) -> Agent:
    """The agent's plan, made once from the catalogue alone: no Spyne Application is built for it."""
    readers, codec = Readers(protocol()), protocol().codec
    operations = {}
    for (owner, name), found in cat.OPERATIONS.items():
        if owner != agent:
            continue
        try:
            write = codec.members(found.response) if found.response else codec.fields(found.returns, TNS)
        except KeyError:  # the anyType field: Spyne's
            continue
        spyne_info = {p.name: t.PRIMITIVES.get(p.type) or getattr(t, p.type) for p in found.params}
        operations[f"{{{TNS}}}{name}"] = Plan(
            name, readers.fields(found.params, spyne_info), tuple(p.name for p in found.params),
            f"{{{TNS}}}{found.response or name + 'Response'}", tuple(r.name for r in found.returns), write,
            found.response is not None, (found.response, found.returns))
    names = cat.HEADERS[agent]
    headers = {f"{{{TNS}}}{h}": (h, _header_reader(readers, getattr(t, f"header_{h}"))) for h in names}
    return Agent(agent, operations, headers, names, codec)


def _nsmap(agent: str) -> dict[str, str]:
    """The prefixes of an answer: Spyne's Application's, as it writes them, once it is built (building the
    agent's WSDL adds one for each namespace it met), else those it starts with."""
    app = built(agent)
    return app.interface.nsmap if app is not None else NSMAP


def _header_reader(readers: Readers, cls: Any) -> Any:
    orig = cls.__orig__ or cls
    name = orig.get_type_name()
    if name in cat.TYPES:
        return readers.of(name)
    return readers.fields((cat.Field("v", "string", False, True, 0),), {"v": cls})["v"][2]


def _parser() -> etree.XMLParser:
    parser = getattr(_local, "parser", None)
    if parser is None:  # lxml parsers are not shared between threads
        parser = _local.parser = etree.XMLParser(**protocol().parser_kwargs)
    return parser


class _Values:
    """Attributes read from an element (a wrapper's arguments), or the results a wrapper is written from."""


def read(agent: Agent, body: bytes) -> tuple[Plan, dict[str, Any], tuple[Any, ...]]:
    """The operation, headers and arguments of a request, as Spyne reads them; Fallback where it reads otherwise."""
    try:
        root = etree.fromstring(body, _parser())
        check_quotas(root, body)
    except (etree.XMLSyntaxError, Fault, ValueError):
        raise Fallback from None
    if root.tag != ENVELOPE:
        raise Fallback
    heads, bodies = root.findall(HEADER), root.findall(BODY)
    if len(bodies) != 1 or len(bodies[0]) != 1:
        raise Fallback
    wrapper = bodies[0][0]
    plan = agent.operations.get(wrapper.tag)
    if plan is None:
        raise Fallback
    headers: dict[str, Any] = {}
    if heads:
        found = {h.tag: h for h in heads[0]}
        values = [reader(found[tag]) if tag in found else None for tag, (_, reader) in agent.headers.items()]
        headers = dict(zip(agent.header_names, values, strict=False))
    args = _Values()
    if not is_nil(wrapper):  # a nil wrapper: no arguments, as the guard reads it
        read_into(plan.params, wrapper, args)
    found_args = vars(args)
    return plan, headers, tuple(found_args.get(key) for key in plan.keys)


def answer(agent: Agent, plan: Plan, headers: tuple[Any, ...], error: Exception | None, result: Any) -> bytes:
    """The response envelope Spyne writes for these results and response headers: as text where it can be
    (`textcodec`), else with elements."""
    prefixes = _prefixes(_nsmap(agent.name))
    if prefixes is not None:
        try:
            return _text_answer(plan, prefixes, headers, error, result)
        except NotTextError:
            pass
    return _element_answer(agent, plan, headers, error, result)


def _results(plan: Plan, error: Exception | None, result: Any) -> _Values:
    values = _Values()  # a failed call's results are None, written as Spyne writes them (nil where required)
    results = (result,) if len(plan.returns) == 1 and not plan.bare else (() if error else result or ())
    for key, value in zip(plan.returns, results, strict=False):
        setattr(values, key, value)
    return values


def _element_answer(agent: Agent, plan: Plan, headers: tuple[Any, ...], error: Exception | None,
                    result: Any) -> bytes:
    root = etree.Element(ENVELOPE, nsmap=_nsmap(agent.name))
    body = etree.Element(BODY)
    wrapper = etree.SubElement(body, plan.response)
    if plan.bare and result is None and error is None:
        wrapper.attrib.update(NIL_ATTR)
    elif plan.bare and not isinstance(result, (tuple, list)) and error is None:
        plan.write(result, wrapper)
    elif plan.returns:
        plan.write(_results(plan, error, result), wrapper)
    header = etree.SubElement(root, HEADER)
    exception, _extra, succeeded, timezone = headers
    _carrier(agent, header, OUT_HEADERS[0], "SoExceptionInfo", exception)
    etree.SubElement(header, OUT_HEADERS[1], NIL_ATTR)
    etree.SubElement(header, OUT_HEADERS[2]).text = "true" if succeeded else "false"
    _carrier(agent, header, OUT_HEADERS[3], "SoTimeZone", timezone)
    root.append(body)
    if protocol().cleanup_namespaces:
        etree.cleanup_namespaces(root)
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True)


_PREFIXES: dict[tuple[int, int], tuple[dict[str, str], Prefixes | None]] = {}


def _prefixes(nsmap: dict[str, str]) -> Prefixes | None:
    """The text prefixes of a root namespace map (None: answered with elements); a map that grows (a WSDL
    built) is a new one. The map is kept with them, so its id is not reused."""
    key = (id(nsmap), len(nsmap))
    found = _PREFIXES.get(key)
    if found is None:
        made = Prefixes(nsmap, ENVELOPE)
        found = _PREFIXES[key] = (nsmap, made if made.usable else None)
    return found[1]


def _text_answer(plan: Plan, prefixes: Prefixes, headers: tuple[Any, ...], error: Exception | None,
                 result: Any) -> bytes:
    qname, out = prefixes.qname, []
    header, body, wrapper = qname(HEADER), qname(BODY), qname(plan.response)
    extra, succeeded_tag = qname(OUT_HEADERS[1]), qname(OUT_HEADERS[2])
    if not (header and body and wrapper and extra and succeeded_tag and prefixes.nil_attr):
        raise NotTextError
    exception, _extra, succeeded, timezone = headers
    out.append(f"<{header}>")
    _text_carrier(out, qname(OUT_HEADERS[0]), "SoExceptionInfo", exception, prefixes)
    out.append(f"<{extra} {prefixes.nil_attr}/><{succeeded_tag}>{'true' if succeeded else 'false'}</{succeeded_tag}>")
    _text_carrier(out, qname(OUT_HEADERS[3]), "SoTimeZone", timezone, prefixes)
    out.append(f"</{header}><{body}>")
    response, returns = plan.text
    if plan.bare and result is None and error is None:
        out.append(f"<{wrapper} {prefixes.nil_attr}/>")
    else:
        writer = _text().members(response, prefixes) if response else _text().fields(returns, prefixes)
        if plan.bare and not isinstance(result, (tuple, list)) and error is None:
            _text_element(out, wrapper, writer, result)
        elif plan.returns:
            _text_element(out, wrapper, writer, _results(plan, error, result))
        else:
            out.append(f"<{wrapper}/>")
    envelope = qname(ENVELOPE)
    if envelope is None:
        raise NotTextError
    out.append(f"</{body}></{envelope}>")
    rest = "".join(out)
    opening = prefixes.opening(f"<{envelope}", rest, protocol().cleanup_namespaces)
    return (XML_DECLARATION + opening + rest).encode()


def _text_carrier(out: list[str], tag: str | None, name: str, value: Any, prefixes: Prefixes) -> None:
    if tag is None:
        raise NotTextError
    if value is None:
        out.append(f"<{tag} {prefixes.nil_attr}/>")
    else:
        _text_element(out, tag, _text().members(name, prefixes), value)


def _text_element(out: list[str], tag: str, writer: Any, value: Any) -> None:
    start = len(out)
    out.append(f"<{tag}>")
    writer(value, out)
    if len(out) == start + 1:
        out[start] = f"<{tag}/>"
    else:
        out.append(f"</{tag}>")


def _carrier(agent: Agent, parent: etree._Element, tag: str, name: str, value: Any) -> None:
    if value is None:
        etree.SubElement(parent, tag, NIL_ATTR)
    else:
        agent.codec.members(name)(value, etree.SubElement(parent, tag))


def front(agent_name: str, fallback: WsgiApp) -> WsgiApp:
    """The agent's WSGI app: the fast path, Spyne's app for what it leaves (see the module docstring)."""

    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        stream = environ["wsgi.input"]
        body = stream.read()
        agent = agent_plan(agent_name)
        try:
            plan, headers, args = read(agent, body)
        except Fallback:
            stream.seek(0)
            return fallback(environ, start_response)
        call = op.call_of(environ, agent_name, plan.name, headers)
        error, result, out_headers = op.perform(environ, call, args)
        data = answer(agent, plan, out_headers, error, result)
        start_response("200 OK", [("Content-Type", "text/xml; charset=utf-8"), ("Content-Length", str(len(data)))])
        return [data]

    return app
