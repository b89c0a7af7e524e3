"""Archive agent with zeep from the reference WSDL: every restriction operator in both forms, against the
entities as the entity agents read them back; encoded cells, sorting, paging, grouping, errors.

One tenant per module holds the data the operator tests read (made through the entity agents); tests
that need data of their own make it in a tenant of their own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from tests.agents.archive_support import (
    UTC,
    archive,
    archive2,
    as_text,
    cells,
    day_of,
    enc_dt,
    keys,
    relative,
    restriction,
    rows,
)
from tests.agents.support import Agents, new_tenant, ok, refused
from tests.conftest import Server

NOW = dt.datetime.now(UTC)
TODAY = NOW.date()
DAYS = (-400, -100, -35, -8, -1, 0, 1, 8, 35, 100)  # appointment start days, relative to today
ANCHOR = dt.datetime.combine(TODAY - dt.timedelta(days=1), dt.time(10, 0), UTC)  # the -1 appointment's start


@dataclass
class World:
    agents: Agents
    contacts: list[Any]
    persons: list[Any]
    projects: list[Any]
    sales: list[Any]
    appointments: list[Any]


def _contact(agents: Agents, name: str, dept: str, category: int, business: int, country: int, owner: int,
             **parts: Any) -> int:
    entity = {"Name": name, "Department": dept, "Category": {"Id": category}, "Business": {"Id": business},
              "Country": {"CountryId": country}, "Associate": {"AssociateId": owner}, "OrgNr": f"{owner}0{category}",
              "Number1": f"N-{category}{business}", **parts}
    return ok(agents.Contact.SaveContactEntity(entity)).ContactId


def _elements(*values: str) -> dict[str, Any]:
    return {"EntityElement": [{"Value": v, "Description": "work"} for v in values]}


@pytest.fixture(scope="module")
def world(server: Server) -> World:
    """Contacts, persons, projects, sales and appointments, made through the agents and read back."""
    a = Agents(server, new_tenant())
    c1 = _contact(a, "Super Shipping AS", "Oslo", 1, 2, 578, 2, Phones=_elements("+47 22 11 00 00"),
                  Emails=_elements("post@supership.example"), Urls=_elements("https://supership.example"))
    c2 = _contact(a, "Superb Foods", "", 2, 5, 752, 3, Emails=_elements("hello@superb.example"))
    c3 = _contact(a, "Duper Tools Ltd", "Sales", 4, 1, 826, 1)
    _contact(a, "100% Fjord_Data AB", "IT", 1, 1, 752, 2)
    p1, _p2, p3, _p4 = (ok(a.Person.SavePersonEntity({"Firstname": f, "Lastname": n, "Contact": {"ContactId": c},
                                                      "Emails": _elements(f"{f.lower()}@example.org")})).PersonId
                        for f, n, c in (("Ada", "Lovelace", c1), ("Alan", "Turing", c1), ("Grace", "Hopper", c2),
                                        ("Linus", "Free", 0)))
    j1, j2 = (ok(a.Project.SaveProjectEntity({"Name": n, "ProjectNumber": num, "ProjectType": {"Id": kind},
                                              "ProjectStatus": {"Id": status}, "Associate": {"AssociateId": owner},
                                              "Completed": done, "Urls": _elements(f"https://{num}.example")}))
              .ProjectId for n, num, kind, status, owner, done in (("Harbour bridge", "P-1", 1, 2, 2, False),
                                                                 ("Quay extension", "P-2", 2, 3, 3, True)))
    sales = []
    for heading, contact, person, amount, day, status, prob, kind, owner, project in (
            ("Trawler software", c1, p1, 125000.0, (2025, 6, 30), "Open", 50, 1, 2, j1),
            ("Fleet tracking", c2, p3, 9999.5, (2025, 1, 15), "Sold", 100, 2, 3, 0),
            ("Spare parts", c3, 0, 500.0, (2024, 12, 1), "Lost", 0, 1, 1, 0),
            ("Support deal", c1, 0, 125000.0, (2025, 6, 30), "Stalled", 20, 3, 2, 0)):
        sales.append(ok(a.Sale.SaveSaleEntity({
            "Heading": heading, "Contact": {"ContactId": contact}, "Person": {"PersonId": person}, "Amount": amount,
            "Saledate": dt.datetime(*day, 12, 0, tzinfo=UTC), "Status": status, "Probability": prob,
            "SaleType": {"Id": kind}, "Associate": {"AssociateId": owner}, "Project": {"ProjectId": project}})).SaleId)
    appointments = []
    for i, offset in enumerate(DAYS):
        start = dt.datetime.combine(TODAY + dt.timedelta(days=offset), dt.time(10, 0), UTC)
        appointments.append(ok(a.Appointment.SaveAppointmentEntity({
            "Title": f"Visit {i}", "StartDate": start, "EndDate": start + dt.timedelta(hours=2),
            "Contact": {"ContactId": (c1, c2)[i % 2]}, "Task": {"TaskListItemId": 1 + i % 2},
            "Completed": ("Completed", "NotStarted")[i % 2], "Associate": {"AssociateId": 1 + i % 2},
            "Sale": {"SaleId": sales[0] if i == 0 else 0}})).AppointmentId)
    read = {"Contact": (a.Contact.GetContactEntity, range(1, 11)), "Person": (a.Person.GetPersonEntity, range(1, 14)),
            "Project": (a.Project.GetProjectEntity, (j1, j2)), "Sale": (a.Sale.GetSaleEntity, sales),
            "Appointment": (a.Appointment.GetAppointmentEntity, appointments)}
    back = {kind: [ok(get(i)) for i in ids] for kind, (get, ids) in read.items()}
    assert all(back.values()) and None not in back["Contact"] + back["Person"]
    return World(a, back["Contact"], back["Person"], back["Project"], back["Sale"], back["Appointment"])


def _owner(e: Any) -> int:
    return e.Associate.AssociateId if e.Associate else 0


def _in(start: dt.date, end: dt.date) -> Any:
    return lambda e: start <= day_of(e.StartDate) < end


_YESTERDAY = TODAY - dt.timedelta(days=1)
# (provider, column, operator, values, which stored entities match); ids are deterministic in a new tenant
CASES: list[tuple[str, str, str, tuple[Any, ...], Any]] = [
    ("Contact", "contactId", "equals", (3,), lambda e: e.ContactId == 3),
    ("Contact", "contactId", "unequals", (3,), lambda e: e.ContactId != 3),
    ("Contact", "contactId", "greater", (6,), lambda e: e.ContactId > 6),
    ("Contact", "contactId", "less", (3,), lambda e: e.ContactId < 3),
    ("Contact", "contactId", "between", (2, 4), lambda e: 2 <= e.ContactId <= 4),
    ("Contact", "contactId", "=", ("[I:5]",), lambda e: e.ContactId == 5),
    ("Contact", "name", "begins", ("super",), lambda e: e.Name.lower().startswith("super")),
    ("Contact", "name", "contains", ("SHIP",), lambda e: "ship" in e.Name.lower()),
    ("Contact", "name", "contains", ("_d",), lambda e: "_d" in e.Name.lower()),
    ("Contact", "name", "contains", ("100%",), lambda e: "100%" in e.Name),
    ("Contact", "name", "is", ("superb foods",), lambda e: e.Name == "Superb Foods"),
    ("Contact", "name", "notBegins", ("Super",), lambda e: not e.Name.lower().startswith("super")),
    ("Contact", "name", "notContains", ("AS",), lambda e: "as" not in e.Name.lower()),
    ("Contact", "name", "isNot", ("Acme Inc",), lambda e: e.Name != "Acme Inc"),
    ("Contact", "department", "isNot", ("Sales",), lambda e: (e.Department or "") != "Sales"),
    ("Contact", "email/emailAddress", "contains", ("superb",),
     lambda e: any("superb" in x.Value for x in (e.Emails.EntityElement if e.Emails else []))),
    ("Contact", "associateId", "currentAssociate", (), lambda e: _owner(e) == 1),
    ("Contact", "associateId", "associateIsOneOf", (2, 3), lambda e: _owner(e) in (2, 3)),
    ("Contact", "associateId", "associateIsNotOneOf", (2,), lambda e: _owner(e) != 2),
    ("Contact", "category", "oneOf", (1, 4), lambda e: e.Category.Id in (1, 4)),
    ("Contact", "category", "notOneOf", (1,), lambda e: e.Category.Id != 1),
    ("Contact", "registeredDate", "today", (), lambda e: e.ContactId > 6),
    ("Person", "hasCompany", "set", (0,), lambda e: e.Contact is None),
    ("Person", "hasCompany", "set", ("true",), lambda e: e.Contact is not None),
    ("Person", "personContact/name", "begins", ("Super",),
     lambda e: e.Contact is not None and e.Contact.Name.startswith("Super")),
    ("FindProject", "completed", "set", (1,), lambda e: e.Completed),
    ("FindProject", "completed", "set", (0,), lambda e: not e.Completed),
    ("FindProject", "status", "oneOf", (3,), lambda e: e.ProjectStatus.Id == 3),
    ("Sale", "amount", "equals", (125000,), lambda e: e.Amount == 125000),
    ("Sale", "amount", "unequals", ("[F:125000]",), lambda e: e.Amount != 125000),
    ("Sale", "amount", "greater", (9999.5,), lambda e: e.Amount > 9999.5),
    ("Sale", "amount", "less", (500.5,), lambda e: e.Amount < 500.5),
    ("Sale", "amount", "between", (500, 9999.5), lambda e: 500 <= e.Amount <= 9999.5),
    ("Sale", "saleStatus", "oneOf", (2, "Lost"), lambda e: e.Status in ("Sold", "Lost")),
    ("Sale", "saleStatus", "notOneOf", (1,), lambda e: e.Status != "Open"),
    ("Sale", "saleType", "oneOf", (1,), lambda e: e.SaleType.Id == 1),
    ("Sale", "contact/name", "begins", ("Super",), lambda e: e.Contact.Name.startswith("Super")),
    ("Sale", "date", "before", ("2025-01-15",), lambda e: day_of(e.Saledate) < dt.date(2025, 1, 15)),
    ("Sale", "date", "date", ("[D:06/30/2025]",), lambda e: day_of(e.Saledate) == dt.date(2025, 6, 30)),
    ("Sale", "date", "after", ("2025-01-15",), lambda e: day_of(e.Saledate) > dt.date(2025, 1, 15)),
    ("Sale", "date", "dateBetween", ("2024-12-01", "2025-01-15"),
     lambda e: dt.date(2024, 12, 1) <= day_of(e.Saledate) <= dt.date(2025, 1, 15)),
    ("Appointment", "date", "beforeToday", (), lambda e: day_of(e.StartDate) < TODAY),
    ("Appointment", "date", "today", (), lambda e: day_of(e.StartDate) == TODAY),
    ("Appointment", "date", "afterToday", (), lambda e: day_of(e.StartDate) > TODAY),
    *[("Appointment", "date", op, (), _in(*relative(op, TODAY)))
      for op in ("lastWeek", "thisWeek", "nextWeek", "lastMonth", "thisMonth", "nextMonth", "lastQuarter",
                 "thisQuarter", "nextQuarter", "thisHalf", "thisYear")],
    ("Appointment", "date", "afterTime", (ANCHOR.isoformat(),), lambda e: e.StartDate >= ANCHOR),
    ("Appointment", "date", "beforeTime", (enc_dt(ANCHOR),), lambda e: e.StartDate < ANCHOR),
    ("Appointment", "date", "dateTime", (enc_dt(ANCHOR),), lambda e: e.StartDate == ANCHOR),
    ("Appointment", "endDate", "date", (_YESTERDAY.isoformat(),), lambda e: day_of(e.EndDate) == _YESTERDAY),
    ("Appointment", "completed", "set", (1,), lambda e: e.Completed == "Completed"),
    ("Appointment", "type", "oneOf", (2,), lambda e: e.Task.TaskListItemId == 2),
    ("Appointment", "associateId", "currentAssociate", (), lambda e: _owner(e) == 1),
    ("Appointment", "sale/heading", "is", ("trawler software",), lambda e: e.Sale is not None),
]
ENTITIES = {"Contact": ("contacts", "ContactId"), "Person": ("persons", "PersonId"),
            "FindProject": ("projects", "ProjectId"), "Sale": ("sales", "SaleId"),
            "Appointment": ("appointments", "AppointmentId")}


def _expected(world: World, provider: str, matches: Any) -> list[int]:
    records, key = ENTITIES[provider]
    return sorted(getattr(e, key) for e in getattr(world, records) if matches(e))


def _id_column(provider: str) -> str:
    key = ENTITIES[provider][1]
    return key[0].lower() + key[1:]


@pytest.mark.parametrize(("provider", "column", "operator", "values", "matches"), CASES,
                         ids=[f"{p}-{c}-{o}-{'-'.join(map(str, v))}" for p, c, o, v, _m in CASES])
@pytest.mark.parametrize("form", ["objects", "string"])
def test_operator(world: World, form: str, provider: str, column: str, operator: str, values: tuple[Any, ...],
                  matches: Any) -> None:
    id_column = _id_column(provider)
    if form == "objects":
        found = archive(world.agents, provider, [id_column], [restriction(column, operator, *values)],
                        order=[(id_column, "ASC")])
    else:
        found = archive2(world.agents, provider, id_column, as_text(column, operator, *values), f"{id_column} asc")
    expected = _expected(world, provider, matches)
    everything = _expected(world, provider, lambda _e: True)
    assert 0 < len(expected) < len(everything), "a case that matches none or all proves little"
    assert keys(found) == expected
    assert [cells(r)[id_column] for r in found] == [f"[I:{i}]" for i in expected]


def test_cells_are_the_stored_values_encoded(world: World) -> None:
    a, (c1, *_rest) = world.agents, world.contacts[6:]
    row, = archive(a, "Contact", ["contactId", "name", "nameDepartment", "category", "business", "country",
                                  "countryId", "orgnr", "number", "associateId", "registeredByFullName",
                                  "registeredDate", "updatedDate", "phone/formattedNumber", "email/emailAddress",
                                  "url/URLAddress"], [restriction("contactId", "=", c1.ContactId)])
    assert (row.EntityName, row.PrimaryKey) == ("contact", c1.ContactId)
    assert cells(row) == {
        "contactId": f"[I:{c1.ContactId}]", "name": "Super Shipping AS", "nameDepartment": "Super Shipping AS Oslo",
        "category": c1.Category.Value, "business": c1.Business.Value, "country": "Norway", "countryId": "[I:578]",
        "orgnr": c1.OrgNr, "number": c1.Number1, "associateId": "SAL", "registeredByFullName": "Alice Admin",
        "registeredDate": enc_dt(c1.CreatedDate), "updatedDate": "", "phone/formattedNumber": "+47 22 11 00 00",
        "email/emailAddress": "post@supership.example", "url/URLAddress": "https://supership.example"}
    s1 = world.sales[0]
    row, = archive2(a, "Sale", "saleId,heading,amount,amountWeighted,probPercent,date,saleStatus,saleType,"
                    "associateId,contactId,contact/name,person/fullName,project/name,registeredDate",
                    f"saleId = {s1.SaleId}")
    assert cells(row) == {
        "saleId": f"[I:{s1.SaleId}]", "heading": "Trawler software", "amount": "[F:125000]",
        "amountWeighted": "[F:62500]", "probPercent": "[I:50]", "date": enc_dt(s1.Saledate), "saleStatus": "Open",
        "saleType": s1.SaleType.Value, "associateId": "SAL", "contactId": f"[I:{s1.Contact.ContactId}]",
        "contact/name": "Super Shipping AS", "person/fullName": "Ada Lovelace", "project/name": "Harbour bridge",
        "registeredDate": enc_dt(s1.CreatedDate)}
    ap = world.appointments[0]
    row, = archive2(a, "Appointment", "appointmentId,date,endDate,text,type,completed,contactId,sale/heading",
                    f"appointmentId = {ap.AppointmentId}")
    assert cells(row) == {
        "appointmentId": f"[I:{ap.AppointmentId}]", "date": enc_dt(ap.StartDate), "endDate": enc_dt(ap.EndDate),
        "text": "Visit 0", "type": ap.Task.Value, "completed": "[I:1]", "contactId": f"[I:{ap.Contact.ContactId}]",
        "sale/heading": "Trawler software"}
    j2 = world.projects[1]
    row, = archive2(a, "FindProject", "projectId,name,number,type,status,completed,associateId,projectUrl/URLAddress",
                    "name is 'Quay extension'")
    assert cells(row) == {
        "projectId": f"[I:{j2.ProjectId}]", "name": "Quay extension", "number": "P-2", "type": j2.ProjectType.Value,
        "status": j2.ProjectStatus.Value, "completed": "[I:1]", "associateId": "SUP",
        "projectUrl/URLAddress": "https://P-2.example"}


def test_persons_with_their_contact_and_the_combined_provider(world: World) -> None:
    a, ada = world.agents, world.persons[9]
    row, = archive2(a, "Person", "personId,fullName,contactId,personContact/name,hasCompany,email/emailAddress",
                    "firstName is 'Ada'")
    assert cells(row) == {"personId": f"[I:{ada.PersonId}]", "fullName": "Ada Lovelace",
                          "contactId": f"[I:{ada.Contact.ContactId}]", "personContact/name": "Super Shipping AS",
                          "hasCompany": "[I:1]", "email/emailAddress": "ada@example.org"}
    combined = "ContactPersonDynamicSelectionV2"
    both = archive2(a, combined, "name,fullName,personEmail/emailAddress", "name begins 'Super' or name begins '100'",
                    "name,fullName")
    assert [(r.EntityName, cells(r)["name"], cells(r)["fullName"]) for r in both] == [
        ("contact", "100% Fjord_Data AB", ""), ("person", "Super Shipping AS", "Ada Lovelace"),
        ("person", "Super Shipping AS", "Alan Turing"), ("person", "Superb Foods", "Grace Hopper")]
    contacts = archive2(a, combined, "contactId", "name begins 'Super'", "", "contact")
    assert [(r.EntityName, r.PrimaryKey) for r in contacts] == [("contact", 7), ("contact", 8)]
    persons = archive2(a, combined, "fullName", "fullName contains 'a'", "fullName desc", "person")
    assert [cells(r)["fullName"] for r in persons] == sorted(
        (p.FullName for p in world.persons if "a" in p.FullName.lower()), key=str.lower, reverse=True)


GROUPS = [  # A: name begins Super (7, 8); B: category 4 (6, 9); C: country Sweden (4, 8, 10)
    ([("name", "begins", "Super", 1, "Or"), ("category", "oneOf", 4, -1, "And"), ("country", "=", 752, 0, None)],
     "(name begins 'Super' or category oneOf (4)) and country = 752", [8]),
    ([("name", "begins", "Super", 0, "Or"), ("category", "oneOf", 4, 1, "And"), ("country", "=", 752, -1, None)],
     "name begins 'Super' or (category oneOf (4) and country = 752)", [7, 8]),
    ([("name", "begins", "Super", 0, "Or"), ("category", "oneOf", 4, 0, "And"), ("country", "=", 752, 0, None)],
     "name begins 'Super' or category oneOf 4 and country = 752", [7, 8]),
    ([("name", "begins", "Super", 0, "Or"), ("category", "oneOf", 4, 0, "Or"), ("country", "=", 752, 0, None)],
     "NAME BEGINS 'Super' OR category = 4 OR country EQ '[I:752]'", [4, 6, 7, 8, 9, 10]),
]


@pytest.mark.parametrize(("parts", "text", "expected"), GROUPS)
def test_inter_operators_and_parentheses(world: World, parts: list[Any], text: str, expected: list[int]) -> None:
    objects = [restriction(n, op, v, InterParenthesis=p, InterOperator=j) for n, op, v, p, j in parts]
    assert keys(archive(world.agents, "Contact", ["name"], objects)) == expected
    assert keys(archive2(world.agents, "Contact", "name", text)) == expected


def test_sub_restrictions_and_inactive_restrictions(world: World) -> None:
    a = world.agents
    group = {"Name": "", "SubRestrictions": {"ArchiveRestrictionInfo": [
        restriction("name", "begins", "Super", InterOperator="Or"), restriction("category", "oneOf", 4)]}}
    assert keys(archive(a, "Contact", ["name"], [group, restriction("country", "=", 752)])) == [8]
    named = restriction("country", "oneOf", 752, SubRestrictions={"ArchiveRestrictionInfo": [
        restriction("name", "begins", "Super")]})
    assert keys(archive(a, "Contact", ["name"], [named])) == [8]
    inactive = restriction("country", "oneOf", 752, IsActive=False)
    assert keys(archive(a, "Contact", ["name"], [restriction("name", "begins", "Super"), inactive])) == [7, 8]


def test_sorting_and_paging(server: Server) -> None:
    """All contacts whose name begins with 'Super', sorted by name, page 2 of 50 (pages count from 0)."""
    a = Agents(server, new_tenant())
    for i in range(120):
        ok(a.Contact.SaveContactEntity({"Name": f"{('Super', 'super', 'SUPER')[i % 3]} {i:03d}"}))
    for name in ("Duper 001", "Superb-ly late", "Acme Super"):
        ok(a.Contact.SaveContactEntity({"Name": name}))
    names = sorted((f"{('Super', 'super', 'SUPER')[i % 3]} {i:03d}" for i in range(120)), key=str.lower)
    names = sorted([*names, "Superb-ly late"], key=str.lower)
    page2 = archive(a, "Contact", ["name"], [restriction("name", "begins", "Super")], [("name", "ASC")], page=2,
                    size=50)
    assert [cells(r)["name"] for r in page2] == names[100:]
    desc = archive2(a, "Contact", "name", "name begins 'super'", "name desc", page=1, size=50)
    assert [cells(r)["name"] for r in desc] == names[::-1][50:100]
    answer = ok(a.Archive.GetArchiveListByColumnsWithHeader2("Contact", "name", "name asc", "name begins 'Super'",
                                                             "", 0, 10))
    assert answer.RowCount == 121 and [cells(r)["name"] for r in answer.Rows.ArchiveListItem] == names[:10]
    by_owner = archive2(a, "Contact", "contactId,associateId", "contactId < 4", "associateId desc, contactId")
    assert [(r.PrimaryKey, cells(r)["associateId"]) for r in by_owner] == [(2, "SAL"), (3, "SAL"), (1, "ADMIN")]


def test_a_search_asked_again_reads_the_data_as_it_is_now(any_server: Server) -> None:
    """The store keeps a search's SQL statement for the next identical call; the rows are read again each time."""
    a = Agents(any_server, new_tenant())
    first = ok(a.Contact.SaveContactEntity({"Name": "Kept 1"})).ContactId
    ask = ("Contact", "contactId,name", "name begins 'Kept'", "name asc")
    assert [(r.PrimaryKey, cells(r)["name"]) for r in archive2(a, *ask)] == [(first, "Kept 1")]
    second = ok(a.Contact.SaveContactEntity({"Name": "Kept 2"})).ContactId
    entity = ok(a.Contact.GetContactEntity(first))
    entity.Name = "Kept 0"
    ok(a.Contact.SaveContactEntity(entity))
    assert [(r.PrimaryKey, cells(r)["name"]) for r in archive2(a, *ask)] == [(first, "Kept 0"), (second, "Kept 2")]
    ok(a.Contact.DeleteContactEntity(second))
    assert [r.PrimaryKey for r in archive2(a, *ask)] == [first]
    other = Agents(any_server, new_tenant())  # the same search in another tenant: that tenant's rows only
    assert archive2(other, *ask) == []


def test_the_same_answers_on_both_storages(any_server: Server) -> None:
    """The SQL differs per database (ILIKE, the contact/person UNION, date parameters); the answers may not."""
    a = Agents(any_server, new_tenant())
    c = _contact(a, "Fjord & Co_Ltd", "", 1, 1, 578, 1, Emails=_elements("Post@Fjord.example"))
    for first in ("Kari", "ola"):
        ok(a.Person.SavePersonEntity({"Firstname": first, "Lastname": "Berg", "Contact": {"ContactId": c}}))
    ok(a.Sale.SaveSaleEntity({"Heading": "Boat", "Contact": {"ContactId": c}, "Amount": 10.0, "Status": "Sold",
                              "Saledate": dt.datetime(2025, 2, 28, 23, 59, tzinfo=UTC)}))
    combined = archive2(a, "ContactPersonDynamicSelectionV2", "name,fullName",
                        "email/emailAddress contains 'post@FJORD' and name contains 'co_'", "fullName desc")
    assert [(r.EntityName, cells(r)["fullName"]) for r in combined] == [("person", "ola Berg"), ("person", "Kari Berg")]
    sales = archive2(a, "Sale", "heading", "date dateBetween ('2025-02-01', '2025-02-28') and registeredDate today "
                     "and saleStatus oneOf (Sold) and contact/name isNot 'x'")
    assert [cells(r)["heading"] for r in sales] == ["Boat"]


def test_available_columns_entities_and_provider_names(world: World) -> None:
    a = world.agents
    columns = {c.Name: c for c in ok(a.Archive.GetAvailableColumns("findsale", "")).ArchiveColumnInfo}
    assert {n: (columns[n].RestrictionType, columns[n].CanOrderBy) for n in ("saleId", "heading", "amount", "date",
                                                                           "saleStatus", "associateId")} == {
        "saleId": ("int", True), "heading": ("stringorPK", True), "amount": ("decimal", True),
        "date": ("date", True), "saleStatus": ("listAny", True), "associateId": ("associate", True)}
    assert columns["contact/name"].DisplayName == "Company name" and columns["getAllRows"].IsVisible is False
    names = [c.Name for c in ok(a.Archive.GetAvailableColumns("ContactPersonDynamicSelectionV2", "")).ArchiveColumnInfo]
    assert {"contactId", "name", "personId", "fullName", "personEmail/emailAddress"} <= set(names)
    assert "selectionId" not in names
    entities = ok(a.Archive.GetAvailableEntities("ContactPersonDynamicSelectionV2", "")).MDOListItem
    assert [(e.Name, e.FullName) for e in entities] == [("contact", "Company"), ("person", "Contact")]
    assert "FindSale" in ok(a.Archive.GetProviderNames()).string


def test_with_context_and_with_header_variants(world: World) -> None:
    a, first_two = world.agents, {"ArchiveRestrictionInfo": [restriction("contactId", "less", 3)]}
    by_context = a.Archive.GetArchiveListByColumnsWithContext("Contact", {"string": ["name"]}, None, first_two,
                                                              None, 0, 10, "any context")
    assert keys(rows(ok(by_context))) == [1, 2]
    assert keys(rows(ok(a.Archive.GetArchiveListByColumnsWithContext2("Contact", "name", "name asc",
                                                                      "contactId < 3", "", 0, 10, "")))) == [2, 1]
    header = ok(a.Archive.GetArchiveListByColumnsWithHeader("Contact", {"string": ["name"]}, None, first_two, None,
                                                            1, 1, ""))
    assert header.RowCount == 2 and keys(header.Rows.ArchiveListItem) == [2]


@pytest.mark.parametrize(("call", "words"), [
    (("Nope", "name", "", "name begins 'A'"), "Unknown archive provider 'Nope'. soapsvc has: Contact"),
    (("Contact", "nope", "", ""), "has no column 'nope' to show"),
    (("Contact", "name", "", "nope = 1"), "has no column 'nope'"),
    (("Contact", "name", "", "name greater 'A'"), "Operator 'greater' does not apply to column 'name' (stringorPK)"),
    (("Contact", "name", "", "contactId = abc"), "'abc' is not a whole number"),
    (("Sale", "heading", "", "date before 'yesterday'"), "'yesterday' is not a date"),
    (("Sale", "heading", "", "saleStatus oneOf (Won)"), "'Won' is not one of 1 (Open), 2 (Sold)"),
    (("Contact", "name", "", "contactId between (1)"), "needs 2 value(s)"),
    (("Contact", "name", "", "(name begins 'A'"), "never closed"),
    (("Contact", "name", "", "name begins 'A')"), "unexpected ')'"),
    (("Contact", "name", "", "name begins 'A' nand contactId = 1"), "expected 'and', 'or' or ')'"),
    (("Contact", "name", "", "name begins 'A"), "never closed"),
    (("Contact", "name", "", "nameDepartment begins 'A'"), "can be shown but not restricted by"),
    (("Contact", "name", "phone/formattedNumber", ""), "cannot be sorted by"),
    (("Contact", "name", "name sideways", ""), "is not '<column> asc'"),
    (("ContactPersonDynamicSelectionV2", "name", "", "selectionId = 34"), "There is no selection 34"),
])
def test_invalid_requests_are_refused(world: World, call: tuple[str, str, str, str], words: str) -> None:
    provider, columns, order, restrictions = call
    refused(world.agents.Archive.GetArchiveListByColumns2(provider, columns, order, restrictions, "", 0, 10), words)


def test_invalid_objects_are_refused(world: World) -> None:
    a = world.agents
    unbalanced = [restriction("name", "begins", "A", InterParenthesis=1)]
    refused(a.Archive.GetArchiveListByColumns("Contact", {"string": ["name"]}, None,
                                              {"ArchiveRestrictionInfo": unbalanced}, None, 0, 10), "never closed")
    refused(a.Archive.GetArchiveListByColumns("Contact", {"string": ["name"]}, None, None,
                                              {"string": ["sale"]}, 0, 10), "has no entity 'sale'")
    refused(a.Archive.GetArchiveListByColumns("Contact", {"string": ["name"]}, None, None, None, -1, 10),
            "pages are counted from 0")
    refused(a.Archive.GetAvailableColumns("Nope", ""), "Unknown archive provider")
