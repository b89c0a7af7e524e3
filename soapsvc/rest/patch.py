"""PATCH bodies as the WebAPI takes them: JSON Patch (RFC 6902) and JSON Merge Patch (RFC 7396).

Paths are matched to the entity's properties without regard to case and may leave out the leading `/`
(`Department`, `Category/Id`), as NetServer's documentation writes them. In a merge patch an object sent
where the entity has an array is added to the array (NetServer's rule, documented with `Phones`).
"""

from __future__ import annotations

import copy
from typing import Any

from soapsvc.rest.errors import RestError


def _bad(message: str) -> RestError:
    return RestError(400, "ArgumentException", f"PATCH: {message}")


def apply(doc: dict[str, Any], body: Any, carrier: str) -> dict[str, Any]:
    """`doc` (the stored entity as JSON) with the patch applied."""
    doc = copy.deepcopy(doc)
    if isinstance(body, list):
        for i, op in enumerate(body):
            _operation(doc, op, i)
        return doc
    if isinstance(body, dict):
        return _merge(doc, body)
    raise _bad(f"send a JSON Patch array of operations or a merge-patch object for the {carrier}")


def _key(container: Any, name: str, where: str) -> Any:
    if isinstance(container, list):
        if name == "-":
            return len(container)
        if not name.isdigit() or int(name) > len(container):
            raise _bad(f"{where}: '{name}' is not an index of the array")
        return int(name)
    if not isinstance(container, dict):
        raise _bad(f"{where}: '{name}' is inside a value that has no properties")
    return next((k for k in container if k.lower() == name.lower()), name)


def _parent(doc: dict[str, Any], path: Any) -> tuple[Any, Any]:
    if not isinstance(path, str) or not path.strip("/"):
        raise _bad(f"'{path}' is not a path of the entity (e.g. /Department or Category/Id)")
    parts = [p.replace("~1", "/").replace("~0", "~") for p in path.strip("/").split("/")]
    node: Any = doc
    for i, part in enumerate(parts[:-1]):
        key = _key(node, part, path)
        if isinstance(node, dict) and node.get(key) is None:
            node[key] = {}
        node = node[key]
        if node is None:
            raise _bad(f"{path}: {'/'.join(parts[:i + 1])} is null")
    return node, _key(node, parts[-1], path)


def _operation(doc: dict[str, Any], op: Any, index: int) -> None:
    if not isinstance(op, dict) or not isinstance(op.get("op"), str):
        raise _bad(f"operation {index} is not an object with an 'op'")
    kind = op["op"].lower()
    node, key = _parent(doc, op.get("path"))
    if kind in ("add", "replace"):
        if "value" not in op:
            raise _bad(f"operation {index} ({kind}) has no value")
        if isinstance(node, list) and kind == "add":
            node.insert(key, op["value"])
        else:
            node[key] = op["value"]
    elif kind == "remove":
        if isinstance(node, list):
            node.pop(key)
        else:
            node[key] = None
    elif kind == "test":
        if (node[key] if isinstance(node, list) else node.get(key)) != op.get("value"):
            raise RestError(409, "ArgumentException", f"PATCH: test of {op.get('path')} failed")
    else:
        raise _bad(f"operation {index}: '{op['op']}' is not one of add, replace, remove, test")


def _merge(target: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    for name, value in patch.items():
        key = _key(target, name, name)
        current = target.get(key)
        if isinstance(current, list) and isinstance(value, dict):
            current.append(value)
        elif isinstance(current, dict) and isinstance(value, dict):
            target[key] = _merge(current, value)
        else:
            target[key] = value
    return target
