"""The data every new tenant starts with: deterministic, and documented in the README.

Country ids are NetServer's own (ISO 3166 numeric: Norway 578, Sweden 752 ...). Users log in with the
passwords listed in USERS. Ids are fixed, so tests can name them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from sqlalchemy import delete
from sqlalchemy.orm import Session

from soapsvc.store import models as m

SEEDED = dt.datetime(2024, 1, 2, 8, 0, tzinfo=dt.UTC)

# id, name, ISO 3166 alpha-2, alpha-3, currency, domain
COUNTRIES = [
    (578, "Norway", "NO", "NOR", "NOK", ".no"),
    (752, "Sweden", "SE", "SWE", "SEK", ".se"),
    (208, "Denmark", "DK", "DNK", "DKK", ".dk"),
    (246, "Finland", "FI", "FIN", "EUR", ".fi"),
    (352, "Iceland", "IS", "ISL", "ISK", ".is"),
    (276, "Germany", "DE", "DEU", "EUR", ".de"),
    (528, "Netherlands", "NL", "NLD", "EUR", ".nl"),
    (56, "Belgium", "BE", "BEL", "EUR", ".be"),
    (250, "France", "FR", "FRA", "EUR", ".fr"),
    (724, "Spain", "ES", "ESP", "EUR", ".es"),
    (380, "Italy", "IT", "ITA", "EUR", ".it"),
    (756, "Switzerland", "CH", "CHE", "CHF", ".ch"),
    (40, "Austria", "AT", "AUT", "EUR", ".at"),
    (616, "Poland", "PL", "POL", "PLN", ".pl"),
    (826, "United Kingdom", "GB", "GBR", "GBP", ".uk"),
    (372, "Ireland", "IE", "IRL", "EUR", ".ie"),
    (840, "United States", "US", "USA", "USD", ".us"),
    (124, "Canada", "CA", "CAN", "CAD", ".ca"),
    (36, "Australia", "AU", "AUS", "AUD", ".au"),
    (392, "Japan", "JP", "JPN", "JPY", ".jp"),
]
BUSINESSES = ["Information Technology", "Telecommunications", "Finance", "Consulting", "Retail", "Media",
              "Manufacturing", "Public sector"]
CATEGORIES = ["Customer", "Prospect", "Partner", "Supplier", "Competitor", "Press"]
GROUPS = ["Sales", "Support", "Administration"]
ROLES = [("User", "Ordinary user"), ("Administrator", "Full rights, including system settings")]
# The other lists, by MDO list name: items (name, value), value being e.g. a sale stage's probability.
GENERIC_LISTS: dict[str, list[tuple[str, float]]] = {
    "saletype": [("New business", 0), ("Existing customer", 0), ("Partner deal", 0)],
    "salestage": [("Lead", 10), ("Qualified", 25), ("Proposal", 50), ("Negotiation", 75), ("Verbal yes", 90)],
    "source": [("Web", 0), ("Phone", 0), ("Fair", 0), ("Referral", 0)],
    "currency": [("NOK", 1), ("SEK", 0.98), ("EUR", 11.5), ("USD", 10.5), ("GBP", 13.4)],
    "rating": [("Hot", 0), ("Warm", 0), ("Cold", 0)],
    "reason": [("Price", 0), ("Functionality", 0), ("Timing", 0)],
    "reasonsold": [("Best offer", 0), ("Relationship", 0)],
    "reasonstalled": [("Budget freeze", 0), ("Waiting for decision", 0)],
    "competitor": [("Rival Corp", 0), ("Other Systems", 0)],
    "credited": [("Sales department", 0), ("Partner channel", 0)],
    "task": [("Meeting", 0), ("Phone call", 0), ("Follow-up", 0), ("Demo", 0)],
    "priority": [("High", 0), ("Normal", 0), ("Low", 0)],
    "projecttype": [("Implementation", 0), ("Internal", 0), ("Event", 0)],
    "projectstatus": [("Planning", 0), ("In progress", 0), ("Completed", 0)],
    "position": [("Chief executive", 0), ("Sales manager", 0), ("Developer", 0), ("Buyer", 0)],
    "personinterest": [("Newsletter", 0), ("Events", 0), ("Product updates", 0)],
    "contactinterest": [("Partner programme", 0), ("Trade fairs", 0)],
    "projectmembertype": [("Project manager", 0), ("Member", 0)],
}

OWN_COMPANY = 1
# id, name, department, country, business, category, owner associate
CONTACTS = [
    (OWN_COMPANY, "soapsvc Demo AS", "", 578, 1, 3, 1),
    (2, "Nordic Fisheries AS", "Head office", 578, 7, 1, 2),
    (3, "Bergen Bikes AS", "", 578, 5, 2, 2),
    (4, "Stockholm Software AB", "Development", 752, 1, 1, 3),
    (5, "London Legal Ltd", "", 826, 4, 2, 2),
    (6, "Acme Inc", "Purchasing", 840, 7, 4, 3),
]
# id, contact, first name, last name, e-mail
PERSONS = [
    (1, OWN_COMPANY, "Alice", "Admin", "alice.admin@example.com"),
    (2, OWN_COMPANY, "Sam", "Seller", "sam.seller@example.com"),
    (3, OWN_COMPANY, "Susan", "Support", "susan.support@example.com"),
    (4, 2, "Ola", "Nordmann", "ola@nordicfisheries.example"),
    (5, 2, "Kari", "Nordmann", "kari@nordicfisheries.example"),
    (6, 3, "Per", "Pedal", "per@bergenbikes.example"),
    (7, 4, "Sven", "Svensson", "sven@stockholmsoftware.example"),
    (8, 5, "Jane", "Barrister", "jane@londonlegal.example"),
    (9, 6, "Wile", "Coyote", "wile@acme.example"),
]
# associate id, user name, password, person, group, role, function rights
USERS = [
    (1, "ADMIN", "admin", 1, 3, 2, "admin-all,allow-delete"),
    (2, "SAL", "sal", 2, 1, 1, "allow-delete"),
    (3, "SUP", "sup", 3, 2, 1, ""),
]
PASSWORD_ITERATIONS = 10_000


def hash_password(password: str, salt: str | None = None) -> str:
    """pbkdf2-sha256 with a random salt: `pbkdf2$<iterations>$<salt>$<hex>`."""
    salt = salt or secrets.token_hex(8)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), PASSWORD_ITERATIONS).hex()
    return f"pbkdf2${PASSWORD_ITERATIONS}${salt}${digest}"


def check_password(password: str, stored: str) -> bool:
    _, _iterations, salt, _digest = stored.split("$")
    return hmac.compare_digest(hash_password(password, salt), stored)


SEQUENCE_TABLES = ("contact", "person", "associate", "business", "category", "usergroup", "role", "sale",
                   "appointment", "project", "projectmember", *GENERIC_LISTS)


def seed(session: Session, tenant_id: int) -> None:
    """Insert the seed data of a tenant (its tables must be empty)."""
    session.add_all(_rows(tenant_id))


def reseed(session: Session, tenant_id: int) -> None:
    """Put every seeded row back as seeded; rows added since stay, and new ids stay above theirs."""
    for row in _rows(tenant_id):
        if isinstance(row, m.Sequence):
            current = session.get(m.Sequence, (tenant_id, row.name))
            if current is not None:
                current.next_id = max(current.next_id, row.next_id)
                continue
        session.merge(row)


def _rows(tenant_id: int) -> list[m.Base]:
    t = tenant_id
    rows: list[m.Base] = []
    rows.extend(m.Country(tenant_id=t, id=i, name=n, code=c2, code3=c3, currency=cur, domain=d, rank=r)
                for r, (i, n, c2, c3, cur, d) in enumerate(COUNTRIES, 1))
    for model, names in ((m.Business, BUSINESSES), (m.Category, CATEGORIES), (m.UserGroup, GROUPS)):
        rows.extend(model(tenant_id=t, id=i, name=n, rank=i) for i, n in enumerate(names, 1))
    rows.extend(m.Role(tenant_id=t, id=i, name=n, tooltip=d, rank=i) for i, (n, d) in enumerate(ROLES, 1))
    rows.extend(m.Contact(tenant_id=t, id=i, name=n, department=dep, country_id=c, business_id=b,
                              category_id=cat, associate_id=a, created=SEEDED, created_by=1)
                    for i, n, dep, c, b, cat, a in CONTACTS)
    country = {c[0]: c[3] for c in CONTACTS}
    rows.extend(m.Person(tenant_id=t, id=i, contact_id=c, firstname=f, lastname=ln, email=e,
                             country_id=country[c], associate_id=1, created=SEEDED, created_by=1)
                    for i, c, f, ln, e in PERSONS)
    rows.extend(m.Associate(tenant_id=t, id=i, name=n, password_hash=hash_password(pw), person_id=p,
                                group_id=g, role_id=r, function_rights=fr)
                    for i, n, pw, p, g, r, fr in USERS)
    rows.extend(m.GenericListItem(tenant_id=t, list_name=name, id=i, name=n, rank=i, value=v)
                for name, items in GENERIC_LISTS.items() for i, (n, v) in enumerate(items, 1))
    highest = {"contact": len(CONTACTS), "person": len(PERSONS), "associate": len(USERS),
               "business": len(BUSINESSES), "category": len(CATEGORIES), "usergroup": len(GROUPS),
               "role": len(ROLES), "sale": 0, "appointment": 0, "project": 0, "projectmember": 0,
               **{name: len(items) for name, items in GENERIC_LISTS.items()}}
    rows.extend(m.Sequence(tenant_id=t, name=name, next_id=highest[name] + 1) for name in SEQUENCE_TABLES)
    return rows


def clear(session: Session, tenant_id: int) -> None:
    """Delete every row of a tenant except the tenant itself (tickets and tokens included)."""
    for table in reversed(m.Base.metadata.sorted_tables):
        if table.name != "tenant" and "tenant_id" in table.c:
            session.execute(delete(table).where(table.c.tenant_id == tenant_id))
