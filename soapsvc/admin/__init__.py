"""Test control for soapsvc: the admin API under `/_soapsvc/api/`, the browser pages, the request journal
and fault injection.

Everything the admin features keep is in the database (`soapsvc.store.admin`), so it holds whichever
gunicorn worker (or host, with PostgreSQL) answers. `soapsvc.admin.client` is a stdlib-only client of the
API, which the pytest plugin (`soapsvc.pytest_plugin`) uses.
"""
