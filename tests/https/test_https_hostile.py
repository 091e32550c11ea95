"""The hostile-input vectors (tests/hostile/vectors.py) over TLS: the same
bytes, inside a TLS connection to an https server, get the same answers,
smuggle nothing, end the connection, and leave the server serving.

Vectors that half-close the connection are left out: TLS has no half-close
(a close_notify ends both directions, so no answer can follow it).
"""

from __future__ import annotations

import socket
import ssl
from typing import Any

import pytest
from tls_certs import certs

from nodekit import https
from tests.hostile.harness import (
    NEXT,
    READ_TIMEOUT,
    RESETS,
    SENTINEL,
    Recorder,
    parse_responses,
    read_to_end,
    uncaught,
    uses_shutdown,
)
from tests.hostile.vectors import VECTORS, Vector
from tests.support import serve


def _param(v: Vector) -> Any:
    return pytest.param(v, id=f"{v.family}: {v.name}")


TLS_VECTORS = [v for v in VECTORS if not uses_shutdown(v)]


def tls_exchange(port: int, data: bytes) -> tuple[bytes, str]:
    """Send ``data`` in a new TLS connection; read until the server closes it."""
    ctx = ssl.create_default_context(cadata=certs().ca.cert)
    with socket.create_connection(("127.0.0.1", port), timeout=READ_TIMEOUT) as raw, \
            ctx.wrap_socket(raw, server_hostname="localhost") as sock:
        try:
            sock.sendall(data)
        except OSError:
            pass  # the server may close first (an early 400 / 431)
        return read_to_end(sock, resets=(ssl.SSLError, *RESETS))


@pytest.mark.parametrize("vec", [_param(v) for v in TLS_VECTORS])
def test_vector_over_tls(vec: Vector) -> None:
    recorder = Recorder()
    srv = https.create_server({**certs().server_options(), **vec.options})

    def setup(server: Any) -> None:
        for name, value in vec.attrs.items():
            setattr(server, name, value)
        recorder.install(server)

    def client(port: int) -> tuple[bytes, str, bytes]:
        raw, ended = tls_exchange(port, vec.data + SENTINEL)
        return raw, ended, tls_exchange(port, NEXT)[0]

    with uncaught() as errors:
        raw, ended, following = serve(setup, client, server=srv)
    assert errors == [], f"exception escaped to the loop: {errors!r}"
    responses, leftover = parse_responses(raw)
    seen = tuple(s.triple() for s in recorder.seen if s.url != "/__next")
    assert seen == vec.seen + ((("GET", "/__end", b""),) if vec.keep_alive else ())
    assert tuple(r.status for r in responses) == vec.status + ((200,) if vec.keep_alive else ())
    assert leftover == b""
    assert ended in ("eof", "reset"), "the server left the connection open"
    assert parse_responses(following)[0][0].status == 200, "the server stopped serving"
