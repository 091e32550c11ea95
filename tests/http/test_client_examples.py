"""The seed's client examples (examples/*.py) run end to end, each against
its example server, as separate ``python -m nodekit`` processes (like
``node script.js``). Ports are picked free; servers are killed at the end."""

from __future__ import annotations

import contextlib
import hashlib
import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from test_client_support import free_port

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
TIMEOUT = 20.0


def nodekit_cmd(script: Path | str, *args: object) -> list[str]:
    return [sys.executable, "-m", "nodekit", str(script), *map(str, args)]


def wait_for_port(port: int, proc: subprocess.Popen[str], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    proc.kill()
    out, err = proc.communicate(timeout=TIMEOUT)
    raise AssertionError(f"server did not listen on {port}:\n{out}\n{err}")


@contextlib.contextmanager
def server(cmd: list[str], port: int, ready_timeout: float = TIMEOUT) -> Iterator[None]:
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        wait_for_port(port, proc, ready_timeout)
        yield
    finally:
        proc.kill()
        proc.communicate(timeout=TIMEOUT)


def example_server(name: str, *args: object, ready_timeout: float = TIMEOUT,
                   ) -> tuple[int, contextlib.AbstractContextManager[None]]:
    port = free_port()
    return port, server(nodekit_cmd(EXAMPLES / name, port, *args), port, ready_timeout)


def run_client(name: str, *args: object, text: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(nodekit_cmd(EXAMPLES / name, *args), cwd=ROOT, capture_output=True,
                          text=text, timeout=TIMEOUT)


def test_post_upload_example_posts_to_the_upload_server():
    port, srv = example_server("upload_server.py")
    with srv:
        done = run_client("post_upload.py", "127.0.0.1", port, "/upload")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "STATUS: 200"
    headers = json.loads(lines[1].removeprefix("HEADERS: "))
    assert headers["content-type"] == "application/json"
    body = json.loads(done.stdout.split("BODY: ", 1)[1])
    sent = b"msg=Hello+World%21"  # querystring.stringify({msg: 'Hello World!'})
    assert body == {"bytes": len(sent), "sha256": hashlib.sha256(sent).hexdigest()}


def test_get_example_fetches_from_the_hello_server(tmp_path):
    # examples/hello.py always listens on 8080 (see the xfail test below): run it
    # through a launcher that moves its listen() to a free port.
    port = free_port()
    launcher = tmp_path / "hello_on_port.py"
    launcher.write_text(
        "import runpy, sys\n"
        "from nodekit.http import Server\n"
        "_listen = Server.listen\n"
        "Server.listen = lambda self, _port, *a, **k: _listen(self, int(sys.argv[1]), *a, **k)\n"
        f"runpy.run_path({str(EXAMPLES / 'hello.py')!r}, run_name='__main__')\n")
    with server(nodekit_cmd(launcher, port), port):
        done = run_client("get.py", f"http://127.0.0.1:{port}/index.html")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Got response: 200\n"


def test_hello_example_listens_on_the_port_it_is_given():
    # (A port it ignored would never be listened on: fail in seconds, not TIMEOUT;
    # 10 s leaves room for a loaded machine, where importing NodeKit alone took 3.)
    port, srv = example_server("hello.py", ready_timeout=10)
    with srv:
        done = run_client("get.py", f"http://127.0.0.1:{port}/")
    assert done.stdout == "Got response: 200\n"


def test_get_example_reports_an_error_when_nothing_listens():
    done = run_client("get.py", f"http://127.0.0.1:{free_port()}/")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Got error: ")
    assert "ECONNREFUSED" in done.stdout


def test_connect_client_example_tunnels_through_the_connect_proxy():
    origin_port, origin = example_server("upload_server.py")
    proxy_port, proxy = example_server("connect_proxy.py")
    with origin, proxy:
        done = run_client("connect_client.py", proxy_port, f"127.0.0.1:{origin_port}",
                          text=False)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    # What the origin sent through the tunnel, printed as received.
    assert out.startswith(b"got connected!\nHTTP/1.1 200 OK\r\n")
    assert b"\r\nConnection: close\r\n" in out
    body = out[out.index(b"{"):out.rindex(b"}") + 1]
    assert json.loads(body) == {"bytes": 0, "sha256": hashlib.sha256(b"").hexdigest()}


def test_upgrade_client_example_is_upgraded_by_the_upgrade_server():
    port, srv = example_server("upgrade_server.py")
    with srv:
        done = run_client("upgrade_client.py", port)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "got upgraded!\n"
