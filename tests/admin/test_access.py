"""Who may use the admin API: loopback only without a token; with one, writes need it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from soapsvc.pytest_plugin import _free_port
from tests.admin.support import InProcess, envelope, http


@pytest.fixture
def open_app(tmp_path, monkeypatch: pytest.MonkeyPatch) -> InProcess:
    return InProcess(tmp_path, monkeypatch)


@pytest.fixture
def token_app(tmp_path, monkeypatch: pytest.MonkeyPatch) -> InProcess:
    return InProcess(tmp_path, monkeypatch, admin_token="s3cret")


@pytest.mark.parametrize("remote", ["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"])
def test_without_a_token_loopback_clients_may_do_everything(open_app: InProcess, remote: str) -> None:
    assert open_app.api("POST", f"/tenants/{open_app.tenant}/reset", {}, remote=remote)[0] == 200
    assert open_app.request("GET", f"/_soapsvc/tenants/{open_app.tenant}/journal", remote=remote)[0] == 200


@pytest.mark.parametrize("remote", ["192.0.2.7", "10.0.0.1", "fd00::2", "::ffff:10.0.0.1", "", "unix"])
@pytest.mark.parametrize(("method", "path"), [("GET", "/_soapsvc/api"), ("POST", "/_soapsvc/api/tenants/X/reset"),
                                              ("GET", "/_soapsvc/"), ("GET", "/_soapsvc/tenants/X/journal")])
def test_without_a_token_other_clients_are_refused(open_app: InProcess, remote: str, method: str, path: str
                                                   ) -> None:
    status, body = open_app.request(method, path, b"{}", remote=remote)
    assert status == 403 and b"loopback clients only" in body and b"--admin-token" in body


def test_soap_and_service_pages_are_for_everyone(open_app: InProcess) -> None:
    assert b"Succeeded>true" in open_app.request("POST", "/Remote/Services88/SoPrincipal.svc",
                                                 envelope("GetSystemInfo"), remote="192.0.2.7")[1]
    assert open_app.request("GET", "/Remote/Services88/Contact.svc", remote="192.0.2.7")[0] == 200


@pytest.mark.parametrize("remote", ["127.0.0.1", "192.0.2.7"])
def test_with_a_token_anyone_may_read(token_app: InProcess, remote: str) -> None:
    assert token_app.api("GET", f"/tenants/{token_app.tenant}/faults", remote=remote)[0] == 200
    assert token_app.request("GET", "/_soapsvc/", remote=remote)[0] == 200


@pytest.mark.parametrize("authorization", [None, "Bearer wrong", "Basic czNjcmV0", "s3cret", "Bearer s3cret2"])
@pytest.mark.parametrize("remote", ["127.0.0.1", "192.0.2.7"])
def test_with_a_token_writes_without_it_are_refused(token_app: InProcess, authorization: str | None,
                                                    remote: str) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    for method, path in (("POST", "reset"), ("DELETE", "journal"), ("POST", "faults")):
        status, answer = token_app.api(method, f"/tenants/{token_app.tenant}/{path}", {}, remote=remote,
                                       headers=headers)
        assert status == 401 and "need its admin token" in answer["error"]


@pytest.mark.parametrize("authorization", ["Bearer s3cret", "bearer s3cret"])
def test_with_a_token_writes_with_it_are_served_from_anywhere(token_app: InProcess, authorization: str) -> None:
    status, answer = token_app.api("POST", f"/tenants/{token_app.tenant}/reset", {}, remote="192.0.2.7",
                                   headers={"Authorization": authorization})
    assert status == 200 and answer["dataset"] == "default"


def _outward_address() -> str | None:
    """This machine's address on its network (not loopback), if it has one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(("198.51.100.1", 9))  # no packet is sent: this only picks the route's source address
            address = sock.getsockname()[0]
        except OSError:
            address = socket.gethostbyname(socket.gethostname())
    return None if address.startswith("127.") else address


def test_a_real_server_without_a_token_refuses_its_network_address() -> None:
    address = _outward_address()
    if address is None:
        pytest.skip("this machine has no network address besides loopback")
    port = _free_port()
    with tempfile.TemporaryDirectory() as folder:
        db = f"sqlite:///{Path(folder) / 'db.sqlite3'}"
        proc = subprocess.Popen([sys.executable, "-m", "soapsvc.cli", "serve", "--host", "0.0.0.0", "--port",
                                 str(port), "--workers", "1", "--database-url", db],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env={**os.environ, "SOAPSVC_ADMIN_TOKEN": ""})
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    status = http("GET", f"http://127.0.0.1:{port}/_soapsvc/api")[0]
                    break
                except OSError:
                    assert time.monotonic() < deadline and proc.poll() is None, "soapsvc did not start"
                    time.sleep(0.1)
            assert status == 200
            status, _headers, body = http("GET", f"http://{address}:{port}/_soapsvc/api")
            assert status == 403 and b"loopback clients only" in body
            assert http("GET", f"http://{address}:{port}/Remote/Services88/Contact.svc")[0] == 200
        finally:
            proc.terminate()
            proc.wait(15)
