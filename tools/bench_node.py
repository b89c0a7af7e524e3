"""GetContactEntity side by side: soapsvc's full path, the lxml ceiling and node-soap, under the same load tool.

node-soap is installed from the npm registry into var/bench-node (kept between runs) and runs as a node
cluster of 2 workers (tools/bench_node_server.js); the ceiling and node-soap answer the very bytes soapsvc
answered. The three servers are up at once and measured in turns, so a busier moment of the machine hits
all three; server CPU per call is the workers' own CPU time over the turns divided by the calls answered.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from pathlib import Path

import bench
from bench_proc import children, cpu_seconds, rss_mb

NODE_DIR = bench.ROOT / "var" / "bench-node"
SOAP_VERSION = "1"
WSDL = bench.ROOT / "wsdl" / "reference" / "services88" / "Contact.wsdl"


def install_node_soap() -> Path:
    """`npm install soap` into var/bench-node unless it is there; the node_modules directory."""
    modules = NODE_DIR / "node_modules"
    if not (modules / "soap" / "package.json").exists():
        NODE_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(NODE_DIR),
                        f"soap@{SOAP_VERSION}"], check=True, stdout=subprocess.DEVNULL, timeout=300)
    return modules


class NodeSoap:
    """The node cluster serving `answer` through node-soap on a free loopback port, stopped on exit."""

    def __init__(self, path: str, answer: Path, workers: int = 2) -> None:
        self.port = bench.free_port()
        env = {**os.environ, "NODE_PATH": str(install_node_soap()), "BENCH_PORT": str(self.port),
               "BENCH_WORKERS": str(workers), "BENCH_WSDL": str(WSDL), "BENCH_ANSWER": str(answer),
               "BENCH_PATH": path}
        self.proc = subprocess.Popen(["node", str(bench.ROOT / "tools" / "bench_node_server.js")], env=env,
                                     stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None
        if self.proc.stdout.readline().strip() != "ready":
            raise RuntimeError("node-soap did not start")

    def __enter__(self) -> NodeSoap:
        return self

    def __exit__(self, *exc: object) -> None:
        self.proc.terminate()
        self.proc.wait(10)


def counted_load(port: int, request: bytes, pids: list[int], seconds: float) -> tuple[int, float, float]:
    """(calls, seconds, server CPU seconds) of bench's load clients sending `request` for `seconds`."""
    bench._load((port, request, 0.2))  # warm up, not counted
    with ProcessPoolExecutor(bench.CLIENTS) as pool:
        list(pool.map(int, range(bench.CLIENTS)))  # the client processes exist before the clock starts
        cpu, started = cpu_seconds(pids), time.perf_counter()
        calls = sum(pool.map(bench._load, [(port, request, seconds)] * bench.CLIENTS))
        return calls, time.perf_counter() - started, cpu_seconds(pids) - cpu


def soapsvc_answer(port: int, tenant: str) -> tuple[bytes, bytes]:
    """(request, answer body) of a full-path GetContactEntity of a seeded contact with persons."""
    sp, ct = f"/{tenant}/Remote/Services88/SoPrincipal.svc", f"/{tenant}/Remote/Services88/Contact.svc"
    ticket = bench.ticket_of(bench.http(port, bench.post_request(sp, bench.LOGIN)))
    request = bench.post_request(ct, bench.envelope("GetContactEntity", bench.GET_BODY, ticket)).replace(
        b"SoPrincipal/GetSystemInfo", b"Contact/GetContactEntity")  # node-soap dispatches on SOAPAction
    head, body = bench.http(port, request).split(b"\r\n\r\n", 1)
    assert b" 200 " in head.split(b"\r\n", 1)[0] and b"ContactId>2<" in body, body[:600]
    return request, body


def bench_node(tmp: Path) -> None:
    if not shutil.which("node") or not shutil.which("npm"):
        bench.line("GetContactEntity side by side with node-soap", "skipped", "node and npm needed")
        return
    ct = "/Bench/Remote/Services88/Contact.svc"
    env = {"SOAPSVC_DB_PATH": str(tmp / "node.sqlite3"), "SOAPSVC_REPLAY_MB": "0"}
    names = ("soapsvc", "ceiling", "node-soap")
    with ExitStack() as stack:
        soapsvc = stack.enter_context(bench.Gunicorn("soapsvc.server:app", env=env))
        soapsvc.wait_answer(bench.post_request("/Bench/Remote/Services88/SoPrincipal.svc", bench.SYSTEM_INFO))
        request, answer = soapsvc_answer(soapsvc.port, "Bench")
        (tmp / "answer.xml").write_bytes(answer)
        ceiling = stack.enter_context(bench.Gunicorn("bench_ceiling:app",
                                                     env={"BENCH_CEILING_ANSWER": str(tmp / "answer.xml")}))
        ceiling.wait_answer(request)
        node = stack.enter_context(NodeSoap(ct, tmp / "answer.xml"))
        servers = dict(zip(names, (soapsvc, ceiling, node), strict=True))
        for name, server in servers.items():
            head, got = bench.http(server.port, request).split(b"\r\n\r\n", 1)
            assert b" 200 " in head[:20] and got == answer, (name, head, got[:300])
        pids = {name: children(server.proc.pid) for name, server in servers.items()}
        totals = {name: [0, 0.0, 0.0] for name in names}
        for _ in range(bench.TURNS):
            for name, server in servers.items():
                for i, value in enumerate(counted_load(server.port, request, pids[name], bench.LOAD_SECONDS / 2)):
                    totals[name][i] += value
        rss = {name: [rss_mb(pid) for pid in pids[name]] for name in names}
    report(totals, rss, len(answer))


def report(totals: dict[str, list[float]], rss: dict[str, list[float]], size: int) -> None:
    rps = {name: calls / seconds for name, (calls, seconds, _) in totals.items()}
    cpu = {name: used / calls * 1000 for name, (calls, _, used) in totals.items()}
    bench.line("full-path GetContactEntity req/s / lxml ceiling, same bytes", f"{rps['soapsvc'] / rps['ceiling']:.2f}",
               ">= 0.5")
    bench.line("full-path GetContactEntity req/s / node-soap, same bytes", f"{rps['soapsvc'] / rps['node-soap']:.2f}",
               ">= 0.35")
    bench.line("server CPU per GetContactEntity, soapsvc / node-soap", f"{cpu['soapsvc'] / cpu['node-soap']:.2f}",
               "<= 2")
    print("    (req/s and ms of workers' CPU per call: " + ", ".join(
        f"{name} {rps[name]:.0f} and {cpu[name]:.3f}" for name in rps) + f"; answer {size:,} bytes, 2 workers "
        f"each, replay off, {bench.CLIENTS} client processes, {bench.TURNS} turns of {bench.LOAD_SECONDS / 2:g} s "
        "each, in turns; node-soap: its Server with the reference Contact WSDL parses and dispatches each "
        "request, its envelope replaced by soapsvc's bytes)")
    bench.line("RSS per worker after the load, soapsvc", " ".join(f"{mb:.0f}" for mb in rss["soapsvc"]) + " MB",
               "report")
    print("    (ceiling " + " ".join(f"{mb:.0f}" for mb in rss["ceiling"]) + " MB, node-soap "
          + " ".join(f"{mb:.0f}" for mb in rss["node-soap"]) + " MB)")
