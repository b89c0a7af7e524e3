"""Carriers survive the trip through an entity's JSON document: every field a client sent comes back."""

from __future__ import annotations

import datetime as dt
import json

from soapsvc.agents.carriers import from_doc, from_plain, to_doc, to_plain
from soapsvc.contract import types as t


def round_trip(cls: type, carrier: object) -> object:
    return from_plain(cls, json.loads(json.dumps(to_plain(carrier))))


def test_nested_carriers_arrays_dates_and_durations() -> None:
    when = dt.datetime(2026, 5, 17, 9, 30, tzinfo=dt.UTC)
    entity = t.AppointmentEntity(
        Title="Review", StartDate=when, AlarmLeadTime=dt.timedelta(minutes=15), IsFree=True,
        Links=[t.Link(EntityName="sale", Id=7, Description="Deal"), t.Link(EntityName="project", Id=3)],
        Recurrence=t.RecurrenceInfo(RecurrenceId=2, Dates=[t.RecurrenceDate(Date=when, Description="first")]),
        UserDefinedFields=t.StringDictionary(StringKeyValuePair=[
            t.StringDictionaryStringKeyValuePair(Key="SuperOffice:1", Value="x")]),
    )
    back = round_trip(t.AppointmentEntity, entity)
    assert (back.Title, back.StartDate, back.AlarmLeadTime, back.IsFree) == ("Review", when,
                                                                            dt.timedelta(minutes=15), True)
    assert [(link.EntityName, link.Id, link.Description) for link in back.Links] == [
        ("sale", 7, "Deal"), ("project", 3, None)]
    assert back.Recurrence.Dates[0].Date == when and back.Recurrence.Dates[0].Description == "first"
    assert back.UserDefinedFields.StringKeyValuePair[0].Value == "x"


def test_documents_leave_out_column_fields_and_none() -> None:
    contact = t.ContactEntity(ContactId=5, Name="Kept in a column", Description="in the document",
                              Domains=["a.example", "b.example"], Xstop=None)
    doc = to_doc(contact, {"ContactId", "Name"})
    assert doc == {"Description": "in the document", "Domains": ["a.example", "b.example"]}
    assert from_doc(t.ContactEntity, doc) == {"Description": "in the document", "Domains": ["a.example", "b.example"]}
