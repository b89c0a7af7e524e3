"""Pages for a browser, rendered on the server with no script: a service's WCF-style page, the index of
tenants and agents, and a tenant's journal (each call a <details> with its request and response).

The `.svc` page is what a WCF host shows at a service's address, so that a developer who opens the
address NetServer gave them sees the same pointers (svcutil, ?wsdl, ?singleWsdl) at soapsvc.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any
from urllib.parse import parse_qs, quote, urlencode

from soapsvc.admin import catalog, rest_pages, webhook_pages
from soapsvc.admin.api import TENANT, journal_filter
from soapsvc.admin.errors import ApiError
from soapsvc.admin.journal import pretty
from soapsvc.config import Settings
from soapsvc.soap.app import agents
from soapsvc.store import journal as journal_store
from soapsvc.store import tenants
from soapsvc.store.db import database

CSS = """body{font-family:Verdana,Arial,sans-serif;font-size:.8em;margin:0;color:#000}
header{background:#003366;padding:6px 22px}header a{color:#fff;font-weight:bold;text-decoration:none}
main{margin:0 22px 22px}h1{color:#fff;background:#003366;font-weight:normal;font-size:2em;margin:0 -22px 14px;
padding:4px 22px 10px}h2{font-size:1.2em}pre{background:#e5e5cc;padding:5px;border:1px solid #f0f0e0;
white-space:pre-wrap;word-break:break-all}table{border-collapse:collapse}td,th{border:1px solid #ccc;
padding:2px 8px;text-align:left}td.n{text-align:right}details{border-bottom:1px solid #ddd;padding:3px 0}
summary{cursor:pointer;font-family:monospace}.failed{color:#a00}.ok{color:#070}"""
LAYOUT = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title><style>{css}</style></head>
<body><header><a href="/_soapsvc/">soapsvc</a></header><main><h1>{title}</h1>
{content}
</main></body></html>
"""
SERVICE = """<p>You have created a service.</p>
<p>To test this service, you will need to create a client and use it to call the service. You can do this
using the svcutil.exe tool from the command line with the following syntax:</p>
<pre id="svcutil">svcutil.exe {address}?wsdl</pre>
<p>You can also access the service description as a single file:</p>
<pre><a id="singlewsdl" href="{address}?singleWsdl">{address}?singleWsdl</a></pre>
<p>The WSDL: <a id="wsdl" href="{address}?wsdl">{address}?wsdl</a></p>
<p>This will generate a configuration file and a code file that contains the client class. Add the two files
to your client application and use the generated client class to call the Service. For example:</p>
<pre>class Test
{{
    static void Main()
    {{
        {agent}Client client = new {agent}Client(new BasicHttpBinding(),
            new EndpointAddress("{address}"));
        // Use the 'client' variable to call operations on the service.
        // Always close the client.
        client.Close();
    }}
}}</pre>
<h2>Operations: {done} of {total} implemented in soapsvc</h2>
<p>The others answer NetServer's error (Succeeded false, NotImplementedException).
Calls to this address are in <a id="journal" href="{journal}">the journal of tenant {tenant}</a>.</p>
<table id="operations"><tr><th>operation</th><th>in soapsvc</th></tr>
{rows}
</table>"""
INDEX = """<p>An emulator of SuperOffice NetServer's Services88 web services. An agent's address is
<code>/&lt;CustId&gt;/Remote/Services88/&lt;Agent&gt;.svc</code>; the admin API is at
<a href="/_soapsvc/api">/_soapsvc/api</a>; the same agents over REST: <a id="rest" href="/_soapsvc/rest">the
REST routes</a>.</p>
<h2>Tenants ({count})</h2>
<ul id="tenants">{tenants}</ul>
<h2>Agents: {done} of {total} operations implemented</h2>
<table id="agents"><tr><th>agent</th><th>implemented</th><th>operations</th></tr>
{rows}
</table>"""
JOURNAL = """<form method="get"><label>agent <input name="agent" value="{agent}"></label>
<label>operation <input name="operation" value="{operation}"></label> <button>filter</button>
<a href="{api}">as JSON</a> <a id="webhooks" href="{webhooks}">webhook deliveries</a></form>
<p>{count} call(s), newest first (this page shows up to ?limit=, default 200; the journal keeps the newest
{size} per tenant).</p>
<div id="calls">{calls}</div>"""
CALL = """<details class="call" id="call-{id}"><summary><time>{at}</time> <b>{agent}.{operation}</b>
user <span class="user">{user}</span> HTTP {status} <span class="{css}">{outcome}</span> {ms:.1f} ms</summary>
<h3>Request</h3><pre class="request">{request}</pre><h3>Response</h3><pre class="response">{response}</pre>
</details>"""


def page(title: str, content: str) -> str:
    return LAYOUT.format(title=escape(title), css=CSS, content=content)


def journal_url(tenant: str) -> str:
    return f"/_soapsvc/tenants/{quote(tenant)}/journal"


def service_page(agent: str, address: str, tenant: str) -> str:
    """The page WCF shows at a service's address, with the operations and what soapsvc implements."""
    done = set(catalog.implemented(agent))
    ops = catalog.operations(agent)
    rows = "\n".join(f'<tr><td>{op}</td><td class="{"ok" if op in done else "failed"}">'
                     f'{"yes" if op in done else "not yet"}</td></tr>' for op in ops)
    return page(f"{agent} Service", SERVICE.format(
        address=escape(address), agent=agent, done=len(done), total=len(ops), rows=rows,
        journal=escape(journal_url(tenant)), tenant=escape(tenant)))


def index() -> str:
    with database().unit() as db:
        names = tenants.list_all(db)
    listed = "".join(f'<li><a href="{escape(journal_url(t))}">{escape(t)}</a></li>' for t in names)
    rows, done, total = [], 0, 0
    for agent in agents():
        have, ops = len(catalog.implemented(agent)), len(catalog.operations(agent))
        done, total = done + have, total + ops
        rows.append(f'<tr><td><a href="/Remote/Services88/{agent}.svc">{agent}</a></td>'
                    f'<td class="n">{have}</td><td class="n">{ops}</td></tr>')
    return page("soapsvc", INDEX.format(count=len(names), tenants=listed or "<li>none yet</li>", done=done,
                                        total=total, rows="\n".join(rows)))


PAGE_CALLS = 200


def journal_page(tenant: str, query: dict[str, str], size: int) -> str:
    """A tenant's journal, newest first (the newest 200, or ?limit=); ?agent= and ?operation= filter as
    the API's do."""
    agent, operation = journal_filter(query)
    limit = int(query["limit"]) if query.get("limit", "").isdigit() and int(query["limit"]) > 0 else PAGE_CALLS
    entries = journal_store.calls(tenant, agent, operation, limit=min(limit, size), keep=size)
    calls = "\n".join(CALL.format(
        id=e["id"], at=escape(e["at"]), agent=escape(e["agent"]), operation=escape(e["operation"] or "?"),
        user=escape(e["user"] or "-"), status=e["status"], ms=e["duration_ms"], outcome=escape(e["outcome"]),
        css="ok" if e["succeeded"] else "failed", request=escape(pretty(e["request"])),
        response=escape(pretty(e["response"]))) for e in entries)
    api = f"/_soapsvc/api/tenants/{quote(tenant)}/journal?" + urlencode({k: v for k, v in query.items() if v})
    return page(f"Journal of {tenant}", JOURNAL.format(
        agent=escape(agent or ""), operation=escape(operation or ""), api=escape(api), count=len(entries),
        webhooks=escape(webhook_pages.url(tenant)),
        size=size, calls=calls or "<p>No calls yet.</p>"))


JOURNAL_PATH = re.compile(f"^/tenants/{TENANT}/journal/?$")
WEBHOOKS_PATH = re.compile(f"^/tenants/{TENANT}/webhooks/?$")


def dispatch(method: str, path: str, environ: dict[str, Any], settings: Settings) -> tuple[int, str]:
    """The page at `path` (below /_soapsvc)."""
    if method not in ("GET", "HEAD"):
        raise ApiError(405, "pages are read with GET", [("Allow", "GET")])
    if path in ("", "/"):
        return 200, index()
    if path in ("/rest", "/rest/") or path.startswith("/rest/"):
        query = {k: v[-1] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        tenant, host = query.get("tenant") or settings.default_tenant, environ.get("HTTP_HOST", "localhost")
        kind, _, name = path[len("/rest/"):].strip("/").partition("/")
        if not kind:
            return 200, page("REST", rest_pages.index(tenant, host))
        return 200, page(f"REST {name}", rest_pages.group(kind, name, tenant, host))
    if match := WEBHOOKS_PATH.match(path):
        return 200, page(f"Webhook deliveries of {match['tenant']}", webhook_pages.page(match["tenant"]))
    if match := JOURNAL_PATH.match(path):
        query = {k: v[-1] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        return 200, journal_page(match["tenant"], query, settings.journal_size)
    raise ApiError(404, f"no page /_soapsvc{path}: the index is /_soapsvc/, the API /_soapsvc/api")
