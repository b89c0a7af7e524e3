"""The REST tests' npm side: SuperOffice's own client, @superoffice/webapi, installed once per test session."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

NODE_DIR = Path(__file__).resolve().parent / "node"
PACKAGE = NODE_DIR / "node_modules" / "@superoffice" / "webapi"


def _unavailable(message: str) -> None:
    """Skip the test, except on CI, where node and the package must be there: fail."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"@superoffice/webapi is required on CI: {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def webapi_package() -> Path:
    """`npm ci` in tests/rest/node (node_modules is not committed): the installed package's folder."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        _unavailable("node and npm are not installed (apt-get install nodejs npm)")
    try:
        done = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=NODE_DIR,
                              capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        _unavailable("npm ci in tests/rest/node took over 10 minutes")
    if done.returncode != 0:
        _unavailable(f"npm ci in tests/rest/node failed ({done.returncode}): {done.stderr.strip()[-1500:]}")
    version = subprocess.run([node, "-p", f"require({str(PACKAGE / 'package.json')!r}).version"],
                             capture_output=True, text=True, timeout=60).stdout.strip()
    assert version == "12.4.1514", version  # what package-lock.json pins
    return PACKAGE
