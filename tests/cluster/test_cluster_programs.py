"""Cluster programs as users run them: a primary started as ``nodekit prog.py`` or
``python prog.py`` (with ``nodekit.run(main)``), its workers the same program.

Checked on the wire: SCHED_RR hands connections out in turn, SCHED_NONE
shares the socket, ``reuse_port=True``, a listen error reaches the worker's
server, a disconnect lets a request in flight finish, workers end when the
primary is gone; and no process outlives its test (``no_strays``).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import threading
import time

import pytest
from cluster_support import (
    TAG_ENV,
    Primary,
    free_port,
    get,
    hammer,
    hammer_keep_alive,
    program,
    served_by,
    tagged,
)
from conftest import run

from nodekit import net

SERVER = """
import json, sys
import nodekit
from nodekit import cluster, http, process

def log(*args):
    print(*args, flush=True)

def primary():
    count = int(sys.argv[2])
    cluster.on("listening", lambda w, a: log("listening", w.id, json.dumps(a)))
    cluster.on("exit", lambda w, code, sig: log("exit", w.id, code, sig,
                                                w.exited_after_disconnect))
    cluster.on("disconnect", lambda w: log("disconnect", w.id))
    process.on("SIGUSR1", lambda *a: cluster.workers[1].disconnect())
    process.on("SIGUSR2", lambda *a: cluster.disconnect(lambda: log("all gone")))
    for _ in range(count):
        cluster.fork()

def worker():
    def on_request(req, res):
        body = f"worker {cluster.worker.id}\\n"
        if req.url == "/slow":
            log("slow request", cluster.worker.id)
            nodekit.set_timeout(lambda: res.end(body), 400)
        else:
            res.end(body)
    server = http.create_server(on_request)
    server.on("error", lambda err: log("server error", err.code))
    server.listen(int(sys.argv[1]), "127.0.0.1")

def main():
    primary() if cluster.is_primary else worker()

nodekit.run(main)
"""


def start(tmp_path, workers: int, mode: str = "nodekit", **env: str) -> tuple[Primary, int]:
    port = free_port()
    primary = Primary(program(tmp_path, SERVER), port, workers, mode=mode, **env)
    for _ in range(workers):
        primary.expect(r"^listening \d+ ")
    return primary, port


@pytest.mark.parametrize("mode", ["nodekit", "python"])
def test_round_robin_hands_connections_to_each_worker_in_turn(tmp_path, mode):
    primary, port = start(tmp_path, 2, mode=mode)
    with primary:
        answers = [served_by(get(port)) for _ in range(20)]
        primary.signal(signal.SIGUSR2)
        primary.expect("^all gone$")
        assert primary.wait() == 0
    assert sorted(set(answers)) == ["worker 1", "worker 2"]
    assert answers.count("worker 1") == answers.count("worker 2") == 10
    assert all(answers[i] != answers[i + 1] for i in range(19))  # strictly in turn
    assert f'"port": {port}' in primary.lines[0]


def test_sched_none_shares_the_listening_socket(tmp_path):
    primary, port = start(tmp_path, 2, NODEKIT_CLUSTER_SCHED_POLICY="none")
    with primary:
        answers = {served_by(get(port)) for _ in range(10)}
        primary.signal(signal.SIGUSR2)
        primary.expect("^all gone$")
        assert primary.wait() == 0
    assert answers <= {"worker 1", "worker 2"} and answers
    assert all(f'"port": {port}' in line for line in primary.lines if "listening" in line)


@pytest.mark.parametrize("policy", ["rr", "none"])
def test_a_request_in_flight_finishes_when_its_worker_disconnects(tmp_path, policy):
    primary, port = start(tmp_path, 1, NODEKIT_CLUSTER_SCHED_POLICY=policy)
    with primary:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(b"GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")  # keep-alive
            primary.expect("^slow request 1$")
            primary.signal(signal.SIGUSR1)  # worker 1 disconnects
            data = b""
            while chunk := sock.recv(4096):
                data += chunk
        assert served_by(data) == "worker 1"
        primary.expect("^disconnect 1$")
        primary.expect("^exit 1 0 None True$")
        assert primary.wait() == 0  # no worker left: the primary's loop ends
    with pytest.raises(OSError):  # and the port is closed
        socket.create_connection(("127.0.0.1", port), timeout=2).close()


def test_a_listen_error_in_the_primary_reaches_the_workers_server(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with Primary(program(tmp_path, SERVER), port, 1) as primary:
            primary.expect("^server error EADDRINUSE$")
            primary.signal(signal.SIGUSR2)
            primary.expect("^all gone$")
            assert primary.wait() == 0


def test_workers_end_when_the_primary_is_gone(tmp_path):
    tag = os.environ[TAG_ENV]
    primary, port = start(tmp_path, 2)
    with primary:
        assert len(tagged(tag)) == 3
        primary.proc.kill()
        primary.wait()
        deadline = time.monotonic() + 5
        while tagged(tag) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert tagged(tag) == []


def test_the_stray_check_sees_a_tagged_process_even_an_orphan():
    tag = os.environ[TAG_ENV]
    # A shell that starts a sleeper and exits: the sleeper is an orphan, not our child.
    out = subprocess.run(["sh", "-c", "sleep 30 >/dev/null 2>&1 & echo $!"],
                         capture_output=True, text=True, timeout=10)
    orphan = int(out.stdout)
    try:
        assert tagged(tag) == [orphan]
    finally:
        os.kill(orphan, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while tagged(tag) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert tagged(tag) == []


REUSE_PORT = """
import sys
from nodekit import cluster, http, process

if cluster.is_primary:
    process.on("SIGTERM", lambda *_: cluster.disconnect(lambda: print("all gone", flush=True)))
    for _ in range(2):
        cluster.fork().on("message", lambda m: print(m, flush=True))
else:
    server = http.create_server(lambda req, res: res.end(f"worker {cluster.worker.id}"))
    server.listen(int(sys.argv[1]), "127.0.0.1", reuse_port=True,
                  callback=lambda: process.send("listening"))
"""


def test_reuse_port_workers_bind_their_own_sockets_and_close_them_on_disconnect(tmp_path):
    port = free_port()
    with Primary(program(tmp_path, REUSE_PORT), port) as primary:
        primary.expect("^listening$")
        primary.expect("^listening$")
        assert served_by(get(port)) in {"worker 1", "worker 2"}
        primary.signal(signal.SIGTERM)
        primary.expect("^all gone$")  # the workers closed their own servers and exited
        assert primary.wait() == 0


def test_reuse_port_lets_servers_bind_the_same_port(must_call):
    port = free_port()
    seen = []

    def main():
        first = net.create_server(lambda s: s.end(b"1"))
        second = net.create_server(lambda s: s.end(b"2"))

        def both_listening():
            seen.append((first.address()["port"], second.address()["port"]))
            first.close()
            second.close()

        first.listen(port, "127.0.0.1", reuse_port=True, callback=lambda: second.listen(
            port, "127.0.0.1", reuse_port=True, callback=must_call(both_listening)))

    run(main)
    assert seen == [(port, port)]


def test_without_reuse_port_the_second_bind_fails(must_call):
    port = free_port()

    def main():
        first = net.create_server()

        def on_error(err):
            assert err.code == "EADDRINUSE"
            first.close()

        second = net.create_server()
        second.on("error", must_call(on_error))
        first.listen(port, "127.0.0.1", reuse_port=True,
                     callback=lambda: second.listen(port, "127.0.0.1"))

    run(main)


def test_process_channel_is_not_passed_to_a_workers_children(tmp_path):
    source = """
    import os, subprocess, sys
    import nodekit
    from nodekit import cluster, process
    if cluster.is_primary:
        w = cluster.fork()
        w.on("message", lambda m: (print(m, flush=True), w.disconnect()))
    else:
        out = subprocess.run([sys.executable, "-c",
                              "import os; print(sorted(os.listdir('/proc/self/fd')))"],
                             capture_output=True, text=True).stdout
        process.send({"child_fds": out.strip(),
                      "env": [k for k in ("NODE_UNIQUE_ID", "NODEKIT_CHANNEL_FD")
                              if k in os.environ]})
    """
    with Primary(program(tmp_path, source)) as primary:
        line = primary.expect("child_fds").string
        assert primary.wait() == 0
    assert "'env': []" in line
    assert "['0', '1', '2', '3']" in line  # stdio and listdir's own descriptor only


@pytest.mark.parametrize("client", [hammer, hammer_keep_alive],
                         ids=["new-connection-each", "keep-alive"])
def test_rolling_restart_example_drops_no_request(tmp_path, client):
    port = free_port()
    example = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "cluster.py")
    with Primary(program(tmp_path, open(example).read(), "cluster.py"), port, 2) as primary:
        primary.expect(f"listening on :{port}")
        primary.expect(f"listening on :{port}")
        stop, results = threading.Event(), []
        clients = [threading.Thread(target=client, args=(port, stop, results))
                   for _ in range(4)]
        for c in clients:
            c.start()
        try:
            time.sleep(0.3)
            primary.signal(signal.SIGHUP)
            primary.expect("^rolling restart done$", timeout=30)
            time.sleep(0.3)
        finally:
            stop.set()
            for c in clients:
                c.join(timeout=15)
        primary.signal(signal.SIGTERM)
        primary.expect("^all workers gone$")
        assert primary.wait() == 0
    failures = [r for r in results if not isinstance(r, str)]
    print(f"{client.__name__}: {len(results)} results, {len(failures)} failures, "
          f"{results.count('connection: close')} Connection: close")
    assert failures == [], (len(failures), len(results), failures[:5])
    served = {r for r in results if isinstance(r, str)}
    if client is hammer_keep_alive:  # each old worker told its clients to go elsewhere
        assert results.count("connection: close") >= 2
    # Workers 1 and 2 served before the restart, their replacements 3 and 4 after it.
    assert {"hello from worker 1", "hello from worker 3", "hello from worker 4"} <= {
        s.split(" (pid")[0] for s in served}
    assert len(results) > 20


def test_a_worker_that_dies_is_replaced_by_the_example(tmp_path):
    port = free_port()
    example = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "cluster.py")
    with Primary(program(tmp_path, open(example).read(), "cluster.py"), port, 1) as primary:
        pid = int(primary.expect(r"worker 1 \(pid (\d+)\) listening").group(1))
        os.kill(pid, signal.SIGKILL)
        primary.expect(r"^worker 1 died \(SIGKILL\): forking a replacement$")
        primary.expect(r"worker 2 \(pid \d+\) listening")
        assert served_by(get(port)).startswith("hello from worker 2")
        primary.signal(signal.SIGTERM)
        primary.expect("^all workers gone$")
        assert primary.wait() == 0


NET_AND_HTTPS = """
import sys
import nodekit
from nodekit import cluster, https, net, process

if cluster.is_primary:
    ready = []
    cluster.on("listening", lambda w, a: ready.append(a["port"]) or (
        len(ready) == 4 and print("ready", flush=True)))
    process.on("SIGTERM", lambda *_: cluster.disconnect())
    cluster.fork()
    cluster.fork()
else:
    tls_port, net_port, key, cert = sys.argv[1:5]
    options = {"key": open(key).read(), "cert": open(cert).read()}
    https.create_server(options, lambda req, res: res.end(f"tls {cluster.worker.id}")).listen(
        int(tls_port), "127.0.0.1")
    net.create_server(lambda sock: sock.end(f"net {cluster.worker.id}".encode())).listen(
        int(net_port), "127.0.0.1")
"""


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
def test_https_and_net_servers_in_workers_share_the_primarys_ports(tmp_path):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj",
                    "/CN=localhost", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=30)
    tls_port, net_port = free_port(), free_port()
    ctx = ssl.create_default_context(cafile=str(cert))
    ctx.check_hostname = False
    with Primary(program(tmp_path, NET_AND_HTTPS), tls_port, net_port, key, cert) as primary:
        primary.expect("^ready$")
        tls_answers, net_answers = [], []
        for _ in range(4):
            with ctx.wrap_socket(socket.create_connection(("127.0.0.1", tls_port), timeout=10),
                                 server_hostname="localhost") as sock:
                sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                data = b""
                while chunk := sock.recv(4096):
                    data += chunk
            tls_answers.append(served_by(data))
            with socket.create_connection(("127.0.0.1", net_port), timeout=10) as sock:
                data = b""
                while chunk := sock.recv(4096):
                    data += chunk
            net_answers.append(data.decode())
        primary.signal(signal.SIGTERM)
        assert primary.wait() == 0
    assert sorted(tls_answers) == ["tls 1", "tls 1", "tls 2", "tls 2"]
    assert sorted(net_answers) == ["net 1", "net 1", "net 2", "net 2"]


PIPE_AND_FD = """
import json, os, sys
import nodekit
from nodekit import cluster, http, process

def log(line):
    sys.stdout.write(line + "\\n")  # one write: the workers share the primary's stdout
    sys.stdout.flush()

def primary():
    cluster.on("listening", lambda w, a: log(f"listening {w.id} {json.dumps(a, sort_keys=True)}"))
    gone = lambda: log(f"all gone {sys.argv[2] == 'path' and os.path.exists(sys.argv[1])}")
    process.on("SIGTERM", lambda *_: cluster.disconnect(gone))
    cluster.fork()
    cluster.fork()

def worker():
    server = http.create_server(lambda req, res: res.end(f"worker {cluster.worker.id}"))
    server.on("error", lambda err: log(f"server error {err.code}"))
    listening = lambda: log(f"address {json.dumps(server.address())}")
    target = sys.argv[1]
    if sys.argv[2] == "path":
        server.listen(target, listening)
        return
    log(f"the worker has the descriptor: {os.path.exists(f'/proc/self/fd/{target}')}")
    server.listen({"fd": int(target)}, listening)
    if cluster.worker.id == 1:
        bad = http.create_server()
        bad.on("error", lambda err: log(f"bad descriptor {err.code}"))
        bad.listen({"fd": 1023})  # not open in the primary

nodekit.run(lambda: primary() if cluster.is_primary else worker())
"""


def in_turn(answers: list[str]) -> bool:
    """Each of two workers answered every other request (SCHED_RR)."""
    return (sorted(set(answers)) == ["worker 1", "worker 2"]
            and all(a != b for a, b in zip(answers, answers[1:], strict=False)))


def get_unix(path: str) -> str:
    with socket.socket(socket.AF_UNIX) as sock:
        sock.settimeout(10)
        sock.connect(path)
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := sock.recv(4096):
            data += chunk
    return served_by(data)


@pytest.mark.parametrize("policy", ["rr", "none"])
def test_a_unix_socket_path_is_shared_through_the_primary(tmp_path, policy):
    path = str(tmp_path / "s.sock")
    # A relative path: the worker resolves it, as Node's does.
    with Primary(program(tmp_path, PIPE_AND_FD), "s.sock", "path",
                 NODEKIT_CLUSTER_SCHED_POLICY=policy) as primary:
        listening = sorted(primary.expect(r"^listening (\d) (.*)$").groups() for _ in range(2))
        answers = [get_unix(path) for _ in range(6)]
        primary.signal(signal.SIGTERM)
        primary.expect("^all gone False$")  # the primary removed the socket file
        assert primary.wait() == 0
    address = json.dumps({"address": path, "address_type": -1, "port": -1}, sort_keys=True)
    assert listening == [("1", address), ("2", address)]
    assert primary.lines.count('address "s.sock"') == 2  # the path as given, as in Node
    if policy == "rr":
        assert in_turn(answers)
    else:
        assert set(answers) <= {"worker 1", "worker 2"}


def test_listen_on_a_descriptor_uses_the_primarys_descriptor(tmp_path):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        port = listener.getsockname()[1]
        fd = os.dup2(listener.fileno(), 50)
        try:
            primary = Primary(program(tmp_path, PIPE_AND_FD), fd, "fd", pass_fds=(fd,))
        finally:
            os.close(fd)
        with primary:
            while not (sum(line.startswith("listening") for line in primary.lines) == 2
                       and "bad descriptor EBADF" in primary.lines):
                primary.expect("")  # the next line, in whatever order they come
            answers = [served_by(get(port)) for _ in range(4)]
            primary.signal(signal.SIGTERM)
            primary.expect("^all gone False$")
            assert primary.wait() == 0
    assert in_turn(answers)
    assert primary.lines.count("the worker has the descriptor: False") == 2
    listening = [line for line in primary.lines if line.startswith("listening")]
    assert all(json.dumps({"address": None, "address_type": None, "fd": fd, "port": port},
                          sort_keys=True) in line for line in listening)
    address = {"address": "127.0.0.1", "family": "IPv4", "port": port}
    assert primary.lines.count(f"address {json.dumps(address)}") == 2
