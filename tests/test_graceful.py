"""examples/graceful.py, the graceful-shutdown recipe (issue 17), with real
signals sent to the server process, started both ways, bounded in time:
on SIGTERM a response in flight is sent whole, new connections are refused
and the process exits 0; a second signal or the deadline forces every
connection closed and the process exits 1.
"""

from __future__ import annotations

import os
import select
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 20.0
SLOW = b"GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
SLOW_BODY = "".join(f"chunk {i}\n" for i in range(1, 11)).encode()


class Server:
    """examples/graceful.py on port 0, its stdout read line by line."""

    def __init__(self, mode: str, deadline_ms: int) -> None:
        launcher = ["-m", "nodekit"] if mode == "nodekit" else []
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        self.proc = subprocess.Popen(
            [sys.executable, *launcher, str(ROOT / "examples" / "graceful.py"), "0",
             str(deadline_ms)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True)
        self.port = int(self.wait_for("listening on").rsplit(":", 1)[1])

    def wait_for(self, text: str) -> str:
        deadline = time.monotonic() + TIMEOUT
        while True:
            assert time.monotonic() < deadline, f"no {text!r} line"
            if select.select([self.proc.stdout], [], [], 0.1)[0]:
                line = self.proc.stdout.readline()  # type: ignore[union-attr]
                assert line, f"exited before {text!r}: {self.proc.stderr.read()}"  # type: ignore[union-attr]
                if text in line:
                    return line.strip()

    def signal(self, signo: int = signal.SIGTERM) -> None:
        os.kill(self.proc.pid, signo)

    def exit_code(self) -> int:
        try:
            return self.proc.wait(TIMEOUT)
        finally:
            self.proc.kill()
            self.proc.communicate(timeout=TIMEOUT)


def start_slow(port: int) -> tuple[socket.socket, bytes]:
    """A client whose /slow response is in flight: its first chunk has arrived.
    -> the socket and what it has read."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
    sock.sendall(SLOW)
    got = b""
    while b"chunk 1\n" not in got:
        part = sock.recv(4096)
        assert part, got
        got += part
    return sock, got


def read_to_close(sock: socket.socket, got: bytes) -> bytes:
    try:
        while part := sock.recv(65536):
            got += part
    except ConnectionResetError:
        pass
    return got


def dechunk(raw: bytes) -> tuple[bytes, bool]:
    """The body of a chunked response, and whether its last chunk arrived."""
    rest = raw.split(b"\r\n\r\n", 1)[1]
    body = b""
    while rest:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line, 16)
        if size == 0:
            return body, True
        body, rest = body + rest[:size], rest[size + 2:]
    return body, False


@pytest.mark.parametrize("mode", ["nodekit", "python"])
def test_sigterm_lets_a_response_in_flight_finish_then_exits_0(mode):
    server = Server(mode, deadline_ms=15_000)
    sock, got = start_slow(server.port)
    with sock:
        server.signal()
        server.wait_for("SIGTERM: closed to new connections")
        raw = read_to_close(sock, got)
    assert dechunk(raw) == (SLOW_BODY, True)
    assert server.exit_code() == 0


def test_a_new_connection_after_sigterm_is_refused():
    server = Server("nodekit", deadline_ms=15_000)
    sock, got = start_slow(server.port)
    with sock:
        server.signal()
        server.wait_for("SIGTERM: closed to new connections")
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", server.port), timeout=TIMEOUT).close()
        read_to_close(sock, got)
    assert server.exit_code() == 0


def test_an_idle_keep_alive_connection_does_not_delay_the_exit():
    server = Server("nodekit", deadline_ms=15_000)
    with socket.create_connection(("127.0.0.1", server.port), timeout=TIMEOUT) as idle:
        idle.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        got = b""
        while not got.endswith(b"hello\n\r\n0\r\n\r\n"):
            part = idle.recv(4096)
            assert part, got
            got += part
        server.signal()
        assert server.exit_code() == 0
        assert idle.recv(4096) == b""  # closed by server.close()


def test_the_deadline_forces_connections_closed_and_exits_1():
    server = Server("nodekit", deadline_ms=200)  # /slow takes about 1 s
    sock, got = start_slow(server.port)
    with sock:
        server.signal()
        server.wait_for("deadline passed")
        body, complete = dechunk(read_to_close(sock, got))
    assert not complete and body != SLOW_BODY
    assert server.exit_code() == 1


def test_a_second_signal_forces_connections_closed_and_exits_1():
    server = Server("nodekit", deadline_ms=15_000)
    sock, got = start_slow(server.port)
    with sock:
        server.signal()
        server.wait_for("SIGTERM: closed to new connections")
        server.signal(signal.SIGINT)
        server.wait_for("second signal")
        body, complete = dechunk(read_to_close(sock, got))
    assert not complete
    assert server.exit_code() == 1
