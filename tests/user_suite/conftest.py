"""The plugin's fixtures (`soapsvc`, `soapsvc_server`) come from its entry point once soapsvc is installed
(`make install`, `pip install -e .`); from a checkout that is not installed, from here."""

from importlib.metadata import entry_points

if not any(e.name == "soapsvc" for e in entry_points(group="pytest11")):
    from soapsvc.pytest_plugin import soapsvc, soapsvc_server  # noqa: F401
