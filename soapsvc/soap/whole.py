"""A WSGI app's whole answer, for the wrappers that look at it before it is sent (journal, replay)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def whole_answer(app: Callable[..., Iterable[bytes]], environ: dict[str, Any]
                 ) -> tuple[str, list[tuple[str, str]], Any, bytes]:
    """Run `app`; its status, headers, exc_info and body, nothing sent yet."""
    head: list[Any] = []
    chunks: list[bytes] = []

    def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], None]:
        head[:] = [status, headers, exc_info]
        return chunks.append

    answer = app(environ, capture)
    try:
        chunks.extend(answer)
    finally:
        if hasattr(answer, "close"):
            answer.close()
    return head[0], head[1], head[2], b"".join(chunks)
