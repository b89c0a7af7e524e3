"""One Spyne `Application` per agent, built on demand from the generated contract and cached.

Carrier classes are shared by all 60 agents, and Spyne puts every known subclass of a class into
each Application's schema. While an agent's Application is built, each class's subclass list is
narrowed to the types the reference lists for that agent (WCF's known types included), so that its
WSDL holds exactly the reference's type set.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import spyne.const as spyne_const
from spyne import Application, ServiceBase
from spyne.model.complex import ComplexModelBase

from soapsvc.contract import types
from soapsvc.contract.registry import AGENTS
from soapsvc.ns import TNS
from soapsvc.soap.dates import NetServerSoap11

_lock = threading.Lock()

# Spyne forces a full gc.collect() after a request at most once a second, for file uploads it keeps in
# the context; soapsvc has none, and with the contract's ~1,000 classes loaded one collection takes about
# 120 ms: one request a second per worker would pay for it.
spyne_const.MIN_GC_INTERVAL = float("inf")


def service_class(agent: str) -> type[ServiceBase]:
    """The generated Spyne service of an agent."""
    module = importlib.import_module(AGENTS[agent])
    return getattr(module, f"{agent}Service")


def _own_types(agent: str) -> set[type]:
    """The classes of the named types the reference lists in this agent's schema."""
    module = importlib.import_module(AGENTS[agent])
    return {getattr(types, name) for name in module.TYPES}


@contextmanager
def _narrowed_subclasses(keep: set[type]) -> Iterator[None]:
    saved: dict[type, list[type]] = {}
    for cls in vars(types).values():
        if not (isinstance(cls, type) and issubclass(cls, ComplexModelBase)):
            continue
        subs = cls.Attributes._subclasses
        if subs and "_subclasses" in vars(cls.Attributes):
            saved[cls] = subs
            cls.Attributes._subclasses = [c for c in subs if c in keep] or None
    try:
        yield
    finally:
        for cls, subs in saved.items():
            cls.Attributes._subclasses = subs


_built: dict[str, Application] = {}


def application(agent: str) -> Application:
    """The agent's Spyne Application (SOAP 1.1 in and out), built once per process, when first asked for:
    the WSDL (when not on disk), Spyne's fallback and the older contracts need it; the fast path does not."""
    app = _built.get(agent)
    if app is None:
        service = service_class(agent)
        with _lock, _narrowed_subclasses(_own_types(agent)):
            app = _built.get(agent) or Application(
                [service],
                tns=TNS,
                name=f"Wcf{agent}Service",
                in_protocol=NetServerSoap11(),
                out_protocol=NetServerSoap11(),
            )
            _built[agent] = app
    return app


def built(agent: str) -> Application | None:
    """The agent's Spyne Application if it has been built, without building it."""
    return _built.get(agent)


def agents() -> list[str]:
    """Every agent of the contract, in the reference's order."""
    return list(AGENTS)
