"""The throughput ceiling for benchmarks: parse the SOAP envelope with lxml, answer fixed bytes.

Nothing Python can serve over gunicorn does less per request, so soapsvc's throughput is reported as a
ratio to this app's, measured in the same run under the same gunicorn. BENCH_CEILING_ANSWER names a file
whose bytes it answers instead (tools/bench_node.py: the same answer soapsvc gave, so that all send as much).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from lxml import etree

ANSWER = (
    b'<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">'
    b'<s:Header><Succeeded xmlns="http://www.superoffice.net/ws/crm/NetServer/Services88">true</Succeeded>'
    b'</s:Header><s:Body><GetSystemInfoResponse xmlns="http://www.superoffice.net/ws/crm/NetServer/Services88">'
    b"<SystemInfo><CompanyName>ceiling</CompanyName></SystemInfo></GetSystemInfoResponse></s:Body></s:Envelope>"
)
if os.environ.get("BENCH_CEILING_ANSWER"):
    ANSWER = Path(os.environ["BENCH_CEILING_ANSWER"]).read_bytes()
PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    length = int(environ.get("CONTENT_LENGTH") or 0)
    if length:
        etree.fromstring(environ["wsgi.input"].read(length), PARSER)
    start_response("200 OK", [("Content-Type", "text/xml; charset=utf-8"), ("Content-Length", str(len(ANSWER)))])
    return [ANSWER]
