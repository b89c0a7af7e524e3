"""The WSGI application object gunicorn serves: `gunicorn soapsvc.server:app`."""

from __future__ import annotations

from soapsvc import delivery
from soapsvc.config import Settings
from soapsvc.soap import wsdl
from soapsvc.soap.wsgi import Router
from soapsvc.store.admin import admin_database
from soapsvc.store.db import database


def create_app(settings: Settings | None = None) -> Router:
    """A soapsvc WSGI application with the Spyne applications of all 60 agents built (about 1 s).

    Built before the first request so that no caller pays for it; the agents' WSDL documents are read from
    their disk cache or built on a thread of their own meanwhile (`soap.wsdl_cache`).
    """
    router = Router(settings or Settings.from_env())
    router.prepare()
    database()  # the database exists, with its tables, before the first call (or start-up says why not)
    admin_database()  # and the journal's, which the first call writes to
    wsdl.warm()
    delivery.start()  # this worker's webhook deliveries (gunicorn imports the app in each worker)
    return router


app = create_app()
