"""Hand-written behaviour, one module per agent, registered by operation name.

A module here implements operations with `@implements("<Agent>", "<Operation>")`; the generated contract
dispatches to whatever is registered and answers NetServer's "not implemented" error for the rest.
`replayable=True` marks a read whose answer depends only on the request, the signed-in user and the
tenant's stored data (never on the clock): its answers may be kept and sent again (`soapsvc.soap.replay`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cache
from typing import Any

IMPLEMENTATIONS: dict[tuple[str, str], Callable[..., Any]] = {}
REPLAYABLE: set[tuple[str, str]] = set()
GENERIC: set[tuple[str, str]] = set()  # the operations the entity kit serves (`kit`), not hand-written rules
MODULES = ("appointment", "archive", "associate", "contact", "find", "list", "list_entities", "mdo", "person",
           "project", "saint", "sale", "selection", "soprincipal", "headings", "webpanel", "preference",
           "userdefinedfieldinfo", "foreignsystem", "databasetable",
           "customobject", "webhook")


def implements(agent: str, operation: str, replayable: bool = False
               ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register the decorated function as the behaviour of `agent.operation`."""

    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        IMPLEMENTATIONS[(agent, operation)] = func
        if replayable:
            REPLAYABLE.add((agent, operation))
        return func

    return register


@cache
def load() -> dict[tuple[str, str], Callable[..., Any]]:
    """Import every behaviour module once, so that their registrations are in place, then let the entity
    kit serve the family operations none of them implements."""
    for name in MODULES:
        importlib.import_module(f"{__name__}.{name}")
    from soapsvc.agents import kit

    GENERIC.update(kit.register(IMPLEMENTATIONS))
    return IMPLEMENTATIONS


def behaviour_of(agent: str, operation: str) -> Callable[..., Any] | None:
    """The behaviour of an operation, or None when soapsvc has none.

    (Not named `find`: the Find agent's module, soapsvc.agents.find, would shadow it.)"""
    return load().get((agent, operation))


def replayable(agent: str, operation: str) -> bool:
    """Whether answers of `agent.operation` may be kept and sent again (see `implements`)."""
    load()
    return (agent, operation) in REPLAYABLE
