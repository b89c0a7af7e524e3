"""Large data sets for benchmarks and load tests: many contacts inserted in batches."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from soapsvc import clock
from soapsvc.store import entities
from soapsvc.store import models as m
from soapsvc.store.seed import BUSINESSES, CATEGORIES, COUNTRIES

BATCH = 10_000


def reserve_ids(session: Session, tenant_id: int, name: str, count: int) -> int:
    """Take `count` consecutive ids in one statement; returns the first."""
    seq = m.Sequence
    last = session.execute(update(seq).where(seq.tenant_id == tenant_id, seq.name == name)
                           .values(next_id=seq.next_id + count).returning(seq.next_id)).scalar_one()
    return last - count


def add_contacts(session: Session, tenant_id: int, count: int, progress: Callable[[int], None]) -> int:
    """Insert `count` generated contacts (names `Company 000001` ...), calling `progress` per batch."""
    first = reserve_ids(session, tenant_id, "contact", count)
    now = clock.now()
    done = 0
    while done < count:
        size = min(BATCH, count - done)
        rows = []
        for i in range(first + done, first + done + size):
            phone = f"+47 {i:08d}"
            doc = {entities.ELEMENTS_KEY: {"Phones": [[phone, phone.replace(" ", ""), "Main"]]}}
            rows.append({"tenant_id": tenant_id, "id": i, "name": f"Company {i:07d}", "department": "",
                         "orgnr": "", "number1": "", "country_id": COUNTRIES[i % len(COUNTRIES)][0],
                         "business_id": 1 + i % len(BUSINESSES), "category_id": 1 + i % len(CATEGORIES),
                         "associate_id": 1 + i % 3, "created": now, "updated": None, "created_by": 1,
                         "updated_by": 0, "doc": entities.dump(doc)})
        session.execute(insert(m.Contact), rows)
        session.execute(insert(m.Element), [
            {"tenant_id": tenant_id, "owner": "contact", "owner_id": r["id"], "field": "Phones", "rank": 1,
             "value": f"+47 {r['id']:08d}", "stripped": f"+47{r['id']:08d}", "description": "Main"} for r in rows])
        done += size
        progress(done)
    return first
