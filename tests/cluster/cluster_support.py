"""Helpers for the cluster tests: programs in files, primaries as subprocesses.

Every process a cluster test starts inherits ``NODEKIT_TEST_TAG=<unique>``;
after the test, any live process still carrying the tag (a worker, a
primary, an orphaned grandchild) fails the test, and is killed: tests/
conftest.py's ``no_strays``, autouse for every test in this directory.
"""

from __future__ import annotations

import http.client
import os
import queue
import re
import socket
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

from conftest import STRAY_GRACE, TAG_ENV, tagged  # noqa: F401 - re-exported

ROOT = Path(__file__).resolve().parents[2]
# How long a primary's output may take to end after it.
GRACE = STRAY_GRACE


def program(tmp_path: Path, source: str, name: str = "prog.py") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(source))
    return path


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.update(extra)
    return env


class Primary:
    """A primary program run as a subprocess; its stdout read line by line."""

    def __init__(self, path: Path, *args: object, mode: str = "nodekit",
                 pass_fds: tuple[int, ...] = (), **env: str) -> None:
        launcher = ["-m", "nodekit"] if mode == "nodekit" else []
        self.proc = subprocess.Popen([sys.executable, *launcher, str(path), *map(str, args)],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, env=child_env(**env), cwd=str(path.parent),
                                     pass_fds=pass_fds)
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._errors: list[str] = []
        threading.Thread(target=self._read_errors, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def _read_errors(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self._errors.append(line)

    def expect(self, pattern: str, timeout: float = 15.0) -> re.Match[str]:
        """Wait for a line matching ``pattern`` (a regex); fail on EOF or timeout."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            assert left > 0, f"no line matching {pattern!r} in {self.lines}"
            try:
                line = self._queue.get(timeout=left)
            except queue.Empty:
                continue
            assert line is not None, (f"exited before {pattern!r}: {self.lines}\n"
                                      f"{self.stderr()}")
            self.lines.append(line)
            match = re.search(pattern, line)
            if match:
                return match

    def signal(self, signo: int) -> None:
        self.proc.send_signal(signo)

    def wait(self, timeout: float = 15.0) -> int:
        code = self.proc.wait(timeout=timeout)
        return code

    def rest(self) -> list[str]:
        """Every line until the program's end (call after wait())."""
        while True:
            line = self._queue.get(timeout=5)
            if line is None:
                return self.lines
            self.lines.append(line)

    def stderr(self) -> str:
        """What the primary and its workers printed on stderr so far."""
        return "".join(self._errors)

    def __enter__(self) -> Primary:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=10)
        # Workers share the primary's stdout: the reader ends when they do.
        self._reader.join(timeout=GRACE)
        if not self._reader.is_alive():
            for stream in (self.proc.stdout, self.proc.stderr):
                if stream is not None:
                    stream.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port: int, path: str = "/") -> bytes:
    """One request on a new connection; the raw response."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := sock.recv(4096):
            data += chunk
    return data


def served_by(response: bytes) -> str:
    """The body of a complete 200 response (plain or chunked), stripped."""
    assert response.startswith(b"HTTP/1.1 200 OK\r\n"), response
    head, body = response.split(b"\r\n\r\n", 1)
    if b"Transfer-Encoding: chunked" in head:
        assert body.endswith(b"\r\n0\r\n\r\n"), response  # the last chunk came
        size, rest = body.split(b"\r\n", 1)
        body = rest[:int(size, 16)]
    return body.decode().strip()


def hammer(port: int, stop: threading.Event, results: list[object]) -> None:
    """Requests on new connections, back to back, until ``stop``."""
    while not stop.is_set():
        try:
            results.append(served_by(get(port)))
        except Exception as exc:  # noqa: BLE001 - every failure is counted
            results.append(exc)


def hammer_keep_alive(port: int, stop: threading.Event, results: list[object],
                      limit: int = 50_000) -> None:
    """Requests back to back on one keep-alive connection (a new one only after
    a ``Connection: close`` response), until ``stop`` or ``limit`` requests.
    No retry: a request the server drops is counted as a failure."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        for _ in range(limit):
            if stop.is_set():
                return
            try:
                conn.request("GET", "/")
                response = conn.getresponse()
                body = response.read()
                closing = response.getheader("Connection", "").lower() == "close"
                results.append(body.decode().strip() if response.status == 200
                               else response.status)
                if closing:
                    results.append("connection: close")
            except Exception as exc:  # noqa: BLE001 - every failure is counted
                results.append(exc)
                conn.close()
    finally:
        conn.close()
