"""The pytest plugin as a user's project gets it: declared as an entry point, and the example of
docs/pytest-plugin.md run as it stands, in a folder of its own."""

from __future__ import annotations

import configparser
import os
import re
import subprocess
import sys
from importlib.metadata import entry_points

from tests.conftest import ROOT


def test_the_plugin_is_a_pytest11_entry_point() -> None:
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    assert "soapsvc = soapsvc.pytest_plugin" in config["options.entry_points"]["pytest11"]


def test_the_documented_example_passes(tmp_path) -> None:
    text = (ROOT / "docs" / "pytest-plugin.md").read_text()
    example = re.search(r"```python\n(# test_crm_client\.py\n.*?)```", text, re.S)
    assert example, "docs/pytest-plugin.md has no example test_crm_client.py"
    (tmp_path / "test_crm_client.py").write_text(example[1])
    installed = any(e.name == "soapsvc" for e in entry_points(group="pytest11"))
    load = [] if installed else ["-p", "soapsvc.pytest_plugin"]  # a checkout run without `pip install`
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *load,
                           "test_crm_client.py"], cwd=tmp_path, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "2 passed" in done.stdout
