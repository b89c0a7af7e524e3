"""A realistic mixed session, now against the code before issue 15 (commit 06f4719), in the same run.

Each client process repeats a session: log in, CreateDefaultContactEntity, SaveContactEntity (a new
contact), GetContactEntity of it, SaveContactEntity again (an update), an archive search page
(GetArchiveListByColumns2, 50 rows), DeleteContactEntity; every session has its own contact id. The code
before is `git archive` of the baseline commit into the bench's temp dir, run with the same .venv (its
directory first on sys.path, so its soapsvc is imported, with the same dependencies), each side with its
own database seeded by its own CLI. Both servers are up at once and measured in turns (A B A B ...).
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from pathlib import Path

import bench

BASELINE = "06f4719"
TENANT = "Mix"
CONTACT_ID = re.compile(rb"<(?:\w+:)?ContactId>(\d+)</")


def agent(name: str) -> str:
    return f"/{TENANT}/Remote/Services88/{name}.svc"


def call(port: int, path: str, operation: str, body: str, ticket: str | None) -> bytes:
    return checked(port, bench.envelope(operation, body, ticket), path)


def checked(port: int, envelope: bytes, path: str) -> bytes:
    answer = bench.http(port, bench.post_request(path, envelope))
    if b" 200 " not in answer[:20]:
        raise RuntimeError(answer[:600])
    return answer


def contact(contact_id: int, name: str) -> str:
    return bench.SAVE.replace("<ContactId>8</ContactId>", f"<ContactId>{contact_id}</ContactId>").replace(
        "Bench AS", name)


def session(port: int, number: int) -> int:
    """One session of the mix; the calls it made."""
    ticket = bench.ticket_of(call(port, agent("SoPrincipal"), "AuthenticateUsernamePassword",
                                  "<UserName>ADMIN</UserName><Password>admin</Password>", None))
    ct = agent("Contact")
    call(port, ct, "CreateDefaultContactEntity", "", ticket)
    saved = call(port, ct, "SaveContactEntity", contact(0, f"Mix {number}"), ticket)
    match = CONTACT_ID.search(saved.split(b"\r\n\r\n", 1)[1])
    assert match and int(match[1]) > 0, saved[:600]
    contact_id = int(match[1])
    assert f"Mix {number}".encode() in call(port, ct, "GetContactEntity",
                                             f"<ContactEntityId>{contact_id}</ContactEntityId>", ticket)
    call(port, ct, "SaveContactEntity", contact(contact_id, f"Mix {number} updated"), ticket)
    rows = checked(port, bench.archive2_envelope(ticket, "Company 00005"), agent("Archive")).count(
        b"ArchiveListItem>") // 2
    assert rows == 50, rows
    call(port, ct, "DeleteContactEntity", f"<ContactEntityId>{contact_id}</ContactEntityId>", ticket)
    return 7


def _sessions(args: tuple[int, int, float]) -> int:
    port, first, seconds = args
    done, number, end = 0, first, time.monotonic() + seconds
    while time.monotonic() < end:
        done += session(port, number)
        number += 1
    return done


def mix_calls_per_second(port: int, turn: int, seconds: float) -> float:
    """Calls per second of `bench.CLIENTS` processes running sessions, each with its own contact numbers."""
    with ProcessPoolExecutor(bench.CLIENTS) as pool:
        list(pool.map(int, range(bench.CLIENTS)))
        started = time.perf_counter()
        args = [(port, (turn * bench.CLIENTS + i) * 1_000_000, seconds) for i in range(bench.CLIENTS)]
        return sum(pool.map(_sessions, args)) / (time.perf_counter() - started)


def baseline_tree(tmp: Path) -> Path:
    """The baseline commit's files, unpacked into `tmp` (git archive: no worktree left registered)."""
    target = tmp / f"soapsvc-{BASELINE}"
    target.mkdir()
    archive = subprocess.run(["git", "archive", BASELINE], cwd=bench.ROOT, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def start(tree: Path, db_path: Path) -> bench.Gunicorn:
    """soapsvc of `tree` on 2 workers, its tenant seeded with 1,000 contacts by its own CLI."""
    env = {"PYTHONPATH": str(tree)}
    subprocess.run([sys.executable, "-m", "soapsvc.cli", "seed", "--db-path", str(db_path), "--tenant", TENANT,
                    "--contacts", "1000"], cwd=tree, env={**bench.os.environ, **env}, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = bench.Gunicorn("soapsvc.server:app", env={**env, "SOAPSVC_DB_PATH": str(db_path)}, cwd=tree)
    server.wait_answer(bench.post_request(agent("SoPrincipal"), bench.SYSTEM_INFO))
    return server


def bench_mix(tmp: Path) -> None:
    trees = {"now": bench.ROOT, "before": baseline_tree(tmp)}
    done = dict.fromkeys(trees, 0.0)
    with ExitStack() as stack:
        servers = {name: stack.enter_context(start(tree, tmp / f"mix-{name}.sqlite3")) for name, tree in trees.items()}
        for server in servers.values():
            session(server.port, 1)
        for turn in range(bench.TURNS):
            for name, server in servers.items():
                done[name] += mix_calls_per_second(server.port, turn, bench.LOAD_SECONDS / 2) / bench.TURNS
    bench.line(f"mixed session calls/s, now / before issue 15 ({BASELINE})", f"{done['now'] / done['before']:.2f}",
               "report")
    print(f"    ({done['now']:.0f} against {done['before']:.0f} calls/s; log in, create default, save, get, update, "
          f"archive search of 50 rows, delete; a new contact each session; 2 workers each, {bench.CLIENTS} clients, "
          f"{bench.TURNS} turns of {bench.LOAD_SECONDS / 2:g} s in turns, replay as configured by default)")
