"""Node's ``test/fixtures/keys`` for the ported ``test-https-*.js`` files,
made at run time (never checked in) by ``tests/https/tls_certs.py``.

Same shape as Node's fixtures: ``agent1`` is a certificate with the common
name ``agent1`` and no subjectAltName, signed by ``ca1`` (which the server
does not send); ``agent2`` is self-signed (CN ``agent2``). A port that names
a fixture uses the one here of the same shape and says so only where the
shape differs.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from tests.https.tls_certs import Pair, certs, issue


@functools.lru_cache(maxsize=1)
def agent1() -> Pair:
    """``agent1-key.pem``/``agent1-cert.pem``: CN agent1, signed by ca1, no SAN."""
    return certs().signed("agent1")


def ca1() -> str:
    """``ca1-cert.pem``: the CA that signed agent1."""
    return certs().ca.cert


@functools.lru_cache(maxsize=1)
def agent2() -> Pair:
    """``agent2-key.pem``/``agent2-cert.pem``: self-signed, CN agent2."""
    return issue("agent2")


def agent1_options(**extra: Any) -> dict[str, Any]:
    """``{key: agent1-key, cert: agent1-cert, ...extra}``: most files' server options."""
    pair = agent1()
    return {"key": pair.key, "cert": pair.cert, **extra}


def raw_tls_response_server(common: Any, response: str,
                            then: Callable[[Any, int], Any]) -> None:
    """``_common.raw_response_server`` over TLS: a tls.Server (agent1) that
    dumps the request and answers ``response``; ``then(server, port)``."""
    from nodekit import tls

    def on_secure(sock: Any) -> None:
        sock.resume()  # dump the request
        sock.on("error", lambda err: None)
        sock.end(response)

    server = tls.create_server(agent1_options(), common.must_call(on_secure))
    common.listen(server, lambda port: then(server, port))


def tls_request_client(common: Any, server: Any, head: str) -> None:
    """Node's ``tls.connect`` + write + end client of the per-stream tests:
    once ``server`` listens, it writes ``head`` and ends; the server closes
    when the connection does (Node: stream.finished(client))."""
    from nodekit import tls

    def go(port: int) -> None:
        client = tls.connect({"host": common.HOST, "port": port, "reject_unauthorized": False})
        client.write(head)
        client.end()
        client.on("data", lambda d: None)
        client.on("error", lambda err: None)
        client.on("close", common.must_call(lambda *_: server.close()))

    common.listen(server, go)
