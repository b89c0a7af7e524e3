"""Document agent with zeep from the reference WSDL: documents read by the heading of their templates (the
rest of the family is the entity kit's, tested in test_families)."""

from __future__ import annotations

import pytest

from tests.agents.support import Agents, new_tenant, ok
from tests.conftest import Server

TEMPLATE_LIST = 999  # document templates have no list definition in soapsvc: any id names their list


@pytest.fixture
def agents(server: Server) -> Agents:
    return Agents(server, new_tenant())


def _template(agents: Agents, name: str) -> int:
    template = ok(agents.List.CreateDefaultDocumentTemplateEntity())
    template.Name = name
    return ok(agents.List.SaveDocumentTemplateEntity(template)).DocumentTemplateId


def _document(agents: Agents, header: str, template_id: int) -> int:
    document = ok(agents.Document.CreateDefaultDocumentEntity())
    document.Header, document.DocumentTemplate = header, {"DocumentTemplateId": template_id}
    return ok(agents.Document.SaveDocumentEntity(document)).DocumentId


def test_documents_by_template_heading_are_those_of_its_templates(agents: Agents) -> None:
    letter, offer, memo = _template(agents, "Letter"), _template(agents, "Offer"), _template(agents, "Memo")
    first = _document(agents, "Welcome", letter)
    _document(agents, "Notes", memo)
    second = _document(agents, "Price offer", offer)
    heading = ok(agents.List.CreateDefaultHeadingEntity())
    heading.Name, heading.UdListDefinitionId = "Outgoing", TEMPLATE_LIST
    heading_id = ok(agents.List.SaveHeadingEntity(heading)).HeadingId

    def found() -> list[tuple[int, str]]:
        answer = ok(agents.Document.GetDocumentsByTemplateHeading(heading_id))
        return [(d.DocumentId, d.Header) for d in answer.Document] if answer else []

    assert found() == []
    ok(agents.List.SetListItemsForHeading(TEMPLATE_LIST, heading_id, {"int": [letter, offer]}, True))
    assert found() == [(first, "Welcome"), (second, "Price offer")]
    ok(agents.List.SetListItemsForHeading(TEMPLATE_LIST, heading_id, {"int": [letter]}, False))
    assert found() == [(second, "Price offer")]
