"""Throw-away PostgreSQL and Redis servers from Debian's packages, for tests and benchmarks."""
from __future__ import annotations

import contextlib
import glob
import os
import pathlib
import shutil
import socket
import subprocess
import tempfile
import time


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(port: int, timeout: float = 30) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on {port}")


@contextlib.contextmanager
def postgres():
    """Yields a SQLAlchemy URL of a fresh, empty database."""
    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    if not bins:
        raise RuntimeError("PostgreSQL is not installed (scripts/setup.sh test installs it)")
    bindir = pathlib.Path(bins[-1])
    data = pathlib.Path(tempfile.mkdtemp(prefix="pp-pg-"))  # outside root-only folders
    as_pg = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        data.chmod(0o755)
        shutil.chown(data, "postgres")
        as_pg = ["runuser", "-u", "postgres", "--"]
    port = free_port()
    subprocess.run(as_pg + [str(bindir / "initdb"), "-D", str(data / "db"), "-A", "trust", "-U", "portal"],
                   check=True, capture_output=True)
    proc = subprocess.Popen(as_pg + [str(bindir / "postgres"), "-D", str(data / "db"), "-p", str(port), "-k", str(data),
                                     "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait(port)
        time.sleep(0.5)
        yield f"postgresql+psycopg://portal@127.0.0.1:{port}/postgres"
    finally:
        proc.terminate()
        proc.wait(20)
        shutil.rmtree(data, ignore_errors=True)


@contextlib.contextmanager
def redis():
    """Yields a redis:// URL of a fresh server without persistence."""
    exe = shutil.which("redis-server")
    if not exe:
        raise RuntimeError("redis-server is not installed (scripts/setup.sh test installs it)")
    port = free_port()
    proc = subprocess.Popen([exe, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait(port)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(20)
