"""tools/bench_proc.py: the /proc readings the benchmark's CPU-per-call and RSS figures rest on."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_proc", ROOT / "tools" / "bench_proc.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench_proc = load()


def test_stat_fields_with_spaces_and_parentheses_in_the_name() -> None:
    line = "4242 (gunicorn: worker (a) b) S 4200 4242 4200 0 -1 4194560 900 0 0 0 137 42 0 0 20 0 1 0 5 1 2"
    assert bench_proc.stat_fields(line) == (4200, 137, 42)


def test_children_cpu_and_rss_of_a_real_child() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time\nend = time.process_time() + 0.3\n"
                              "while time.process_time() < end: pass\ntime.sleep(30)"])
    try:
        assert child.pid in bench_proc.children(os.getpid())
        deadline = time.monotonic() + 20
        while bench_proc.cpu_seconds([child.pid]) < 0.25 and time.monotonic() < deadline:
            time.sleep(0.05)
        used = bench_proc.cpu_seconds([child.pid])
        assert 0.25 <= used < 5
        assert 1 < bench_proc.rss_mb(child.pid) < 500
    finally:
        child.kill()
        child.wait()
