"""NodeKit vs Node, side by side, in one run: `make bench` (full) / `make bench-quick`.

Each pair runs the *same* program (bench/programs/server.{py,js} and
client.{py,js}): the server is pinned to core 0, the load generator (wrk,
curl or the client program) to core 1, every measurement starts a fresh
server process, and the pairs are interleaved (NodeKit, Node, NodeKit, ...)
so that machine noise falls on both. The table gives each side's median,
the ratio NodeKit/Node (higher is better for rates, lower for memory) and
the server's peak RSS growth over its idle baseline.

Modes: --quick (seconds; everyday), --full (the README's figures), --smoke
(CI: proves every part runs; its numbers mean nothing).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import resource
import shutil
import signal
import socket
import ssl
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROGRAMS = HERE / "programs"
SERVER_CORE, LOAD_CORE = "0", "1"

MODES = {
    #          wrk s, runs, stream bytes, client GETs, idle conns
    "smoke": dict(seconds=1, runs=1, stream=16 << 20, gets=500, idle=100),
    "quick": dict(seconds=3, runs=1, stream=256 << 20, gets=5000, idle=500),
    "full": dict(seconds=10, runs=5, stream=1 << 30, gets=20000, idle=2000),
}


# -- processes ----------------------------------------------------------------
def pinned(core: str, argv: list[str]) -> list[str]:
    return (["taskset", "-c", core, *argv]
            if shutil.which("taskset") and (os.cpu_count() or 1) > 1 else argv)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_argv(impl: str, port: int, tls: bool = False) -> list[str]:
    extra = [str(p) for p in tls_files()] if tls else []
    if impl == "node":
        return ["node", str(PROGRAMS / "server.js"), str(port), *extra]
    if impl == "bare":
        return [sys.executable, str(PROGRAMS / "bare.py"), str(port)]
    if impl in PY_SERVERS:
        return [sys.executable, "-m", *PY_SERVERS[impl][1], "--host", "127.0.0.1",
                "--port", str(port)]
    return [sys.executable, "-m", "nodekit", str(PROGRAMS / "server.py"), str(port), *extra]


# The servers a Python user would pick instead: one worker each, on its fastest
# interface, answering bench/programs/pyservers.py's hello world.
# name: (packages the bench set-up installs, `python -m` arguments before host/port)
PY_SERVERS = {
    "uvicorn": (("uvicorn", "uvloop", "httptools"),
                ["uvicorn", "--app-dir", str(PROGRAMS), "--loop", "uvloop", "--http",
                 "httptools", "--lifespan", "off", "--no-access-log", "--log-level", "warning",
                 "pyservers:app"]),
    "granian": (("granian",),
                ["granian", "--interface", "rsgi", "--workers", "1", "--runtime-threads", "1",
                 "--loop", "uvloop", "--no-ws", "--log-level", "warning", "--working-dir",
                 str(PROGRAMS), "pyservers:rsgi_app"]),
}
SKIPPED: dict[str, str] = {}  # a Python server that could not be installed: why


def ensure_python_servers() -> None:
    """Install uvicorn and granian into this interpreter's environment (the venv)
    when missing; a server that cannot be installed is skipped, with the reason."""
    for name, (packages, _argv) in PY_SERVERS.items():
        check = [sys.executable, "-c", f"import {', '.join(packages)}"]
        if subprocess.run(check, capture_output=True).returncode == 0:
            continue
        print(f"installing {' '.join(packages)} for the {name} rows ...", file=sys.stderr)
        pip = subprocess.run([sys.executable, "-m", "pip", "install", "-q", *packages],
                             capture_output=True, text=True)
        if subprocess.run(check, capture_output=True).returncode != 0:
            lines = (pip.stderr or pip.stdout or "import failed").strip().splitlines()
            SKIPPED[name] = f"pip install {' '.join(packages)} failed: " + (
                lines[-1] if lines else "no output")
            print(f"bench: the {name} rows are skipped ({SKIPPED[name]})", file=sys.stderr)


def wait_listening(port: int, proc: subprocess.Popen, timeout: float = 30) -> bool:
    """A server without a 'ready' line (uvicorn, granian): poll its port."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def tls_files() -> tuple[Path, Path]:
    """A self-signed P-256 key and certificate for the TLS rows (made once)."""
    key, cert = Path("/tmp/nodekit-bench-key.pem"), Path("/tmp/nodekit-bench-cert.pem")
    if not (key.exists() and cert.exists()):
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:prime256v1", "-nodes", "-days", "30",
                        "-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert)],
                       check=True, capture_output=True)
    return key, cert


def server_env(impl: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("NODEKIT_PURE", None)
    if impl == "nodekit-pure":
        env["NODEKIT_PURE"] = "1"  # the same sources, not compiled
    return env


class Server:
    """A fresh benchmark server process, ready to serve, with its RSS baseline.

    ``impl``: "nodekit" (compiled where built), "nodekit-pure", "node", or
    "bare" (bench/programs/bare.py, the Python stack's ceiling)."""

    def __init__(self, impl: str, tls: bool = False) -> None:
        self.port = free_port()
        self.scheme = "https" if tls else "http"
        self.proc = subprocess.Popen(pinned(SERVER_CORE, server_argv(impl, self.port, tls)),
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     env=server_env(impl), start_new_session=True)
        if impl in PY_SERVERS:
            ready = wait_listening(self.port, self.proc)
        else:
            ready = "ready" in (self.proc.stdout.readline() if self.proc.stdout else "")
        if not ready:
            self.stop()
            raise RuntimeError(f"{impl} server did not start: {self.proc.stderr.read()}")
        self.base_rss = self.status_kb("VmRSS")

    def status_kb(self, field: str) -> int:
        text = Path(f"/proc/{self.proc.pid}/status").read_text()
        return int(re.search(rf"{field}:\s+(\d+)", text).group(1))  # type: ignore[union-attr]

    def cpu_seconds(self) -> tuple[float, float]:
        """(user, system) CPU seconds the server has used so far, with its child
        processes' (granian serves from a worker process)."""
        tick = os.sysconf("SC_CLK_TCK")
        user = system = 0
        for pid in _process_tree(self.proc.pid):
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # (gone meanwhile)
            user += int(fields[11])
            system += int(fields[12])
        return user / tick, system / tick

    def peak_growth_mib(self) -> float:
        return (self.status_kb("VmHWM") - self.base_rss) / 1024

    def stop(self) -> None:
        # The whole process group: granian serves from a worker process that
        # outlives its parent's SIGKILL (it was left running after every run).
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass  # (already gone)
        self.proc.wait(timeout=10)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _process_tree(pid: int) -> list[int]:
    pids, i = [pid], 0
    while i < len(pids):
        for task in Path(f"/proc/{pids[i]}/task").glob("*"):
            try:
                pids += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                pass
        i += 1
    return pids


# -- load generators ----------------------------------------------------------
def ensure_tools(smoke: bool = False) -> None:
    if shutil.which("wrk") is None and shutil.which("apt-get"):
        print("installing wrk from Debian's packages ...", file=sys.stderr)
        install = ["apt-get", "install", "-y", "-q", "wrk"]
        if subprocess.run(install, capture_output=True).returncode != 0:
            subprocess.run(["apt-get", "update", "-q"], capture_output=True)
            subprocess.run(install, capture_output=True)
    for tool in ("wrk", "curl", "node"):
        if shutil.which(tool) is None:
            if smoke:  # CI's smoke check proves the harness runs; no tool, no check
                print(f"bench smoke skipped: {tool!r} is not on PATH")
                raise SystemExit(0)
            raise SystemExit(f"bench needs {tool!r} on PATH")


def wrk_run(port: int, conns: int, seconds: int, scheme: str = "http") -> tuple[float, int]:
    """(requests per second, requests completed) of one wrk run."""
    out = subprocess.run(pinned(LOAD_CORE, ["wrk", "-t1", f"-c{conns}", f"-d{seconds}s",
                                            f"{scheme}://127.0.0.1:{port}/"]),
                         capture_output=True, text=True, timeout=seconds + 30).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    count = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    return rate, count


def wrk(port: int, conns: int, seconds: int, scheme: str = "http") -> float:
    return wrk_run(port, conns, seconds, scheme)[0]


def curl_seconds(args: list[str], timeout: float = 600) -> float:
    out = subprocess.run(pinned(LOAD_CORE, ["curl", "-s", "-k", "-o", "/dev/null", "-w",
                                            "%{time_total} %{http_code}", *args]),
                         capture_output=True, text=True, timeout=timeout).stdout
    seconds, code = out.split()
    if code != "200":
        raise RuntimeError(f"curl got HTTP {code}")
    return float(seconds)


def body_file(size: int) -> Path:
    path = Path(f"/tmp/nodekit-bench-{size}.bin")
    if not path.exists() or path.stat().st_size != size:
        with open(path, "wb") as f:
            f.truncate(size)  # sparse: reading it costs the load generator little
    return path


# -- the works ------------------------------------------------------------------
Result = tuple[float, float]  # (value, peak RSS growth MiB)


def work_hello(conns: int, tls: bool = False) -> Callable[[str, dict], Result]:
    def measure(impl: str, mode: dict) -> Result:
        with Server(impl, tls) as srv:
            wrk(srv.port, conns, 1, srv.scheme)  # warm-up
            value = wrk(srv.port, conns, mode["seconds"], srv.scheme)
            return value, srv.peak_growth_mib()
    return measure


def cpu_per_request(impl: str, mode: dict, tls: bool = False) -> tuple[float, float, float]:
    """Hello world under ``wrk -c50``: (req/s, user us/request, system us/request)
    of the server process -- where a request's time goes, interpreter or kernel.
    CPU time per request is also the figure least moved by other load on the
    machine (a rate measures the machine; this measures the server)."""
    with Server(impl, tls) as srv:
        wrk(srv.port, 50, 1, srv.scheme)  # warm-up
        user0, sys0 = srv.cpu_seconds()
        rate, count = wrk_run(srv.port, 50, mode["seconds"], srv.scheme)
        user1, sys1 = srv.cpu_seconds()
        return rate, (user1 - user0) / count * 1e6, (sys1 - sys0) / count * 1e6


# (server, over TLS): the plain rows, then the TLS ones (https, keep-alive).
CPU_ROWS = (("nodekit", False), ("nodekit-pure", False), ("node", False), ("bare", False),
            ("uvicorn", False), ("granian", False), ("nodekit", True), ("node", True))
CPU_NAMES = {"nodekit": "NodeKit", "nodekit-pure": "NodeKit, pure Python (NODEKIT_PURE=1)",
             "node": "Node", "bare": "bare httptools + uvloop protocol (bench/programs/bare.py)",
             "uvicorn": "uvicorn (1 worker, uvloop + httptools, raw ASGI app)",
             "granian": "granian (1 worker, RSGI)"}
CpuRow = tuple[str, bool]


def run_cpu(mode_name: str) -> dict[CpuRow, tuple[float, float, float]]:
    mode = MODES[mode_name]
    samples: dict[CpuRow, list[tuple[float, float, float]]] = {row: [] for row in CPU_ROWS}
    for _ in range(mode["runs"]):
        for impl, tls in CPU_ROWS:
            if impl not in SKIPPED:
                samples[impl, tls].append(cpu_per_request(impl, mode, tls))
    medians = {row: tuple(statistics.median(col) for col in zip(*s, strict=True))
               for row, s in samples.items() if s}
    for (impl, tls), (rate, user, system) in medians.items():
        print(f"  cpu {impl}{' TLS' if tls else ''}: {rate:,.0f} req/s, user {user:.2f} us, "
              f"sys {system:.2f} us", file=sys.stderr, flush=True)
    return medians  # type: ignore[return-value]


def cpu_per_gib_download(impl: str, mode: dict, tls: bool = True) -> tuple[float, float, float]:
    """A download (curl): (MB/s, user s/GiB, system s/GiB) of the server process."""
    size = mode["stream"]
    with Server(impl, tls) as srv:
        user0, sys0 = srv.cpu_seconds()
        secs = curl_seconds([f"{srv.scheme}://127.0.0.1:{srv.port}/download?size={size}"])
        user1, sys1 = srv.cpu_seconds()
        per_gib = (1 << 30) / size
        return size / secs / 1e6, (user1 - user0) * per_gib, (sys1 - sys0) * per_gib


def run_download_cpu(mode_name: str) -> dict[str, tuple[float, float, float]]:
    mode = MODES[mode_name]
    samples: dict[str, list[tuple[float, float, float]]] = {"nodekit": [], "node": []}
    for _ in range(mode["runs"]):
        for impl in samples:
            samples[impl].append(cpu_per_gib_download(impl, mode))
    return {impl: tuple(statistics.median(col) for col in zip(*s, strict=True))  # type: ignore[misc]
            for impl, s in samples.items()}


def download_cpu_table(medians: dict[str, tuple[float, float, float]]) -> str:
    lines = ["| TLS download (curl) | MB/s | ratio to Node | server user CPU, s/GiB "
             "| server system CPU, s/GiB |", "|---|---|---|---|---|"]
    for impl, (rate, user, system) in medians.items():
        lines.append(f"| {CPU_NAMES[impl]} | {rate:,.1f} | {rate / medians['node'][0]:.2f} | "
                     f"{user:.2f} | {system:.2f} |")
    return "\n".join(lines)


def cpu_table(medians: dict[CpuRow, tuple[float, float, float]]) -> str:
    lines = ["| hello world server, wrk -c50 | req/s | ratio to Node | user CPU, us/request "
             "| system CPU, us/request |", "|---|---|---|---|---|"]
    for impl, tls in CPU_ROWS:
        if (impl, tls) not in medians:
            lines.append(f"| {CPU_NAMES[impl]} | skipped: {SKIPPED.get(impl, '?')} | | | |")
            continue
        rate, user, system = medians[impl, tls]
        node_rate = medians["node", tls][0]
        name = CPU_NAMES[impl] + (", TLS (https)" if tls else "")
        lines.append(f"| {name} | {rate:,.0f} | {rate / node_rate:.2f} | "
                     f"{user:.2f} | {system:.2f} |")
    return "\n".join(lines)


def work_upload(chunked: bool) -> Callable[[str, dict], Result]:
    def measure(impl: str, mode: dict) -> Result:
        size = mode["stream"]
        path = body_file(size)
        extra = ["-H", "Transfer-Encoding: chunked"] if chunked else []
        with Server(impl) as srv:
            secs = curl_seconds([*extra, "-T", str(path), f"http://127.0.0.1:{srv.port}/upload"])
            return size / secs / 1e6, srv.peak_growth_mib()
    return measure


def work_download(impl: str, mode: dict, tls: bool = False) -> Result:
    size = mode["stream"]
    with Server(impl, tls) as srv:
        secs = curl_seconds([f"{srv.scheme}://127.0.0.1:{srv.port}/download?size={size}"])
        return size / secs / 1e6, srv.peak_growth_mib()


def work_tls_download(impl: str, mode: dict) -> Result:
    return work_download(impl, mode, tls=True)


def work_client(inflight: int) -> Callable[[str, dict], Result]:
    def measure(impl: str, mode: dict) -> Result:
        with Server("node") as target:  # the same server for both clients
            argv = (["node", str(PROGRAMS / "client.js")] if impl == "node" else
                    [sys.executable, "-m", "nodekit", str(PROGRAMS / "client.py")])
            argv += [str(target.port), str(mode["gets"]), str(inflight)]
            out = subprocess.run(pinned(LOAD_CORE, argv), capture_output=True, text=True,
                                 timeout=300)
            if out.returncode != 0:
                raise RuntimeError(out.stderr)
            return float(out.stdout.strip().splitlines()[-1]), 0.0
    return measure


def work_idle_memory(impl: str, mode: dict, tls: bool = False, requests: int = 1) -> Result:
    """KiB of server RSS per idle keep-alive connection (after `requests` each)."""
    count = mode["idle"]
    ctx = ssl.create_default_context()
    ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE
    with Server(impl, tls) as srv:
        time.sleep(0.3)
        base = srv.status_kb("VmRSS")
        socks = []
        try:
            for _ in range(count):
                s = socket.create_connection(("127.0.0.1", srv.port))
                if tls:
                    s = ctx.wrap_socket(s, server_hostname="localhost")
                s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
                socks.append(s)
            for s in socks:
                s.settimeout(5)
                for left in range(requests, 0, -1):
                    while b"Hello" not in s.recv(4096):
                        pass
                    if left > 1:
                        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            time.sleep(0.5)
            return (srv.status_kb("VmRSS") - base) / count, srv.peak_growth_mib()
        finally:
            for s in socks:
                s.close()


def work_tls_idle_memory(impl: str, mode: dict) -> Result:
    return work_idle_memory(impl, mode, tls=True)


def work_tls_idle_memory_reused(impl: str, mode: dict) -> Result:
    # A connection that served several requests: NodeKit's keeps OpenSSL's record
    # buffers from its 5th read on (docs/architecture.md, "OpenSSL without ssl's
    # wrappers"), so the one-request row alone would flatter it.
    return work_idle_memory(impl, mode, tls=True, requests=10)


WORKS: list[tuple[str, Callable[[str, dict], Result], str]] = [
    ("hello world, wrk -c50, req/s", work_hello(50), "rate"),
    ("hello world, wrk -c1, req/s", work_hello(1), "rate"),
    ("upload with Content-Length, MB/s", work_upload(False), "rate"),
    ("chunked upload, MB/s", work_upload(True), "rate"),
    ("download, MB/s", work_download, "rate"),
    ("client, sequential keep-alive GETs, req/s", work_client(1), "rate"),
    ("client, 50 in flight, req/s", work_client(50), "rate"),
    ("memory per idle keep-alive connection, KiB", work_idle_memory, "memory"),
    ("TLS hello world, wrk -c50, req/s", work_hello(50, tls=True), "rate"),
    ("TLS download, MB/s", work_tls_download, "rate"),
    ("memory per idle TLS keep-alive connection, KiB", work_tls_idle_memory, "memory"),
    ("memory per idle TLS connection after 10 requests, KiB", work_tls_idle_memory_reused,
     "memory"),
]


# -- the cluster rows ----------------------------------------------------------------
CLUSTER_POLICIES = (("rr", "SCHED_RR"), ("none", "SCHED_NONE"), ("reuse_port", "reuse_port=True"))


class ClusterServer(Server):
    """bench/programs/cluster.py: a primary and its workers, not pinned (they
    are to use both cores); ``counts()`` asks the workers for their connections."""

    def __init__(self, workers: int, policy: str) -> None:  # noqa: D107 - Server's start-up
        self.port = free_port()
        self.scheme = "http"
        env = {**server_env("nodekit"),
               "NODEKIT_CLUSTER_SCHED_POLICY": "none" if policy == "none" else "rr"}
        argv = [sys.executable, "-m", "nodekit", str(PROGRAMS / "cluster.py"), str(self.port),
                str(workers), *(["reuse_port"] if policy == "reuse_port" else [])]
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, env=env)
        line = self.proc.stdout.readline() if self.proc.stdout else ""
        if "ready" not in line:
            self.stop()
            raise RuntimeError(f"cluster did not start: {self.proc.stderr.read()}")
        self.base_rss = self.status_kb("VmRSS")

    def counts(self) -> list[int]:
        """Connections each worker has accepted so far, by worker id."""
        self.proc.send_signal(signal.SIGUSR1)
        line = self.proc.stdout.readline() if self.proc.stdout else ""
        counts = json.loads(line.split(" ", 1)[1])
        return [counts[k] for k in sorted(counts, key=int)]

    def stop(self) -> None:
        self.proc.terminate()  # the primary disconnects its workers, then exits
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)


def cluster_run(srv: ClusterServer, seconds: int, close: bool) -> tuple[float, list[int], float]:
    """(req/s, connections per worker, primary CPU us per connection) of one wrk run;
    ``close``: a new connection for every request."""
    before = srv.counts()
    user0, sys0 = srv.cpu_seconds()
    header = ["-H", "Connection: close"] if close else []
    out = subprocess.run(pinned(LOAD_CORE, ["wrk", "-t1", "-c50", f"-d{seconds}s", *header,
                                            f"http://127.0.0.1:{srv.port}/"]),
                         capture_output=True, text=True, timeout=seconds + 30).stdout
    user1, sys1 = srv.cpu_seconds()
    after = srv.counts()
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    shares = [a - b for a, b in zip(after, before, strict=True)]
    cpu = (user1 - user0 + sys1 - sys0) / max(1, sum(shares)) * 1e6
    return rate, shares, cpu


def run_cluster(mode_name: str) -> list[tuple[int, str, list[tuple[float, list[int], float]]]]:
    """Hello world on 1 and 2 workers for each policy: keep-alive, then a new
    connection per request (the load on the primary's accept loop in RR)."""
    mode = MODES[mode_name]
    rows = []
    for workers in (1, 2):
        for policy, _name in CLUSTER_POLICIES:
            with ClusterServer(workers, policy) as srv:
                cluster_run(srv, 1, close=False)  # warm-up
                runs = [cluster_run(srv, mode["seconds"], close) for close in (False, True)]
            rows.append((workers, policy, runs))
            print(f"  cluster {workers} x {policy}: "
                  f"{runs[0][0]:,.0f} req/s keep-alive, {runs[1][0]:,.0f} req/s new conns, "
                  f"shares {runs[0][1]} / {runs[1][1]}, primary {runs[1][2]:.1f} us/conn",
                  file=sys.stderr, flush=True)
    return rows


def _shares(counts: list[int]) -> str:
    total = sum(counts) or 1
    return " / ".join(f"{100 * c / total:.0f} %" for c in counts)


def cluster_table(rows: list[tuple[int, str, list[tuple[float, list[int], float]]]]) -> str:
    names = dict(CLUSTER_POLICIES)
    lines = ["| cluster, hello world, wrk -c50 | keep-alive req/s | connections per worker "
             "| new connection per request, req/s | connections per worker "
             "| primary CPU per connection |", "|---|---|---|---|---|---|"]
    for workers, policy, ((rate, shares, _), (rate_c, shares_c, cpu_c)) in rows:
        lines.append(f"| {workers} worker{'s' if workers > 1 else ''}, {names[policy]} | "
                     f"{rate:,.0f} | {_shares(shares)} | {rate_c:,.0f} | {_shares(shares_c)} | "
                     f"{cpu_c:.1f} us |")
    return "\n".join(lines)


def run_all(mode_name: str, only: str | None) -> list[tuple[str, dict[str, Result]]]:
    mode = MODES[mode_name]
    rows = []
    for title, measure, _kind in WORKS:
        if only and only not in title:
            continue
        samples: dict[str, list[Result]] = {"nodekit": [], "node": []}
        for _ in range(mode["runs"]):
            for impl in ("nodekit", "node"):
                samples[impl].append(measure(impl, mode))
        medians = {impl: (statistics.median(v for v, _ in s), max(r for _, r in s))
                   for impl, s in samples.items()}
        rows.append((title, medians))
        print(f"  {title}: NodeKit {medians['nodekit'][0]:,.1f}  Node {medians['node'][0]:,.1f}",
              file=sys.stderr, flush=True)
    return rows


def table(rows: list[tuple[str, dict[str, Result]]], mode_name: str) -> str:
    stream = MODES[mode_name]["stream"]
    lines = [
        f"NodeKit vs Node — {datetime.date.today().isoformat()}, {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{_node_version()}, loop={os.environ.get('NODEKIT_LOOP', 'uvloop')}, "
        f"mode={mode_name} (streams of {stream >> 20} MiB, medians of "
        f"{MODES[mode_name]['runs']})",
        "",
        "| work | NodeKit | Node | ratio | NodeKit peak RSS growth | Node peak RSS growth |",
        "|---|---|---|---|---|---|",
    ]
    for title, med in rows:
        nk, nd = med["nodekit"], med["node"]
        ratio = nk[0] / nd[0] if nd[0] else float("nan")
        lines.append(f"| {title} | {nk[0]:,.1f} | {nd[0]:,.1f} | {ratio:.2f} | "
                     f"{nk[1]:+.1f} MiB | {nd[1]:+.1f} MiB |")
    return "\n".join(lines)


def _node_version() -> str:
    try:
        return "Node " + subprocess.run(["node", "--version"], capture_output=True,
                                        text=True).stdout.strip()
    except OSError:
        return "Node ?"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    group = ap.add_mutually_exclusive_group()
    for name in MODES:
        group.add_argument(f"--{name}", dest="mode", action="store_const", const=name)
    ap.add_argument("--only", help="run only the works whose title contains this text")
    ap.add_argument("--no-cluster", action="store_true",
                    help="skip the cluster table (1 and 2 workers, each policy)")
    ap.add_argument("--no-cpu", action="store_true",
                    help="skip the CPU-per-request table (hello world: NodeKit compiled "
                         "and pure, Node, the bare protocol, uvicorn, granian; and NodeKit "
                         "and Node over TLS)")
    ap.add_argument("--cpu-only", action="store_true", help="only the CPU-per-request table")
    args = ap.parse_args()
    mode = args.mode or "quick"
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 65536)), hard))
    ensure_tools(smoke=mode == "smoke")
    ensure_python_servers()
    rows = [] if args.cpu_only else run_all(mode, args.only)
    cpu = None if args.no_cpu or (args.only and not args.cpu_only) else run_cpu(mode)
    clustered = (None if args.no_cluster or args.cpu_only
                 or (args.only and args.only not in "cluster") else run_cluster(mode))
    if rows:
        print(table(rows, mode))
    if cpu is not None:
        print()
        print(cpu_table(cpu))
        print()
        print(download_cpu_table(run_download_cpu(mode)))
    if clustered is not None:
        print()
        print(cluster_table(clustered))


if __name__ == "__main__":
    threading.stack_size(1 << 20)
    main()
