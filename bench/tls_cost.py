"""Instructions per keep-alive request of the hello-world server, over TLS
and plain, under callgrind (immune to the machine's load).

``python bench/tls_cost.py [--plain] [--runs 200,3200] [--annotate]``: the
server (the hello world of bench/programs/server.py; one connection, then it
exits) runs under ``valgrind --tool=callgrind`` twice, for the two request
counts; a client in another process sends the requests one at a time on one
keep-alive connection. The figure is the difference of the two totals over
the difference of the counts, so start-up and the handshake cancel out.
``--annotate`` prints the per-library split of the difference.

``--download``: instructions per MiB of a streamed download instead (the
pump of bench/programs/server.py: 64 KiB writes, ``'drain'`` when full); the
two runs are one request each, of ``--runs`` MiB (default 8,40).
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import ssl
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from run import tls_files  # noqa: E402

SERVER = r"""
import sys
from nodekit import http, https

sys.path.insert(0, @PROGRAMS@)
from handlers import on_request

if len(sys.argv) > 2:
    with open(sys.argv[1], "rb") as key, open(sys.argv[2], "rb") as cert:
        server = https.create_server({"key": key.read(), "cert": cert.read()}, on_request)
else:
    server = http.create_server(on_request)
server.on("connection", lambda sock: sock.on("close", lambda *a: server.close()))
server.listen(0, "127.0.0.1",
              lambda: print(server.address()["port"], flush=True))
"""

REQUEST = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: bench\r\n\r\n"


def _connect(port: int, tls: bool) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port))
    if tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        sock = ctx.wrap_socket(sock)
    return sock


def drive_download(port: int, mib: int, tls: bool) -> None:
    """One request for ``mib`` MiB, read to its end and dropped."""
    sock = _connect(port, tls)
    size = mib << 20
    sock.sendall(f"GET /download?size={size} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    head = b""
    while b"\r\n\r\n" not in head:
        head += sock.recv(65536)
    got = len(head.partition(b"\r\n\r\n")[2])
    buf = bytearray(1 << 20)
    while got < size:
        n = sock.recv_into(buf)
        if not n:
            raise ConnectionError("the server closed the connection")
        got += n
    sock.close()


def drive(port: int, count: int, tls: bool) -> None:
    """``count`` requests, one at a time, on one keep-alive connection."""
    sock = _connect(port, tls)
    for _ in range(count):
        sock.sendall(REQUEST)
        data = b""
        while not _complete(data):
            chunk = sock.recv(65536)
            if not chunk:
                raise ConnectionError("the server closed the connection")
            data += chunk
    sock.close()


def _complete(data: bytes) -> bool:
    """A whole response: its head and its Content-Length body or last chunk."""
    head, sep, body = data.partition(b"\r\n\r\n")
    if not sep:
        return False
    length = re.search(rb"(?i)\r\ncontent-length: *(\d+)", head)
    if length:
        return len(body) >= int(length.group(1))
    return body.endswith(b"0\r\n\r\n")


def measure(count: int, tls: bool, out: str, download: bool = False) -> int:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    # In a directory of its own: the directory of the script is sys.path[0],
    # which the interpreter lists at start-up, and /tmp's changing contents
    # made that part of the figure (~1-2 k a request between two runs).
    home = tempfile.mkdtemp(prefix="tls_cost.")
    with open(os.path.join(home, "server.py"), "w") as f:
        f.write(SERVER.replace("@PROGRAMS@", repr(str(ROOT / "bench" / "programs"))))
    args = [str(p) for p in tls_files()] if tls else []
    proc = subprocess.Popen(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
         sys.executable, f.name, *args],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
    try:
        port = int(proc.stdout.readline())
        (drive_download if download else drive)(port, count, tls)
    except BaseException:
        proc.kill()
        raise
    # (the server exits when its connection closes)
    proc.wait(timeout=600)
    os.unlink(f.name)
    os.rmdir(home)
    return totals(out)["total"]


def totals(out: str) -> dict[str, int]:
    text = subprocess.run(["callgrind_annotate", "--inclusive=no", out],
                          capture_output=True, text=True, check=True).stdout
    result: dict[str, int] = {}
    for line in text.splitlines():
        m = re.match(r"\s*([\d,]+) \(\s*[\d.]+%\)\s+PROGRAM TOTALS", line)
        if m:
            result["total"] = int(m.group(1).replace(",", ""))
    return result


def by_object(out: str) -> dict[str, int]:
    """Instructions by shared object (OpenSSL, libc, uvloop, the interpreter...)."""
    text = subprocess.run(["callgrind_annotate", "--inclusive=no", "--threshold=100", out],
                          capture_output=True, text=True, check=True).stdout
    objs: dict[str, int] = {}
    for line in text.splitlines():
        m = re.match(r"\s*([\d,]+) \(\s*[\d.]+%\)\s+\S+:\S+ \[(.+)\]$", line)
        if m:
            name = os.path.basename(m.group(2))
            objs[name] = objs.get(name, 0) + int(m.group(1).replace(",", ""))
    return objs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plain", action="store_true", help="http instead of https")
    parser.add_argument("--runs", default=None, help="200,3200 (requests); 8,40 (MiB)")
    parser.add_argument("--download", action="store_true", help="instructions per MiB")
    parser.add_argument("--annotate", action="store_true")
    parser.add_argument("--keep", metavar="PREFIX",
                        help="keep the two callgrind files as PREFIX.LOW.out, PREFIX.HIGH.out")
    args = parser.parse_args()
    runs = args.runs or ("8,40" if args.download else "200,3200")
    low, high = (int(n) for n in runs.split(","))
    tls = not args.plain
    prefix = args.keep or f"/tmp/tls_cost.{os.getpid()}"
    outs = [f"{prefix}.{n}.out" for n in (low, high)]
    counts = [measure(n, tls, out, args.download)
              for n, out in zip((low, high), outs, strict=True)]
    print(f"{'TLS' if tls else 'plain'}: {(counts[1] - counts[0]) / (high - low):,.0f} "
          f"instructions per {'MiB downloaded' if args.download else 'request'}")
    if args.annotate:
        before, after = by_object(outs[0]), by_object(outs[1])
        rows = sorted(((after.get(k, 0) - before.get(k, 0)) / (high - low), k)
                      for k in set(before) | set(after))
        for per, name in reversed(rows):
            if abs(per) >= 50:
                print(f"  {per:10,.0f}  {name}")
    if not args.keep:
        for out in outs:
            os.unlink(out)


if __name__ == "__main__":
    main()
