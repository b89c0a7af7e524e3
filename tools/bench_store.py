"""Where a full-path call's Python time goes, in process: GetContactEntity, SaveContactEntity and an archive page.

Run with `make bench-store` (or `python tools/bench_store.py [--top N]`). One warm session in a seeded tenant
(1,000 generated contacts and the demo data), replay off, the fast path on (the default): per operation the
function calls of one call (cProfile's count, which the machine's load does not change), the share of them
in SQLAlchemy's ORM and in SQLAlchemy as a whole, and the CPU per call (process_time over a loop without the
profiler). `--top N` also prints the N functions with the most own time, to see what to take off the path.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bench  # noqa: E402

TENANT = "Store"


def operations(ticket: str) -> list[tuple[str, str, bytes, bytes]]:
    """(name, agent path, envelope, bytes its answer must hold) of each measured call."""
    agents = f"/{TENANT}/Remote/Services88"
    get = "<ContactEntityId>{}</ContactEntityId>"
    return [
        ("GetContactEntity (contact 2, 2 persons)", f"{agents}/Contact.svc",
         bench.envelope("GetContactEntity", get.format(2), ticket), b"Nordic Fisheries"),
        ("GetContactEntity (contact 8, no persons)", f"{agents}/Contact.svc",
         bench.envelope("GetContactEntity", get.format(8), ticket), b"Company "),
        ("SaveContactEntity (update of contact 8)", f"{agents}/Contact.svc",
         bench.envelope("SaveContactEntity", bench.SAVE, ticket), b"Bench AS"),
        ("GetArchiveListByColumns2 (50 rows)", f"{agents}/Archive.svc",
         bench.archive2_envelope(ticket, "Company 00005"), b"Company 00005"),
    ]


def shares(stats: pstats.Stats) -> tuple[int, int, int]:
    """(all calls, calls in sqlalchemy/orm, calls in sqlalchemy) of a profile."""
    total = orm = alchemy = 0
    for (path, _line, _name), (_prim, calls, *_rest) in stats.stats.items():  # type: ignore[attr-defined]
        total += calls
        if "/sqlalchemy/" in path:
            alchemy += calls
            orm += calls if "/sqlalchemy/orm/" in path else 0
    return total, orm, alchemy


def measure(app: object, path: str, call: bytes, expect: bytes, loops: int, top: int) -> None:
    bench.in_process_call(app, path, call)
    profile = cProfile.Profile()
    answer = profile.runcall(bench.in_process_call, app, path, call)
    assert expect in answer, answer[:600]
    stats = pstats.Stats(profile)
    total, orm, alchemy = shares(stats)
    started = time.process_time()
    for _ in range(loops):
        bench.in_process_call(app, path, call)
    cpu = (time.process_time() - started) / loops
    print(f"    {total} calls ({orm} in sqlalchemy.orm, {alchemy} in sqlalchemy), {cpu * 1000:.3f} ms CPU per call "
          f"over {loops}")
    if top:
        stats.sort_stats(os.environ.get("BENCH_SORT", "tottime")).print_stats(top)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=0, help="print the N functions with the most own time")
    parser.add_argument("--loops", type=int, default=300, help="calls timed per operation")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "store.sqlite3"
        bench.seed_contacts(db_path, TENANT, 1000)
        os.environ["SOAPSVC_DB_PATH"] = str(db_path)
        from soapsvc.server import create_app

        app = create_app()
        ticket = bench.ticket_of(bench.in_process_call(app, f"/{TENANT}/Remote/Services88/SoPrincipal.svc",
                                                       bench.LOGIN))
        with bench.replay_off(True):
            for name, path, call, expect in operations(ticket):
                print(name)
                measure(app, path, call, expect, args.loops, args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
