"""``tls`` options and members that go through NodeKit's OpenSSL bindings
(``nodekit._openssl``) or ``cryptography``: verify-and-report without
rejecting, ``'keylog'``, ticket keys, ``pfx``, a key or certificate alone,
Node's context options (``secure_protocol``, ``ecdh_curve``, ...), and the
bindings' own safety checks."""

from __future__ import annotations

import os
import ssl
from typing import Any

import pytest
from conftest import run
from test_tls import pair, trusting
from tls_certs import certs

from nodekit import _openssl, https, tls
from nodekit.errors import NodeError

needs_openssl = pytest.mark.skipif(not _openssl.AVAILABLE, reason=_openssl.REASON)


# -- the bindings ------------------------------------------------------------------------
@needs_openssl
def test_the_context_pointer_agrees_with_python() -> None:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    pointer = _openssl.ctx_pointer(ctx)
    assert pointer
    sslobj = ctx.wrap_bio(ssl.MemoryBIO(), ssl.MemoryBIO(), server_side=True)
    assert _openssl.ssl_pointer(sslobj)
    assert _openssl.verify_result(sslobj) == 0  # X509_V_OK before any handshake


@needs_openssl
def test_accepting_unverified_keeps_python_s_view_of_the_mode() -> None:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    assert not _openssl.accepts_unverified(ctx)
    assert _openssl.accept_unverified(ctx)
    assert _openssl.accepts_unverified(ctx)
    assert ctx.verify_mode == ssl.CERT_OPTIONAL  # SSL_VERIFY_PEER, no FAIL_IF_NO_PEER_CERT
    ctx.verify_mode = ssl.CERT_REQUIRED  # Python keeps the callback...
    assert _openssl.accepts_unverified(ctx)
    _openssl.refuse_unverified(ctx)  # ...which this removes
    assert not _openssl.accepts_unverified(ctx)
    assert ctx.verify_mode == ssl.CERT_REQUIRED


@needs_openssl
def test_a_server_context_reused_with_reject_refuses_again() -> None:
    # One SecureContext, first for a server that accepts strangers, then for
    # one that rejects them: the second must not inherit the first's callback.
    c = certs()
    stranger = c.signed("stranger", client=True, by=c.other_ca)
    sc = tls.create_secure_context(c.server_options(ca=c.ca.cert))
    client = trusting(key=stranger.key, cert=stranger.cert)
    seen = pair({"secure_context": sc, "request_cert": True, "reject_unauthorized": False},
                client)
    assert seen["server"]["authorized"] is False
    seen = pair({"secure_context": sc, "request_cert": True}, client)
    assert [e.code for e in seen["server_errors"]] == ["UNABLE_TO_VERIFY_LEAF_SIGNATURE"]


def test_not_a_context_gives_no_pointer() -> None:
    assert _openssl.ctx_pointer(object()) == 0  # type: ignore[arg-type]


# -- verify and report -------------------------------------------------------------------
@needs_openssl
@pytest.mark.parametrize("server, client, error", [
    ("untrusted", {}, "UNABLE_TO_VERIFY_LEAF_SIGNATURE"),
    ("self_signed", {}, "DEPTH_ZERO_SELF_SIGNED_CERT"),
    ("expired", {"ca": "ca"}, "CERT_HAS_EXPIRED"),
    ("server", {"ca": "ca", "servername": "example.com"}, "ERR_TLS_CERT_ALTNAME_INVALID"),
    ("server", {"ca": "ca"}, None),
])
def test_reject_unauthorized_false_still_verifies_and_reports(
        server: str, client: dict[str, Any], error: str | None) -> None:
    c = certs()
    chosen = getattr(c, server)
    options = {k: c.ca.cert if v == "ca" else v for k, v in client.items()}
    seen = pair({"key": chosen.key, "cert": chosen.cert},
                {"reject_unauthorized": False, **options})
    assert seen["data"] == b"pong"
    assert seen["client"]["authorization_error"] == error
    assert seen["client"]["authorized"] is (error is None)
    # verified, so ssl decodes it
    assert seen["client"]["cert"]["subject"]["CN"] == "localhost"


@needs_openssl
def test_request_cert_without_reject_accepts_and_reports_a_stranger() -> None:
    c = certs()
    stranger = c.signed("stranger", client=True, by=c.other_ca)
    seen = pair(c.server_options(request_cert=True, reject_unauthorized=False, ca=c.ca.cert),
                trusting(key=stranger.key, cert=stranger.cert))
    assert seen["data"] == b"pong"
    assert seen["server_errors"] == []
    assert seen["server"]["authorized"] is False
    assert seen["server"]["authorization_error"] == "UNABLE_TO_VERIFY_LEAF_SIGNATURE"
    assert seen["server"]["cert"]["subject"] == {"CN": "stranger"}


@needs_openssl
def test_request_cert_without_reject_authorizes_a_trusted_client() -> None:
    c = certs()
    seen = pair(c.server_options(request_cert=True, reject_unauthorized=False, ca=c.ca.cert),
                trusting(key=c.client.key, cert=c.client.cert))
    assert seen["server"]["authorized"] is True
    assert seen["server"]["authorization_error"] is None


def test_request_cert_with_reject_still_refuses_a_stranger() -> None:
    c = certs()
    stranger = c.signed("stranger", client=True, by=c.other_ca)
    seen = pair(c.server_options(request_cert=True, ca=c.ca.cert),
                trusting(key=stranger.key, cert=stranger.cert))
    assert [e.code for e in seen["server_errors"]] == ["UNABLE_TO_VERIFY_LEAF_SIGNATURE"]


def test_an_rsa_certificate_has_bits_exponent_and_modulus() -> None:
    pytest.importorskip("cryptography")
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1)).sign(key, hashes.SHA256()))
    pem_key = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    pem_cert = cert.public_bytes(serialization.Encoding.PEM).decode()
    seen = pair({"key": pem_key, "cert": pem_cert}, {"ca": pem_cert})
    got = seen["client"]["cert"]
    assert got["exponent"] == "0x10001"
    assert got["bits"] == 2048
    assert got["modulus"] == f"{key.public_key().public_numbers().n:X}"
    # an EC certificate has none of them
    assert "modulus" not in pair(certs().server_options(), trusting())["client"]["cert"]


# -- keylog --------------------------------------------------------------------------------
@needs_openssl
@pytest.mark.parametrize("version", ["TLSv1.2", "TLSv1.3"])
def test_keylog_lines_on_both_sockets_and_the_server(version: str) -> None:
    lines: dict[str, list[bytes]] = {"server": [], "client": []}
    sockets: list[Any] = []

    def main() -> None:
        srv = tls.create_server(certs().server_options(max_version=version))
        srv.on("keylog", lambda line, sock: (lines["server"].append(line),
                                              sockets.append(sock)))
        srv.on("secureConnection", lambda sock: sock.end())

        def go() -> None:
            cl = tls.connect({"port": srv.address()["port"], "host": "localhost",
                              **trusting()})
            cl.on("keylog", lines["client"].append)
            cl.on("close", lambda *_: srv.close())
            cl.resume()

        srv.listen(0, "127.0.0.1", go)

    run(main, 10)
    expected = 1 if version == "TLSv1.2" else 5  # CLIENT_RANDOM / the five 1.3 secrets
    assert len(lines["server"]) == len(lines["client"]) == expected
    assert sorted(lines["server"]) == sorted(lines["client"])  # the same secrets
    assert all(line.endswith(b"\n") for line in lines["client"])
    labels = {line.split()[0] for line in lines["client"]}
    assert labels == ({b"CLIENT_RANDOM"} if version == "TLSv1.2" else {
        b"CLIENT_HANDSHAKE_TRAFFIC_SECRET", b"SERVER_HANDSHAKE_TRAFFIC_SECRET",
        b"CLIENT_TRAFFIC_SECRET_0", b"SERVER_TRAFFIC_SECRET_0", b"EXPORTER_SECRET"})
    assert all(isinstance(s, tls.TLSSocket) for s in sockets)


def test_no_keylog_listener_sets_no_callback() -> None:
    sc = tls.create_secure_context(certs().server_options())
    pair(certs().server_options(secure_context=sc), trusting())
    assert sc.server_context.keylog is None


# -- ticket keys ------------------------------------------------------------------------------
@needs_openssl
def test_ticket_keys_round_trip_and_are_checked() -> None:
    srv = tls.create_server(certs().server_options())
    assert len(srv.get_ticket_keys()) == 48
    keys = os.urandom(48)
    srv.set_ticket_keys(keys)
    assert srv.get_ticket_keys() == keys
    with pytest.raises(NodeError) as info:
        srv.set_ticket_keys(b"short")
    assert info.value.code == "ERR_INTERNAL_ASSERTION"
    with pytest.raises(TypeError):
        srv.set_ticket_keys("not bytes")  # type: ignore[arg-type]


@needs_openssl
def test_servers_with_the_same_ticket_keys_resume_each_other_s_sessions() -> None:
    keys = os.urandom(48)
    sc = tls.create_secure_context(trusting())
    seen: list[bool] = []

    def main() -> None:
        first = tls.create_server(certs().server_options(ticket_keys=keys))
        second = tls.create_server(certs().server_options(ticket_keys=keys))
        first.on("secureConnection", lambda sock: sock.end(b"x"))
        second.on("secureConnection", lambda sock: sock.end(b"x"))

        def connect(server: Any, session: Any, then: Any) -> None:
            cl = tls.connect({"port": server.address()["port"], "host": "localhost",
                              "secure_context": sc, "session": session})
            got: list[Any] = []
            cl.on("session", got.append)
            cl.on("data", lambda _d: None)
            cl.on("close", lambda *_: (seen.append(cl.is_session_reused()),
                                       then(got[-1] if got else None)))

        def done(_session: Any) -> None:
            first.close()
            second.close()

        first.listen(0, "127.0.0.1", lambda: second.listen(
            0, "127.0.0.1", lambda: connect(first, None,
                                            lambda session: connect(second, session, done))))

    run(main, 10)
    assert seen == [False, True]


# -- pfx, and a key or certificate alone --------------------------------------------------------
def _pfx(passphrase: bytes | None) -> bytes:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    c = certs()
    key = serialization.load_pem_private_key(c.server.key.encode(), None)
    cert = x509.load_pem_x509_certificate(c.server.cert.encode())
    ca = x509.load_pem_x509_certificate(c.ca.cert.encode())
    encryption = (serialization.BestAvailableEncryption(passphrase) if passphrase
                  else serialization.NoEncryption())
    return pkcs12.serialize_key_and_certificates(b"server", key, cert, [ca], encryption)


@pytest.mark.parametrize("passphrase", [None, b"sample"])
def test_a_server_from_a_pfx(passphrase: bytes | None) -> None:
    pytest.importorskip("cryptography")
    options = {"pfx": _pfx(passphrase)}
    if passphrase:
        options["passphrase"] = passphrase.decode()
    seen = pair(options, trusting())
    assert seen["data"] == b"pong"
    assert seen["client"]["authorized"] is True


def test_a_pfx_list_with_its_own_passphrase() -> None:
    pytest.importorskip("cryptography")
    seen = pair({"pfx": [{"buf": _pfx(b"inner"), "passphrase": "inner"}],
                 "passphrase": "outer"}, trusting())
    assert seen["data"] == b"pong"


def test_a_pfx_with_the_wrong_passphrase_or_no_pfx_fails() -> None:
    pytest.importorskip("cryptography")
    with pytest.raises(tls.TLSError):
        tls.create_secure_context({"pfx": _pfx(b"sample"), "passphrase": "wrong"})
    with pytest.raises(tls.TLSError):
        tls.create_secure_context({"pfx": b"not a pkcs12 bundle"})
    with pytest.raises(TypeError):
        tls.create_secure_context({"pfx": 42})


@pytest.mark.parametrize("options", [{"key": "cert-less"}, {"cert": "key-less"}])
def test_a_key_or_certificate_alone_makes_a_server_whose_handshake_fails(
        options: dict[str, Any]) -> None:
    c = certs()
    given = {k: (c.server.key if k == "key" else c.server.cert) for k in options}
    https.create_server(given)  # as in Node: made without complaint
    seen = pair(given, trusting())
    assert seen["data"] == b""
    assert len(seen["server_errors"]) == 1


# -- Node's context options ----------------------------------------------------------------------
def test_secure_protocol_sets_both_versions() -> None:
    sc = tls.create_secure_context({"secure_protocol": "TLSv1_2_method"})
    ctx = sc.client_context
    assert ctx.minimum_version == ssl.TLSVersion.TLSv1_2
    assert ctx.maximum_version == ssl.TLSVersion.TLSv1_2
    seen = pair(certs().server_options(), trusting(secure_protocol="TLSv1_2_method"))
    assert seen["client"]["protocol"] == "TLSv1.2"


@pytest.mark.parametrize("options, code", [
    ({"secure_protocol": "foo"}, "ERR_TLS_INVALID_PROTOCOL_METHOD"),
    ({"secure_protocol": "SSLv3_method"}, "ERR_TLS_INVALID_PROTOCOL_METHOD"),
    ({"secure_protocol": "TLSv1_1_method", "min_version": "TLSv1.2"},
     "ERR_TLS_PROTOCOL_VERSION_CONFLICT"),
    ({"ecdh_curve": "bogus"}, "ERR_CRYPTO_OPERATION_FAILED"),
    ({"session_id_context": "x" * 33}, "ERR_CRYPTO_OPERATION_FAILED"),
    ({"session_id_context": 5}, "ERR_INVALID_ARG_TYPE"),
])
def test_bad_context_options_raise_node_s_codes(options: dict[str, Any], code: str) -> None:
    with pytest.raises(NodeError) as info:
        tls.create_secure_context(options)
    assert info.value.code == code


def test_options_and_ecdh_curves_reach_the_context() -> None:
    sc = tls.create_secure_context({"secure_options": ssl.OP_NO_TICKET,
                                    "honor_cipher_order": True, "ecdh_curve": "P-256:P-384",
                                    "dhparam": "not PEM: ignored, as in Node",
                                    "session_id_context": "ctx"})
    ctx = sc.client_context
    assert ctx.options & ssl.OP_NO_TICKET
    assert ctx.options & ssl.OP_CIPHER_SERVER_PREFERENCE
    seen = pair(certs().server_options(ecdh_curve="secp384r1"),
                trusting(ecdh_curve="secp384r1:prime256v1"))
    assert seen["data"] == b"pong"


def test_the_agent_names_its_pools_by_the_new_options() -> None:
    agent = https.Agent()
    plain = agent.get_name({"host": "a", "port": 443})
    for key, value in (("pfx", b"P"), ("secure_protocol", "TLSv1_2_method"),
                       ("honor_cipher_order", True), ("ecdh_curve", "P-256"),
                       ("dhparam", "DH"), ("secure_options", 4),
                       ("session_id_context", "S")):
        name = agent.get_name({"host": "a", "port": 443, key: value})
        assert name != plain and str(value if not isinstance(value, bytes)
                                     else value.decode()) in name


# -- without the bindings: ssl's behaviour, as before ------------------------------------------
@pytest.fixture
def no_bindings(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every binding starts from ctx_pointer: 0 is "cannot be had safely".
    monkeypatch.setattr(_openssl, "ctx_pointer", lambda ctx: 0)


def test_without_bindings_reject_false_does_not_verify(no_bindings: None) -> None:
    seen = pair(certs().server_options(), {"reject_unauthorized": False})
    assert seen["data"] == b"pong"
    assert seen["client"]["authorized"] is False
    assert seen["client"]["authorization_error"] is None


def test_without_bindings_request_cert_refuses_a_stranger(no_bindings: None) -> None:
    c = certs()
    stranger = c.signed("stranger", client=True, by=c.other_ca)
    seen = pair(c.server_options(request_cert=True, reject_unauthorized=False, ca=c.ca.cert),
                trusting(key=stranger.key, cert=stranger.cert))
    assert [e.code for e in seen["server_errors"]] == ["UNABLE_TO_VERIFY_LEAF_SIGNATURE"]


def test_without_bindings_ticket_keys_are_unavailable(no_bindings: None) -> None:
    srv = tls.create_server(certs().server_options())
    for call in (srv.get_ticket_keys, lambda: srv.set_ticket_keys(os.urandom(48))):
        with pytest.raises(NodeError) as info:
            call()
        assert info.value.code == "ERR_FEATURE_UNAVAILABLE_ON_PLATFORM"


def test_without_bindings_no_keylog(no_bindings: None) -> None:
    lines: list[bytes] = []

    def main() -> None:
        srv = tls.create_server(certs().server_options())
        srv.on("keylog", lambda line, sock: lines.append(line))
        srv.on("secureConnection", lambda sock: sock.end())

        def go() -> None:
            cl = tls.connect({"port": srv.address()["port"], "host": "localhost",
                              **trusting()})
            cl.on("keylog", lines.append)
            cl.on("close", lambda *_: srv.close())
            cl.resume()

        srv.listen(0, "127.0.0.1", go)

    run(main, 10)
    assert lines == []
