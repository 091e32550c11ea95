"""One program, two ways to start it (issue 10): every script in examples/ runs
and does its job both as ``nodekit script.py`` (here ``python -m nodekit``) and
as ``python script.py`` — the examples have no ``nodekit.run()``: under plain
Python the runtime runs what the module scheduled when the module ends.

Each run is a subprocess with a bounded wait; servers are killed at the end.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import select
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
TIMEOUT = 20.0
MODES = ["nodekit", "python"]


def command(mode: str, name: str, *args: object) -> list[str]:
    launcher = ["-m", "nodekit"] if mode == "nodekit" else []
    return [sys.executable, *launcher, str(EXAMPLES / name), *map(str, args)]


def env() -> dict[str, str]:
    e = dict(os.environ)
    e["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), e.get("PYTHONPATH")]))
    return e


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def started(mode: str, name: str, *args: object) -> Iterator[int]:
    """Run a server example on a free port until it prints its address -> the port."""
    port = free_port()
    proc = subprocess.Popen(command(mode, name, port, *args), cwd=ROOT, env=env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + TIMEOUT
        line = b""
        while f":{port}".encode() not in line:
            assert proc.poll() is None, proc.stderr.read().decode()  # type: ignore[union-attr]
            assert time.monotonic() < deadline, f"{name} did not start listening"
            if select.select([proc.stdout], [], [], 0.1)[0]:
                line = proc.stdout.readline()  # type: ignore[union-attr]
        yield port
    finally:
        proc.kill()
        proc.communicate(timeout=TIMEOUT)


def client(mode: str, name: str, *args: object) -> str:
    done = subprocess.run(command(mode, name, *args), cwd=ROOT, env=env(),
                          capture_output=True, timeout=TIMEOUT)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode("latin-1")


def get(port: int, path: str = "/") -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        res = conn.getresponse()
        return res.status, res.read()
    finally:
        conn.close()


# -- one check per example ----------------------------------------------------------


def check_hello(mode: str) -> None:
    with started(mode, "hello.py") as port:
        status, body = get(port, "/x")
    assert (status, body) == (200, b"Hello from NodeKit! You asked for /x\n")


def check_graceful(mode: str) -> None:
    with started(mode, "graceful.py") as port:
        assert get(port) == (200, b"hello\n")


def check_echo(mode: str) -> None:
    with started(mode, "echo.py") as port, socket.create_connection(
            ("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"ping")
        got = b""
        while not got.endswith(b"ping"):
            chunk = sock.recv(100)
            assert chunk, got
            got += chunk
    assert got == b"echo server ready\r\nping"


def check_upload_server(mode: str) -> None:
    with started(mode, "upload_server.py") as port:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("POST", "/", body=b"abc")
        res = conn.getresponse()
        body = res.read()
        conn.close()
    assert res.status == 200
    assert b'"bytes": 3' in body


def check_connect_proxy(mode: str) -> None:
    with started(mode, "connect_proxy.py") as port:
        assert get(port) == (200, b"okay")


def check_upgrade_server(mode: str) -> None:
    with started(mode, "upgrade_server.py") as port:
        assert get(port) == (200, b"okay")


def check_upgrade_client(mode: str) -> None:
    with started(mode, "upgrade_server.py") as port:
        assert client(mode, "upgrade_client.py", port) == "got upgraded!\n"


def check_get(mode: str) -> None:
    with started(mode, "upload_server.py") as port:
        out = client(mode, "get.py", f"http://127.0.0.1:{port}/index.html")
    assert out == "Got response: 200\n"


def check_post_upload(mode: str) -> None:
    with started(mode, "upload_server.py") as port:
        out = client(mode, "post_upload.py", "127.0.0.1", port, "/upload")
    assert out.startswith("STATUS: 200\n")
    assert '"bytes": 18' in out  # msg=Hello+World%21


def check_connect_client(mode: str) -> None:
    with started(mode, "upload_server.py") as origin, started(mode, "connect_proxy.py") as proxy:
        out = client(mode, "connect_client.py", proxy, f"127.0.0.1:{origin}")
    assert out.startswith("got connected!\nHTTP/1.1 200 OK\r\n")


def check_https_server(mode: str) -> None:
    with started(mode, "https_server.py") as port:
        # The example makes a self-signed certificate at start-up: no verification.
        conn = http.client.HTTPSConnection("127.0.0.1", port, timeout=10,
                                           context=ssl._create_unverified_context())
        try:
            conn.request("GET", "/x")
            res = conn.getresponse()
            status, body = res.status, res.read()
        finally:
            conn.close()
    assert status == 200
    assert body.endswith(b"from NodeKit! You asked for /x\n")


def check_https_get(mode: str) -> None:
    with started(mode, "https_server.py") as port:
        done = subprocess.run(command(mode, "https_get.py", f"https://127.0.0.1:{port}/g"),
                              cwd=ROOT, env={**env(), "NODE_TLS_REJECT_UNAUTHORIZED": "0"},
                              capture_output=True, timeout=TIMEOUT)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode().endswith("from NodeKit! You asked for /g\n")


def check_cluster(mode: str) -> None:
    # Two workers share the port; killing the primary (started() ends with
    # SIGKILL) ends them too, since their channel closes.
    with started(mode, "cluster.py", 2) as port:
        status, body = get(port)
    assert status == 200
    assert body.startswith(b"hello from worker ")


CHECKS: dict[str, Callable[[str], None]] = {
    "hello.py": check_hello,
    "graceful.py": check_graceful,
    "echo.py": check_echo,
    "upload_server.py": check_upload_server,
    "connect_proxy.py": check_connect_proxy,
    "upgrade_server.py": check_upgrade_server,
    "upgrade_client.py": check_upgrade_client,
    "get.py": check_get,
    "post_upload.py": check_post_upload,
    "connect_client.py": check_connect_client,
    "https_server.py": check_https_server,
    "https_get.py": check_https_get,
    "cluster.py": check_cluster,
}


def test_every_example_has_a_check_here():
    assert sorted(CHECKS) == sorted(p.name for p in EXAMPLES.glob("*.py"))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", sorted(CHECKS))
def test_example_runs_both_ways(name, mode):
    CHECKS[name](mode)
