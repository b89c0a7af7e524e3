"""Dates on the wire as NetServer writes them: MinValue without an offset, UTC with Z, unzoned as sent."""

from __future__ import annotations

import datetime as dt
import re

from soapsvc.ns import TNS
from soapsvc.soap.dates import wire
from tests.agents.support import new_tenant
from tests.interop.zeep_clients import login
from tests.test_protocol import post


def test_min_value_has_no_offset() -> None:
    assert wire(dt.datetime(1, 1, 1, tzinfo=dt.UTC)) == "0001-01-01T00:00:00"
    assert wire(dt.datetime(1, 1, 1)) == "0001-01-01T00:00:00"


def test_utc_is_written_with_z_and_other_offsets_are_moved_to_utc() -> None:
    assert wire(dt.datetime(2025, 3, 1, 9, 30, tzinfo=dt.UTC)) == "2025-03-01T09:30:00Z"
    plus_two = dt.timezone(dt.timedelta(hours=2))
    assert wire(dt.datetime(2025, 3, 1, 11, 30, 0, 250000, tzinfo=plus_two)) == "2025-03-01T09:30:00.250000Z"


def test_a_time_without_offset_stays_without_one() -> None:
    assert wire(dt.datetime(2025, 3, 1, 9, 30)) == "2025-03-01T09:30:00"


def test_answers_carry_netserver_dates(server: str) -> None:
    tenant = new_tenant()
    ticket = login(server, tenant)
    body = (f'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header>'
            f'<Credentials xmlns="{TNS}"><Ticket>{ticket}</Ticket></Credentials></s:Header><s:Body>'
            f'<GetContactEntity xmlns="{TNS}"><ContactEntityId>2</ContactEntityId></GetContactEntity>'
            f'</s:Body></s:Envelope>').encode()
    status, answer = post(f"{server}/{tenant}/Remote/Services88/Contact.svc", body)
    assert status == 200
    text = answer.decode()
    assert re.search(r"<tns:UpdatedDate>0001-01-01T00:00:00</tns:UpdatedDate>", text), text[:2000]
    assert re.search(r"<tns:CreatedDate>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z</tns:CreatedDate>", text)
    assert "+00:00" not in text
