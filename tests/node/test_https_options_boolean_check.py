# Port of Node v20 test/parallel/test-https-options-boolean-check.js.
# Deviations: JS's Buffer, ArrayBuffer and DataView are bytes, bytearray and
# memoryview here; Node's common.invalidArgTypeHelper tail of the message
# ("Received type boolean (true)") is Python-spelled, so the port checks the
# code, the class and the message up to it. The fixtures (agent1, ec, ca1,
# ca2) are made at run time (tests/node/_tls.py, tests/https/tls_certs.py).
# A key without a certificate (or the reverse) makes the server, as in Node;
# a handshake then fails (tests/https/test_tls_options.py).
import pytest

from nodekit import https
from tests.https.tls_certs import certs
from tests.node._common import raises
from tests.node._tls import agent1, agent2, ca1

KEY, CERT = agent1().key.encode(), agent1().cert.encode()
KEY2, CERT2 = agent2().key.encode(), agent2().cert.encode()
CA, CA2 = ca1().encode(), certs().other_ca.cert.encode()
KEY_STR, CERT_STR, KEY_STR2, CERT_STR2 = KEY.decode(), CERT.decode(), KEY2.decode(), CERT2.decode()
KEY_AB, CERT_AB, CA_AB = bytearray(KEY), bytearray(CERT), bytearray(CA)
KEY_DV, CERT_DV, CA_DV = memoryview(KEY), memoryview(CERT), memoryview(CA)

@pytest.mark.parametrize("key, cert", [
    (KEY, CERT),
    (False, CERT),
    (KEY, False),
    (KEY_STR, CERT_STR),
    (False, CERT_STR),
    (KEY_STR, False),
    (False, False),
    (KEY_AB, CERT_AB),
    (KEY_AB, False),
    (False, CERT_AB),
    (KEY_DV, CERT_DV),
    (KEY_DV, False),
    (False, CERT_DV),
    ([KEY, KEY2], [CERT, CERT2]),
    ([KEY_STR, KEY_STR2], [CERT_STR, CERT_STR2]),
    ([KEY_STR, KEY_STR2], False),
    (False, [CERT_STR, CERT_STR2]),
    ([{"pem": KEY}], False),
    ([{"pem": KEY}, {"pem": KEY}], False),
])
def test_create_server_accepts(key, cert):
    https.create_server({"key": key, "cert": cert})


def _throws(name, options, val):
    message = (f'The "options.{name}" property must be of type string or an instance of '
               "Buffer, TypedArray, or DataView. Received")
    err = raises(lambda: https.create_server(options), code="ERR_INVALID_ARG_TYPE",
                 cls=TypeError, message=message)
    assert repr(val) in str(err)


@pytest.mark.parametrize("key, cert, index", [
    (True, CERT, None), (True, CERT_STR, None), (True, CERT_AB, None), (True, CERT_DV, None),
    (True, False, None), ({"pem": KEY}, False, None), (1, False, None),
    ([KEY, True], [CERT, CERT2], 1), ([True, KEY_STR2], [CERT_STR, CERT_STR2], 0),
    ([True, False], [CERT, CERT2], 0), (True, [CERT, CERT2], None),
])
def test_create_server_rejects_the_key(key, cert, index):
    _throws("key", {"key": key, "cert": cert}, key if index is None else key[index])


@pytest.mark.parametrize("key, cert, index", [
    (KEY, True, None), (KEY_STR, True, None), (KEY_AB, True, None), (KEY_DV, True, None),
    (True, True, None), (False, True, None), (False, {"pem": KEY}, None), (False, 1, None),
    ([KEY, KEY2], [True, CERT2], 0), ([KEY_STR, KEY_STR2], [CERT_STR, True], 1),
    ([KEY_STR, KEY_STR2], [True, False], 0), ([KEY_STR, KEY_STR2], True, None),
])
def test_create_server_rejects_the_cert(key, cert, index):
    _throws("cert", {"key": key, "cert": cert}, cert if index is None else cert[index])


@pytest.mark.parametrize("ca", [CA, [CA, CA2], CA.decode(), [CA.decode(), CA2.decode()],
                                CA_AB, CA_DV, False])
def test_create_server_accepts_the_ca(ca):
    https.create_server({"key": KEY, "cert": CERT, "ca": ca})


@pytest.mark.parametrize("ca, index", [(True, None), ({}, None), (1, None), (True, None),
                                       ([CA, True], 1)])
def test_create_server_rejects_the_ca(ca, index):
    _throws("ca", {"key": KEY, "cert": CERT, "ca": ca}, ca if index is None else ca[index])
