# Port of Node v20 test/parallel/test-https-agent-getname.js.
# Deviations: NodeKit's https.Agent names a pool by the TLS options it has
# (API.md §9): host, port, local_address, then ca, cert, ciphers, key, pfx,
# passphrase, reject_unauthorized, servername, min_version, max_version,
# secure_protocol, honor_cipher_order, ecdh_curve, dhparam, secure_options,
# session_id_context (Node's order), then alpn_protocols,
# check_server_identity, secure_context. Node's list also has options NodeKit
# does not take (clientCertEngine, crl, sigalgs, privateKeyIdentifier/Engine)
# and not passphrase, so the empty name has 21 colons after localhost (Node:
# 22) and the full one NodeKit's fields in its order; Python's False prints
# as False.
from nodekit import https


def test_empty_argument_and_empty_options():
    agent = https.Agent()
    assert agent.get_name() == "localhost::" + ":" * 19
    assert agent.get_name({}) == "localhost::" + ":" * 19


def test_every_option_is_in_the_name():
    options = {
        "host": "0.0.0.0", "port": 443, "local_address": "192.168.1.1",
        "ca": "ca", "cert": "cert", "ciphers": "ciphers", "key": "key",
        "passphrase": "passphrase", "reject_unauthorized": False, "servername": "localhost",
        "min_version": "TLSv1.2", "max_version": "TLSv1.3", "alpn_protocols": ["http/1.1"],
    }
    assert https.Agent().get_name(options) == (
        "0.0.0.0:443:192.168.1.1:ca:cert:ciphers:key::passphrase:False:localhost:"
        "TLSv1.2:TLSv1.3:::::::http/1.1::")


def test_a_list_option_is_joined_with_commas():
    # Node: crl [Buffer 'c', 'r', 'l'] -> 'c,r,l'; here ca, a list NodeKit takes.
    name = https.Agent().get_name({"ca": [b"c", b"r", b"l"]})
    assert name == "localhost:::c,r,l" + ":" * 18
