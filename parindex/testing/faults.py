"""Helpers of the fault tests (`pytest -m fault`): a real server on a free loopback port, started
on the test's own database and killed with SIGKILL at a chosen point of an evidence upload."""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

from parindex.core.storage import AtomicFileSystemStorage

# Where the storage stops (environment of the server): "mid-write" after the first chunk of the
# file, "after-write" once the file is whole under its name (the row not yet written).
PAUSE = "FAULT_PAUSE"
# The file the storage creates when it has stopped there.
MARKER = "FAULT_MARKER"
CHUNK = 64 * 1024


def _pause() -> None:
    Path(os.environ[MARKER]).touch()
    time.sleep(60)  # killed long before


class _PausingContent:
    def __init__(self, content):
        self.content = content

    def chunks(self, chunk_size=None):
        for number, chunk in enumerate(self.content.chunks(CHUNK)):
            yield chunk
            if number == 0:
                _pause()


class PausingStorage(AtomicFileSystemStorage):
    def _save(self, name, content):
        if os.environ.get(PAUSE) == "mid-write":
            content = _PausingContent(content)
        name = super()._save(name, content)
        if os.environ.get(PAUSE) == "after-write":
            _pause()
        return name


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url(work: Path) -> str:
    """The test's database as the server's DATABASE_URL; an in-memory SQLite one is copied to a
    file first (`copy_back` brings the server's writes back)."""
    params = connection.settings_dict
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(work / "db.sqlite3")
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{work / 'db.sqlite3'}"
    user = quote(params["USER"] or "")
    password = f":{quote(params['PASSWORD'])}" if params["PASSWORD"] else ""
    return f"postgres://{user}{password}@{params['HOST']}:{params['PORT']}/{params['NAME']}"


def copy_back(work: Path) -> None:
    """What the killed server committed, in the test's database (SQLite: the file copied back
    into memory; PostgreSQL is the same database already)."""
    if connection.vendor == "sqlite":
        source = sqlite3.connect(work / "db.sqlite3")
        source.backup(connection.connection)
        source.close()


@contextmanager
def server(work: Path, *, pause: str) -> Iterator[tuple[int, subprocess.Popen]]:
    """`manage.py runserver` on a free loopback port, on the test's database and media folder,
    its storage stopping at `pause`; killed (SIGKILL) on the way out if still running."""
    port = free_port()
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "parindex.testing.fault_settings",
        "TESTING": "1",
        "DATABASE_URL": _database_url(work),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        PAUSE: pause,
        MARKER: str(work / "paused"),
    }
    command = ["manage.py", "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{port}"]
    process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, *command],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(lambda: _listening(port), process, seconds=20)
        yield port, process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait(10)


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _wait_for(condition, process: subprocess.Popen, *, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped (exit {process.returncode})")
        if time.monotonic() > deadline:
            raise TimeoutError("the server did not get there in time")
        time.sleep(0.05)


def kill_when_paused(work: Path, process: subprocess.Popen) -> None:
    """SIGKILL the server as soon as its storage says it has stopped where it was told to."""
    _wait_for((work / "paused").exists, process, seconds=20)
    process.send_signal(signal.SIGKILL)
    process.wait(10)


def send_post(port: int, path: str, body: bytes, headers: dict) -> socket.socket:
    """A POST sent whole without waiting for the answer (there will be none: the server dies)."""
    lines = [f"POST {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", f"Content-Length: {len(body)}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(head + body)
    return sock
