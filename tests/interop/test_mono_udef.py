"""The partner-app installer scenario of user-defined fields through a WCF client that Mono's svcutil
generates from the reference WSDL, against gunicorn (the zeep one is tests/agents/test_userdefinedfieldinfo.py).

`UdefSvcutil.exe` logs in as ADMIN in a tenant of its own, defines three fields on contact (ShortText,
Number, Date), starts a publish event and publishes, saves a contact with the text by prog id and the number
and the date by label (encoded as NetServer's CultureDataFormatter encodes them), reads it back, finds each
field by prog id or by label and decodes its value, and searches the archive on the number and the date.
WCF reads a misnamed element as null without an error, so every value is checked non-null and equal; the
date is compared as a DateTime with the one sent. The values sent are in `dotnet/UdefSvcutil.cs` (class
`Sent`) and repeated here.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from tests.agents.support import new_tenant
from tests.conftest import Server
from tests.interop import mono
from tests.interop.test_mono_crm import Run

OPERATIONS = {
    "SoPrincipal": ["AuthenticateUsernamePassword"],
    "UserDefinedFieldInfo": [
        "CreateUserDefinedFieldInfo", "SaveUserDefinedFieldInfo", "DetectUnpublishedChanges",
        "SetPublishStartSystemEvent", "IsPublishEventActive", "IsAnyPublishEventActive", "Publish",
        "GetPublishedUserDefinedFieldList", "GetPublishedUserDefinedFieldFromFieldLabel",
        "GetUserDefinedFieldFromProgId",
    ],
    "Contact": ["CreateDefaultContactEntity", "SaveContactEntity", "GetContactEntity"],
    "Archive": ["GetArchiveListByColumns"],
}
PROGRAM = "UdefSvcutil.cs"
FIELDS = {  # step: what each saved field reads back as
    "Text": {"FieldType": "ShortText", "FieldLabel": "Partner ref", "Tooltip": "Partner ref tooltip",
             "FieldDefault": "none yet", "ProgId": "SuperOffice:1", "TextLength": "40"},
    "Number": {"FieldType": "Number", "FieldLabel": "Seats:", "Tooltip": "Seats: tooltip", "ProgId": "SuperOffice:2"},
    "Date": {"FieldType": "Date", "FieldLabel": "Renewal", "Tooltip": "Renewal tooltip", "ProgId": "SuperOffice:3"},
}
TEXT, NUMBER, SMALL = "ACME-42", 25, 5
DATE = dt.datetime(2025, 3, 1, 14, 30, 15, 250000, tzinfo=dt.UTC)
ENCODED = {"SuperOffice:1": TEXT, "SuperOffice:2": f"[I:{NUMBER}]",
           "SuperOffice:3": f"[DT:{DATE:%m/%d/%Y %H:%M:%S}.{DATE.microsecond:06d}0]"}

STEPS = [*(f"Field.{f}.{s}" for f in FIELDS for s in ("Create", "Save")),
         "Unpublished.Before", "StartEvent", "EventActive.Contact", "EventActive.Person", "AnyEventActive.Before",
         "Published", "AnyEventActive.After", "Unpublished.After", "PublishedList",
         "Contact.Default", "Contact.Save", "Contact.Small.Save", "Contact.Get",
         "Read.Text.Field", "Read.Seats.Field", "Read.Renewal.Field", "Search.Number", "Search.Date"]
"""Every call the program makes, by the step name it prints."""


def build(out: Path) -> Path:
    """Generate the svcutil proxies of the reduced reference WSDLs and compile the program."""
    proxies = [mono.svcutil_proxy(mono.reduce_wsdl(mono.REFERENCE_WSDL / f"{agent}.wsdl", ops,
                                                   out / f"{agent}.reduced.wsdl"), f"Ref.{agent}", out)
               for agent, ops in OPERATIONS.items()]
    shared = ["CrmScenario.cs", "Output.cs", "WcfHeaders.cs", "SvcutilLogin.cs"]
    sources = [mono.DOTNET_DIR / PROGRAM, *(mono.DOTNET_DIR / name for name in shared), *proxies]
    return mono.compile_exe(sources, out / "UdefSvcutil.exe", mono.SVCUTIL_REFS)


@pytest.fixture(scope="module")
def run(server: Server, tmp_path_factory: pytest.TempPathFactory) -> Run:
    mono.require_mono()
    exe = build(tmp_path_factory.mktemp("udef-svcutil"))
    # Not mono.run_exe: a step that throws makes the program exit 1, and the other steps' output still counts.
    proc = subprocess.run(["mono", "--debug", str(exe), server, new_tenant(), "ADMIN", "admin"],
                          capture_output=True, text=True, encoding="utf-8", timeout=300, check=False)
    output = f"--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}"
    return Run("svcutil", mono.parse_output(proc.stdout), proc.returncode, output)


def test_every_step_ran_and_succeeded(run: Run) -> None:
    errors = {k: v for k, v in run.values.items() if k.endswith(".Error")}
    assert not errors and run.returncode == 0, f"{errors}\n{run.output}"
    run.expect("Login", {"AuthenticationSucceeded": "true", "AssociateId": "1"})
    succeeded = {k.removesuffix(".Succeeded"): v for k, v in run.values.items() if k.endswith(".Succeeded")}
    assert set(succeeded) == set(STEPS) and set(succeeded.values()) == {"true"}, run.output


@pytest.mark.parametrize("step", FIELDS)
def test_fields_are_created_and_saved_as_sent(run: Run, step: str) -> None:
    run.expect(f"Field.{step}.Create.Response", {"UDefFieldId": "0", "FieldType": FIELDS[step]["FieldType"],
                                                 "Type": "Contact", "HasBeenPublished": "false"})
    saved = f"Field.{step}.Save.Response"
    run.expect(saved, {**FIELDS[step], "Type": "Contact", "HasBeenPublished": "false"})
    assert int(run[f"{saved}.UDefFieldId"]) > 0
    ids = {run[f"Field.{s}.Save.Response.UDefFieldId"] for s in FIELDS}
    assert len(ids) == len(FIELDS)


def test_publish_event_and_publish(run: Run) -> None:
    for step, value in {"Unpublished.Before": "true", "StartEvent": "null", "EventActive.Contact": "true",
                        "EventActive.Person": "false", "AnyEventActive.Before": "true", "Published": "1",
                        "AnyEventActive.After": "false", "Unpublished.After": "false"}.items():
        run.expect(step, {"Response": value, "Succeeded": "true", "ExceptionInfo.Message": "null"})
    run.expect("PublishedList.Response", {"Length": "3"})
    for i, step in enumerate(FIELDS):
        run.expect(f"PublishedList.Response.{i}", {
            **FIELDS[step], "HasBeenPublished": "true", "UDefFieldId": run[f"Field.{step}.Save.Response.UDefFieldId"]})


def test_new_contact_has_the_published_fields_at_their_defaults(run: Run) -> None:
    run.expect("Contact.Default.Response.UserDefinedFields",
               {"SuperOffice:1": "none yet", "SuperOffice:2": "[I:0]", "SuperOffice:3": ""})


def test_values_saved_by_prog_id_and_label_read_back(run: Run) -> None:
    contact_id = run["Contact.Save.Response.ContactId"]
    assert int(contact_id) > 0
    for prefix in ("Contact.Save.Response", "Contact.Get.Response"):
        run.expect(prefix, {"ContactId": contact_id, "Name": "Udef Partner AS"})
        run.expect(f"{prefix}.UserDefinedFields", ENCODED)
    run.expect("Contact.Small.Save.Response.UserDefinedFields",
               {"SuperOffice:1": "none yet", "SuperOffice:2": f"[I:{SMALL}]", "SuperOffice:3": ""})


@pytest.mark.parametrize(("step", "field", "value"), [("Text", "Text", TEXT), ("Seats", "Number", str(NUMBER))])
def test_values_read_through_their_field(run: Run, step: str, field: str, value: str) -> None:
    """The field found by prog id (Text) or by label (Seats, without the colon) is the one saved; its value."""
    run.expect(f"Read.{step}.Field.Response", {**FIELDS[field], "HasBeenPublished": "true",
                                               "UDefFieldId": run[f"Field.{field}.Save.Response.UDefFieldId"]})
    run.expect("Read", {f"{step}.Value": value})


def test_date_reads_back_as_the_datetime_sent(run: Run) -> None:
    run.expect("Read.Renewal.Field.Response", {**FIELDS["Date"], "HasBeenPublished": "true",
                                               "UDefFieldId": run["Field.Date.Save.Response.UDefFieldId"]})
    assert run.when("Read.Renewal.Value") == DATE
    assert run["Read.Renewal.Value"].endswith("Z")  # decoded as UTC


@pytest.mark.parametrize("step", ["Search.Number", "Search.Date"])
def test_archive_finds_the_contact_by_its_values(run: Run, step: str) -> None:
    prefix = f"{step}.Response"
    contact_id = run["Contact.Save.Response.ContactId"]
    run.expect(prefix, {"Length": "1", "0.PrimaryKey": contact_id, "0.EntityName": "contact"})
    run.expect(f"{prefix}.0.ColumnData", {"contactId.DisplayValue": f"[I:{contact_id}]",
                                         "name.DisplayValue": "Udef Partner AS",
                                         **{f"contactUdef/{k}.DisplayValue": v for k, v in ENCODED.items()}})
