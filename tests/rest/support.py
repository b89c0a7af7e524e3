"""What the REST tests share: plain HTTP (requests) to a running soapsvc, as a REST integration sends it."""

from __future__ import annotations

from typing import Any

import requests


class Rest:
    """The REST base of one tenant (`<server>/<tenant>/api`) with one way of signing in."""

    def __init__(self, url: str, tenant: str, ticket: str | None = None, auth: tuple[str, str] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        self.base = f"{url.rstrip('/')}/{tenant}/api"
        self.session = requests.Session()
        if ticket:
            self.session.headers["Authorization"] = f"SOTicket {ticket}"
        if auth:
            self.session.auth = auth
        self.session.headers.update(headers or {})

    def call(self, method: str, path: str, json: Any = None, **kw: Any) -> requests.Response:
        return self.session.request(method, self.base + path, json=json, timeout=30, **kw)

    def ok(self, method: str, path: str, json: Any = None, status: int = 200, **kw: Any) -> Any:
        """The JSON of a call that must answer `status`."""
        answer = self.call(method, path, json, **kw)
        assert answer.status_code == status, (answer.status_code, answer.text[:500])
        return answer.json() if answer.content else None

    def agent(self, agent: str, operation: str, json: Any = None, **params: Any) -> Any:
        """POST /api/v1/Agents/<agent>/<operation>, answering 200."""
        return self.ok("POST", f"/v1/Agents/{agent}/{operation}", json, params=params)


def error_of(answer: requests.Response) -> tuple[int, str]:
    """(status, ErrorType) of a NetServer error answer, checking its shape."""
    doc = answer.json()
    assert doc["Error"] is True and doc["ErrorMessage"] and doc["ErrorSource"], doc
    assert answer.headers["Content-Type"].startswith("application/json")
    return answer.status_code, doc["ErrorType"]
