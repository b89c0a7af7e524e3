"""Find agent with zeep from the reference WSDL: FindFromRestrictions[Columns[OrderBy]] and their string
forms, on the Archive agent's providers: result columns, rows, row count, paging, errors."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.agents.archive_support import cells, enc_dt, keys, restriction
from tests.agents.support import Agents, new_tenant, ok, refused
from tests.conftest import Server

PERSONS = (("Svein", "Svendsen"), ("Stein", "Steinsen"), ("Sigrid", "Sorflaten"), ("Ola", "Olsen"), ("sam", "Small"))


@pytest.fixture(scope="module")
def agents(server: Server) -> Agents:
    """A tenant with a contact, five persons (four more 's' names besides the seeded Sam, Susan, Sven), a sale."""
    a = Agents(server, new_tenant())
    contact_id = ok(a.Contact.SaveContactEntity({"Name": "Steinsen Stein AS"})).ContactId
    for first, last in PERSONS:
        ok(a.Person.SavePersonEntity({"Firstname": first, "Lastname": last, "Contact": {"ContactId": contact_id}}))
    ok(a.Sale.SaveSaleEntity({"Heading": "Stone delivery", "Contact": {"ContactId": contact_id}, "Amount": 1500.0,
                              "Saledate": dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC), "Status": "Sold"}))
    return a


def _s_persons(agents: Agents) -> list[Any]:
    """Every person whose first name begins with s, as the Person agent reads them, by id."""
    found = [ok(agents.Person.GetPersonEntity(i)) for i in range(1, 10 + len(PERSONS))]
    return [p for p in found if p.Firstname.lower().startswith("s")]


def _column_names(result: Any) -> list[str]:
    return [c.Name for c in result.ArchiveColumns.ArchiveColumnInfo]


@pytest.mark.parametrize("form", ["objects", "string"])
def test_find_from_restrictions_default_columns_rows_and_count(agents: Agents, form: str) -> None:
    """Without desired columns: the provider's defaults; RowCount counts every page."""
    if form == "objects":
        result = ok(agents.Find.FindFromRestrictions(
            {"ArchiveRestrictionInfo": [restriction("firstName", "begins", "s")]}, "person", 3, 1))
    else:
        result = ok(agents.Find.FindFromRestrictions2("firstName begins 's'", "person", 3, 1))
    expected = _s_persons(agents)
    assert _column_names(result) == ["personId", "firstName", "lastName", "contactId", "fullName"]
    assert result.RowCount == len(expected) > 6  # a second page that is full, and a third
    assert keys(result.ArchiveRows.ArchiveListItem) == [p.PersonId for p in expected][3:6]
    assert [cells(r) for r in result.ArchiveRows.ArchiveListItem] == [
        {"personId": f"[I:{p.PersonId}]", "firstName": p.Firstname, "lastName": p.Lastname,
         "contactId": f"[I:{p.Contact.ContactId}]", "fullName": f"{p.Firstname} {p.Lastname}"} for p in expected[3:6]]


def test_default_columns_add_the_restricted_ones(agents: Agents) -> None:
    result = ok(agents.Find.FindFromRestrictions2("personContact/name begins 'Steinsen' and rank = 0", "Person", 50, 0))
    assert _column_names(result) == ["personId", "firstName", "lastName", "contactId", "fullName",
                                     "personContact/name", "rank"]
    assert result.RowCount == len(PERSONS)
    info = result.ArchiveColumns.ArchiveColumnInfo[5]
    assert (info.DisplayName, info.RestrictionType, info.CanRestrictBy) == ("Company name", "stringorPK", True)


@pytest.mark.parametrize("form", ["objects", "string"])
def test_find_with_columns_and_order(agents: Agents, form: str) -> None:
    restrictions = [restriction("firstName", "begins", "S", InterOperator="And"),
                    restriction("lastName", "notContains", "en")]
    if form == "objects":
        columns = ok(agents.Find.FindFromRestrictionsColumns({"ArchiveRestrictionInfo": restrictions}, "Person",
                                                             {"string": ["fullName"]}, 10, 0))
        ordered = ok(agents.Find.FindFromRestrictionsColumnsOrderBy(
            {"ArchiveRestrictionInfo": restrictions}, "Person", {"string": ["fullName", "personId"]},
            {"ArchiveOrderByInfo": [{"Name": "lastName", "Direction": "DESC"}]}, 10, 0))
    else:
        text = "firstName begins 'S' and lastName notContains 'en'"
        columns = ok(agents.Find.FindFromRestrictionsColumns2(text, "Person", "fullName", 10, 0))
        ordered = ok(agents.Find.FindFromRestrictionsColumnsOrderBy2(text, "Person", "fullName, personId",
                                                                     "lastName desc", 10, 0))
    wanted = [p for p in _s_persons(agents) if "en" not in p.Lastname]
    assert _column_names(columns) == ["fullName"]
    assert [cells(r)["fullName"] for r in columns.ArchiveRows.ArchiveListItem] == [
        f"{p.Firstname} {p.Lastname}" for p in wanted]
    by_last = sorted(wanted, key=lambda p: p.Lastname.lower(), reverse=True)
    assert _column_names(ordered) == ["fullName", "personId"]
    assert keys(ordered.ArchiveRows.ArchiveListItem) == [p.PersonId for p in by_last]
    assert ordered.RowCount == len(wanted) >= 3


def test_find_sales_and_no_rows(agents: Agents) -> None:
    result = ok(agents.Find.FindFromRestrictionsColumns2("saleStatus oneOf (2) and amount greater 1000", "FindSale",
                                                         "heading,amount,date,saleStatus,contact/name", 10, 0))
    row, = result.ArchiveRows.ArchiveListItem
    assert cells(row) == {"heading": "Stone delivery", "amount": "[F:1500]",
                          "date": enc_dt(dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC)), "saleStatus": "Sold",
                          "contact/name": "Steinsen Stein AS"}
    none = ok(agents.Find.FindFromRestrictions2("getNoRows set 1", "FindSale", 10, 0))
    assert none.RowCount == 0 and not none.ArchiveRows


@pytest.mark.parametrize(("restrictions", "provider", "words"), [
    ("firstName begins 's'", "Nope", "Unknown archive provider 'Nope'"),
    ("firstName sounds 's'", "Person", "use one of: begins, contains"),
    ("personId between (1, 'x')", "Person", "'x' is not a whole number"),
    ("firstName begins", "Person", "needs 1 value(s), got 0"),
])
def test_find_refuses_what_it_cannot_run(agents: Agents, restrictions: str, provider: str, words: str) -> None:
    refused(agents.Find.FindFromRestrictions2(restrictions, provider, 10, 0), words)
    refused(agents.Find.FindFromRestrictionsColumnsOrderBy2(restrictions, provider, "", "", 10, 0), words)
