"""Entity families served by the entity kit, through the two .NET clients Mono generates from the reference WSDL.

`FamiliesWsdl.exe` (wsdl: SoapHttpClientProtocol) and `FamiliesSvcutil.exe` (svcutil: WCF ClientBase) log in
as ADMIN in a tenant of their own and run, for each family of `FAMILIES` (taken from the contract catalogue:
agent, carrier, id field, operations), CreateDefault -> set every string field of the carrier but the stamps,
and the DateTime fields of `DATES` -> Save -> Get -> the light reader and the list reader where the family has
them -> Delete -> Get. The steps are a script written here (`dotnet/Families.cs`); each program prints every
value it reads (`null` for null, see `dotnet/README.md`); it runs once per client and the tests check its
output. WCF reads a misnamed element as null without an error, so every value sent is checked non-null and
equal, not only "no error".
The light carriers show the owner as NetServer does: `Ticket.CreatedBy`/`OwnedBy` (ints there) are the
user's id, `Document.AssociateFullName` the user's full name.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from soapsvc.agents import kit_fields
from soapsvc.contract import catalogue as cat
from tests.agents.support import new_tenant
from tests.conftest import Server
from tests.interop import mono
from tests.interop.test_mono_crm import Run as ScenarioRun

FAMILIES = ["DocumentEntity", "TicketEntity", "SelectionEntity", "ForeignAppEntity", "PriceList", "CRMScriptEntity"]
"""Families no operation of had behaviour before the entity kit: kit-served ones, and the since hand-written
SelectionEntity and ForeignAppEntity (their strings kept as sent); `catalogue.FAMILIES` gives the rest."""
DATES = {  # DateTime fields a client sets (not stamps, not what NetServer maintains), in UTC
    "DocumentEntity": {"Date": "2025-05-06T08:15:00+00:00", "PublishFrom": "2025-05-07T00:00:00+00:00",
                       "PublishTo": "2025-12-31T23:59:59+00:00"},
    "TicketEntity": {"Deadline": "2025-06-30T16:00:00+00:00", "Activate": "2025-06-01T07:45:00+00:00",
                     "AlertTimeout": "2025-06-02T12:00:00+00:00"},
    "PriceList": {"ValidFrom": "2025-01-01T00:00:00+00:00", "ValidTo": "2025-12-31T00:00:00+00:00"},
}
VALUES = {  # value-type fields a client sets: a bool, enums (a wsdl proxy sends them only with ...Specified)
    "PriceList": {"IsActive": "true"},
    "TicketEntity": {"Slevel": "External"},
}
SHAPES = ["CreateDefault", "Save", "Get", "GetLight", "GetList", "Delete"]
MISSING = 987654  # an id no tenant has: the list reader must leave it out
ADMIN = {"AssociateId": "1", "FullName": "Alice Admin"}
PROGRAMS = {"wsdl": "FamiliesWsdl.cs", "svcutil": "FamiliesSvcutil.cs"}


def family(carrier: str) -> cat.Family:
    return cat.FAMILIES[carrier]


def fields(carrier: str) -> dict[str, cat.Field]:
    return kit_fields.all_fields(carrier)


def strings(carrier: str) -> dict[str, str]:
    """What the clients send: every string field of the carrier but the stamps, non-ASCII included."""
    plan = kit_fields.plan(carrier, family(carrier).id_field)
    return {name: f"{carrier} {name} ÆØÅ" for name in plan.strings if name not in kit_fields.STAMPS}


def dates(carrier: str) -> dict[str, str]:
    chosen = DATES.get(carrier, {})
    assert all(fields(carrier)[name].type == "dateTime" and name not in kit_fields.STAMPS for name in chosen)
    return chosen


def values(carrier: str) -> dict[str, str]:
    chosen = VALUES.get(carrier, {})
    assert all(fields(carrier)[name].type == "boolean" or fields(carrier)[name].type in cat.ENUMS for name in chosen)
    return chosen


def owners(carrier: str) -> list[str]:
    """The carrier's fields that CreateDefault and the first save fill with the signed-in user."""
    return [name for name, f in fields(carrier).items()
            if f.type == "Associate" and name in kit_fields.OWNER_FIELDS]


def stamps(carrier: str, names: frozenset[str], type_name: str) -> list[str]:
    return [name for name, f in fields(carrier).items() if f.type == type_name and name in names]


OPERATIONS = {
    "SoPrincipal": ["AuthenticateUsernamePassword"],
    **{family(c).agent: [family(c).operations[s] for s in SHAPES if s in family(c).operations] for c in FAMILIES},
}
assert len(OPERATIONS) == len(FAMILIES) + 1, "two families of one agent: merge their operations"


def script(carrier: str) -> list[tuple[str, ...]]:
    """The steps of one family's round trip (format at the top of `dotnet/Families.cs`)."""
    fam = family(carrier)
    ops = fam.operations
    steps: list[tuple[str, ...]] = [("create", f"{carrier}.Default", fam.agent, ops["CreateDefault"])]
    steps += [("set", name, value) for name, value in {**strings(carrier), **dates(carrier), **values(carrier)}.items()]
    steps.append(("save", f"{carrier}.Save", fam.agent, ops["Save"], fam.id_field))
    steps.append(("get", f"{carrier}.Get", fam.agent, ops["Get"]))
    if "GetLight" in ops:
        steps.append(("get", f"{carrier}.Light", fam.agent, ops["GetLight"]))
    if "GetList" in ops:
        steps.append(("list", f"{carrier}.List", fam.agent, ops["GetList"], str(MISSING)))
    steps.append(("delete", f"{carrier}.Delete", fam.agent, ops["Delete"]))
    steps.append(("get", f"{carrier}.Deleted", fam.agent, ops["Get"]))
    return steps


class Run(ScenarioRun):
    """One run of a families program: what it printed, parsed, and how it ended."""

    def expect_owned_by_admin(self, prefix: str, carrier: str) -> None:
        """The stamps of a new entity: the owner and creator fields are ADMIN, created now, not updated."""
        for name in owners(carrier):
            self.expect(f"{prefix}.{name}", ADMIN)
        for name in stamps(carrier, kit_fields.CREATED_AT, "dateTime"):
            self.expect_recent(f"{prefix}.{name}")
        self.expect(prefix, dict.fromkeys(stamps(carrier, kit_fields.UPDATED_BY, "Associate"), "null"))
        for name in stamps(carrier, kit_fields.UPDATED_AT, "dateTime"):
            assert self.when(f"{prefix}.{name}").year == 1, (self.kind, prefix, name)  # DateTime.MinValue: never


def build(kind: str, out: Path) -> Path:
    """Generate the proxies of the reduced reference WSDLs with `kind`'s tool and compile its program."""
    proxy = mono.wsdl_proxy if kind == "wsdl" else mono.svcutil_proxy
    proxies = [proxy(mono.reduce_wsdl(mono.REFERENCE_WSDL / f"{agent}.wsdl", ops, out / f"{agent}.reduced.wsdl"),
                     f"Ref.{agent}", out)
               for agent, ops in OPERATIONS.items()]
    shared = ["Families.cs", "CrmScenario.cs", "Output.cs"]
    shared += ["WcfHeaders.cs", "SvcutilLogin.cs"] if kind == "svcutil" else ["WsdlTenant.cs"]
    sources = [mono.DOTNET_DIR / PROGRAMS[kind], *(mono.DOTNET_DIR / name for name in shared), *proxies]
    refs = mono.WSDL_REFS if kind == "wsdl" else mono.SVCUTIL_REFS
    return mono.compile_exe(sources, out / Path(PROGRAMS[kind]).with_suffix(".exe").name, refs)


@pytest.fixture(scope="module", params=sorted(PROGRAMS), ids=str)
def run(request: pytest.FixtureRequest, server: Server, tmp_path_factory: pytest.TempPathFactory) -> Run:
    mono.require_mono()
    kind = request.param
    out = tmp_path_factory.mktemp(f"families-{kind}")
    exe = build(kind, out)
    script_file = out / "families.tsv"
    script_file.write_text("".join("\t".join(step) + "\n" for c in FAMILIES for step in script(c)), encoding="utf-8")
    # Not mono.run_exe: a step that throws makes the program exit 1, and the other steps' output still counts.
    proc = subprocess.run(["mono", "--debug", str(exe), server, new_tenant(), "ADMIN", "admin", str(script_file)],
                          capture_output=True, text=True, encoding="utf-8", timeout=300, check=False)
    output = f"--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}"
    return Run(kind, mono.parse_output(proc.stdout), proc.returncode, output)


def test_every_step_ran_and_succeeded(run: Run) -> None:
    errors = {k: v for k, v in run.values.items() if k.endswith(".Error")}
    assert not errors and run.returncode == 0, f"{run.kind}: {errors}\n{run.output}"
    run.expect("Login", {"AuthenticationSucceeded": "true", "AssociateId": "1"})
    refused = {k: v for k, v in run.values.items() if k.endswith(".Succeeded") and v != "true"}
    assert not refused, f"{run.kind}: {refused}\n{run.output}"
    assert {k.split(".")[0] for k in run.values if k != "Login" and not k.startswith("Login.")} == set(FAMILIES)


@pytest.mark.parametrize("carrier", FAMILIES)
def test_create_default_is_new_and_owned_by_the_user(run: Run, carrier: str) -> None:
    prefix = f"{carrier}.Default"
    run.expect(prefix, {"Succeeded": "true", "ExceptionInfo.Message": "null",
                        f"Response.{family(carrier).id_field}": "0"})
    run.expect_owned_by_admin(f"{prefix}.Response", carrier)


@pytest.mark.parametrize("carrier", FAMILIES)
def test_save_and_get_read_back_every_field_sent(run: Run, carrier: str) -> None:
    id_field = family(carrier).id_field
    entity_id = run[f"{carrier}.Save.Id"]
    assert int(entity_id) > 0, (run.kind, carrier)
    for prefix in (f"{carrier}.Save.Response", f"{carrier}.Get.Response"):
        run.expect(prefix, {id_field: entity_id, **strings(carrier), **values(carrier)})
        run.expect_dates(prefix, dates(carrier))
        run.expect_owned_by_admin(prefix, carrier)
    for name in stamps(carrier, kit_fields.CREATED_AT, "dateTime"):
        assert run.when(f"{carrier}.Get.Response.{name}") == run.when(f"{carrier}.Save.Response.{name}")


LIGHT = [c for c in FAMILIES if "GetLight" in family(c).operations]


@pytest.mark.parametrize("carrier", LIGHT)
def test_light_reader_shows_what_was_saved(run: Run, carrier: str) -> None:
    """The light carrier's fields of the same name and type as those sent read the same, `<Owner>Id` the user."""
    light = fields(family(carrier).light)
    id_field = family(carrier).id_field
    sent = {**strings(carrier), **values(carrier)}
    same = {name: value for name, value in sent.items()
            if name in light and light[name].type == fields(carrier)[name].type}
    assert same, (carrier, "no field in common with the light carrier")
    shown = {"": ADMIN["AssociateId"], "Id": ADMIN["AssociateId"], "AssociateId": ADMIN["AssociateId"],
             "FullName": ADMIN["FullName"]}
    kind = {suffix: "string" if suffix == "FullName" else "int" for suffix in shown}
    owner_ids = {name + suffix: value for name in owners(carrier) for suffix, value in shown.items()
                 if name + suffix in light and light[name + suffix].type == kind[suffix]}
    assert owner_ids, (carrier, "the light carrier shows no owner")
    prefix = f"{carrier}.Light.Response"
    run.expect(prefix, {id_field: run[f"{carrier}.Save.Id"], **same, **owner_ids})
    run.expect_dates(prefix, {name: value for name, value in dates(carrier).items() if name in light})


LISTED = [c for c in FAMILIES if "GetList" in family(c).operations]


@pytest.mark.parametrize("carrier", LISTED)
def test_list_reader_finds_the_saved_id_only(run: Run, carrier: str) -> None:
    run.expect(f"{carrier}.List.Response", {"Length": "1", f"0.{family(carrier).id_field}": run[f"{carrier}.Save.Id"],
                                             **{f"0.{k}": v for k, v in strings(carrier).items()
                                                if k in fields(family(carrier).light)}})


@pytest.mark.parametrize("carrier", FAMILIES)
def test_delete_then_get_is_null(run: Run, carrier: str) -> None:
    run.expect(f"{carrier}.Delete", {"Succeeded": "true", "ExceptionInfo.Message": "null", "Response": "null"})
    run.expect(f"{carrier}.Deleted", {"Succeeded": "true", "ExceptionInfo.Message": "null", "Response": "null"})
