"""A throw-away PostgreSQL server for tests, so the storage is tested on the real database, not only SQLite.

Each `PgCluster` runs its own `initdb` + `pg_ctl` in a fresh temporary directory and listens only on a
unix socket inside it: no shared system cluster, no port conflicts, nothing left behind after `stop()`.
As root (CI and this machine) the server runs as the `postgres` user, because `initdb` refuses root.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import tempfile
import weakref
from pathlib import Path
from types import TracebackType

import pytest
from sqlalchemy.engine import URL

SUPERUSER = "postgres"
# The port only names the socket file (listen_addresses is empty), so a fixed one cannot clash.
PORT = 5432
# Durability is pointless for a server that is deleted afterwards; turning it off makes DDL-heavy tests fast.
SERVER_OPTIONS = ("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
TIMEOUT = 60


def _version_key(path: Path) -> tuple[int, ...]:
    """Sort /usr/lib/postgresql/<version> numerically, so 16 beats 9.6."""
    return tuple(int(n) for n in re.findall(r"\d+", path.parent.name)) or (0,)


def _has_server(bindir: Path) -> bool:
    names = ("initdb", "pg_ctl", "postgres")
    return all((bindir / name).is_file() and os.access(bindir / name, os.X_OK) for name in names)


def find_bindir() -> Path | None:
    """The directory holding initdb, pg_ctl and postgres of one version, highest installed version first.

    All three come from the same directory so their versions match: a bare `pg_ctl` on PATH (this machine
    has /usr/local/bin symlinks) could belong to another version than the `initdb` found elsewhere, and
    Debian's `pg_config --bindir` reports libpq-dev's version, which need not have a server installed.
    """
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=_version_key, reverse=True)
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, timeout=10, check=True)
            candidates.append(Path(out.stdout.strip()))
        except (OSError, subprocess.SubprocessError):
            pass
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(Path(initdb).resolve().parent)
    return next((c for c in candidates if _has_server(c)), None)


def postgres_available() -> str | None:
    """None when `PgCluster` can run here, else why not (to skip or fail tests with a useful message)."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install 'psycopg[binary]>=3.1')"
    if find_bindir() is None:
        return "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found (apt-get install postgresql)"
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            return "running as root but runuser is missing (initdb refuses root)"
        try:
            import pwd

            pwd.getpwnam(SUPERUSER)
        except KeyError:
            return f"running as root but there is no {SUPERUSER!r} user to run the server as (initdb refuses root)"
    return None


def require_postgres() -> None:
    """Skip the calling test when PostgreSQL is unavailable; fail instead on CI, where it must be there."""
    reason = postgres_available()
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"PostgreSQL is required on CI: {reason}", pytrace=False)
    pytest.skip(reason)


def _as_server_user(cmd: list[str]) -> list[str]:
    """Prefix `runuser` when root, because initdb and postgres refuse to run as root."""
    return ["runuser", "-u", SUPERUSER, "--", *cmd] if os.geteuid() == 0 else cmd


def _run(cmd: list[str], cwd: Path, what: str) -> None:
    # cwd: the server user may not be able to enter root's current directory (e.g. /root).
    proc = subprocess.run(_as_server_user(cmd), cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT)
    if proc.returncode != 0:
        raise RuntimeError(f"{what} failed ({proc.returncode}): {shlex.join(cmd)}\n{proc.stdout}{proc.stderr}")


def _teardown(pg_ctl: Path, root: Path) -> None:
    """Stop the server and delete its directory; a module function so weakref.finalize can run it at exit."""
    datadir = root / "data"
    if (datadir / "postmaster.pid").exists():
        # immediate: skip the shutdown checkpoint, the data is deleted right after.
        subprocess.run(_as_server_user([str(pg_ctl), "stop", "-D", str(datadir), "-m", "immediate", "-w"]),
                       cwd=root, capture_output=True, timeout=TIMEOUT)
    shutil.rmtree(root, ignore_errors=True)


class PgCluster:
    """A PostgreSQL server of its own with one database, started on construction; `.url` is for create_engine.

    Use as `with PgCluster() as pg: create_engine(pg.url)`, or call `.stop()`; it is also stopped at interpreter
    exit if a test forgot to, so no postgres processes outlive the test run.
    """

    def __init__(self, dbname: str = "soapsvc") -> None:
        reason = postgres_available()
        if reason is not None:
            raise RuntimeError(f"PostgreSQL unavailable: {reason}")
        bindir = find_bindir()
        assert bindir is not None
        self.bindir = bindir
        self.port = PORT
        # Not pytest's tmp_path: it lives under a root-only 0700 directory the postgres user cannot enter.
        self.directory = Path(tempfile.mkdtemp(prefix="pgcluster-"))
        self._finalizer = weakref.finalize(self, _teardown, bindir / "pg_ctl", self.directory)
        try:
            self._start()
            self.url = self.create_database(dbname)
        except BaseException:
            self.stop()
            raise

    @property
    def datadir(self) -> Path:
        return self.directory / "data"

    @property
    def logfile(self) -> Path:
        return self.directory / "server.log"

    def _start(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.directory, SUPERUSER, SUPERUSER)
        _run([str(self.bindir / "initdb"), "-D", str(self.datadir), "-A", "trust", "-U", SUPERUSER, "-E", "UTF8",
              "--locale=C", "--no-sync"], self.directory, "initdb")
        options = shlex.join(["-p", str(self.port), "-k", str(self.directory), "-c", "listen_addresses=",
                              *SERVER_OPTIONS])
        try:
            # -w: return only once the server accepts connections, so the first connect cannot race start-up.
            _run([str(self.bindir / "pg_ctl"), "start", "-D", str(self.datadir), "-l", str(self.logfile), "-w",
                  "-t", str(TIMEOUT), "-o", options], self.directory, "pg_ctl start")
        except RuntimeError as e:
            log = self.logfile.read_text(errors="replace") if self.logfile.exists() else "(no server log)"
            raise RuntimeError(f"{e}\n--- server log {self.logfile} ---\n{log}") from None

    def _url(self, dbname: str) -> str:
        return URL.create("postgresql+psycopg", username=SUPERUSER, database=dbname,
                          query={"host": str(self.directory), "port": str(self.port)}).render_as_string(
                              hide_password=False)

    def create_database(self, dbname: str) -> str:
        """Create another database in this server (e.g. one per instance) and return its SQLAlchemy URL."""
        import psycopg
        from psycopg import sql

        with psycopg.connect(host=str(self.directory), port=self.port, user=SUPERUSER, dbname="postgres",
                             autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))
        return self._url(dbname)

    def stop(self) -> None:
        """Stop the server and remove its directory; calling it again does nothing."""
        self._finalizer()

    def __enter__(self) -> PgCluster:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
