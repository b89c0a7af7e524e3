"""Project: projects, their members (persons), and the reads that list projects by person, contact or user.

Implemented: CreateDefaultProjectEntity, SaveProjectEntity, SaveProjectEntityWithoutMembers,
GetProjectEntity, GetProjectEntityWithoutMembers, GetProject, GetProjectList, DeleteProjectEntity,
GetProjectsFromPerson, GetProjectsFromContact, GetMyProjects, GetMyMemberProjects, GetProjectMember,
GetProjectMembers, GetProjectMembersById, SaveProjectMember, DeleteProjectMember, and
GetProjectEventsOnPerson: the events (ProjectEventEntity, stored by the entity kit) of the projects the person
is a member of, by id, as the kit's GetProjectEventList reads them.
Known differences from NetServer: no project numbering (ProjectNumber is kept as sent), no guides, status
monitors, events, images or duplicate rules (HasImage false, EventId and NextMilestoneDate as sent, else
0 and MIN_DATE); Links are kept as sent (ActiveLinks is their count), not derived from linked activities;
no table/field rights. A member is a person of this tenant: its ContactId and names are the person's, a
person listed twice is one membership (the first listing), its ProjectMemberTypeId must be in the
projectmembertype list; EmailId and PhoneId are 0 (e-mail and phone are the person's first), Registered and
Updated are the project's stamps (memberships have none of their own here), EventParticipantStatus is
NotAnEvent. Saving replaces the members with the ones sent (a member sent back with its ProjectmemberId
keeps it). Deleting a project deletes its memberships and unlinks its sales and appointments. Unknown ids
read as a nil carrier.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from soapsvc import clock
from soapsvc.agents import behaviour_of, implements, kit, kit_hooks, saving, shared
from soapsvc.agents import carriers as c
from soapsvc.call import Call
from soapsvc.contract import types as t
from soapsvc.errors import ValidationError
from soapsvc.session import SessionEntry
from soapsvc.store import kit as docs
from soapsvc.store import project as store
from soapsvc.store.entities import Row
from soapsvc.store.person import PERSONS
from soapsvc.store.project import PROJECTS, Member

# Fields NetServer derives from others (a membership's names are its person's, contact's and project's):
# what a client sends for them is not kept.
COMPUTED = {"ProjectMember": ("ContactId", "ContactName", "ContactDepartment", "ProjectName", "EmailAddress",
                              "Firstname", "MiddleName", "Lastname", "Mrmrs", "ProjectMemberTypeName", "Phone",
                              "EmailAddressName", "FullName")}
COLUMN_FIELDS = {"ProjectId", "Name", "ProjectNumber", "ProjectMembers", "Urls", "CreatedDate", "UpdatedDate",
                 "CreatedBy", "UpdatedBy", "Associate", "ProjectStatus", "ProjectType", "Completed", "HasImage",
                 "ActiveLinks", "ActiveErpLinks", "TableRight", "FieldProperties"}


def _blank() -> dict[str, Any]:
    """What NetServer answers for the fields a project has no value of its own for (beyond `c.blanks`)."""
    return {**c.blanks(t.ProjectEntity), **c.empty_field_dictionaries()}


def _kept(row: Row) -> dict[str, Any]:
    """The fields without a column, as the client sent them, blanks filled in.

    Links are read here, not by `carriers.from_doc`: its `from_plain` loses the item type of an ArrayOf field.
    """
    doc = dict(row.doc)
    links = [c.from_plain(t.Link, x) for x in doc.pop("Links", [])]
    return {**_blank(), **c.from_doc(t.ProjectEntity, doc), "Links": links}


def _first(row: Row | None, field: str) -> tuple[str, str, str]:
    return ((row.elements.get(field) if row else None) or [("", "", "")])[0]


def _list_carrier(cls: type, s: SessionEntry, list_name: str, item_id: int | None = None) -> Any:
    """A ProjectStatus/ProjectType carrier of a list item; without an id, of the list's first item."""
    if item_id is None:
        item = next(iter(s.reference.lists.get(list_name) or ()), None)
    else:
        item = c.list_item(s, list_name, item_id)
    return cls(Id=item.id, Value=item.name, Tooltip=item.tooltip) if item else None


# --- reading ---

def _member(call: Call, x: Member, person: Row | None, contact: Row | None, project: Row | None) -> t.ProjectMember:
    pv, pd = (person.values, person.doc) if person else ({}, {})
    cv = contact.values if contact else {}
    first, middle, last = pv.get("firstname", ""), pd.get("MiddleName", ""), pv.get("lastname", "")
    email, role = _first(person, "Emails"), c.list_item(call.session, "projectmembertype", x.role_id)
    return c.carrier(
        t.ProjectMember, ProjectmemberId=x.id, ContactId=pv.get("contact_id", x.contact_id), ProjectId=x.project_id,
        ContactName=cv.get("name", ""), ContactDepartment=cv.get("department", ""),
        ProjectName=project.values["name"] if project else "", EmailId=0, EmailAddress=pv.get("email", ""),
        CountryId=pv.get("country_id", 0), Firstname=first, MiddleName=middle, Lastname=last, PersonId=x.person_id,
        Mrmrs=pd.get("Mrmrs", ""), ProjectMemberTypeName=role.name if role else "",
        Phone=_first(person, "OfficePhones")[0], PhoneId=0, ProjectMemberTypeId=x.role_id,
        EmailAddressName=email[2] or pv.get("email", ""), Comment=x.comment,
        FullName=shared.names(first, middle, last)[0],
        Registered=c.utc(project.values["created"]) if project else c.MIN_DATE,
        Updated=(c.utc(project.values["updated"]) if project else None) or c.MIN_DATE,
        EventParticipantStatus="NotAnEvent",
    )


def _members(call: Call, members: list[Member], projects: list[Row] | None = None) -> list[t.ProjectMember]:
    """Member carriers with their persons' and contacts' names, read in one go."""
    db, tid = call.db, call.tenant_id
    persons = {r.id: r for r in PERSONS.get_many(db, tid, sorted({x.person_id for x in members}))}
    contacts = shared.contact_rows(call, list(persons.values()))
    if projects is None:
        projects = PROJECTS.get_many(db, tid, sorted({x.project_id for x in members}))
    by_id = {r.id: r for r in projects}
    out = []
    for x in members:
        person = persons.get(x.person_id)
        contact = contacts.get(person.values["contact_id"]) if person else None
        out.append(_member(call, x, person, contact, by_id.get(x.project_id)))
    return out


def entity(call: Call, row: Row, with_members: bool = True) -> t.ProjectEntity:
    """A ProjectEntity as GetProjectEntity reads it."""
    v, s, kept = row.values, call.session, _kept(row)
    members = store.members_of(call.db, call.tenant_id, [row.id]) if with_members else []
    return c.carrier(
        t.ProjectEntity, kept, ProjectId=row.id, Name=v["name"], ProjectNumber=v["project_number"],
        ProjectMembers=_members(call, members, [row]), Urls=c.element_carriers(row.elements.get("Urls", [])),
        CreatedDate=c.utc(v["created"]), UpdatedDate=c.utc(v["updated"]) or c.MIN_DATE,
        CreatedBy=c.associate(s, v["created_by"]), UpdatedBy=c.associate(s, v["updated_by"]),
        Associate=c.associate(s, v["associate_id"]), Completed=v["completed"],
        ProjectStatus=_list_carrier(t.ProjectStatus, s, "projectstatus", v["status_id"]),
        ProjectType=_list_carrier(t.ProjectType, s, "projecttype", v["type_id"]),
        HasImage=False, ActiveLinks=len(kept["Links"] or []), ActiveErpLinks=0,
    )


def entity_by_id(call: Call, project_id: int, with_members: bool = True) -> t.ProjectEntity | None:
    row = PROJECTS.get(call.db, call.tenant_id, project_id)
    return entity(call, row, with_members) if row else None


def light(call: Call, row: Row) -> t.Project:
    """The lighter Project carrier (GetProject, lists, and the Project inside sales and appointments)."""
    v, s, kept = row.values, call.session, _kept(row)
    url, user = _first(row, "Urls"), s.reference.associate(v["associate_id"])
    kind = c.list_item(s, "projecttype", v["type_id"])
    status = c.list_item(s, "projectstatus", v["status_id"])
    return t.Project(
        ProjectId=row.id, Name=v["name"], Description=kept["Description"], URL=url[0],
        Type=kind.name if kind else "", AssociateId=v["associate_id"],
        AssociateFullName=f"{user.firstname} {user.lastname}".strip() if user else "", TypeId=v["type_id"],
        Updated=c.utc(v["updated"]) or c.MIN_DATE, StatusId=v["status_id"], Status=status.name if status else "",
        TextId=0, PublishTo=kept["PublishTo"], PublishFrom=kept["PublishFrom"], IsPublished=kept["IsPublished"],
        URLName=url[2] or url[0], ProjectNumber=v["project_number"], ActiveErpLinks=0, EventId=kept["EventId"],
        StartDate=kept["StartDate"],
    )


def lights(call: Call, project_ids: list[int]) -> list[t.Project]:
    """Light carriers of these projects, in the order asked; ids that are not there are left out."""
    return [light(call, row) for row in PROJECTS.get_many(call.db, call.tenant_id, project_ids)]


# --- writing ---

def _values(call: Call, e: t.ProjectEntity) -> dict[str, Any]:
    if not (e.Name or "").strip():
        raise ValidationError("ProjectEntity.Name is required: a project needs a name.", field="Name")
    return {
        "name": e.Name.strip(), "project_number": (e.ProjectNumber or "").strip(), "completed": bool(e.Completed),
        "status_id": shared.list_id(call, "projectstatus", "ProjectStatus", e.ProjectStatus and e.ProjectStatus.Id),
        "type_id": shared.list_id(call, "projecttype", "ProjectType", e.ProjectType and e.ProjectType.Id),
        "associate_id": shared.associate_id(call, e.Associate, "Associate"),
    }


def _sent_members(call: Call, e: t.ProjectEntity) -> list[Member]:
    """The members to store: each one a person of this tenant, each person once."""
    sent = list(e.ProjectMembers or [])
    if any(not x.PersonId for x in sent):
        raise ValidationError("Each ProjectMember needs the PersonId of the person who is the member.",
                              field="PersonId")
    persons = {r.id: r for r in PERSONS.get_many(call.db, call.tenant_id, sorted({x.PersonId for x in sent}))}
    out: dict[int, Member] = {}
    for x in sent:
        if x.PersonId not in persons:
            raise ValidationError(f"ProjectMember person {x.PersonId} does not exist in this tenant: a project's "
                                  "members are persons of its own tenant.", field="PersonId", value=str(x.PersonId))
        role = shared.list_id(call, "projectmembertype", "ProjectMemberTypeId", x.ProjectMemberTypeId)
        out.setdefault(x.PersonId, Member(x.ProjectmemberId or 0, 0, x.PersonId,
                                          persons[x.PersonId].values["contact_id"], role, x.Comment or "", 0))
    return list(out.values())


def _save(call: Call, e: t.ProjectEntity | None, operation: str, with_members: bool) -> t.ProjectEntity:
    """Insert (ProjectId 0) or update, stamped from the clock and the user; nothing is written if invalid."""
    if e is None:
        raise ValidationError(f"{operation} needs a ProjectEntity.")
    values = _values(call, e)
    kit.check(call, "ProjectEntity", e)
    members = _sent_members(call, e) if with_members else None
    doc, parts = c.to_doc(e, COLUMN_FIELDS), c.parts_of(e, ("Urls",))
    project_id = saving.save(call, PROJECTS, e.ProjectId, values, doc, parts)
    if members is not None:
        store.replace_members(call.db, call.tenant_id, project_id, members)
    return entity_by_id(call, project_id, with_members)


# --- operations ---

@implements("Project", "CreateDefaultProjectEntity")
def create_default(call: Call) -> t.ProjectEntity:
    """A new, unsaved project: the user as owner, the first project type and status, no members."""
    s = call.session
    me = c.associate(s, s.principal.associate_id)
    return c.carrier(
        t.ProjectEntity, _blank(),
        ProjectId=0, Name="", ProjectNumber="", ProjectMembers=[], Urls=[], CreatedDate=clock.now(),
        UpdatedDate=c.MIN_DATE, CreatedBy=me, UpdatedBy=None, Associate=me, Completed=False, HasImage=False,
        ProjectStatus=_list_carrier(t.ProjectStatus, s, "projectstatus"),
        ProjectType=_list_carrier(t.ProjectType, s, "projecttype"), ActiveLinks=0, ActiveErpLinks=0,
    )


@implements("Project", "SaveProjectEntity")
def save(call: Call, e: t.ProjectEntity | None) -> t.ProjectEntity:
    """Save the project and make its members exactly the ones sent."""
    return _save(call, e, "SaveProjectEntity", with_members=True)


@implements("Project", "SaveProjectEntityWithoutMembers")
def save_without_members(call: Call, e: t.ProjectEntity | None) -> t.ProjectEntity:
    """Save the project; its members stay as they are, whatever ProjectMembers holds."""
    return _save(call, e, "SaveProjectEntityWithoutMembers", with_members=False)


@implements("Project", "GetProjectEntityWithoutMembers", replayable=True)
def get_entity_without_members(call: Call, project_id: int | None) -> t.ProjectEntity | None:
    return entity_by_id(call, project_id or 0, with_members=False)


# Saving has two operations (with and without members, above). Deleting a project deletes its memberships;
# one that is not there changes nothing.
kit_hooks.family("ProjectEntity", entity_by_id, lights, None,
                 lambda call, project_id: store.delete_cascade(call.db, call.tenant_id, project_id))


@implements("Project", "GetProjectEventsOnPerson", replayable=True)
def get_project_events_on_person(call: Call, person_id: int | None) -> list[t.ProjectEvent]:
    """The events of the projects the person is a member of."""
    projects = set(store.project_ids_of_persons(call.db, call.tenant_id, [person_id or 0]))
    events = [i for i, doc in docs.all_of(call.db, call.tenant_id, "ProjectEventEntity")
              if doc.get("ProjectId") in projects]
    return behaviour_of("Project", "GetProjectEventList")(call, events) if events else []


@implements("Project", "GetProjectsFromPerson", replayable=True)
def get_projects_from_person(call: Call, person_id: int | None) -> list[t.Project]:
    """The projects the person is a member of."""
    return lights(call, store.project_ids_of_persons(call.db, call.tenant_id, [person_id or 0]))


@implements("Project", "GetProjectsFromContact", replayable=True)
def get_projects_from_contact(call: Call, contact_id: int | None) -> list[t.Project]:
    """The projects any person of the contact is a member of."""
    return lights(call, store.project_ids_of_contact(call.db, call.tenant_id, contact_id or 0))


def _my_member_project_ids(call: Call) -> list[int]:
    return store.project_ids_of_persons(call.db, call.tenant_id, [call.session.principal.person_id])


@implements("Project", "GetMyProjects", replayable=True)
def get_my_projects(call: Call, include_member_projects: bool | None) -> list[t.Project]:
    """The projects the user owns (Associate), and with IncludeMemberProjects those the user is a member of."""
    ids = set(PROJECTS.ids_where(call.db, call.tenant_id, "associate_id", call.session.principal.associate_id))
    if include_member_projects:
        ids.update(_my_member_project_ids(call))
    return lights(call, sorted(ids))


@implements("Project", "GetMyMemberProjects", replayable=True)
def get_my_member_projects(call: Call) -> list[t.Project]:
    """The projects the user's own person is a member of."""
    return lights(call, _my_member_project_ids(call))


@implements("Project", "GetProjectMember", replayable=True)
def get_project_member(call: Call, member_id: int | None) -> t.ProjectMember | None:
    found = _members(call, store.members_by_id(call.db, call.tenant_id, [member_id or 0]))
    return found[0] if found else None


@implements("Project", "SaveProjectMember")
def save_project_member(call: Call, x: t.ProjectMember | None) -> t.ProjectMember:
    """One membership: a person of this tenant in a project of this tenant, once (as SaveProjectEntity)."""
    if x is None or not x.ProjectId or not PROJECTS.exists(call.db, call.tenant_id, x.ProjectId):
        raise ValidationError(f"ProjectMember.ProjectId {getattr(x, 'ProjectId', 0) or 0} is not a project of this "
                              "tenant.", field="ProjectId")
    (member,) = _sent_members(call, t.ProjectEntity(ProjectMembers=[x]))
    others = [y for y in store.members_of(call.db, call.tenant_id, [x.ProjectId])
              if y.person_id == member.person_id and y.id != member.id]
    if others:
        raise ValidationError(f"Person {member.person_id} is already member {others[0].id} of project "
                              f"{x.ProjectId}: save that membership instead.", field="PersonId")
    member_id = store.save_member(call.db, call.tenant_id, replace(member, project_id=x.ProjectId))
    if member_id is None:
        raise ValidationError(f"There is no ProjectMember {member.id} to update in this tenant: send "
                              "ProjectmemberId 0 to add one.", field="ProjectmemberId")
    return get_project_member(call, member_id)


@implements("Project", "DeleteProjectMember")
def delete_project_member(call: Call, member_id: int | None) -> None:
    store.delete_member(call.db, call.tenant_id, member_id or 0)


@implements("Project", "GetProjectMembers", replayable=True)
def get_project_members(call: Call, project_id: int | None) -> list[t.ProjectMember]:
    return _members(call, store.members_of(call.db, call.tenant_id, [project_id or 0]))


@implements("Project", "GetProjectMembersById", replayable=True)
def get_project_members_by_id(call: Call, member_ids: list[int] | None) -> list[t.ProjectMember]:
    return _members(call, store.members_by_id(call.db, call.tenant_id, list(member_ids or [])))
