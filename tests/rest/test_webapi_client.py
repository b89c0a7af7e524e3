"""SuperOffice's own JavaScript client (@superoffice/webapi 12.4.1514) against soapsvc under gunicorn.

tests/rest/node/webapi_client.cjs logs in (Basic and SOTicket), creates, saves and reads a contact and a
person through the Agents API, searches the archive for them, and runs the WebAPI entity calls the library
offers; it prints what it sent and what the library made of every answer. Here every field sent must come
back, non-null and equal, and no property the library reads may be missing from soapsvc's JSON (the library
reads PascalCase: a property with other casing, or none, comes out `undefined`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Server
from tests.interop.zeep_clients import login
from tests.rest.conftest import NODE_DIR

TENANT = "NodeClient1"
MIN_DATE = {"$date": "0001-01-01T00:00:00.000Z"}


@pytest.fixture(scope="module")
def run(server: Server, webapi_package: Path) -> dict[str, Any]:
    """The document webapi_client.cjs printed after its calls against this server."""
    env = {**os.environ, "TZ": "UTC", "SO_USER": "ADMIN", "SO_PASSWORD": "admin", "SO_TICKET": login(server, TENANT)}
    done = subprocess.run([shutil.which("node") or "node", str(NODE_DIR / "webapi_client.cjs"), server, TENANT],
                          capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def assert_sent(sent: Any, got: Any, where: str) -> None:
    """Every field of `sent` is in `got`, non-null and equal (arrays item by item; extra fields allowed)."""
    assert got is not None and got != "$undefined", f"{where}: sent {sent!r}, got {got!r}"
    if isinstance(sent, dict) and "$date" not in sent:
        assert isinstance(got, dict), f"{where}: sent an object, got {got!r}"
        for key, value in sent.items():
            assert key in got, f"{where}.{key}: not in the answer"
            assert_sent(value, got[key], f"{where}.{key}")
    elif isinstance(sent, list):
        assert isinstance(got, list) and len(got) == len(sent), f"{where}: sent {sent!r}, got {got!r}"
        for i, (a, b) in enumerate(zip(sent, got, strict=True)):
            assert_sent(a, b, f"{where}[{i}]")
    else:
        assert got == sent, f"{where}: sent {sent!r}, got {got!r}"


def undefined(doc: Any, where: str = "") -> list[str]:
    """Where the library read a property soapsvc did not send, or a date it could not parse."""
    if doc == "$undefined" or doc == {"$date": "Invalid"}:
        return [where]
    if isinstance(doc, dict):
        return [w for k, v in doc.items() for w in undefined(v, f"{where}.{k}")]
    if isinstance(doc, list):
        return [w for i, v in enumerate(doc) for w in undefined(v, f"{where}[{i}]")]
    return []


def when(date: dict[str, str]) -> dt.datetime:
    return dt.datetime.fromisoformat(date["$date"].replace("Z", "+00:00"))


def assert_stamped_during_run(date: dict[str, str], run: dict[str, Any]) -> None:
    """A stamp soapsvc set: a real Date from this run (the client and soapsvc share this machine's clock)."""
    started, finished = when({"$date": run["started"]}), when({"$date": run["finished"]})
    assert started - dt.timedelta(seconds=2) <= when(date) <= finished + dt.timedelta(seconds=2), (date, run)


def test_the_client_ran_on_node_in_utc(run: dict[str, Any]) -> None:
    assert run["node"].startswith("v") and int(run["node"][1:].split(".")[0]) >= 18
    assert run["tz"] == "UTC"


def test_no_property_the_library_reads_is_missing(run: dict[str, Any]) -> None:
    assert undefined(run) == []


def test_log_in_with_basic_and_with_a_ticket(run: dict[str, Any]) -> None:
    for how in ("basic", "ticket"):
        me = run["login"][how]
        assert (me["personId"], me["firstname"], me["lastname"], me["contact"]["contactId"]) == (1, "Alice", "Admin", 1)
        assert me["associate"]["associateId"] == 1 and me["associate"]["type"] == "InternalAssociate"
    wrong = run["login"]["wrong"]
    assert wrong["$error"] == 401 and wrong["data"]["ErrorType"] == "SoSecurityException"


def test_contact_agent_default_save_get(run: dict[str, Any]) -> None:
    default, contact = run["contactDefault"], run["contact"]
    # soapsvc's defaults carry CreatedDate = now (NetServer's ContactDefault.json has 0001-01-01: a known difference)
    assert default["contactId"] == 0 and default["name"] == "" and default["updatedDate"] == MIN_DATE
    assert default["tableRight"]["mask"] > 0 and default["associate"]["associateId"] == 1
    saved = contact["saved"]
    assert saved["contactId"] > 0
    assert_sent(contact["sent"], saved, "saved")
    assert contact["got"] == saved  # read back: the same entity, field for field
    assert_stamped_during_run(saved["createdDate"], run)
    assert saved["updatedDate"] == MIN_DATE and saved["createdBy"]["associateId"] == 1
    assert [p["strippedValue"] for p in saved["phones"]] == ["+4722334455", "+4799887766"]  # as NetServer strips
    assert contact["missing"] is None  # GetContactEntity of no contact: 200 null, the library's null


def test_person_agent_default_save_get_on_the_saved_contact(run: dict[str, Any]) -> None:
    assert run["personDefault"]["personId"] == 0 and run["personDefault"]["birthDate"] == MIN_DATE
    person, contact = run["person"], run["contact"]["saved"]
    saved = person["saved"]
    assert saved["personId"] > 0
    assert_sent(person["sent"], saved, "saved")
    assert person["got"] == saved
    assert saved["birthDate"] == {"$date": "1985-05-17T00:00:00.000Z"}  # the Date sent, the Date read
    assert_stamped_during_run(saved["createdDate"], run)
    assert saved["contact"]["contactId"] == contact["contactId"] and saved["contact"]["name"] == contact["name"]
    assert saved["fullName"] == f"Ada Node {person['sent']['lastname']}"


def test_archive_search_finds_the_saved_contact_and_person(run: dict[str, Any]) -> None:
    contact, person = run["contact"]["saved"], run["person"]["saved"]
    [crow] = run["archive"]["contact"]
    assert (crow["entityName"], crow["primaryKey"]) == ("contact", contact["contactId"])
    cells = {k: v["displayValue"] for k, v in crow["columnData"].items()}
    assert cells == {"contactId": f"[I:{contact['contactId']}]", "name": contact["name"],
                     "department": contact["department"], "orgNr": contact["orgNr"]}
    [prow] = run["archive"]["person"]
    assert (prow["entityName"], prow["primaryKey"]) == ("person", person["personId"])
    assert {k: v["displayValue"] for k, v in prow["columnData"].items()} == {
        "personId": f"[I:{person['personId']}]", "firstname": "Ada", "lastname": person["lastname"],
        "contactId": f"[I:{contact['contactId']}]"}


def test_contact_rest_api_default_post_put_patch_get_delete(run: dict[str, Any]) -> None:
    rest = run["contactRest"]
    assert rest["default"]["contactId"] == 0 and rest["default"]["updatedDate"] == MIN_DATE
    posted = rest["posted"]
    assert posted["contactId"] > 0
    assert_sent(rest["sent"], posted, "posted")
    assert_stamped_during_run(posted["createdDate"], run)
    put = rest["put"]
    assert_sent({**rest["sent"], **rest["putSent"]}, put, "put")
    assert put["createdDate"] == posted["createdDate"]
    assert_stamped_during_run(put["updatedDate"], run)
    assert when(put["updatedDate"]) >= when(posted["createdDate"]) and put["updatedBy"]["associateId"] == 1
    patched = rest["patched"]
    assert patched["department"] == "REST patched" and patched["number2"] == rest["putSent"]["number2"]
    assert [(e["value"], e["description"]) for e in patched["emails"]] == [
        (rest["sent"]["emails"][0]["value"], "Rest"), (rest["patchOps"][1]["value"]["Value"], "Patch")]
    assert rest["merged"] == {**patched, "orgNr": "555666777", "updatedDate": rest["merged"]["updatedDate"]}
    assert rest["got"] == rest["merged"]
    assert rest["deleted"] == ""  # 204, no body
    assert rest["afterDelete"]["$error"] == 404 and rest["afterDelete"]["data"]["ErrorType"] == "SoNotFoundException"


def test_person_rest_api_default_post_put_patch_get_delete(run: dict[str, Any]) -> None:
    rest = run["personRest"]
    assert rest["default"]["personId"] == 0
    posted = rest["posted"]
    assert posted["personId"] > 0
    assert_sent(rest["sent"], posted, "posted")
    assert posted["birthDate"] == {"$date": "1990-12-09T00:00:00.000Z"}
    assert_sent({**rest["sent"], **rest["putSent"]}, rest["put"], "put")
    patched = rest["patched"]
    assert_sent({**rest["sent"], **rest["putSent"], "firstname": "Grace B."}, patched, "patched")
    assert rest["got"] == patched and patched["contact"]["contactId"] == run["contact"]["saved"]["contactId"]
    assert rest["deleted"] == ""
    assert rest["afterDelete"]["$error"] == 404 and rest["afterDelete"]["data"]["ErrorType"] == "SoNotFoundException"
