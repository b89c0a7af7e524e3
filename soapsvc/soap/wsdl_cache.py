"""The agents' WSDL documents kept on disk, and built in the background after start.

Why: building one agent's document through Spyne takes 0.1-0.3 s (all 60 about 9 s on a busy 2-core
machine), so the first `?wsdl` of each agent after a start was slow, and a proxy builder asks for many.
A built document is written under `SOAPSVC_WSDL_CACHE` (default var/wsdl-cache; `off` keeps none) in a
folder named by a hash of the generated contract, Spyne's version and the code that fixes the document, so a changed
contract never serves an old one; every worker and every later start reads it from there. `warm()` builds
what is missing on a thread of its own once the worker is up, so the first calls are not kept waiting.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path

import spyne

from soapsvc import contract

log = logging.getLogger(__name__)


@cache
def folder() -> Path | None:
    """Where this contract's documents are kept (None when the cache is off)."""
    root = os.environ.get("SOAPSVC_WSDL_CACHE", "var/wsdl-cache")
    if root.lower() in ("", "off", "0", "no"):
        return None
    digest = hashlib.sha256(spyne.__version__.encode())
    here = Path(__file__).parent
    code = [here / "wsdl.py", here / "app.py", here.parent / "ns.py"]
    for source in sorted(Path(contract.__file__).parent.glob("*.py")) + code:
        digest.update(source.read_bytes())
    return Path(root).resolve() / digest.hexdigest()[:16]


def kept(agent: str, build: Callable[[str], bytes]) -> bytes:
    """`agent`'s document from the cache, else built by `build` and kept (written whole: a reader never sees
    half a file; a write that fails, a read-only disk say, only costs the next start the build)."""
    where = folder()
    path = where / f"{agent}.wsdl" if where else None
    if path is not None and path.is_file():
        return path.read_bytes()
    body = build(agent)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            part = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.part")
            part.write_bytes(body)
            part.replace(path)
        except OSError as err:
            log.warning("could not keep the WSDL of %s in %s: %s", agent, path.parent, err)
    return body


def warm(agents: list[str], template: Callable[[str], bytes], pause: float = 0.01) -> threading.Thread:
    """Build (or read) every agent's document on a daemon thread, pausing between agents so that calls
    served meanwhile get the interpreter."""

    def run() -> None:
        for agent in agents:
            try:
                template(agent)
            except Exception:  # a document that cannot be built is reported when it is asked for
                log.exception("building the WSDL of %s failed", agent)
            time.sleep(pause)

    thread = threading.Thread(target=run, name="soapsvc-wsdl-warm", daemon=True)
    thread.start()
    return thread
