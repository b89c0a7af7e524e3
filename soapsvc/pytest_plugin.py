"""pytest plugin (entry point `pytest11: soapsvc`): soapsvc served by gunicorn for the test session, and a
fresh tenant per test with a logged-in ticket and the admin API's helpers. See docs/pytest-plugin.md.

Why a tenant per test and not a reset between tests: tenants never see each other's data, so tests stay
independent without any clean-up, also when pytest-xdist runs them side by side against one server.
The plugin is loaded in every pytest session of an environment that has soapsvc installed, so it
imports only the standard library until a test asks for `soapsvc`.
"""

from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from soapsvc.admin.client import AdminClient, login
from soapsvc.webhook_receiver import WebhookReceiver

PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("soapsvc", "soapsvc (SuperOffice NetServer emulator)")
    group.addoption("--soapsvc-url", default=os.environ.get("SOAPSVC_TEST_URL"),
                    help="use the soapsvc running at this URL instead of starting one ($SOAPSVC_TEST_URL)")
    group.addoption("--soapsvc-admin-token", default=os.environ.get("SOAPSVC_TEST_ADMIN_TOKEN", ""),
                    help="admin token of the soapsvc at --soapsvc-url ($SOAPSVC_TEST_ADMIN_TOKEN)")
    group.addoption("--soapsvc-database-url", default=os.environ.get("SOAPSVC_TEST_DATABASE_URL"),
                    help="database of the soapsvc the plugin starts (default: a new SQLite file)")
    group.addoption("--soapsvc-workers", type=int, default=2, help="gunicorn workers (default 2)")


class SoapsvcServer:
    """A running soapsvc: its base URL and an admin client holding its token."""

    def __init__(self, url: str, token: str) -> None:
        self.url = url.rstrip("/")
        self.admin = AdminClient(self.url, token)

    def tenant(self, name: str, user: str = "ADMIN", password: str = "admin") -> SoapsvcTenant:
        """Tenant `name` (created with the seed data by its first call), logged in, its journal empty."""
        return SoapsvcTenant(self, name, user, password)


class SoapsvcTenant:
    """One tenant of a soapsvc, logged in as a user: addresses, ticket, journal and fault rules.

    `headers` is zeep's `_soapheaders` argument for the ticket. After `reset`, `seed` and `restore` the
    tenant's tickets end, so these log in again and `ticket` is the new one.
    """

    def __init__(self, server: SoapsvcServer, name: str, user: str = "ADMIN", password: str = "admin") -> None:
        self.server, self.name, self.user, self.password = server, name, user, password
        self.url = server.url
        self.base_url = f"{server.url}/{name}/Remote/Services88"
        self.admin = server.admin
        self.ticket = ""
        self.login()
        self.clear_journal()

    def address(self, agent: str) -> str:
        """The agent's NetServer-style address at this tenant, e.g. .../Contact.svc."""
        return f"{self.base_url}/{agent}.svc"

    def wsdl(self, agent: str) -> str:
        return self.address(agent) + "?wsdl"

    @property
    def rest_url(self) -> str:
        """This tenant's REST base, e.g. `.../Cust1/api` (`/v1/Contact/2`, `/v1/Agents/...` below it)."""
        return f"{self.url}/{self.name}/api"

    @property
    def rest_headers(self) -> dict[str, str]:
        """The `Authorization` header that signs a REST call in with the tenant's ticket."""
        return {"Authorization": f"SOTicket {self.ticket}"}

    @property
    def headers(self) -> dict[str, Any]:
        return {"Credentials": {"Ticket": self.ticket}}

    def login(self, user: str | None = None, password: str | None = None) -> str:
        """Log in (as the tenant's user unless told) and keep the ticket; returns it."""
        self.user, self.password = user or self.user, password or self.password
        self.ticket = login(self.url, self.name, self.user, self.password)
        return self.ticket

    def journal(self, agent: str | None = None, operation: str | None = None, bodies: bool = True
                ) -> list[dict[str, Any]]:
        """This tenant's calls in the order they were made (the API gives newest first)."""
        return list(reversed(self.admin.journal(self.name, agent, operation, limit=10_000, bodies=bodies)))

    def clear_journal(self) -> int:
        return self.admin.clear_journal(self.name)

    def fault(self, agent: str, operation: str = "*", kind: str = "error", **fields: Any) -> dict[str, Any]:
        """Add a fault rule: e.g. `fault("Contact", "GetContactEntity", "delay", delay=3)`."""
        return self.admin.add_fault(self.name, agent, operation, kind, **fields)

    def faults(self) -> list[dict[str, Any]]:
        return self.admin.faults(self.name)

    def clear_faults(self) -> int:
        return self.admin.clear_faults(self.name)

    def reset(self) -> dict[str, Any]:
        return self._relogin(self.admin.reset(self.name))

    def seed(self, dataset: str = "default", **params: Any) -> dict[str, Any]:
        return self._relogin(self.admin.seed(self.name, dataset, **params))

    def snapshot(self, name: str) -> dict[str, Any]:
        return self.admin.snapshot(self.name, name)

    def restore(self, name: str) -> dict[str, Any]:
        return self._relogin(self.admin.restore(self.name, name))

    def _relogin(self, answer: dict[str, Any]) -> dict[str, Any]:
        self.login()
        return answer


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(database_url: str, workers: int, log: Path, timeout: float = 60) -> tuple[subprocess.Popen, str, str]:
    """`soapsvc serve` on a free loopback port with a new admin token; returns (process, URL, token)."""
    port, token = _free_port(), secrets.token_urlsafe(24)
    env = {**os.environ, "SOAPSVC_ADMIN_TOKEN": token, "SOAPSVC_JOURNAL": "on", "SOAPSVC_TENANTS": "auto",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(PACKAGE_ROOT), os.environ.get("PYTHONPATH")]))}
    with log.open("ab") as out:
        proc = subprocess.Popen([sys.executable, "-m", "soapsvc.cli", "serve", "--host", "127.0.0.1", "--port",
                                 str(port), "--workers", str(workers), "--database-url", database_url],
                                env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}/_soapsvc/api", timeout=5).read()
            return proc, url, token
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"soapsvc did not start within {timeout:.0f} s; its log ({log}):\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="session")
def soapsvc_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
                   ) -> Iterator[SoapsvcServer]:
    """soapsvc for the whole test session: started with gunicorn on a free port, or --soapsvc-url's."""
    url = request.config.getoption("--soapsvc-url", default=None)
    if url:
        yield SoapsvcServer(url, request.config.getoption("--soapsvc-admin-token", default="") or "")
        return
    folder = tmp_path_factory.mktemp("soapsvc")
    database_url = (request.config.getoption("--soapsvc-database-url", default=None)
                    or f"sqlite:///{folder / 'soapsvc.sqlite3'}")
    proc, url, token = start(database_url, request.config.getoption("--soapsvc-workers", default=2) or 2,
                             folder / "soapsvc.log")
    try:
        yield SoapsvcServer(url, token)
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture
def soapsvc(soapsvc_server: SoapsvcServer, request: pytest.FixtureRequest) -> SoapsvcTenant:
    """A tenant of this test's own (named after it), logged in as ADMIN, with an empty journal."""
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", request.node.name)[:48].strip("-") + "-" + secrets.token_hex(4)
    return soapsvc_server.tenant(name)


@pytest.fixture
def webhook_receiver() -> Iterator[WebhookReceiver]:
    """A loopback receiver for webhooks: save a webhook with `TargetUrl=webhook_receiver.url`, then
    `webhook_receiver.wait_for("contact.created")`; `fail(n)` makes it answer 500 n times."""
    receiver = WebhookReceiver()
    try:
        yield receiver
    finally:
        receiver.close()
