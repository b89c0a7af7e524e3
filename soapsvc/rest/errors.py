"""NetServer's REST error answers: `{"Error": true, "ErrorType", "ErrorMessage", "ErrorSource"}` and a status.

The documentation (`web-services/endpoints/rest-webapi`) shows `ErrorMessage`; SuperOffice's own client
(`@superoffice/webapi`) reads `Message`: both are written. Status codes: 400 for validation and a request of
the wrong shape, 401 for missing or refused credentials, 404 for an unknown id or address, 405 for a
method the address does not take, 413 for a body over the limit, 500 for anything unexpected.
"""

from __future__ import annotations

import json
from http.client import responses

from soapsvc.errors import NetServerError

SOURCE = "SuperOffice.Services.Implementation"
STATUS = {"SoValidationException": 400, "SoNotFoundException": 404, "SoSecurityException": 401,
          "ArgumentException": 400}


class RestError(Exception):
    """An error the REST front answers itself (no behaviour ran): bad JSON, unknown path, no credentials."""

    def __init__(self, status: int, error_type: str, message: str) -> None:
        super().__init__(message)
        self.status, self.error_type, self.message = status, error_type, message


def status_line(status: int) -> str:
    return f"{status} {responses.get(status, 'Error')}"


def body(error_type: str, message: str) -> bytes:
    return json.dumps({"Error": True, "ErrorType": error_type, "ErrorMessage": message, "Message": message,
                       "ErrorSource": SOURCE}).encode()


def of(error: Exception) -> tuple[int, bytes]:
    """The status and JSON body NetServer answers for an error raised while serving a REST call."""
    if isinstance(error, RestError):
        return error.status, body(error.error_type, error.message)
    if isinstance(error, NetServerError):
        kind = error.exception_type
        return STATUS.get(kind, 500), body(kind, error.message)
    return 500, body(type(error).__name__, str(error) or type(error).__name__)
