"""The REST page: per Agents API agent and per WebAPI entity, its routes, whether soapsvc has the operation
behind each, and the curl line that calls it at this tenant (`/_soapsvc/rest?tenant=...`, one group per
`/_soapsvc/rest/agents/<Agent>` and `/_soapsvc/rest/webapi/<Entity>`). Rendered on the server, no script,
like the other pages."""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache
from html import escape
from urllib.parse import quote

from soapsvc.admin import catalog
from soapsvc.admin.errors import ApiError
from soapsvc.contract.rest import AGENT_ROUTES, WEB_ROUTES, WebRoute

INDEX = """<p>NetServer's REST APIs at tenant <b>{tenant}</b>: the Agents API
(<code>POST {base}/v1/Agents/&lt;Agent&gt;/&lt;Operation&gt;</code>) and the WebAPI. Sign in with
<code>Authorization: SOTicket &lt;ticket&gt;</code>, <code>Bearer &lt;token&gt;</code> or Basic
user:password. The Swagger documents: <a href="{base}/swagger">{base}/swagger</a>.</p>
<h2>Agents API</h2><table id="agents"><tr><th>agent</th><th>operations with behaviour</th><th>of</th></tr>
{agents}</table>
<h2>WebAPI</h2><table id="entities"><tr><th>entity</th><th>routes with behaviour</th><th>of</th></tr>
{entities}</table>"""
GROUP = """<p>Tenant <b>{tenant}</b>; <a href="/_soapsvc/rest?tenant={qtenant}">all agents and entities</a>.</p>
<table id="routes"><tr><th>method</th><th>route</th><th>operation</th><th>soapsvc</th><th>curl</th></tr>
{rows}</table>"""
ROW = ('<tr><td>{method}</td><td>{path}</td><td>{operation}</td><td class="{css}">{state}</td>'
       '<td><code class="curl">{curl}</code></td></tr>')


@cache
def _web_groups() -> dict[str, list[WebRoute]]:
    groups: dict[str, list[WebRoute]] = defaultdict(list)
    for route in WEB_ROUTES:
        groups[route.path.split("/")[3]].append(route)
    return dict(groups)


@cache
def _agent_groups() -> dict[str, list[str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for key in AGENT_ROUTES:
        groups[key.split("/")[0]].append(key)
    return dict(groups)


def _has(agent: str | None, operation: str | None) -> bool:
    return bool(agent and operation and operation in set(catalog.implemented(agent)))


def index(tenant: str, host: str) -> str:
    base = f"http://{host}/{quote(tenant)}/api"
    agents = "\n".join(
        f'<tr><td><a href="/_soapsvc/rest/agents/{name}?tenant={quote(tenant)}">{name}</a></td>'
        f'<td class="n">{sum(_has(AGENT_ROUTES[k].agent, AGENT_ROUTES[k].operation) for k in keys)}</td>'
        f'<td class="n">{len(keys)}</td></tr>' for name, keys in sorted(_agent_groups().items()))
    entities = "\n".join(
        f'<tr><td><a href="/_soapsvc/rest/webapi/{name}?tenant={quote(tenant)}">{name}</a></td>'
        f'<td class="n">{sum(_has(r.agent, r.operation) or r.kind == "archive" for r in routes)}</td>'
        f'<td class="n">{len(routes)}</td></tr>' for name, routes in sorted(_web_groups().items()))
    return INDEX.format(tenant=escape(tenant), base=escape(base), agents=agents, entities=entities)


def _curl(method: str, url: str, body: bool) -> str:
    data = " -H 'Content-Type: application/json' -d '{}'" if body else ""
    return f"curl -u ADMIN:admin -X {method} '{url}'{data}"


def group(kind: str, name: str, tenant: str, host: str) -> str:
    """The routes of one Agents API agent (`kind` agents) or one WebAPI entity (`kind` webapi)."""
    base = f"http://{host}/{quote(tenant)}/api"
    rows = []
    if kind == "agents" and (keys := _agent_groups().get(name)):
        for key in keys:
            r = AGENT_ROUTES[key]
            query = "&".join(f"{q}=1" for q in r.query)
            url = f"{base}/v1/Agents/{key}" + (f"?{query}" if query else "")
            rows.append(("POST", f"/api/v1/Agents/{key}", f"{r.agent}.{r.operation}", _has(r.agent, r.operation),
                          _curl("POST", url, r.body is not None)))
    elif kind == "webapi" and (routes := _web_groups().get(name)):
        for r in routes:
            url = base + re.sub(r"\{\w+\}", "1", r.path.removeprefix("/api"))
            what = f"{r.agent}.{r.operation}" if r.operation else (f"archive {r.provider}" if r.provider else "-")
            rows.append((r.method, r.path, what, _has(r.agent, r.operation) or r.kind == "archive",
                         _curl(r.method, url, r.body is not None)))
    else:
        raise ApiError(404, f"no REST {kind} {name}: the list is at /_soapsvc/rest")
    body = "\n".join(ROW.format(method=m, path=escape(p), operation=escape(o), css="ok" if done else "failed",
                                state="yes" if done else "not yet", curl=escape(c)) for m, p, o, done, c in rows)
    return GROUP.format(tenant=escape(tenant), qtenant=quote(tenant), rows=body)
