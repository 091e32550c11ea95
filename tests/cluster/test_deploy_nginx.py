"""docs/deploy.md's nginx configuration, run for real: nginx (Debian's package;
.ci/run installs it) in front of three NodeKit backends, a client hammering
it, one backend killed mid-run: no client error, and upstream keep-alive in
use. The ``upstream`` and ``server`` blocks are read from the document; only
the ports are changed (and nginx is told where to keep its files).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
from cluster_support import ROOT, Primary, free_port, get, hammer, program, served_by

NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")

BACKEND = """
import sys
from nodekit import http

port = int(sys.argv[1])
served = {}  # socket -> requests it carried: > 1 means nginx kept it alive

def on_request(req, res):
    served[req.socket] = served.get(req.socket, 0) + 1
    res.end(f"{port} {served[req.socket]}\\n")

server = http.create_server(on_request)
server.listen(port, "127.0.0.1", lambda: print("listening on", port, flush=True))
"""


def documented_config() -> str:
    """The first ```nginx block of docs/deploy.md."""
    text = (ROOT / "docs" / "deploy.md").read_text()
    match = re.search(r"```nginx\n(.*?)```", text, re.S)
    assert match, "docs/deploy.md has no ```nginx block"
    return match.group(1)


def nginx_conf(tmp: Path, listen: int, backends: list[int]) -> Path:
    config = documented_config()
    documented = re.findall(r"server 127\.0\.0\.1:(\d+)", config)
    assert len(documented) == len(backends), documented
    for old, new in zip(documented, backends, strict=True):
        config = config.replace(f"127.0.0.1:{old}", f"127.0.0.1:{new}")
    config, n = re.subn(r"listen \d+;", f"listen 127.0.0.1:{listen};", config)
    assert n == 1
    temp = "\n".join(f"    {kind}_temp_path {tmp}/{kind};"
                     for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf = tmp / "nginx.conf"
    conf.write_text(f"""{user}daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 512; }}
http {{
    access_log off;
{temp}
{config}
}}
""")
    return conf


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed "
                    "(Debian: apt-get install nginx; .ci/run installs it)")
def test_nginx_retries_elsewhere_when_a_backend_dies(tmp_path):
    ports = [free_port() for _ in range(3)]
    listen = free_port()
    backends = [Primary(program(tmp_path, BACKEND, "backend.py"), port) for port in ports]
    nginx = None
    try:
        for b, port in zip(backends, ports, strict=True):
            b.expect(f"listening on {port}")
        conf = nginx_conf(tmp_path, listen, ports)
        nginx = subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", str(conf)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while True:
            try:
                served_by(get(listen))
                break
            except OSError:
                assert nginx.poll() is None, nginx.stderr.read().decode()  # type: ignore
                assert time.monotonic() < deadline, "nginx did not start"
                time.sleep(0.05)
        stop, results = threading.Event(), []
        clients = [threading.Thread(target=hammer, args=(listen, stop, results))
                   for _ in range(3)]
        for c in clients:
            c.start()
        try:
            while len(results) < 150:
                time.sleep(0.02)
            backends[1].proc.kill()  # a host goes away mid-run
            killed_at = len(results)
            while len(results) < killed_at + 300:
                time.sleep(0.02)
        finally:
            stop.set()
            for c in clients:
                c.join(timeout=15)
    finally:
        if nginx is not None:
            nginx.send_signal(signal.SIGQUIT)
            nginx.wait(timeout=10)
        for b in backends:
            b.__exit__()
    failures = [r for r in results if not isinstance(r, str)]
    assert failures == [], failures[:5]
    answered = [r.split() for r in results]
    assert {port for port, _ in answered} == {str(p) for p in ports}
    after = {port for port, _ in answered[killed_at + 100:]}
    assert after == {str(ports[0]), str(ports[2])}  # nobody waits on the dead one
    assert max(int(n) for _, n in answered) > 1  # upstream connections are kept alive
