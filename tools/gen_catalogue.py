"""The contract as plain data: render `soapsvc/contract/catalogue.py` from what `gen_contract.Reader` read.

The catalogue has no Spyne in it: every type with its fields in order, every enumeration, every operation
with its parameters, result and name shape, and the entity families (which operations create, save, read
and delete one carrier, its light reader and its navigations). The rules that decide shapes and families
are here, once; everything that reads the catalogue (the entity kit, coverage, tests) follows them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gen_contract import Agent, Field, Operation, Reader

# Spyne class names of the generator -> the XML Schema names the catalogue uses for primitives.
XSD_NAMES = {
    "Integer32": "int", "Integer16": "short", "Integer64": "long", "UnsignedInteger32": "unsignedInt",
    "Boolean": "boolean", "DateTime": "dateTime", "Double": "double", "ByteArray": "base64Binary",
    "Unicode": "string", "AnyXml": "anyType", "char": "char", "duration": "duration", "guid": "guid",
}
NS_NAMES = {"http://www.superoffice.net/ws/crm/NetServer/Services88": "TNS",
            "http://schemas.microsoft.com/2003/10/Serialization/": "SER",
            "http://schemas.microsoft.com/2003/10/Serialization/Arrays": "ARR",
            "http://schemas.datacontract.org/2004/07/System.Security.Cryptography": "CRYPTO"}
FAMILY_SHAPES = ("CreateDefault", "Save", "Get", "Delete")

PREAMBLE = '''
from typing import NamedTuple


class Field(NamedTuple):
    """A field, parameter or result: `type` is a name in TYPES or ENUMS, or an XML Schema primitive."""

    name: str
    type: str
    array: bool
    nillable: bool
    min_occurs: int


class Type(NamedTuple):
    """A complex type; `item` is set for the ArrayOf wrappers, `base` for derived carriers."""

    name: str
    namespace: str
    base: str | None
    fields: tuple[Field, ...]
    item: Field | None


class Enum(NamedTuple):
    """An enumeration with each value's explicit number (None: its position), `flags` for xs:list ones."""

    name: str
    values: tuple[tuple[str, int | None], ...]
    flags: bool
    actual_type: str | None


class Operation(NamedTuple):
    """`shape`: CreateDefault, Save, Get, Delete, GetLight, GetList, Navigation or Other; `family` names
    the carrier of the entity family the operation belongs to (None for Other, and for the CreateDefault
    of a carrier that no operation stores: a value the client fills and passes on)."""

    agent: str
    name: str
    params: tuple[Field, ...]
    returns: tuple[Field, ...]
    shape: str
    family: str | None
    response: str | None = None  # the answer's element when it is not `<name>Response`: a shared type, answered bare


class Family(NamedTuple):
    """An entity family: one carrier and the operations that create, save, read and delete it."""

    carrier: str
    agent: str
    id_field: str
    light: str | None
    operations: dict[str, str]
    navigations: tuple[str, ...]

'''


@dataclass
class FamilyDraft:
    carrier: str
    agent: str
    id_field: str = ""
    light: str | None = None
    operations: dict[str, str] = field(default_factory=dict)
    navigations: list[str] = field(default_factory=list)


def xsd(name: str) -> str:
    return XSD_NAMES.get(name, name)


def fld(f: Field) -> tuple:
    return (f.name, xsd(f.type), f.max_occurs != "1", f.nillable, f.min_occurs)


def is_int(f: Field) -> bool:
    return xsd(f.type) == "int" and f.max_occurs == "1"


def one_result(op: Operation) -> str | None:
    return op.returns[0].type if len(op.returns) == 1 and op.returns[0].max_occurs == "1" else None


def array_item(r: Reader, op: Operation) -> str | None:
    """The item type of an operation's array result (`ArrayOfX` or a repeated element), else None."""
    if len(op.returns) != 1:
        return None
    ret = op.returns[0]
    ct = r.complex.get(ret.type)
    if ct is not None and ct.array_item is not None:
        return ct.array_item.type
    return ret.type if ret.max_occurs != "1" else None


def regular(r: Reader, op: Operation, shape: str, carrier: str) -> bool:
    """Whether an operation named like a family operation also has the family's signature."""
    params = op.params
    if shape == "CreateDefault":
        return not params and one_result(op) == carrier
    if shape == "Save":
        return len(params) == 1 and params[0].type == carrier and one_result(op) == carrier
    if shape == "Get":
        return len(params) == 1 and is_int(params[0]) and one_result(op) == carrier
    return shape == "Delete" and len(params) == 1 and is_int(params[0]) and not op.returns


def id_field(r: Reader, carrier: str) -> str:
    """The carrier's own id: `<Name>Id` (without 'Entity'), else the first int field ending in Id."""
    fields = r.complex[carrier].fields
    stem = carrier.removesuffix("Entity").lower()
    for wanted in (stem + "id", "id"):
        for f in fields:
            if is_int(f) and f.name.lower() == wanted:
                return f.name
    ids = [f.name for f in fields if is_int(f) and f.name.endswith("Id")]
    return ids[0] if ids else ""


def families_of(r: Reader, agent: Agent) -> dict[str, FamilyDraft]:
    """The families of one agent: carriers with a regular Save or Get, and the rest of their operations.

    A carrier with only a CreateDefault (a value such as EMailAddress) is no family: its CreateDefault is
    shaped so, with no family."""
    ops = {op.name: op for op in agent.operations}
    found: dict[str, FamilyDraft] = {}
    for name in ops:
        for shape in ("CreateDefault", "Save"):
            carrier = name.removeprefix(shape)
            if name.startswith(shape) and carrier in r.complex and regular(r, ops[name], shape, carrier):
                found.setdefault(carrier, FamilyDraft(carrier, agent.name))
    for carrier, fam in found.items():
        fam.id_field = id_field(r, carrier)
        for shape in FAMILY_SHAPES:
            op = ops.get(shape + carrier)
            if op is not None and regular(r, op, shape, carrier):
                fam.operations[shape] = op.name
        light_readers(r, ops, fam)
    own = {op for fam in found.values() for shape, op in fam.operations.items() if shape in FAMILY_SHAPES}
    for fam in found.values():  # a light reader that is another family's own Get (GetQuote) stays that family's
        fam.operations = {s: op for s, op in fam.operations.items() if s in FAMILY_SHAPES or op not in own}
        fam.navigations = [op for op in fam.navigations if op not in own]
    return {k: f for k, f in found.items() if "Save" in f.operations or "Get" in f.operations}


def lone_defaults(r: Reader, agent: Agent, families: dict[str, FamilyDraft]) -> list[str]:
    """CreateDefault operations of carriers that are no family."""
    return [op.name for op in agent.operations if op.name.startswith("CreateDefault")
            and op.name.removeprefix("CreateDefault") not in families
            and regular(r, op, "CreateDefault", op.name.removeprefix("CreateDefault"))]


def light_readers(r: Reader, ops: dict[str, Operation], fam: FamilyDraft) -> None:
    """`Get<B>(id)` and `Get<B>List(ids)` of the light carrier B, and `Get<B>s...` navigations."""
    light = fam.carrier.removesuffix("Entity")
    if light != fam.carrier and light in r.complex:
        fam.light = light
        get = ops.get("Get" + light)
        if get is not None and len(get.params) == 1 and is_int(get.params[0]) and one_result(get) == light:
            fam.operations["GetLight"] = get.name
        many = ops.get(f"Get{light}List")
        if (many is not None and len(many.params) == 1 and many.params[0].type == "ArrayOfint"
                and array_item(r, many) == light):
            fam.operations["GetList"] = many.name
    taken = set(fam.operations.values())
    for name, op in ops.items():
        if name in taken or not name.startswith(f"Get{light}s"):
            continue
        if array_item(r, op) in (light, fam.carrier) and all(is_int(p) for p in op.params):
            fam.navigations.append(name)


def render(r: Reader, header: str) -> str:
    families: dict[str, FamilyDraft] = {}
    shape_of: dict[tuple[str, str], tuple[str, str | None]] = {}
    for agent in r.agents:
        mine = families_of(r, agent)
        families.update(mine)
        shape_of.update({(agent.name, op): ("CreateDefault", None) for op in lone_defaults(r, agent, mine)})
    for fam in families.values():
        for shape, op in fam.operations.items():
            shape_of[(fam.agent, op)] = (shape, fam.carrier)
        for op in fam.navigations:
            shape_of[(fam.agent, op)] = ("Navigation", fam.carrier)
    doc = "The contract as plain data: types, enumerations, operations, entity families and readers."
    out = [f'"""{header}\n\n{doc}"""', "", "# ruff: noqa: E501", PREAMBLE, "_F = Field", ""]
    out.append("TYPES: dict[str, Type] = {")
    for ct in r.complex.values():
        for holder in [*ct.pairs, ct]:
            item = f"_F{fld(ct.array_item)!r}" if holder is ct and ct.array_item is not None else "None"
            fields = "".join(f"_F{fld(f)!r}, " for f in holder.fields)
            base = repr(ct.base) if holder is ct else "None"
            out.append(f"    {holder.name!r}: Type({holder.name!r}, {NS_NAMES[ct.namespace]!r}, {base}, "
                       f"({fields}), {item}),")
    for name, wrapped in r.shared_responses.items():
        fields = "".join(f"_F{fld(f)!r}, " for f in wrapped)
        out.append(f"    {name!r}: Type({name!r}, 'TNS', None, ({fields}), None),")
    out += ["}", "", "ENUMS: dict[str, Enum] = {"]
    for name, (values, actual, is_list) in r.simple.items():
        out.append(f"    {name!r}: Enum({name!r}, {tuple(values)!r}, {is_list!r}, {actual!r}),")
    out += ["}", "", "OPERATIONS: dict[tuple[str, str], Operation] = {"]
    for agent in r.agents:
        for op in agent.operations:
            shape, family = shape_of.get((agent.name, op.name), ("Other", None))
            params = "".join(f"_F{fld(f)!r}, " for f in op.params)
            returns = "".join(f"_F{fld(f)!r}, " for f in op.returns)
            bare = f", {op.response!r}" if op.response != op.name + "Response" else ""
            out.append(f"    ({agent.name!r}, {op.name!r}): Operation({agent.name!r}, {op.name!r}, ({params}), "
                       f"({returns}), {shape!r}, {family!r}{bare}),")
    out += ["}", "", "# The request headers of each agent's operations (their element names, `types.header_<name>`)",
            "HEADERS: dict[str, tuple[str, ...]] = {"]
    for agent in r.agents:
        out.append(f"    {agent.name!r}: {tuple(agent.operations[0].in_headers)!r},")
    out += ["}", "", "FAMILIES: dict[str, Family] = {"]
    for fam in families.values():
        out.append(f"    {fam.carrier!r}: Family({fam.carrier!r}, {fam.agent!r}, {fam.id_field!r}, "
                   f"{fam.light!r}, {fam.operations!r}, {tuple(fam.navigations)!r}),")
    out += ["}", "", "# Readers: `Get<T>(id)` operations that read a carrier T by id (agent, operation, T's id field)",
            "READERS: dict[str, tuple[str, str, str]] = {"]
    for carrier, (agent, op) in readers(r).items():
        out.append(f"    {carrier!r}: ({agent!r}, {op!r}, {id_field(r, carrier)!r}),")
    out += ["}", ""]
    return "\n".join(out)


def readers(r: Reader) -> dict[str, tuple[str, str]]:
    """Carrier type -> the operation `Get<T>(int)` that reads one by id (the first agent's, by name)."""
    found: dict[str, tuple[str, str]] = {}
    for agent in r.agents:
        for op in agent.operations:
            carrier = op.name.removeprefix("Get")
            if (op.name.startswith("Get") and carrier in r.complex and len(op.params) == 1
                    and is_int(op.params[0]) and one_result(op) == carrier and id_field(r, carrier)):
                found.setdefault(carrier, (agent.name, op.name))
    return found
