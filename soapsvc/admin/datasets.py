"""Named data sets a tenant can be seeded with (`POST /_soapsvc/api/tenants/<CustId>/seed`).

Each starts from a reset (the tenant's rows as `soapsvc.store.seed` makes them, its tickets ended), so a
data set gives the same rows whatever the tenant held before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from soapsvc.admin.errors import BadRequestError
from soapsvc.store import admin as store
from soapsvc.store import bulk, tenants

MAX_CONTACTS = 1_000_000


def _default(db: Any, tenant_id: int, params: dict[str, Any]) -> str:
    return "the seed data of the README: users ADMIN, SAL, SUP; contacts 1-6; persons 1-9; reference lists"


def _empty(db: Any, tenant_id: int, params: dict[str, Any]) -> str:
    store.keep_only_users(db, tenant_id)
    return "users ADMIN, SAL, SUP with their persons 1-3 and company 1; the reference lists; nothing else"


def _large(db: Any, tenant_id: int, params: dict[str, Any]) -> str:
    count = params.get("contacts", 1000)
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_CONTACTS:
        raise BadRequestError(f"`contacts` must be an integer from 1 to {MAX_CONTACTS}, not {count!r}")
    first = bulk.add_contacts(db, tenant_id, count, lambda _done: None)
    return f"the default data plus {count} generated contacts, ids {first} to {first + count - 1} (Company 0000007 ...)"


DATASETS: dict[str, tuple[str, Callable[[Any, int, dict[str, Any]], str], tuple[str, ...]]] = {
    "default": ("The seed data every new tenant starts with (the README's table).", _default, ()),
    "empty": ("Only what logging in needs: the three users, their persons and company, the reference lists. "
              "New ids continue after the default data's.", _empty, ()),
    "large": ("The default data plus `contacts` generated contacts (default 1000, at most 1,000,000) named "
              "`Company 0000007` ..., each with a phone number.", _large, ("contacts",)),
}


def describe() -> dict[str, dict[str, Any]]:
    return {name: {"description": text, "parameters": list(params)} for name, (text, _f, params) in DATASETS.items()}


def apply(db: Any, tenant_id: int, name: Any, params: dict[str, Any]) -> str:
    """Reset the tenant, then load data set `name`; returns what it holds now."""
    if name not in DATASETS:
        raise BadRequestError(f"no data set {name!r}; the data sets are: " + ", ".join(DATASETS))
    _text, load, allowed = DATASETS[name]
    unknown = sorted(set(params) - set(allowed))
    if unknown:
        raise BadRequestError(f"data set {name} takes no {', '.join(unknown)}"
                           + (f" (it takes: {', '.join(allowed)})" if allowed else ""))
    tenants.reset(db, tenant_id)
    db.flush()
    return load(db, tenant_id, params)
