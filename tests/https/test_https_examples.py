"""examples/https_server.py and examples/https_get.py run end to end, as
separate ``python -m nodekit`` processes; the server makes its own
certificate at start-up. Ports are picked free; the server is killed."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
TIMEOUT = 20.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def https_server() -> Iterator[tuple[int, str]]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "nodekit", str(EXAMPLES / "https_server.py"),
                             str(port)], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        banner = proc.stdout.readline() + proc.stdout.readline()  # type: ignore[union-attr]
        assert f"https://127.0.0.1:{port}/" in banner, proc.stderr.read()  # type: ignore
        yield port, banner
    finally:
        proc.kill()
        proc.communicate(timeout=TIMEOUT)


def run_get(url: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "nodekit", str(EXAMPLES / "https_get.py"), url],
                          cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT,
                          env={**os.environ, **env})


def test_https_server_prints_curl_k_instructions(https_server: tuple[int, str]) -> None:
    port, banner = https_server
    assert f"curl -k https://127.0.0.1:{port}/" in banner


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl_k_gets_an_answer_from_the_https_server(https_server: tuple[int, str]) -> None:
    port, _ = https_server
    out = subprocess.run(["curl", "-sSk", f"https://127.0.0.1:{port}/curl"],
                         capture_output=True, text=True, timeout=TIMEOUT)
    assert out.stdout == "Hello over TLSv1.3 from NodeKit! You asked for /curl\n"


def test_https_get_fetches_with_verification_off(https_server: tuple[int, str]) -> None:
    port, _ = https_server
    out = run_get(f"https://127.0.0.1:{port}/get", NODE_TLS_REJECT_UNAUTHORIZED="0")
    assert out.returncode == 0, out.stderr
    assert out.stdout == "Hello over TLSv1.3 from NodeKit! You asked for /get\n"
    assert "200 OK (TLSv1.3" in out.stderr and "authorized=False" in out.stderr


def test_https_get_refuses_the_self_signed_certificate(https_server: tuple[int, str]) -> None:
    port, _ = https_server
    out = run_get(f"https://127.0.0.1:{port}/")
    assert out.returncode == 1 and out.stdout == ""
    assert "DEPTH_ZERO_SELF_SIGNED_CERT" in out.stderr
