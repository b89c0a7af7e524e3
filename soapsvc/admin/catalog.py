"""The contract's agents and operations by name, and which of them have behaviour.

The admin API checks the names of fault rules here (a typo would otherwise make a rule that never
fires), and the pages count implemented operations as `tools/coverage.py` does.
"""

from __future__ import annotations

from functools import cache

from soapsvc import agents as behaviour
from soapsvc.soap.app import agents, service_class


@cache
def operations(agent: str) -> tuple[str, ...]:
    """The agent's operations in the contract's order."""
    return tuple(service_class(agent).public_methods)


@cache
def _agents_by_lower() -> dict[str, str]:
    return {a.lower(): a for a in agents()}


def agent_named(name: str) -> str | None:
    """The contract's spelling of an agent's name (any case), or None."""
    return _agents_by_lower().get(name.lower())


def operation_named(agent: str, name: str) -> str | None:
    """The contract's spelling of an operation of `agent` (any case), or None."""
    return next((op for op in operations(agent) if op.lower() == name.lower()), None)


def implemented(agent: str) -> list[str]:
    """The agent's operations that have behaviour (the others answer NotImplementedException)."""
    done = behaviour.load()
    return [op for op in operations(agent) if (agent, op) in done]
