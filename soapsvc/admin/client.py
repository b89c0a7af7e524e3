"""A client of the admin API and of SoPrincipal's log-in, with the standard library only.

The pytest plugin uses it; it imports nothing else of soapsvc, so that every pytest session (the plugin is
loaded in each) pays nothing for it until a fixture asks for a server.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

TNS = "http://www.superoffice.net/ws/crm/NetServer/Services88"
LOGIN = ('<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>'
         f'<AuthenticateUsernamePassword xmlns="{TNS}"><UserName>{{user}}</UserName><Password>{{password}}'
         "</Password></AuthenticateUsernamePassword></s:Body></s:Envelope>")
TICKET = re.compile(r"<(?:[\w.-]+:)?Ticket>([^<]+)</")


class AdminError(Exception):
    """The admin API refused a request: `status` and the API's `message`."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"HTTP {status}: {message}")
        self.status, self.message = status, message


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def login(base_url: str, tenant: str, user: str = "ADMIN", password: str = "admin", timeout: float = 60) -> str:
    """Log in with SoPrincipal.AuthenticateUsernamePassword at `tenant`'s address; returns the ticket."""
    body = LOGIN.format(user=_xml(user), password=_xml(password)).encode()
    request = urllib.request.Request(
        f"{base_url}/{tenant}/Remote/Services88/SoPrincipal.svc", data=body, method="POST",
        headers={"Content-Type": "text/xml; charset=utf-8", "SOAPAction": f'"{TNS}/SoPrincipal/'
                 'AuthenticateUsernamePassword"'})
    with urllib.request.urlopen(request, timeout=timeout) as answer:
        text = answer.read().decode()
    found = TICKET.search(text)
    if not found:
        raise AdminError(200, f"log-in of {user} at {tenant} failed: {text[:500]}")
    return found[1]


class AdminClient:
    """`GET/POST/DELETE /_soapsvc/api/...` with JSON, sending the admin token with every request."""

    def __init__(self, base_url: str, token: str = "", timeout: float = 120) -> None:
        self.base_url, self.token, self.timeout = base_url.rstrip("/"), token, timeout

    def request(self, method: str, path: str, payload: Any = None, **query: Any) -> Any:
        """The decoded JSON answer; AdminError when the status is not 2xx."""
        params = {k: (int(v) if isinstance(v, bool) else v) for k, v in query.items() if v is not None}
        url = f"{self.base_url}/_soapsvc/api{path}" + (f"?{urllib.parse.urlencode(params)}" if params else "")
        data = None if payload is None else json.dumps(payload).encode()
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                return json.loads(answer.read())
        except urllib.error.HTTPError as err:
            text = err.read().decode("utf-8", "replace")
            try:
                message = json.loads(text)["error"]
            except (ValueError, KeyError, TypeError):
                message = text
            raise AdminError(err.code, message) from None

    def tenant_path(self, tenant: str, rest: str) -> str:
        return f"/tenants/{urllib.parse.quote(tenant)}/{rest}"

    def reset(self, tenant: str) -> dict[str, Any]:
        return self.request("POST", self.tenant_path(tenant, "reset"), {})

    def seed(self, tenant: str, dataset: str = "default", **params: Any) -> dict[str, Any]:
        return self.request("POST", self.tenant_path(tenant, "seed"), {"dataset": dataset, **params})

    def snapshot(self, tenant: str, name: str) -> dict[str, Any]:
        return self.request("POST", self.tenant_path(tenant, "snapshots"), {"name": name})["snapshot"]

    def restore(self, tenant: str, name: str) -> dict[str, Any]:
        return self.request("POST", self.tenant_path(tenant, f"snapshots/{urllib.parse.quote(name)}/restore"), {})

    def journal(self, tenant: str, agent: str | None = None, operation: str | None = None, after: int = 0,
                limit: int = 100, bodies: bool = True) -> list[dict[str, Any]]:
        """The tenant's calls, newest first, as the API gives them."""
        return self.request("GET", self.tenant_path(tenant, "journal"), agent=agent, operation=operation,
                            after=after or None, limit=limit, bodies=bodies)["entries"]

    def clear_journal(self, tenant: str) -> int:
        return self.request("DELETE", self.tenant_path(tenant, "journal"))["deleted"]

    def add_fault(self, tenant: str, agent: str, operation: str = "*", kind: str = "error", **fields: Any
                  ) -> dict[str, Any]:
        rule = {"agent": agent, "operation": operation, "kind": kind, **fields}
        return self.request("POST", self.tenant_path(tenant, "faults"), rule)["rule"]

    def faults(self, tenant: str) -> list[dict[str, Any]]:
        return self.request("GET", self.tenant_path(tenant, "faults"))["rules"]

    def clear_faults(self, tenant: str, rule_id: int | None = None) -> int:
        rest = "faults" if rule_id is None else f"faults/{rule_id}"
        return self.request("DELETE", self.tenant_path(tenant, rest))["deleted"]
