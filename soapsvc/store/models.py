"""Tables, thin and named after SuperOffice's own (associate, person, contact, country ...).

Every table carries `tenant_id`, and ids are per tenant (composite primary keys), as each NetServer tenant
is a database of its own: contact 1 of Cust12345 and contact 1 of Cust67890 are different rows.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    type_annotation_map = {dt.datetime: DateTime(timezone=True)}


class Tenant(Base):
    """A customer (`CustId` in the URL); `ref_version` changes whenever its reference lists change."""

    __tablename__ = "tenant"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    cust_id: Mapped[str] = mapped_column(String(64), unique=True)
    ref_version: Mapped[int] = mapped_column(default=1)
    created: Mapped[dt.datetime]


class DataVersion(Base):
    """How many times a tenant's CRM data has changed ('*': a change whose tenant was not named).

    Bumped by every unit of work that wrote (`db.Database.unit`), in the same transaction; answers kept
    for replay (`soapsvc.soap.replay`) are valid while it is unchanged. Keyed by CustId, so it survives a
    reset; a table of its own, so that a database made before it existed gains it at start-up.
    """

    __tablename__ = "data_version"
    cust_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(default=0)


class Sequence(Base):
    """Next id per tenant and table: NetServer ids are small integers counted per database."""

    __tablename__ = "sequence"
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id", ondelete="CASCADE"), primary_key=True)
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    next_id: Mapped[int]


class TenantRow:
    """Columns every per-tenant table has."""

    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id", ondelete="CASCADE"), primary_key=True)


class ListItem(TenantRow):
    """A reference-list row: id, name, rank, tooltip, deleted flag."""

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(255))
    rank: Mapped[int] = mapped_column(default=0)
    tooltip: Mapped[str] = mapped_column(String(255), default="")
    deleted: Mapped[bool] = mapped_column(default=False)


class Country(ListItem, Base):
    __tablename__ = "country"
    code: Mapped[str] = mapped_column(String(2))
    code3: Mapped[str] = mapped_column(String(3))
    currency: Mapped[str] = mapped_column(String(3))
    domain: Mapped[str] = mapped_column(String(8))


class Business(ListItem, Base):
    __tablename__ = "business"


class Category(ListItem, Base):
    __tablename__ = "category"


class UserGroup(ListItem, Base):
    __tablename__ = "usergroup"


class Role(ListItem, Base):
    __tablename__ = "role"


class Stamped(TenantRow):
    """An entity row: its id, NetServer's four stamps, and `doc`, the JSON of the carrier fields that
    have no column of their own (so that every field a client sends is read back)."""

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    created: Mapped[dt.datetime]
    updated: Mapped[dt.datetime | None]
    created_by: Mapped[int] = mapped_column(default=0)
    updated_by: Mapped[int] = mapped_column(default=0)
    doc: Mapped[str] = mapped_column(Text, default="{}")


class Contact(Stamped, Base):
    __tablename__ = "contact"
    name: Mapped[str] = mapped_column(String(255))
    department: Mapped[str] = mapped_column(String(255), default="")
    orgnr: Mapped[str] = mapped_column(String(64), default="")
    number1: Mapped[str] = mapped_column(String(64), default="")
    country_id: Mapped[int] = mapped_column(default=0)
    business_id: Mapped[int] = mapped_column(default=0)
    category_id: Mapped[int] = mapped_column(default=0)
    associate_id: Mapped[int] = mapped_column(default=0)
    __table_args__ = (Index("ix_contact_name", "tenant_id", "name"),)


class Person(Stamped, Base):
    __tablename__ = "person"
    contact_id: Mapped[int] = mapped_column(default=0)
    firstname: Mapped[str] = mapped_column(String(255), default="")
    lastname: Mapped[str] = mapped_column(String(255), default="")
    email: Mapped[str] = mapped_column(String(255), default="")
    country_id: Mapped[int] = mapped_column(default=0)
    associate_id: Mapped[int] = mapped_column(default=0)
    rank: Mapped[int] = mapped_column(default=0)
    __table_args__ = (Index("ix_person_contact", "tenant_id", "contact_id"),
                      Index("ix_person_lastname", "tenant_id", "lastname"))


class Sale(Stamped, Base):
    __tablename__ = "sale"
    heading: Mapped[str] = mapped_column(String(255), default="")
    contact_id: Mapped[int] = mapped_column(default=0)
    person_id: Mapped[int] = mapped_column(default=0)
    project_id: Mapped[int] = mapped_column(default=0)
    appointment_id: Mapped[int] = mapped_column(default=0)
    associate_id: Mapped[int] = mapped_column(default=0)
    amount: Mapped[float] = mapped_column(default=0.0)
    saledate: Mapped[dt.datetime | None]
    status: Mapped[str] = mapped_column(String(32), default="Open")
    probability: Mapped[int] = mapped_column(default=0)
    sale_type_id: Mapped[int] = mapped_column(default=0)
    __table_args__ = (Index("ix_sale_contact", "tenant_id", "contact_id"),
                      Index("ix_sale_person", "tenant_id", "person_id"),
                      Index("ix_sale_project", "tenant_id", "project_id"))


class Appointment(Stamped, Base):
    __tablename__ = "appointment"
    title: Mapped[str] = mapped_column(String(255), default="")
    contact_id: Mapped[int] = mapped_column(default=0)
    person_id: Mapped[int] = mapped_column(default=0)
    project_id: Mapped[int] = mapped_column(default=0)
    sale_id: Mapped[int] = mapped_column(default=0)
    associate_id: Mapped[int] = mapped_column(default=0)
    start: Mapped[dt.datetime | None]
    end: Mapped[dt.datetime | None]
    task_id: Mapped[int] = mapped_column(default=0)
    completed: Mapped[str] = mapped_column(String(32), default="NotStarted")
    __table_args__ = (Index("ix_appointment_contact", "tenant_id", "contact_id"),
                      Index("ix_appointment_person", "tenant_id", "person_id"),
                      Index("ix_appointment_project", "tenant_id", "project_id"),
                      Index("ix_appointment_sale", "tenant_id", "sale_id"))


class Project(Stamped, Base):
    __tablename__ = "project"
    name: Mapped[str] = mapped_column(String(255), default="")
    project_number: Mapped[str] = mapped_column(String(64), default="")
    associate_id: Mapped[int] = mapped_column(default=0)
    status_id: Mapped[int] = mapped_column(default=0)
    type_id: Mapped[int] = mapped_column(default=0)
    completed: Mapped[bool] = mapped_column(default=False)
    __table_args__ = (Index("ix_project_name", "tenant_id", "name"),)


class ProjectMember(TenantRow, Base):
    """A person's membership of a project (cleared when the person goes)."""

    __tablename__ = "projectmember"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    project_id: Mapped[int]
    person_id: Mapped[int]
    contact_id: Mapped[int] = mapped_column(default=0)
    role_id: Mapped[int] = mapped_column(default=0)
    comment: Mapped[str] = mapped_column(Text, default="")
    rank: Mapped[int] = mapped_column(default=0)
    __table_args__ = (Index("ix_projectmember_project", "tenant_id", "project_id"),
                      Index("ix_projectmember_person", "tenant_id", "person_id"))


class Selection(Stamped, Base):
    """A selection of contacts and persons: its members listed (Static, `SelectionMember` rows) or found by
    its criteria (Dynamic: `criteria`, the JSON of its ArchiveRestrictionGroups). `find_entity` names the
    entity of a user's Find working set ("" for a selection of the user's own)."""

    __tablename__ = "selection"
    name: Mapped[str] = mapped_column(String(255), default="")
    selection_type: Mapped[str] = mapped_column(String(16), default="Static")
    associate_id: Mapped[int] = mapped_column(default=0)
    find_entity: Mapped[str] = mapped_column(String(32), default="")
    criteria: Mapped[str] = mapped_column(Text, default="[]")
    members_changed: Mapped[dt.datetime | None]
    members_changed_by: Mapped[int] = mapped_column(default=0)


class SelectionMember(TenantRow, Base):
    """A contact (person_id 0) or a person (with its contact) listed in a static selection."""

    __tablename__ = "selectionmember"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    selection_id: Mapped[int]
    contact_id: Mapped[int] = mapped_column(default=0)
    person_id: Mapped[int] = mapped_column(default=0)
    __table_args__ = (Index("ix_selectionmember_selection", "tenant_id", "selection_id"),)


class Element(TenantRow, Base):
    """One phone number, e-mail address or URL of an entity (`owner` contact/person/project, `field` the
    carrier's array: Phones, Emails, Urls, MobilePhones ...), in the order the client sent them."""

    __tablename__ = "element"
    owner: Mapped[str] = mapped_column(String(16), primary_key=True)
    owner_id: Mapped[int] = mapped_column(primary_key=True)
    field: Mapped[str] = mapped_column(String(32), primary_key=True)
    rank: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[str] = mapped_column(String(255), default="")
    stripped: Mapped[str] = mapped_column(String(255), default="")
    description: Mapped[str] = mapped_column(String(255), default="")
    __table_args__ = (Index("ix_element_value", "tenant_id", "field", "stripped"),)


# Case-insensitive search and sort by name ("name begins 'Super', sorted by name") use these on both storages.
Index("ix_contact_lname", Contact.tenant_id, func.lower(Contact.name), Contact.id)
Index("ix_person_llastname", Person.tenant_id, func.lower(Person.lastname), Person.id)
Index("ix_project_lname", Project.tenant_id, func.lower(Project.name), Project.id)


class GenericListItem(TenantRow, Base):
    """An item of any other reference list (sale type, source, priority, project status ...), with the
    number some lists carry (a sale stage's probability) and `extra` for list-specific fields."""

    __tablename__ = "listitem"
    list_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(255))
    rank: Mapped[int] = mapped_column(default=0)
    tooltip: Mapped[str] = mapped_column(String(255), default="")
    deleted: Mapped[bool] = mapped_column(default=False)
    value: Mapped[float] = mapped_column(default=0.0)
    extra: Mapped[str] = mapped_column(Text, default="{}")


class KitEntity(TenantRow, Base):
    """An entity of a family the entity kit serves (`soapsvc.agents.kit`): the whole carrier as JSON, its
    references reduced to their ids, so that nothing a client sends is lost."""

    __tablename__ = "kit_entity"
    family: Mapped[str] = mapped_column(String(64), primary_key=True)
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    doc: Mapped[str] = mapped_column(Text, default="{}")


class Associate(TenantRow, Base):
    """A user: its log-in name, password hash, person and group."""

    __tablename__ = "associate"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(64))
    password_hash: Mapped[str] = mapped_column(String(255))
    person_id: Mapped[int]
    group_id: Mapped[int]
    role_id: Mapped[int]
    user_type: Mapped[str] = mapped_column(String(32), default="InternalAssociate")
    function_rights: Mapped[str] = mapped_column(Text, default="")
    deleted: Mapped[bool] = mapped_column(default=False)
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)


class Ticket(Base):
    """A log-in: bound to one tenant and one user, valid for six hours since its last use."""

    __tablename__ = "ticket"
    ticket: Mapped[str] = mapped_column(String(128), primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id", ondelete="CASCADE"))
    associate_id: Mapped[int] = mapped_column(Integer)
    created: Mapped[dt.datetime]
    last_used: Mapped[dt.datetime]
    revoked: Mapped[bool] = mapped_column(default=False)


class AccessToken(Base):
    """A token minted for a user of a tenant (`soapsvc token`), for AuthenticateWithAccessToken."""

    __tablename__ = "access_token"
    token: Mapped[str] = mapped_column(String(128), primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id", ondelete="CASCADE"))
    associate_id: Mapped[int] = mapped_column(Integer)
    created: Mapped[dt.datetime]


class UdefField(TenantRow, Base):
    """A user-defined field (NetServer's udeffield), as two UserDefinedFieldInfo documents (JSON): `working`,
    the layout an administrator edits (null: deleted there), and `published`, the one entities use (null:
    never published). Publish copies working over published; Revert the other way."""

    __tablename__ = "udeffield"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    owner: Mapped[int]  # UDefType's number: 7 contact, 8 person, 9 project, 10 sale, 12 appointment, 13 document
    working: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (Index("ix_udeffield_owner", "tenant_id", "owner"),)


class UdefLayout(TenantRow, Base):
    """Per owner type: how many times its layout was published, and whether a publish event is running."""

    __tablename__ = "udeflayout"
    owner: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(default=0)
    publishing: Mapped[bool] = mapped_column(default=False)


class UdefValue(TenantRow, Base):
    """One user-defined field's value of one record (`owner` contact/person/sale): text fields in `text`,
    numbers, decimals, check boxes and list ids in `number`, dates in `date` (what searches compare)."""

    __tablename__ = "udefvalue"
    owner: Mapped[str] = mapped_column(String(16), primary_key=True)
    record_id: Mapped[int] = mapped_column(primary_key=True)
    field_id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str | None] = mapped_column(Text)
    number: Mapped[float | None]
    date: Mapped[dt.datetime | None]
    __table_args__ = (Index("ix_udefvalue_field", "tenant_id", "owner", "field_id", "record_id"),)
