"""soapsvc.memory: freed memory goes back to the system, and the workers keep doing it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from soapsvc import memory

pytestmark = pytest.mark.skipif(memory.trim() is None and os.environ.get("CI") != "true",
                                reason="no glibc malloc_trim on this system")

FRAGMENT = textwrap.dedent("""
    import threading
    from soapsvc import memory

    def rss():
        return int(open("/proc/self/status").read().split("VmRSS:")[1].split()[0]) // 1024

    kept = []
    def churn():  # blocks beyond Python's small-object allocator, in a thread's own malloc arena
        blocks = [bytes(3000 + n % 7 * 512) for n in range(60_000)]
        kept.extend(blocks[::50])  # one live block in fifty: the rest is free but fragmented
    threads = [threading.Thread(target=churn) for _ in range(4)]
    for t in threads: t.start()
    for t in threads: t.join()
    before = rss()
    memory.trim()()
    print(before, rss())
""")


def test_trimming_gives_fragmented_free_memory_back() -> None:
    before, after = map(int, subprocess.check_output([sys.executable, "-c", FRAGMENT], text=True).split())
    assert before - after > 200, (before, after)  # ~700 MB allocated, 2% of it kept


def test_the_trimming_thread_runs_and_none_when_off() -> None:
    assert memory.keep_trimming(0) is None
    thread = memory.keep_trimming(0.01)
    assert thread is not None and thread.is_alive() and thread.daemon
