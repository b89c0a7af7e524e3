"""List with zeep generated from the reference WSDL: list items written through List show at once in MDO, also
in a session opened (and cached) before the write, on either worker; typed readers; user-defined lists."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from soapsvc.store import seed
from tests.agents.support import Agents, new_tenant, ok, refused
from tests.agents.test_mdo import items, pairs
from tests.conftest import Server

CATEGORY, SALE_TYPE, TASK = 152, 105, 103  # UdListDefinitionIds
# The gunicorn fixture has two workers; calls made one after another tend to land on the same (idle) one,
# calls made at once are spread over both: each check asks this many at once.
CALLS_PER_CHECK = 6


@pytest.fixture
def agents(server: Server) -> Agents:
    return Agents(server, new_tenant())


@pytest.fixture(scope="module")
def reader(server: Server) -> Agents:
    """One tenant for the tests that only read."""
    return Agents(server, new_tenant())


def entity(name: str, list_id: int = CATEGORY, **fields: Any) -> dict[str, Any]:
    return {"Id": 0, "Name": name, "Tooltip": f"{name} tip", "Deleted": False, "UdListDefinitionId": list_id,
            "Rank": 0, **fields}


def seen_by(agents: Agents, list_name: str) -> list[list[tuple[int, str]]]:
    """The list as several simultaneous calls of one session see it (they land on both workers)."""
    with ThreadPoolExecutor(CALLS_PER_CHECK) as pool:
        return list(pool.map(lambda _: pairs(agents.MDO.GetList(list_name, False, "", False)),
                             range(CALLS_PER_CHECK)))


def test_a_write_shows_at_once_in_a_session_opened_before_it(any_server: Server) -> None:
    tenant = new_tenant()
    reader = Agents(any_server, tenant)
    before = pairs(reader.MDO.GetList("category", False, "", False))
    assert seen_by(reader, "category") == [before] * CALLS_PER_CHECK  # the reader's lists are cached now
    writer = Agents(any_server, tenant, "SAL", "sal")
    for round_ in range(3):
        saved = ok(writer.List.SaveListItemEntity(entity(f"Reseller {round_}")))
        assert (saved.UdListDefinitionId, saved.Name, saved.Tooltip) == (CATEGORY, f"Reseller {round_}",
                                                                          f"Reseller {round_} tip")
        assert saved.Id == len(seed.CATEGORIES) + 1 + round_ and saved.Rank == len(before) + 1
        before = [*before, (saved.Id, saved.Name)]
        assert seen_by(reader, "category") == [before] * CALLS_PER_CHECK
    renamed = ok(writer.List.SaveListItemEntity({**entity("Key reseller"), "Id": saved.Id, "Rank": saved.Rank}))
    assert renamed.Name == "Key reseller"
    before[-1] = (saved.Id, "Key reseller")
    assert seen_by(reader, "category") == [before] * CALLS_PER_CHECK
    assert ok(reader.List.GetCategory(saved.Id)).Value == "Key reseller"
    ok(writer.List.DeleteFromListDefinition(saved.Id, CATEGORY))
    assert seen_by(reader, "category") == [before[:-1]] * CALLS_PER_CHECK
    assert ok(reader.MDO.GetListItem("category", saved.Id)) is None


def test_a_new_item_is_usable_at_once_by_entities(agents: Agents) -> None:
    """The Contact agent checks list ids against the same cache: a new category is accepted right away."""
    category = ok(agents.List.AddFromListName("Category", entity("Distributor")))
    contact = ok(agents.Contact.SaveContactEntity({"Name": "Dist AS", "Category": {"Id": category.Id}}))
    assert contact.Category.Value == "Distributor"
    sale_type = ok(agents.List.SaveListItemEntity(entity("Renewal", SALE_TYPE)))
    assert (sale_type.Id, "Renewal") in pairs(agents.MDO.GetSimpleList("saletype"))
    assert ok(agents.List.GetSaleType(sale_type.Id)).Value == "Renewal"


def test_item_operations_by_list_id_and_by_name(agents: Agents) -> None:
    added = ok(agents.List.AddFromListDefinition(SALE_TYPE, entity("Upsell", 0)))
    assert (added.Id, added.UdListDefinitionId, added.Rank) == (4, SALE_TYPE, 4)
    got = ok(agents.List.GetFromListName(added.Id, "saletype"))
    assert (got.Name, got.Tooltip, got.Deleted) == ("Upsell", "Upsell tip", False)
    changed = ok(agents.List.SaveFromListName(added.Id, "SaleType", entity("Up-sell", 0, Deleted=True, Rank=1)))
    assert (changed.Name, changed.Deleted, changed.Rank) == ("Up-sell", True, 1)
    assert [i.Name for i in ok(agents.List.GetAllFromListName("saletype", False)).ListItemEntity] == [
        "New business", "Existing customer", "Partner deal"]
    every = ok(agents.List.GetAllFromListDefinition(SALE_TYPE, True)).ListItemEntity
    assert [(i.Id, i.Name, i.Deleted) for i in every] == [  # rank order, ties by id
        (1, "New business", False), (4, "Up-sell", True), (2, "Existing customer", False), (3, "Partner deal", False)]
    saved = ok(agents.List.SaveAllFromListName("source", {"ListItemEntity": [
        {**entity("Newsletter", 0)}, {**entity("Web shop", 0), "Id": 1}]})).ListItemEntity
    assert [(i.Id, i.Name) for i in saved] == [(5, "Newsletter"), (1, "Web shop")]
    ok(agents.List.DeleteFromListName(added.Id, "saletype"))
    ok(agents.List.DeleteFromListName(added.Id, "saletype"))  # not there any more: nothing happens
    assert ok(agents.List.GetFromListDefinition(added.Id, SALE_TYPE)) is None
    ok(agents.List.DeleteAllFromListName("pmembtype"))
    assert pairs(agents.MDO.GetSimpleList("pmembtype")) == []


def test_create_default_item(agents: Agents) -> None:
    e = ok(agents.List.CreateDefaultListItemEntity())
    assert (e.Id, e.Name or "", e.Deleted, e.UdListDefinitionId, e.Rank) == (0, "", False, 0, 0)


@pytest.mark.parametrize(("call", "words", "kind"), [
    (lambda a: a.List.SaveListItemEntity(entity("  ")), "Name is required", "SoValidationException"),
    (lambda a: a.List.SaveListItemEntity(entity("x" * 256)), "longer than 255", "SoValidationException"),
    (lambda a: a.List.SaveListItemEntity(entity("Lost", 4242)), "no list with UdListDefinitionId 4242",
     "SoNotFoundException"),
    (lambda a: a.List.SaveListItemEntity(entity("Lost", 0)), "no list with UdListDefinitionId 0",
     "SoNotFoundException"),
    (lambda a: a.List.SaveListItemEntity({**entity("Lost"), "Id": 4242}), "no item 4242", "SoValidationException"),
    (lambda a: a.List.AddFromListName("nosuchlist", entity("Lost")), "no list named 'nosuchlist'",
     "SoNotFoundException"),
    (lambda a: a.List.SaveAllFromListName("category", {"ListItemEntity": [entity("Fine"), entity("")]}),
     "Name is required", "SoValidationException"),
    (lambda a: a.List.DeleteFromListName(1, "usergroup"), "still has users (SAL)", "SoValidationException"),
    (lambda a: a.List.DeleteAllFromListDefinition(101), "still has users", "SoValidationException"),
])
def test_invalid_input_is_refused_and_nothing_changes(agents: Agents, call: Any, words: str, kind: str) -> None:
    before = pairs(agents.MDO.GetList("category", False, "", False))
    refused(call(agents), words, kind)
    assert pairs(agents.MDO.GetList("category", False, "", False)) == before
    assert ok(agents.MDO.GetListItem("category", len(seed.CATEGORIES) + 1)) is None


@pytest.mark.parametrize(("every", "one", "many", "source"), [
    ("GetBusinesses", "GetBusiness", "GetBusinessList", "business"),
    ("GetCompetitors", "GetCompetitor", "GetCompetitorList", "competitor"),
    ("GetCrediteds", "GetCredited", "GetCreditedList", "credited"),
    ("GetCurrencies", "GetCurrency", "GetCurrencyList", "currency"),
    ("GetPositions", "GetPosition", "GetPositionList", "position"),
    ("GetPriorities", "GetPriority", "GetPriorityList", "priority"),
    ("GetProjectStatuses", "GetProjectStatus", "GetProjectStatusList", "projectstatus"),
    ("GetProjectTypes", "GetProjectType", "GetProjectTypeList", "projecttype"),
    ("GetRatings", "GetRating", "GetRatingList", "rating"),
    ("GetReasons", "GetReason", "GetReasonList", "reason"),
    ("GetAllReasonSold", "GetReasonSold", "GetReasonSoldList", "reasonsold"),
    ("GetAllReasonStalled", "GetReasonStalled", "GetReasonStalledList", "reasonstalled"),
    ("GetAllSaleType", "GetSaleType", "GetSaleTypeList", "saletype"),
    ("GetSources", "GetSource", "GetSourceList", "source"),
    ("GetTasks", "GetTask", "GetTaskList", "task"),
    ("GetCategories", "GetCategory", "GetCategoryList", "category"),
])
def test_typed_readers(reader: Agents, every: str, one: str, many: str, source: str) -> None:
    expected = ([(i, n) for i, (n, _) in enumerate(seed.GENERIC_LISTS[source], 1)] if source in seed.GENERIC_LISTS
                else list(enumerate(seed.BUSINESSES if source == "business" else seed.CATEGORIES, 1)))
    answer = ok(getattr(reader.List, every)())
    (listed,) = [v for k, v in answer.__values__.items()]
    assert [(i.Id, i.Value) for i in listed] == expected
    assert ok(getattr(reader.List, one)(2)).Value == expected[1][1]
    assert ok(getattr(reader.List, one)(4242)) is None
    (picked,) = ok(getattr(reader.List, many)({"int": [2, 4242, 1]})).__values__.values()
    assert [i.Id for i in picked] == [2, 1]


def test_typed_entities_countries_and_currencies(reader: Agents) -> None:
    countries = ok(reader.List.GetCountries()).Country
    assert [(c.CountryId, c.Name) for c in countries] == [(c[0], c[1]) for c in seed.COUNTRIES]
    norway = ok(reader.List.GetCountry(578))
    assert (norway.TwoLetterISOCountry, norway.ThreeLetterISOCountry, norway.DomainName) == ("NO", "NOR", ".no")
    assert len(ok(reader.List.GetAllCountries(True)).Country) == len(seed.COUNTRIES)
    category = ok(reader.List.GetCategoryEntity(2))
    assert (category.CategoryId, category.Name, category.Rank, category.Deleted) == (2, "Prospect", 2, False)
    stages = ok(reader.List.GetAllSaleStages(False)).SaleStageEntity
    assert [(s.SaleStageId, s.Value, s.Probability) for s in stages] == [
        (i, n, p) for i, (n, p) in enumerate(seed.GENERIC_LISTS["salestage"], 1)]
    assert ok(reader.List.GetSaleStageEntity(3)).Probability == 50
    assert ok(reader.List.GetSaleTypeEntity(1)).Name == "New business"
    assert [e.Name for e in ok(reader.List.GetAllSaleTypeEntities(True)).SaleTypeEntity] == [
        n for n, _ in seed.GENERIC_LISTS["saletype"]]
    assert ok(reader.List.GetProjectTypeEntity(2)).Name == "Internal"
    eur = ok(reader.List.GetCurrencyEntity(3))
    assert (eur.Name, eur.Rate, eur.Units) == ("EUR", 11.5, 1.0)
    assert [e.Name for e in ok(reader.List.GetAllCurrencies(False)).CurrencyEntity] == ["NOK", "SEK", "EUR", "USD",
                                                                                        "GBP"]
    assert ok(reader.List.GetOurCurrency()).Value == "NOK" and ok(reader.List.GetOwnerCompanysCurrency()).Id == 1
    assert ok(reader.List.GetBaseCurrency()).Name == "NOK"
    assert ok(reader.List.ChangeCurrency(100, "EUR", "NOK")) == pytest.approx(1150)
    refused(reader.List.ChangeCurrency(100, "XYZ", "NOK"), "FromCurrency 'XYZ'")
    tasks = ok(reader.List.GetAllTasks(False)).TaskListItem
    assert [(x.TaskListItemId, x.Value) for x in tasks] == [(i, n) for i, (n, _) in
                                                            enumerate(seed.GENERIC_LISTS["task"], 1)]


def test_user_defined_lists(any_server: Server) -> None:
    tenant = new_tenant()
    reader, writer = Agents(any_server, tenant), Agents(any_server, tenant, "SAL", "sal")
    assert items(reader.MDO.GetList("lists", False, "onlyUserDefinedLists=true", False)) == []
    default = ok(writer.List.CreateDefaultListEntity())
    assert (default.Id, default.Name or "") == (0, "")
    made = ok(writer.List.SaveListEntity({**_values(default), "Name": "Shoe sizes", "Tooltip": "EU sizes",
                                          "UseGroupsAndHeadings": True}))
    assert made.Id >= 1000 and (made.Name, made.Tooltip, made.UseGroupsAndHeadings) == ("Shoe sizes", "EU sizes", True)
    assert ok(reader.List.GetListEntity(made.Id)).Name == "Shoe sizes"
    assert ok(reader.List.GetListEntityByName("shoe sizes")).Id == made.Id
    for size in ("40", "41", "42"):
        ok(writer.List.AddFromListDefinition(made.Id, entity(size, made.Id)))
    for name, info in ((f"udlist{made.Id}", ""), ("udlist", str(made.Id))):
        assert [n for _, n in pairs(reader.MDO.GetList(name, False, info, False))] == ["40", "41", "42"]
    assert ok(reader.MDO.GetListIdByListName("Shoe sizes")) == made.Id
    assert (made.Id, "Shoe sizes") in pairs(reader.MDO.GetList("lists", False, "", False))
    assert made.Id in [e.Id for e in ok(reader.List.GetListDefinitions(False)).ListEntity]
    refused(writer.List.SaveListEntity({**_values(default), "Name": "SHOE SIZES"}), "already a list named")
    renamed = ok(writer.List.SaveListEntityByName("Shoe sizes", {**_values(made), "Name": "Sizes"}))
    assert (renamed.Id, renamed.Name, renamed.UseGroupsAndHeadings) == (made.Id, "Sizes", True)
    ok(writer.List.DeleteListEntity(made.Id))
    assert ok(reader.List.GetListEntity(made.Id)) is None
    refused(reader.MDO.GetList(f"udlist{made.Id}", False, "", False), "no user-defined list", "SoNotFoundException")


def test_built_in_lists_are_read_only_as_list_entities(agents: Agents) -> None:
    category = ok(agents.List.GetListEntityByName("Category"))
    assert (category.Id, category.Name, category.ListType, category.IsCustomList) == (
        CATEGORY, "Company - Category", "category", False)
    refused(agents.List.SaveListEntity({**_values(category), "Name": "Kinds"}), "is built in")
    refused(agents.List.DeleteListEntity(CATEGORY), "is built in")
    refused(agents.List.DeleteListEntityByName("nosuchlist"), "no list named", "SoNotFoundException")
    assert ok(agents.List.GetListEntityByName("Category")).Name == "Company - Category"


def _values(carrier: Any) -> dict[str, Any]:
    return {k: v for k, v in carrier.__values__.items() if k not in ("TableRight", "FieldProperties")}


def test_lists_and_items_created_at_once_get_distinct_ids(any_server: Server) -> None:
    """The first user-defined list of a tenant creates its id sequence: several at once must not collide."""
    agents = Agents(any_server, new_tenant())
    with ThreadPoolExecutor(4) as pool:
        made = list(pool.map(lambda n: ok(agents.List.SaveListEntity({"Name": f"List {n}"})), range(4)))
        added = list(pool.map(lambda n: ok(agents.List.AddFromListName("source", entity(f"Source {n}", 0))), range(6)))
    assert len({m.Id for m in made}) == 4 and min(m.Id for m in made) >= 1000
    assert sorted(a.Id for a in added) == list(range(5, 11))
    assert {n for _, n in pairs(agents.MDO.GetSimpleList("lists"))} >= {f"List {n}" for n in range(4)}


def test_list_entities_are_list_items(agents: Agents) -> None:
    """SaveCategoryEntity and SaveCurrencyEntity write the lists: MDO, the typed readers and ChangeCurrency
    see the new item, and its fields that a list item has no column for read back."""
    category = ok(agents.List.CreateDefaultCategoryEntity())
    category.Name, category.Tooltip, category.CategoryGroup = "Distributor", "Sells on", "Partner"
    saved = ok(agents.List.SaveCategoryEntity(category))
    assert saved.CategoryId == len(seed.CATEGORIES) + 1 and saved.CategoryGroup == "Partner"
    assert (saved.CategoryId, "Distributor") in pairs(agents.MDO.GetList("category", False, "", False))
    assert ok(agents.List.GetCategory(saved.CategoryId)).Value == "Distributor"
    saved.Name = "Key distributor"
    assert ok(agents.List.SaveCategoryEntity(saved)).Name == "Key distributor"
    assert ok(agents.List.GetCategoryEntity(saved.CategoryId)).CategoryGroup == "Partner"
    currency = ok(agents.List.CreateDefaultCurrencyEntity())
    currency.Name, currency.Rate, currency.Units = "DKK", 1.5, 100.0
    made = ok(agents.List.SaveCurrencyEntity(currency))
    assert (made.Rate, made.Units) == (1.5, 100.0)
    assert ok(agents.List.ChangeCurrency(3.0, "DKK", "NOK")) == pytest.approx(4.5)
    nameless = ok(agents.List.CreateDefaultSaleStageEntity())
    refused(agents.List.SaveSaleStageEntity(nameless), "Value is required")
    missing = ok(agents.List.GetSaleTypeEntity(1))
    missing.SaleTypeId = 999
    refused(agents.List.SaveSaleTypeEntity(missing), "no SaleTypeEntity 999")


def _heading(agents: Agents, name: str, list_id: int) -> int:
    heading = ok(agents.List.CreateDefaultHeadingEntity())
    heading.Name, heading.UdListDefinitionId = name, list_id
    return ok(agents.List.SaveHeadingEntity(heading)).HeadingId


def test_headings_from_list_definition_are_that_lists_only(agents: Agents) -> None:
    first, second = _heading(agents, "Calls", TASK), _heading(agents, "Meetings", TASK)
    _heading(agents, "Customers", CATEGORY)
    found = ok(agents.List.GetHeadingsFromListDefinition(TASK)).HeadingEntity
    assert [(h.HeadingId, h.Name, h.UdListDefinitionId) for h in found] == [(first, "Calls", TASK),
                                                                           (second, "Meetings", TASK)]
    assert ok(agents.List.GetHeadingsFromListDefinition(SALE_TYPE)) is None


def test_save_country_is_a_country_of_the_list(agents: Agents) -> None:
    eur = next(c.Id for c in ok(agents.List.GetCurrencies()).Currency if c.Value == "EUR")
    country = ok(agents.List.CreateDefaultCountry())
    country.Name, country.TwoLetterISOCountry, country.ThreeLetterISOCountry = "Latvia", "LV", "LVA"
    country.DomainName, country.CurrencyId, country.OrgNrText, country.DialInPrefix = "lv", eur, "Reg. nr.", "+371"
    saved = ok(agents.List.SaveCountry(country))
    assert saved.CountryId > 840  # above the seeded ISO numeric ids
    read = ok(agents.List.GetCountry(saved.CountryId))
    assert (read.Name, read.EnglishName, read.TwoLetterISOCountry, read.ThreeLetterISOCountry, read.DomainName,
            read.CurrencyId, read.OrgNrText, read.DialInPrefix) == \
        ("Latvia", "Latvia", "LV", "LVA", "lv", eur, "Reg. nr.", "+371")
    assert [c.Name for c in ok(agents.List.GetCountryList({"int": [saved.CountryId, 578]})).Country] == \
        ["Latvia", "Norway"]
    assert "Latvia" in [c.Name for c in ok(agents.List.GetCountries()).Country]
    contact = ok(agents.Contact.SaveContactEntity({"Name": "Riga Ltd", "Country": {"CountryId": saved.CountryId}}))
    assert (contact.Country.CountryId, contact.Country.TwoLetterISOCountry) == (saved.CountryId, "LV")

    norway = ok(agents.List.GetCountry(578))
    assert (norway.TwoLetterISOCountry, norway.EnglishName, norway.CurrencyId) == \
        ("NO", "Norway", next(c.Id for c in ok(agents.List.GetCurrencies()).Currency if c.Value == "NOK"))
    norway.Tooltip, norway.ZipPrefix = "Home", "N-"
    ok(agents.List.SaveCountry(norway))
    again = ok(agents.List.GetCountry(578))
    assert (again.Tooltip, again.ZipPrefix, again.TwoLetterISOCountry) == ("Home", "N-", "NO")

    norway.TwoLetterISOCountry = "NOR"
    refused(agents.List.SaveCountry(norway), "TwoLetterISOCountry")
    norway.TwoLetterISOCountry, norway.CountryId = "NO", 987654
    refused(agents.List.SaveCountry(norway), "987654")
    assert ok(agents.List.GetCountry(578)).TwoLetterISOCountry == "NO"
