"""Hand-written behaviour, one module per agent, registered by operation name.

A module here implements operations with `@implements("<Agent>", "<Operation>")`; the generated contract
dispatches to whatever is registered and answers NetServer's "not implemented" error for the rest.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cache
from typing import Any

IMPLEMENTATIONS: dict[tuple[str, str], Callable[..., Any]] = {}
MODULES = ("appointment", "archive", "associate", "contact", "find", "list", "mdo", "person", "project", "sale",
           "soprincipal")


def implements(agent: str, operation: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register the decorated function as the behaviour of `agent.operation`."""

    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        IMPLEMENTATIONS[(agent, operation)] = func
        return func

    return register


@cache
def load() -> dict[tuple[str, str], Callable[..., Any]]:
    """Import every behaviour module once, so that their registrations are in place."""
    for name in MODULES:
        importlib.import_module(f"{__name__}.{name}")
    return IMPLEMENTATIONS


def behaviour_of(agent: str, operation: str) -> Callable[..., Any] | None:
    """The behaviour of an operation, or None when soapsvc has none.

    (Not named `find`: the Find agent's module, soapsvc.agents.find, would shadow it.)"""
    return load().get((agent, operation))
