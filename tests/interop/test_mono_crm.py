"""A CRM scenario through the two .NET clients Mono generates from the reference WSDL, against gunicorn.

`CrmScenarioWsdl.exe` (wsdl: SoapHttpClientProtocol) and `CrmScenarioSvcutil.exe` (svcutil: WCF ClientBase)
run the same steps in a tenant of their own: ADMIN creates a contact with two phones, an e-mail and an
address, two persons at it, a project with both as members, a sale and an appointment linked to the contact,
a person and the project, reading each back; SAL changes one field of each; ADMIN tries to save the contact
without a name, deletes the contact and reads everything again. Each program prints every value it reads
(`null` for null, see `dotnet/README.md`); the program runs once per client and the tests check its output.
The values sent are in `dotnet/CrmScenario.cs` (class `Sent`) and repeated here.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.agents.support import new_tenant
from tests.conftest import Server
from tests.interop import mono

ENTITY_OPERATIONS = ["CreateDefault{}Entity", "Save{}Entity", "Get{}Entity"]
OPERATIONS = {
    "SoPrincipal": ["AuthenticateUsernamePassword"],
    "Contact": [op.format("Contact") for op in ENTITY_OPERATIONS] + ["DeleteContactEntity"],
    **{agent: [op.format(agent) for op in ENTITY_OPERATIONS] for agent in ("Person", "Project", "Sale", "Appointment")},
}
PROGRAMS = {"wsdl": "CrmScenarioWsdl.cs", "svcutil": "CrmScenarioSvcutil.cs"}

ADMIN, SELLER = ("1", "Alice Admin"), ("2", "Sam Seller")
START, END = "2025-03-01T09:30:00+00:00", "2025-09-30T17:00:00+00:00"
MEETING_START, MEETING_END = "2025-04-02T10:00:00+00:00", "2025-04-02T11:30:00+00:00"
CONTACT = {
    "Name": "Fjord Interop AS", "Department": "Integration", "OrgNr": "912345678",
    "Description": "Made by a .NET client",
    "Phones.Length": "2",
    "Phones.0.Value": "+47 22 33 44 55", "Phones.0.Description": "Switchboard", "Phones.0.StrippedValue": "+4722334455",
    "Phones.1.Value": "+47 99 88 77 66", "Phones.1.Description": "Support", "Phones.1.StrippedValue": "+4799887766",
    "Emails.Length": "1", "Emails.0.Value": "post@fjord-interop.example", "Emails.0.Description": "Post",
    "Address.Street.AtypeIdx": "Unknown", "Address.Street.Address1": "Storgata 1", "Address.Street.City": "Oslo",
    "Address.Street.Zipcode": "0155",
    "Address.Postal.AtypeIdx": "Unknown", "Address.Postal.Address1": "Postboks 7", "Address.Postal.City": "Oslo",
    "Address.Postal.Zipcode": "0101",
    "Address.Formatted": "Storgata 1, 0155 Oslo",
}
CONTACT_DEFAULTS = {
    "Associate.AssociateId": "1", "Associate.FullName": "Alice Admin", "Associate.Name": "ADMIN",
    "Country.CountryId": "578", "Country.Name": "Norway", "Country.TwoLetterISOCountry": "NO",
    "Business.Id": "1", "Business.Value": "Information Technology", "Category.Id": "1", "Category.Value": "Customer",
}
PERSONS = [("Ada", "Lovelace"), ("Alan", "Turing")]
PROJECT = {"Name": "Interop rollout", "ProjectNumber": "P-4711", "Description": "Both .NET clients"}
PROJECT_DATES = {"StartDate": START, "EndDate": END}
SALE = {"Heading": "Interop licences", "Number": "S-0815", "SaleText": "Ten seats", "Amount": "12345.5",
        "Probability": "60"}
APPOINTMENT = {"Title": "Kick-off", "Description": "Meet the team", "Location": "Oslo office"}
APPOINTMENT_DATES = {"StartDate": MEETING_START, "EndDate": MEETING_END}
UPDATES = {  # step: (field, value SAL saves, the id field)
    "Contact": ("Department", "Integration and test", "ContactId"),
    "Person1": ("Title", "Chief engineer", "PersonId"),
    "Project": ("Name", "Interop rollout, phase 2", "ProjectId"),
    "Sale": ("Heading", "Interop licences, renewed", "SaleId"),
    "Appointment": ("Title", "Kick-off (moved)", "AppointmentId"),
}


@dataclass
class Run:
    """One run of a scenario program: what it printed, parsed, and how it ended."""

    kind: str
    values: dict[str, str]
    returncode: int
    output: str

    def __getitem__(self, key: str) -> str:
        assert key in self.values, f"{self.kind}: no {key} in the output:\n{self.output}"
        return self.values[key]

    def expect(self, prefix: str, fields: dict[str, str]) -> None:
        """Each prefix.<field> was printed, is not null, and has the value given."""
        wrong = {f: self.values.get(f"{prefix}.{f}", "<missing>") for f, v in fields.items()
                 if self.values.get(f"{prefix}.{f}") != v}
        assert not wrong, f"{self.kind} {prefix}: got {wrong}, expected {[fields[f] for f in wrong]}"

    def when(self, key: str) -> dt.datetime:
        """A printed DateTime (naive ones, WCF's for an element that was not sent, taken as UTC)."""
        value = dt.datetime.fromisoformat(self[key])
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)

    def expect_dates(self, prefix: str, fields: dict[str, str]) -> None:
        for field, value in fields.items():
            assert self.when(f"{prefix}.{field}") == dt.datetime.fromisoformat(value), (self.kind, prefix, field)

    def expect_recent(self, key: str) -> dt.datetime:
        value = self.when(key)
        assert abs(value - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5), (self.kind, key, value)
        return value

    def expect_created_by_admin(self, prefix: str) -> None:
        """The stamps of a new entity: created now by ADMIN, owned by ADMIN, not updated."""
        self.expect(prefix, {"CreatedBy.AssociateId": ADMIN[0], "CreatedBy.FullName": ADMIN[1],
                             "Associate.AssociateId": ADMIN[0], "Associate.FullName": ADMIN[1], "UpdatedBy": "null"})
        self.expect_recent(f"{prefix}.CreatedDate")
        assert self.when(f"{prefix}.UpdatedDate").year == 1, (self.kind, prefix)  # DateTime.MinValue: never


def build(kind: str, out: Path) -> Path:
    """Generate the proxies of the reduced reference WSDLs with `kind`'s tool and compile its program."""
    proxy = mono.wsdl_proxy if kind == "wsdl" else mono.svcutil_proxy
    proxies = [proxy(mono.reduce_wsdl(mono.REFERENCE_WSDL / f"{agent}.wsdl", ops, out / f"{agent}.reduced.wsdl"),
                     f"Ref.{agent}", out)
               for agent, ops in OPERATIONS.items()]
    shared = ["CrmScenario.cs", "Output.cs"]
    shared += ["WcfHeaders.cs", "SvcutilLogin.cs"] if kind == "svcutil" else ["WsdlTenant.cs"]
    sources = [mono.DOTNET_DIR / PROGRAMS[kind], *(mono.DOTNET_DIR / name for name in shared), *proxies]
    refs = mono.WSDL_REFS if kind == "wsdl" else mono.SVCUTIL_REFS
    return mono.compile_exe(sources, out / Path(PROGRAMS[kind]).with_suffix(".exe").name, refs)


@pytest.fixture(scope="module", params=sorted(PROGRAMS), ids=str)
def run(request: pytest.FixtureRequest, server: Server, tmp_path_factory: pytest.TempPathFactory) -> Run:
    mono.require_mono()
    kind = request.param
    exe = build(kind, tmp_path_factory.mktemp(f"crm-{kind}"))
    # Not mono.run_exe: a step that throws makes the program exit 1, and the other steps' output still counts.
    proc = subprocess.run(["mono", "--debug", str(exe), server, new_tenant(), "ADMIN", "admin", "SAL", "sal"],
                          capture_output=True, text=True, timeout=300, check=False)
    output = f"--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}"
    return Run(kind, mono.parse_output(proc.stdout), proc.returncode, output)


def test_every_step_ran_without_an_exception(run: Run) -> None:
    errors = {k: v for k, v in run.values.items() if k.endswith(".Error")}
    assert not errors and run.returncode == 0, f"{run.kind}: {errors}\n{run.output}"
    assert run["Login.AuthenticationSucceeded"] == run["LoginUpdater.AuthenticationSucceeded"] == "true"
    refused = {k for k, v in run.values.items() if k.endswith(".Succeeded") and v != "true"}
    assert refused == {"Contact.Invalid.Succeeded"}, run.output


def test_create_default_contact_has_defaults_and_stamps(run: Run) -> None:
    run.expect("Contact.Default.Response", {"ContactId": "0", "Name": "", **CONTACT_DEFAULTS})
    run.expect_created_by_admin("Contact.Default.Response")


def test_contact_reads_back_every_field_sent(run: Run) -> None:
    contact_id = run["Contact.Save.Response.ContactId"]
    assert int(contact_id) > 1
    for prefix in ("Contact.Save.Response", "Contact.Get.Response"):
        run.expect(prefix, {"ContactId": contact_id, **CONTACT, **CONTACT_DEFAULTS, "Country.EnglishName": "Norway"})
        run.expect_created_by_admin(prefix)
    assert run.when("Contact.Get.Response.CreatedDate") == run.when("Contact.Save.Response.CreatedDate")


def test_persons_read_back_at_the_contact(run: Run) -> None:
    contact_id = run["Contact.Save.Response.ContactId"]
    ids = set()
    for n, (first, last) in enumerate(PERSONS, 1):
        prefix = f"Person{n}.Get.Response"
        run.expect(f"Person{n}.Default.Response", {"PersonId": "0", "Country.CountryId": "578"})
        ids.add(run[f"{prefix}.PersonId"])
        run.expect(prefix, {
            "PersonId": run[f"Person{n}.Save.Response.PersonId"], "Firstname": first, "Lastname": last,
            "Title": "Engineer", "FullName": f"{first} {last}", "FormalName": f"{last}, {first}",
            "Contact.ContactId": contact_id, "Contact.Name": CONTACT["Name"],
            "Contact.Department": CONTACT["Department"], "Contact.DirectPhone": CONTACT["Phones.0.Value"],
            "Contact.EmailAddress": CONTACT["Emails.0.Value"], "Contact.CountryName": "Norway",
            "Country.CountryId": "578", "Country.Name": "Norway",
            "Category.Value": "Customer", "Business.Value": "Information Technology",
        })
        run.expect_created_by_admin(prefix)
    assert len(ids) == 2 and "0" not in ids


def test_project_reads_back_with_the_two_persons_as_members(run: Run) -> None:
    run.expect("Project.Default.Response", {"ProjectId": "0", "ProjectStatus.Value": "Planning",
                                            "ProjectType.Value": "Implementation"})
    run.expect_created_by_admin("Project.Default.Response")
    contact_id, prefix = run["Contact.Save.Response.ContactId"], "Project.Get.Response"
    run.expect(prefix, {"ProjectId": run["Project.Save.Response.ProjectId"], **PROJECT, "Completed": "false",
                        "ProjectStatus.Id": "1", "ProjectStatus.Value": "Planning",
                        "ProjectType.Id": "1", "ProjectType.Value": "Implementation", "ProjectMembers.Length": "2"})
    run.expect_dates(prefix, PROJECT_DATES)
    run.expect_created_by_admin(prefix)
    for i, ((first, last), (type_id, type_name, comment)) in enumerate(
            zip(PERSONS, [("1", "Project manager", "Leads it"), ("2", "Member", "")], strict=True)):
        run.expect(f"{prefix}.ProjectMembers.{i}", {
            "PersonId": run[f"Person{i + 1}.Save.Response.PersonId"], "Firstname": first, "Lastname": last,
            "FullName": f"{first} {last}", "ContactId": contact_id, "ContactName": CONTACT["Name"],
            "ContactDepartment": CONTACT["Department"], "ProjectId": run[f"{prefix}.ProjectId"],
            "ProjectName": PROJECT["Name"], "ProjectMemberTypeId": type_id, "ProjectMemberTypeName": type_name,
            "Comment": comment,
        })
        assert int(run[f"{prefix}.ProjectMembers.{i}.ProjectmemberId"]) > 0


def links(run: Run, person: int, project: str = PROJECT["Name"]) -> dict[str, str]:
    """What a sale or appointment shows of the contact, person and project it is linked to."""
    first, last = PERSONS[person - 1]
    return {
        "Contact.ContactId": run["Contact.Save.Response.ContactId"], "Contact.Name": CONTACT["Name"],
        "Person.PersonId": run[f"Person{person}.Save.Response.PersonId"], "Person.FullName": f"{first} {last}",
        "Person.ContactId": run["Contact.Save.Response.ContactId"],
        "Project.ProjectId": run["Project.Save.Response.ProjectId"], "Project.Name": project,
    }


def test_sale_reads_back_linked_to_contact_person_and_project(run: Run) -> None:
    run.expect("Sale.Default.Response", {"SaleId": "0", "Status": "Open"})
    run.expect_created_by_admin("Sale.Default.Response")
    prefix = "Sale.Get.Response"
    run.expect(prefix, {"SaleId": run["Sale.Save.Response.SaleId"], **SALE, **links(run, 1),
                        "Status": "Open", "Currency.Value": "NOK"})
    run.expect_dates(prefix, {"Saledate": END})
    run.expect_created_by_admin(prefix)
    assert int(run[f"{prefix}.SaleId"]) > 0


def test_appointment_reads_back_linked_to_contact_person_and_project(run: Run) -> None:
    run.expect("Appointment.Default.Response", {"AppointmentId": "0", "Type": "inDiary", "Completed": "NotStarted"})
    run.expect_created_by_admin("Appointment.Default.Response")
    prefix = "Appointment.Get.Response"
    run.expect(prefix, {"AppointmentId": run["Appointment.Save.Response.AppointmentId"], **APPOINTMENT,
                        **links(run, 2), "Type": "inDiary", "Task.Value": "Meeting"})
    run.expect_dates(prefix, APPOINTMENT_DATES)
    run.expect_created_by_admin(prefix)
    assert int(run[f"{prefix}.AppointmentId"]) > 0


@pytest.mark.parametrize("step", UPDATES)
def test_update_by_another_user_stamps_updated(run: Run, step: str) -> None:
    field, value, id_field = UPDATES[step]
    created = f"{step}.Get.Response"
    for prefix in (f"{step}.Update.Response", f"{step}.Updated.Response"):
        run.expect(prefix, {field: value, id_field: run[f"{created}.{id_field}"],
                            "UpdatedBy.AssociateId": SELLER[0], "UpdatedBy.FullName": SELLER[1],
                            "CreatedBy.AssociateId": ADMIN[0], "CreatedBy.FullName": ADMIN[1]})
        assert run.when(f"{prefix}.CreatedDate") == run.when(f"{created}.CreatedDate")
        assert run.expect_recent(f"{prefix}.UpdatedDate") >= run.when(f"{created}.CreatedDate")
    assert run.when(f"{step}.Updated.Response.UpdatedDate") == run.when(f"{step}.Update.Response.UpdatedDate")


def test_update_keeps_what_was_not_changed(run: Run) -> None:
    run.expect("Contact.Updated.Response", {**CONTACT, "Department": UPDATES["Contact"][1], "Persons.Length": "2",
                                            "Persons.0.FullName": "Ada Lovelace", "Persons.1.FullName": "Alan Turing"})
    run.expect("Project.Updated.Response", {"ProjectMembers.Length": "2", "ProjectNumber": PROJECT["ProjectNumber"]})
    run.expect("Sale.Updated.Response", {**SALE, "Heading": UPDATES["Sale"][1], **links(run, 1, UPDATES["Project"][1])})
    run.expect("Appointment.Updated.Response", {**APPOINTMENT, "Title": UPDATES["Appointment"][1],
                                                **links(run, 2, UPDATES["Project"][1])})


def test_contact_without_name_is_refused_and_nothing_changes(run: Run) -> None:
    run.expect("Contact.Invalid", {
        "Succeeded": "false", "Response": "null", "ExceptionInfo.ExceptionType": "SoValidationException",
        "ExceptionInfo.Parameters.field": "Name",
    })
    assert "Name is required" in run["Contact.Invalid.ExceptionInfo.Message"]
    before, after = "Contact.Updated.Response", "Contact.AfterInvalid.Response"
    unchanged = [f for f in ("Name", "Department", "OrgNr", "UpdatedBy.AssociateId", "Phones.Length", "Persons.Length")
                 if run[f"{after}.{f}"] != run[f"{before}.{f}"]]
    assert not unchanged, (run.kind, unchanged)
    assert run.when(f"{after}.UpdatedDate") == run.when(f"{before}.UpdatedDate")


def test_delete_contact_removes_its_persons(run: Run) -> None:
    run.expect("Contact.Delete", {"Succeeded": "true", "ExceptionInfo.Message": "null"})
    for step in ("Contact.Deleted", "Person1.Deleted", "Person2.Deleted"):
        run.expect(step, {"Succeeded": "true", "Response": "null"})  # nil carrier, no error
    run.expect("Project.AfterDelete.Response", {"ProjectId": run["Project.Get.Response.ProjectId"],
                                                "Name": UPDATES["Project"][1], "ProjectMembers.Length": "0"})


@pytest.mark.parametrize("step", ["Sale", "Appointment"])
def test_delete_contact_unlinks_sale_and_appointment(run: Run, step: str) -> None:
    prefix = f"{step}.AfterDelete.Response"
    field, value, id_field = UPDATES[step]
    run.expect(prefix, {id_field: run[f"{step}.Get.Response.{id_field}"], field: value, "Person": "null",
                        "Project.ProjectId": run["Project.Get.Response.ProjectId"]})
    contact = run.values.get(f"{prefix}.Contact.ContactId") or run[f"{prefix}.Contact"]
    assert contact in ("null", "0"), (run.kind, step, contact)  # nil, or a carrier of no contact
