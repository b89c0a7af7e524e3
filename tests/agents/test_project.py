"""Project agent, with zeep generated from the reference WSDL, against gunicorn (2 workers) on SQLite."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select
from zeep.helpers import serialize_object

from soapsvc.store import models as m
from soapsvc.store import tenants
from soapsvc.store.db import database
from tests.agents.support import Agents, new_tenant, ok, refused
from tests.conftest import Server

MIN_YEAR = 1  # .NET's DateTime.MinValue, NetServer's "no date"
START = dt.datetime(2025, 3, 1, 9, 30, tzinfo=dt.UTC)
END = dt.datetime(2025, 9, 30, 17, 0, tzinfo=dt.UTC)


@pytest.fixture
def agents(server: Server) -> Agents:
    return Agents(server, new_tenant())


def new_contact(agents: Agents, *names: str) -> tuple[int, list[int]]:
    """A new contact with a person per name ("First Last"): its id and the persons' ids."""
    contact_id = ok(agents.Contact.SaveContactEntity({"Name": "Fjord Builders AS", "Department": "Projects"}))
    contact_id = contact_id.ContactId
    person_ids = []
    for name in names:
        first, last = name.split()
        person = ok(agents.Person.SavePersonEntity({
            "Firstname": first, "Lastname": last, "Contact": {"ContactId": contact_id},
            "Emails": {"EntityElement": [{"Value": f"{first.lower()}@fjord.example", "Description": "work"}]},
            "OfficePhones": {"EntityElement": [{"Value": "+47 22 33 44 55"}]},
        }))
        person_ids.append(person.PersonId)
    return contact_id, person_ids


def member(person_id: int, type_id: int = 0, comment: str = "", member_id: int = 0) -> dict[str, Any]:
    return {"ProjectmemberId": member_id, "PersonId": person_id, "ProjectMemberTypeId": type_id,
            "Comment": comment}


def project(members: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
    """A ProjectEntity as a client sends it: every field a client sets, members and URLs included."""
    return {
        "ProjectId": 0, "Name": "Harbour bridge", "ProjectNumber": "P-1001", "Description": "New quay",
        "Postit": "Call before noon", "Associate": {"AssociateId": 2}, "ProjectStatus": {"Id": 2},
        "ProjectType": {"Id": 3}, "Completed": False, "StartDate": START, "EndDate": END,
        "ImageDescription": "sketch", "IsPublished": True, "PublishFrom": START, "PublishTo": END,
        "Links": {"Link": [{"EntityName": "sale", "Id": 7, "Description": "Quay deal", "LinkId": 0}]},
        "ExtraFields": {"StringKeyValuePair": [{"Key": "x_budget", "Value": "1200000"}]},
        "Urls": {"EntityElement": [{"Value": "https://bridge.example", "Description": "site"},
                                   {"Value": "https://docs.bridge.example", "Description": "docs"}]},
        "ProjectMembers": {"ProjectMember": members}, **fields,
    }


def members_of(entity: Any) -> list[Any]:
    return list(entity.ProjectMembers.ProjectMember) if entity.ProjectMembers else []


def plain(value: Any) -> Any:
    return serialize_object(value, dict)


def test_create_default_project_entity(agents: Agents) -> None:
    e = ok(agents.Project.CreateDefaultProjectEntity())
    assert e.ProjectId == 0 and not e.Name
    assert (e.Associate.AssociateId, e.CreatedBy.AssociateId, e.UpdatedBy) == (1, 1, None)
    assert (e.ProjectType.Id, e.ProjectType.Value) == (1, "Implementation")
    assert (e.ProjectStatus.Id, e.ProjectStatus.Value) == (1, "Planning")
    assert abs(e.CreatedDate - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)
    assert e.UpdatedDate.year == MIN_YEAR and e.EndDate.year == MIN_YEAR
    assert e.ProjectMembers is None and e.Urls is None  # empty arrays
    assert (e.Completed, e.HasImage, e.IsPublished, e.ActiveLinks) == (False, False, False, 0)


def test_save_and_read_back_every_field(agents: Agents) -> None:
    contact_id, (ola, kari) = new_contact(agents, "Ola Fjord", "Kari Fjord")
    sent = project([member(ola, 1, "Leads the build"), member(kari, 2)])
    saved = ok(agents.Project.SaveProjectEntity(sent))
    read = ok(agents.Project.GetProjectEntity(saved.ProjectId))
    assert plain(read) == plain(saved)

    assert read.ProjectId > 0
    assert (read.Name, read.ProjectNumber, read.Description, read.Postit) == \
        ("Harbour bridge", "P-1001", "New quay", "Call before noon")
    assert (read.Associate.AssociateId, read.Associate.FullName) == (2, "Sam Seller")
    assert (read.ProjectStatus.Id, read.ProjectStatus.Value) == (2, "In progress")
    assert (read.ProjectType.Id, read.ProjectType.Value) == (3, "Event")
    assert (read.StartDate, read.EndDate, read.PublishFrom, read.PublishTo) == (START, END, START, END)
    assert (read.ImageDescription, read.IsPublished, read.Completed) == ("sketch", True, False)
    assert [(u.Value, u.Description) for u in read.Urls.EntityElement] == \
        [("https://bridge.example", "site"), ("https://docs.bridge.example", "docs")]
    assert [(x.EntityName, x.Id, x.Description) for x in read.Links.Link] == [("sale", 7, "Quay deal")]
    assert read.ActiveLinks == 1
    assert [(p.Key, p.Value) for p in read.ExtraFields.StringKeyValuePair] == [("x_budget", "1200000")]
    # stamps and defaults
    assert read.CreatedDate is not None and read.CreatedBy.AssociateId == 1
    assert read.UpdatedDate.year == MIN_YEAR and read.UpdatedBy is None
    assert (read.HasImage, read.ActiveErpLinks, read.NmdAppointmentId) == (False, 0, 0)
    assert read.NextMilestoneDate.year == MIN_YEAR

    first, second = members_of(read)
    assert (first.PersonId, first.ContactId, first.ProjectId) == (ola, contact_id, read.ProjectId)
    assert (first.Firstname, first.Lastname, first.FullName) == ("Ola", "Fjord", "Ola Fjord")
    assert (first.ContactName, first.ContactDepartment, first.ProjectName) == \
        ("Fjord Builders AS", "Projects", "Harbour bridge")
    assert (first.EmailAddress, first.Phone) == ("ola@fjord.example", "+47 22 33 44 55")
    assert (first.ProjectMemberTypeId, first.ProjectMemberTypeName, first.Comment) == \
        (1, "Project manager", "Leads the build")
    assert (second.PersonId, second.ProjectMemberTypeName) == (kari, "Member")
    assert first.ProjectmemberId > 0 and second.ProjectmemberId not in (0, first.ProjectmemberId)
    assert first.Registered == read.CreatedDate and first.EventParticipantStatus == "NotAnEvent"


def test_update_stamps_and_replaces_members(server: Server, agents: Agents) -> None:
    _, (ola, kari, per) = new_contact(agents, "Ola Fjord", "Kari Fjord", "Per Fjord")
    saved = ok(agents.Project.SaveProjectEntity(project([member(ola, 1), member(kari, 2)])))
    ola_member = members_of(saved)[0].ProjectmemberId

    seller = Agents(server, agents.tenant, "SAL", "sal")
    changed = project([member(ola, 2, "now a member", ola_member), member(per, 1), member(per, 2)],
                      ProjectId=saved.ProjectId, Name="Harbour bridge, phase 2", Completed=True,
                      Urls={"EntityElement": [{"Value": "https://phase2.example"}]})
    updated = ok(seller.Project.SaveProjectEntity(changed))
    assert updated.CreatedDate == saved.CreatedDate and updated.CreatedBy.AssociateId == 1
    assert updated.UpdatedDate > saved.CreatedDate and updated.UpdatedBy.AssociateId == 2
    assert (updated.Name, updated.Completed) == ("Harbour bridge, phase 2", True)
    assert [u.Value for u in updated.Urls.EntityElement] == ["https://phase2.example"]
    members = members_of(ok(agents.Project.GetProjectEntity(saved.ProjectId)))
    assert [(x.PersonId, x.ProjectMemberTypeId, x.Comment) for x in members] == \
        [(ola, 2, "now a member"), (per, 1, None)]  # kari gone, per once
    assert members[0].ProjectmemberId == ola_member  # a member sent back keeps its id
    assert members[0].Updated == updated.UpdatedDate

    again = ok(agents.Project.SaveProjectEntity(changed))  # the same save again: nothing added
    assert [x.PersonId for x in members_of(again)] == [ola, per]
    assert len(ok(agents.Project.GetProjectMembers(saved.ProjectId)).ProjectMember) == 2


def test_without_members_variants_leave_members_alone(agents: Agents) -> None:
    _, (ola,) = new_contact(agents, "Ola Fjord")
    saved = ok(agents.Project.SaveProjectEntity(project([member(ola, 1)])))
    bare = ok(agents.Project.GetProjectEntityWithoutMembers(saved.ProjectId))
    assert bare.ProjectMembers is None and bare.Name == "Harbour bridge"
    renamed = ok(agents.Project.SaveProjectEntityWithoutMembers(
        project([], ProjectId=saved.ProjectId, Name="Renamed")))
    assert renamed.Name == "Renamed"
    assert [x.PersonId for x in members_of(ok(agents.Project.GetProjectEntity(saved.ProjectId)))] == [ola]


def test_light_and_list_reads(agents: Agents) -> None:
    contact_id, (ola, kari) = new_contact(agents, "Ola Fjord", "Kari Fjord")
    bridge = ok(agents.Project.SaveProjectEntity(project([member(ola), member(kari), member(1)]))).ProjectId
    quay = ok(agents.Project.SaveProjectEntity(project([member(kari)], Name="Quay",
                                                       Associate={"AssociateId": 1}))).ProjectId

    light = ok(agents.Project.GetProject(bridge))
    assert (light.ProjectId, light.Name, light.ProjectNumber, light.Description) == \
        (bridge, "Harbour bridge", "P-1001", "New quay")
    assert (light.TypeId, light.Type, light.StatusId, light.Status) == (3, "Event", 2, "In progress")
    assert (light.AssociateId, light.AssociateFullName) == (2, "Sam Seller")
    assert (light.URL, light.URLName) == ("https://bridge.example", "site")
    assert (light.StartDate, light.PublishTo, light.IsPublished) == (START, END, True)
    assert light.Updated.year == MIN_YEAR

    def names(answer: Any) -> list[str]:
        response = ok(answer)
        return [p.Name for p in response.Project] if response else []

    both = ["Harbour bridge", "Quay"]
    assert names(agents.Project.GetProjectList({"int": [quay, 999, bridge]})) == ["Quay", "Harbour bridge"]
    assert names(agents.Project.GetProjectsFromPerson(ola)) == ["Harbour bridge"]
    assert names(agents.Project.GetProjectsFromPerson(kari)) == both
    assert names(agents.Project.GetProjectsFromContact(contact_id)) == both
    assert names(agents.Project.GetProjectsFromContact(1)) == ["Harbour bridge"]  # Alice Admin's company
    assert names(agents.Project.GetMyProjects(False)) == ["Quay"]  # Alice owns it
    assert names(agents.Project.GetMyProjects(True)) == both
    assert names(agents.Project.GetMyMemberProjects()) == ["Harbour bridge"]

    members = ok(agents.Project.GetProjectMembers(bridge)).ProjectMember
    assert [(x.PersonId, x.FullName, x.ContactName) for x in members] == \
        [(ola, "Ola Fjord", "Fjord Builders AS"), (kari, "Kari Fjord", "Fjord Builders AS"),
         (1, "Alice Admin", "soapsvc Demo AS")]
    one = ok(agents.Project.GetProjectMember(members[2].ProjectmemberId))
    assert (one.PersonId, one.ProjectName, one.EmailAddress) == (1, "Harbour bridge", "alice.admin@example.com")
    by_id = ok(agents.Project.GetProjectMembersById({"int": [members[2].ProjectmemberId, 999,
                                                             members[0].ProjectmemberId]}))
    assert [x.PersonId for x in by_id.ProjectMember] == [1, ola]

INVALID = {
    "missing name": ({"Name": "  "}, "Name is required"),
    "unknown status": ({"ProjectStatus": {"Id": 99}}, "ProjectStatus 99 does not exist"),
    "unknown type": ({"ProjectType": {"Id": 99}}, "ProjectType 99 does not exist"),
    "unknown associate": ({"Associate": {"AssociateId": 99}}, "Associate 99 is not a user"),
    "unknown member person": ({"ProjectMembers": {"ProjectMember": [member(9999)]}},
                              "ProjectMember person 9999 does not exist"),
    "member without person": ({"ProjectMembers": {"ProjectMember": [member(0)]}}, "needs the PersonId"),
    "unknown member type": ({"ProjectMembers": {"ProjectMember": [member(4, 99)]}},
                            "ProjectMemberTypeId 99 does not exist"),
}


@pytest.mark.parametrize("change", INVALID.values(), ids=INVALID.keys())
def test_invalid_input_is_refused_and_writes_nothing(agents: Agents, change: tuple[dict[str, Any], str]) -> None:
    fields, words = change
    saved = ok(agents.Project.SaveProjectEntity(project([member(4, 1)])))
    before = plain(ok(agents.Project.GetProjectEntity(saved.ProjectId)))
    refused(agents.Project.SaveProjectEntity(project([member(5)], **{"ProjectId": saved.ProjectId, **fields})),
            words)
    assert plain(ok(agents.Project.GetProjectEntity(saved.ProjectId))) == before
    refused(agents.Project.SaveProjectEntity(project([member(5)], **fields)), words)  # as a new project
    assert ok(agents.Project.GetProjectsFromPerson(5)) is None  # neither saved nor its member
    assert ok(agents.Project.GetProjectList({"int": [saved.ProjectId + 1]})) is None


def test_updating_a_project_that_is_not_there_is_refused(agents: Agents) -> None:
    refused(agents.Project.SaveProjectEntity(project([], ProjectId=999)), "no project 999")
    assert ok(agents.Project.GetProjectEntity(999)) is None


def test_deleting_a_members_person_ends_the_membership(agents: Agents) -> None:
    _, (ola, kari) = new_contact(agents, "Ola Fjord", "Kari Fjord")
    saved = ok(agents.Project.SaveProjectEntity(project([member(ola), member(kari)])))
    ola_member = members_of(saved)[0].ProjectmemberId
    ok(agents.Person.DeletePersonEntity(ola))
    assert [x.PersonId for x in members_of(ok(agents.Project.GetProjectEntity(saved.ProjectId)))] == [kari]
    assert ok(agents.Project.GetProjectMember(ola_member)) is None
    assert ok(agents.Project.GetProjectsFromPerson(ola)) is None


def _tenant_id(server: Server, tenant: str) -> int:
    with database(server.db_url).unit() as db:
        return tenants.find(db, tenant)


def test_delete_project_removes_members_and_unlinks_sales_and_appointments(server: Server, agents: Agents) -> None:
    _, (ola,) = new_contact(agents, "Ola Fjord")
    saved = ok(agents.Project.SaveProjectEntity(project([member(ola)])))
    project_id, member_id = saved.ProjectId, members_of(saved)[0].ProjectmemberId
    tid, now = _tenant_id(server, agents.tenant), dt.datetime.now(dt.UTC)
    with database(server.db_url).unit() as db:  # linked activities, written behind the server
        db.add_all([m.Sale(tenant_id=tid, id=900, heading="Quay deal", project_id=project_id, created=now),
                    m.Appointment(tenant_id=tid, id=900, title="Site visit", project_id=project_id, created=now)])

    assert ok(agents.Project.DeleteProjectEntity(project_id)) is None
    assert ok(agents.Project.GetProjectEntity(project_id)) is None
    assert ok(agents.Project.GetProject(project_id)) is None
    assert ok(agents.Project.GetProjectMember(member_id)) is None
    assert ok(agents.Project.GetProjectsFromPerson(ola)) is None
    with database(server.db_url).unit() as db:
        links = [db.scalar(select(model.project_id).where(model.tenant_id == tid, model.id == 900))
                 for model in (m.Sale, m.Appointment)]
    assert links == [0, 0]
    assert ok(agents.Project.DeleteProjectEntity(project_id)) is None  # again: nothing to do, no error


def test_unknown_ids_read_as_nil(agents: Agents) -> None:
    for read in (agents.Project.GetProjectEntity, agents.Project.GetProject, agents.Project.GetProjectMember,
                 agents.Project.GetProjectEntityWithoutMembers):
        assert ok(read(999)) is None
    assert ok(agents.Project.GetProjectList({"int": [999]})) is None
    assert ok(agents.Project.GetProjectMembers(999)) is None


def test_one_membership_saved_and_deleted_alone(agents: Agents) -> None:
    project = ok(agents.Project.CreateDefaultProjectEntity())
    project.Name = "Single members"
    project_id = ok(agents.Project.SaveProjectEntity(project)).ProjectId
    member = ok(agents.Project.CreateDefaultProjectMember())
    member.ProjectId, member.PersonId, member.ProjectMemberTypeId, member.Comment = project_id, 4, 2, "Helps"
    saved = ok(agents.Project.SaveProjectMember(member))
    assert (saved.ProjectId, saved.PersonId, saved.Comment, saved.ProjectMemberTypeName) == (project_id, 4, "Helps",
                                                                                              "Member")
    assert saved.ContactId == 2 and saved.ProjectName == "Single members"
    members = ok(agents.Project.GetProjectMembers(project_id)).ProjectMember
    assert [m.ProjectmemberId for m in members] == [saved.ProjectmemberId]
    assert [p.PersonId for p in ok(agents.Person.GetPersonsFromProject(project_id)).Person] == [4]
    member.ProjectmemberId = 0
    refused(agents.Project.SaveProjectMember(member), "already member")
    member.PersonId = 99999
    refused(agents.Project.SaveProjectMember(member), "does not exist")
    ok(agents.Project.DeleteProjectMember(saved.ProjectmemberId))
    assert ok(agents.Project.GetProjectMembers(project_id)) is None


def _event(agents: Agents, project_id: int, text: str) -> int:
    event = ok(agents.Project.CreateDefaultProjectEventEntity())
    event.ProjectId, event.SignOnText, event.Enabled = project_id, text, True
    return ok(agents.Project.SaveProjectEventEntity(event)).ProjectEventId


def test_project_events_on_person_are_those_of_the_persons_projects(agents: Agents) -> None:
    _contact_id, (ola, kari) = new_contact(agents, "Ola Fjord", "Kari Fjord")
    bridge = ok(agents.Project.SaveProjectEntity(project([member(ola), member(kari)]))).ProjectId
    quay = ok(agents.Project.SaveProjectEntity(project([member(kari)], Name="Quay"))).ProjectId
    _event(agents, bridge, "Opening of the bridge")
    _event(agents, quay, "Quay party")
    _event(agents, bridge, "Bridge walk")

    def events(person_id: int) -> list[tuple[int, str]]:
        found = ok(agents.Project.GetProjectEventsOnPerson(person_id))
        return [(e.ProjectId, e.SignOnText) for e in found.ProjectEvent] if found else []

    assert events(ola) == [(bridge, "Opening of the bridge"), (bridge, "Bridge walk")]
    assert events(kari) == [(bridge, "Opening of the bridge"), (quay, "Quay party"), (bridge, "Bridge walk")]
    assert events(1) == []
