"""A tenant's webhook deliveries as a page (`/_soapsvc/tenants/<CustId>/webhooks`): every delivery with its
webhook, event, state, tries and outcome, each a <details> with the body as sent and every try. The same
data as the admin API's `webhooks/deliveries`; rendered on the server, no script, like the journal."""

from __future__ import annotations

import json
from html import escape
from urllib.parse import quote

from soapsvc.store import webhooks
from soapsvc.store.db import database

PAGE = """<p>{count} deliver(y/ies), newest first; as JSON: <a href="{api}">{api}</a>. Fault rules with agent
<code>WebhookDelivery</code> delay, drop or fail tries (<a href="/_soapsvc/api">the admin API</a>).</p>
<div id="deliveries">{rows}</div>"""
ROW = """<details class="delivery" id="delivery-{id}"><summary><b>{event}</b> to {webhook} ({target})
<span class="{css}">{state}</span>, {attempts} tr(y/ies), last HTTP {status} {error}</summary>
<h3>Body</h3><pre class="body">{body}</pre><h3>Tries</h3><table class="tries"><tr><th>status</th><th>error</th>
<th>ms</th></tr>{tries}</table></details>"""


def url(tenant: str) -> str:
    return f"/_soapsvc/tenants/{quote(tenant)}/webhooks"


def page(tenant: str, limit: int = 200) -> str:
    with database().unit() as db:
        found = webhooks.deliveries(db, tenant, limit=limit)
    rows = "\n".join(ROW.format(
        id=d["id"], event=escape(d["event"]), webhook=escape(d["webhook_name"] or "?"), target=escape(d["target_url"]),
        css="ok" if d["state"] == "delivered" else "failed", state=escape(d["state"]), attempts=d["attempts"],
        status=d["last_status"] or "-", error=escape(d["last_error"] or ""),
        body=escape(json.dumps(d["body"], indent=2, ensure_ascii=False)),
        tries="".join(f"<tr><td>{t['status']}</td><td>{escape(t['error'] or '')}</td><td>{t['ms']}</td></tr>"
                      for t in d["tries"])) for d in found)
    api = f"/_soapsvc/api/tenants/{quote(tenant)}/webhooks/deliveries"
    return PAGE.format(count=len(found), api=escape(api), rows=rows or "<p>No deliveries yet.</p>")
