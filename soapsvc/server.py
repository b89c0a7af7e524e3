"""The WSGI application object gunicorn serves: `gunicorn soapsvc.server:app`."""

from __future__ import annotations

from soapsvc.config import Settings
from soapsvc.soap.wsgi import Router


def create_app(settings: Settings | None = None) -> Router:
    """A soapsvc WSGI application; agents' Spyne applications are built on their first request."""
    return Router(settings or Settings.from_env())


app = create_app()
