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
