"""The archive columns of each entity, named and typed as NetServer's providers name them.

Only what soapsvc keeps in a table column, an element row or a user-defined value row is a column here;
fields kept only in an entity's JSON document (a sale's currency, a person's position, middle name,
addresses, interests ...) are not offered, rather than scanned. User-defined fields are columns of the
tenant's published layout (`udef`), named as NetServer names them: contactUdef/SuperOffice:1. Each
function takes the alias its table has in the provider, so one set serves a provider's own rows and the
rows it joins to ("contact/name").
"""

from __future__ import annotations

from typing import Any

from soapsvc.search.model import Column, Concat, Constant, Element, Field, Flag, Udef, Weighted

SALE_STATUSES = ((1, "Open"), (2, "Sold"), (3, "Lost"), (4, "Stalled"))
# A user-defined field's type (UDefFieldType): its restriction type, and where its value is kept (udefvalue).
# List fields are their item's id (soapsvc has no user-defined lists), so they restrict and show as numbers.
UDEF_KINDS = {"ShortText": ("string", "text"), "LongText": ("string", "text"), "Number": ("int", "number"),
              "Decimal": ("decimal", "number"), "Date": ("date", "date"), "UnlimitedDate": ("date", "date"),
              "Checkbox": ("bool", "number"), "List": ("int", "number")}


def _stamps(alias: str, icon: str, names: tuple[str, ...]) -> list[Column]:
    """Registered/updated by and date: names (registeredBy, registeredByFullName, registeredDate, updated...)."""
    reg_by, reg_full, reg_date, upd_by, upd_full, upd_date = names
    return [
        Column(reg_by, "associate", Field(alias, "created_by"), "Registered by", "The user who registered the data",
               list_name="associate", icon=icon),
        Column(reg_full, "associate", Field(alias, "created_by"), "Registered by - Full name",
               "The user who registered the data", list_name="associate", display="fullName", icon=icon),
        Column(reg_date, "date", Field(alias, "created"), "Registered date",
               "The date/time the data was registered in UTC.", icon=icon),
        Column(upd_by, "associate", Field(alias, "updated_by"), "Updated by", "The user who last updated the data",
               list_name="associate", icon=icon),
        Column(upd_full, "associate", Field(alias, "updated_by"), "Updated by - Full name",
               "The user who last updated the data", list_name="associate", display="fullName", icon=icon),
        Column(upd_date, "date", Field(alias, "updated"), "Updated", "The date/time the data was last updated in UTC.",
               icon=icon),
    ]


STAMPS = ("registeredBy", "registeredByFullName", "registeredDate", "updatedBy", "updatedByFullName", "updatedDate")
PERSON_STAMPS = tuple("person" + n[0].upper() + n[1:] for n in STAMPS)


def _owner(alias: str, icon: str, heading: str = "Our contact") -> list[Column]:
    return [Column("associateId", "associate", Field(alias, "associate_id"), heading, list_name="associate",
                   icon=icon)]


def _list(name: str, alias: str, column: str, list_name: str, heading: str, icon: str) -> Column:
    return Column(name, "listAny", Field(alias, column), heading, list_name=list_name, icon=icon)


def _element(name: str, alias: str, owner: str, field: str, heading: str, icon: str) -> Column:
    """Phone numbers are not sortable in NetServer (formatted per country); e-mails and URLs are."""
    return Column(name, "string", Element(alias, owner, (field,)), heading, icon=icon,
                  orderable=not name.endswith("/formattedNumber"))


def contact(alias: str = "contact") -> list[Column]:
    f, i = (lambda c: Field(alias, c)), "Contact"
    return [
        Column("contactId", "int", f("id"), "Company ID", "Database ID of company", icon=i),
        Column("name", "stringorPK", f("name"), "Company name", icon=i),
        Column("department", "string", f("department"), "Department", icon=i),
        Column("nameDepartment", "", Concat((f("name"), f("department"))), "Company",
               "Displays the company an activity is linked to", icon=i),
        *_owner(alias, i),
        _list("category", alias, "category_id", "category", "Category", i),
        _list("business", alias, "business_id", "business", "Business", i),
        _list("country", alias, "country_id", "country", "Country", i),
        Column("countryId", "int", f("country_id"), "Country ID", icon=i),
        Column("number", "string", f("number1"), "Number", icon=i),
        Column("orgnr", "string", f("orgnr"), "VAT No.", icon=i),
        *_stamps(alias, i, STAMPS),
        _element("phone/formattedNumber", alias, "contact", "Phones", "Phone", i),
        _element("contactPhone/formattedNumber", alias, "contact", "Phones", "Telephone - Phone", i),
        _element("contactFax/formattedNumber", alias, "contact", "Faxes", "Fax - Phone", i),
        _element("email/emailAddress", alias, "contact", "Emails", "E-mail", i),
        _element("url/URLAddress", alias, "contact", "Urls", "URL", i),
    ]


def person(alias: str = "person", with_contact: bool = False) -> list[Column]:
    """A person's columns; `with_contact` when the provider also has the contact's own (then the person's
    e-mail is personEmail/..., and contactId is the contact's column)."""
    f, i = (lambda c: Field(alias, c)), "Person"
    columns = [
        Column("personId", "int", f("id"), "DB ID", "Displays the database ID of a contact", icon=i),
        Column("firstName", "string", f("firstname"), "First name", icon=i),
        Column("lastName", "string", f("lastname"), "Last name", icon=i),
        Column("fullName", "stringorPK", Concat((f("firstname"), f("lastname"))), "Contact",
               "Displays the contact to which an item is linked", icon=i),
        Column("contactId", "int", f("contact_id"), "Company ID", "Database ID of company", icon=i),
        Column("rank", "int", f("rank"), "Rank", "Displays a contact's current rank", icon=i),
        _list("personCountry", alias, "country_id", "country", "Country", i),
        Column("personCountryId", "int", f("country_id"), "Country ID", icon=i),
        Column("personAssociateId", "associate", f("associate_id"), "Our contact", list_name="associate", icon=i),
        Column("personAssociateFullName", "associate", f("associate_id"), "Our contact - Full name",
               list_name="associate", display="fullName", icon=i),
        Column("hasCompany", "bool", Flag(f("contact_id"), "ne", 0), "Has company",
               "The contact is associated with a company", icon=i),
        *_stamps(alias, i, PERSON_STAMPS),
        _element("personEmail/emailAddress" if with_contact else "email/emailAddress", alias, "person", "Emails",
                 "E-mail", i),
        _element("personDirectPhone/formattedNumber", alias, "person", "OfficePhones", "Direct - Phone", i),
        _element("personMobilePhone/formattedNumber", alias, "person", "MobilePhones", "Mobile - Phone", i),
        _element("personUrl/URLAddress", alias, "person", "Urls", "URL", i),
    ]
    return [c for c in columns if not (with_contact and c.name == "contactId")]


def project(alias: str = "project") -> list[Column]:
    f, i = (lambda c: Field(alias, c)), "Project"
    return [
        Column("projectId", "int", f("id"), "DB ID", "Displays the database ID for a project row", icon=i),
        Column("name", "stringorPK", f("name"), "Project name", icon=i),
        Column("number", "string", f("project_number"), "Number", icon=i),
        _list("type", alias, "type_id", "projecttype", "Project type", i),
        _list("status", alias, "status_id", "projectstatus", "Status", i),
        *_owner(alias, i, "ID"),
        Column("completed", "bool", f("completed"), "Completed", icon=i),
        *_stamps(alias, i, STAMPS),
        _element("projectUrl/URLAddress", alias, "project", "Urls", "URL", i),
    ]


def _links(alias: str, icon: str) -> list[Column]:
    """contactId, personId, projectId of an activity: lists of record ids, shown as [I:n]."""
    return [Column(name, "listAny", Field(alias, column), heading, display="id", icon=icon)
            for name, column, heading in (("contactId", "contact_id", "Company ID"),
                                          ("personId", "person_id", "Contact ID"),
                                          ("projectId", "project_id", "Project ID"))]


def sale(alias: str = "sale") -> list[Column]:
    f, i = (lambda c: Field(alias, c)), "Sale"
    return [
        Column("saleId", "int", f("id"), "Sale ID", "The database ID of the sale record", icon=i),
        Column("heading", "stringorPK", f("heading"), "Sale", "The name of the sale", icon=i),
        Column("amount", "decimal", f("amount"), "Amount", "The gross sales total", icon=i),
        Column("amountWeighted", "decimal", Weighted(f("amount"), f("probability")), "Weighted amount",
               "Virtual field calculated from amount * probability percent.", icon=i),
        Column("probPercent", "int", f("probability"), "Probability as %", icon=i),
        Column("date", "date", f("saledate"), "Date", "Sale date of a sale", icon=i),
        Column("saleStatus", "listAny", f("status"), "Status", "The status of the sale - open, lost or sold",
               codes=SALE_STATUSES, icon=i),
        _list("saleType", alias, "sale_type_id", "saletype", "Sale type", i),
        *_owner(alias, i, "ID"),
        *_links(alias, i),
        *_stamps(alias, i, STAMPS),
    ]


def appointment(alias: str = "appointment") -> list[Column]:
    f, i = (lambda c: Field(alias, c)), "Appointment"
    return [
        Column("appointmentId", "int", f("id"), "DB ID", "Displays the database ID of a row", icon=i),
        Column("date", "date", f("start"), "Date", "Displays start date of a follow-up", icon=i),
        Column("endDate", "date", f("end"), "End date", "Displays the deadline for a follow-up", icon=i),
        Column("text", "positiveString", f("title"), "Text", "Displays a descriptive text for the item", icon=i),
        _list("type", alias, "task_id", "task", "Type", i),
        Column("completed", "bool", Flag(f("completed"), "eq", "Completed"), "Completed",
               "Displays a checkbox showing if an appointment is completed", icon=i),
        *_owner(alias, i, "ID"),
        *_links(alias, i),
        Column("saleId", "int", f("sale_id"), "Sale ID", "The database ID of the sale record", icon=i),
        *_stamps(alias, i, STAMPS),
    ]


def everything() -> list[Column]:
    """getAllRows / getNoRows, which every provider has: restriction-only switches."""
    return [
        Column("getAllRows", "bool", Constant(True), "GetAll", "Get all rows of archive - use with care",
               display="none", orderable=False),
        Column("getNoRows", "bool", Constant(False), "GetNone", "Do not get any rows from the archive",
               display="none", orderable=False),
    ]


def nested(prefix: str, columns: list[Column], leave_out: tuple[str, ...] = ()) -> list[Column]:
    """Another entity's columns under a prefix ("contact/name"), as providers show joined records."""
    return [c.nested(prefix) for c in columns if c.name not in leave_out]


def udef(name: str, alias: str, owner: str, info: dict[str, Any]) -> Column:
    """The column of a published user-defined field (its UserDefinedFieldInfo as stored) of `alias`'s rows."""
    kind, slot = UDEF_KINDS.get(info.get("FieldType", ""), ("string", "text"))
    label = info.get("FieldLabel") or name
    tooltip = info.get("Tooltip") or ""
    return Column(name, kind, Udef(alias, owner, int(info["UDefFieldId"]), slot), label, tooltip,
                  icon=owner.capitalize())
