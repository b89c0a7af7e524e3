"""The admin features on PostgreSQL (gunicorn, 2 workers, no admin token: loopback may write)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from soapsvc.admin.client import AdminClient, login
from tests.admin.support import soap
from tests.conftest import Server


def test_snapshots_journal_and_fault_counts_on_postgresql(postgres_server: Server) -> None:
    admin, tenant = AdminClient(postgres_server), "PgAdmin1"
    address = f"{postgres_server}/{tenant}/Remote/Services88/Contact.svc"
    ticket = login(postgres_server, tenant)
    assert admin.snapshot(tenant, "seeded")["rows"] > 100
    admin.seed(tenant, "empty")
    ticket = login(postgres_server, tenant)
    assert b"Nordic Fisheries AS" not in soap(address, "GetContactEntity", "<ContactEntityId>2</ContactEntityId>",
                                              ticket)[1]
    admin.restore(tenant, "seeded")
    ticket = login(postgres_server, tenant)
    admin.clear_journal(tenant)
    admin.add_fault(tenant, "Contact", "GetContactEntity", "http", status=503, times=4)
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: soap(address, "GetContactEntity", "<ContactEntityId>2</ContactEntityId>",
                                               ticket), range(16)))
    assert [status for status, _body in answers].count(503) == 4
    assert sum(b"Nordic Fisheries AS" in body for _status, body in answers) == 12
    journal = admin.journal(tenant, bodies=False)
    assert len(journal) == 16 and sorted(e["status"] for e in journal).count(503) == 4
