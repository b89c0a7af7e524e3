"""The journal's spool on SQLite: each worker appends its calls to a file of its own, and the entries
move into the journal table in batches.

Why: an INSERT per call is a transaction per call, with its pages written to the WAL while every other
worker waits for the one writer lock: more than a replayed answer costs in all. An append to a file of
the worker's own costs a few microseconds, and a batch is one transaction.

When entries move (`drain`, which takes every worker's file at once, oldest entry first): when a
worker has appended BATCH entries since the last drain or its file holds MAX_BYTES (a drain holds what it
takes in memory, two or three times over while it is stored: bounded by the files' size, not their count),
and before every read or clearing of the journal, so a test that reads the journal right after a call
finds it, whichever worker answered. Of a batch, only each tenant's newest calls that the journal keeps
are stored, so a drain costs little more than reading the files. A worker that
died leaves its file, taken by the next drain. On PostgreSQL (several hosts, no shared files) the journal
is written to its table directly.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import struct
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

BATCH = 10_000  # entries of about 150 bytes: a body a file holds already goes by number
MAX_BYTES = 4 * 1024 * 1024  # bodies a file holds before its worker drains (new answers are a new body each)
# A record: the length of the entry's fields (text, FIELDS joined by US), each body's number in the file
# and its length + 1, the body following; a body the file already holds is sent by number alone (0).
HEAD = struct.Struct("<IiiII")
FIELDS = ("tenant", "agent", "operation", "user", "status", "succeeded", "outcome", "duration_ms", "at")
US = "\x1f"
_writers: dict[tuple[int, Path], Writer] = {}
_setup = threading.Lock()


def directory(db_path: str) -> Path:
    return Path(db_path + ".spool")


class Writer:
    """This process's file: a lock for its threads, and the bodies it holds since it was last emptied."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.fd = os.open(folder / f"{os.getpid()}.spool", os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        self.lock = threading.Lock()
        self.size = os.fstat(self.fd).st_size
        self.bodies: dict[bytes, int] = {}
        self.count = 0

    def write(self, entry: dict[str, Any]) -> None:
        """Append an entry under the file's lock: a drain never takes half a record, and a file a drain
        emptied is seen (by its size) before a body is sent by number."""
        with self.lock:
            fcntl.flock(self.fd, fcntl.LOCK_EX)
            try:
                size = os.fstat(self.fd).st_size
                if size != self.size:  # emptied by a drain: it holds no body now
                    self.bodies.clear()
                    self.size = size
                view = memoryview(_record(entry, self.bodies))
                self.size += len(view)
                while view:
                    view = view[os.write(self.fd, view):]
                self.count += 1
            finally:
                fcntl.flock(self.fd, fcntl.LOCK_UN)


def _record(entry: dict[str, Any], bodies: dict[bytes, int]) -> bytes:
    """One entry as a record; a body already in `bodies` (those the file holds) goes by its number."""
    refs: list[int] = []
    inline: list[bytes | None] = []
    for name in ("request", "response"):
        body = entry[name]
        number = bodies.get(body)
        if number is None:
            number = bodies[body] = len(bodies)
            inline.append(body)
        else:
            inline.append(None)
        refs.append(number)
    meta = _meta(entry)
    sizes = [0 if body is None else len(body) + 1 for body in inline]  # 0: by number alone
    return HEAD.pack(len(meta), refs[0], refs[1], *sizes) + meta + (inline[0] or b"") + (inline[1] or b"")


def _meta(entry: dict[str, Any]) -> bytes:
    succeeded = entry["succeeded"]
    texts = [entry["tenant"], entry["agent"], entry["operation"], entry["user"], str(entry["status"]),
             "" if succeeded is None else str(int(succeeded)), entry["outcome"], repr(entry["duration_ms"]),
             repr(entry["at"].timestamp())]
    return _joined(texts)


def _joined(texts: list[str]) -> bytes:
    """The fields joined by US (a US inside one, which no field should hold, becomes a space)."""
    return US.join(t if US not in t else t.replace(US, " ") for t in texts).encode()


def _writer(folder: Path) -> Writer:
    key = (os.getpid(), folder)
    found = _writers.get(key)
    if found is None:
        with _setup:
            found = _writers.get(key) or _writers.setdefault(key, Writer(folder))
    return found


def append(folder: Path, entry: dict[str, Any]) -> bool:
    """Spool one journal entry (`request` and `response` as bytes); True when BATCH entries have been
    spooled here since this process's last drain, or its file holds MAX_BYTES (the caller drains then)."""
    writer = _writer(folder)
    writer.write(entry)
    return writer.count >= BATCH or writer.size >= MAX_BYTES


def _entries(data: bytes) -> Iterator[dict[str, Any]]:
    """The whole records of a file (a torn last one, from a process killed while writing, is dropped)."""
    at, bodies = 0, []
    while at + HEAD.size <= len(data):
        size, *rest = HEAD.unpack_from(data, at)
        refs, lengths = rest[:2], [max(n - 1, 0) for n in rest[2:]]
        end = at + HEAD.size + size + sum(lengths)
        if end > len(data):
            return
        start = at + HEAD.size
        fields = dict(zip(FIELDS, data[start:start + size].decode().split(US), strict=True))
        entry: dict[str, Any] = {**fields, "status": int(fields["status"]), "duration_ms": float(fields["duration_ms"]),
                                 "succeeded": None if fields["succeeded"] == "" else fields["succeeded"] == "1",
                                 "at": dt.datetime.fromtimestamp(float(fields["at"]), dt.UTC)}
        start += size
        for name, ref, length, sent in zip(("request", "response"), refs, lengths, rest[2:], strict=True):
            if sent:
                bodies.append(data[start:start + length])
                start += length
            entry[name] = bodies[ref]
        yield entry
        at = end


@contextmanager
def _locked(path: Path, flags: int = os.O_RDWR) -> Iterator[int]:
    fd = os.open(path, flags | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield fd
    finally:
        os.close(fd)  # releases the lock


def drain(folder: Path, store: Callable[[list[dict[str, Any]]], None]) -> int:
    """Move every spooled entry, oldest first, into the journal with `store` (one transaction). Returns
    how many entries moved.

    One drain at a time (in any process); each file is locked only while it is read and emptied, so
    workers go on appending while the entries are stored. If storing fails they go back to this
    process's file, for the next drain."""
    if not folder.is_dir():
        return 0
    with _locked(folder / "drain.lock"):
        taken = [_take(path) for path in sorted(folder.glob("*.spool"))]
        entries = sorted((entry for data in taken for entry in _entries(data)), key=lambda e: e["at"])
        try:
            if entries:
                store(entries)
        except BaseException:
            for entry in entries:  # back into this process's file, for the next drain
                _writer(folder).write(entry)
            raise
    writer = _writers.get((os.getpid(), folder))
    if writer is not None:
        writer.count = 0
    return len(entries)


def _take(path: Path) -> bytes:
    """A file's whole records, the file emptied (and removed when its process no longer runs)."""
    with _locked(path) as fd:
        data = _read(fd)
        os.ftruncate(fd, 0)
    _forget_if_dead(path)
    return data


def _read(fd: int) -> bytes:
    size = os.fstat(fd).st_size
    data = os.pread(fd, size, 0)
    while len(data) < size:  # a short read (rare): read on from where it stopped
        more = os.pread(fd, size - len(data), len(data))
        if not more:
            break
        data += more
    return data


def _forget_if_dead(path: Path) -> None:
    """Remove the (emptied) file of a process that no longer runs."""
    try:
        os.kill(int(path.stem), 0)
    except ProcessLookupError:
        path.unlink(missing_ok=True)
    except (ValueError, PermissionError):
        pass
