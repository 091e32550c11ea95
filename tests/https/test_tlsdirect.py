"""``_tlsdirect``: OpenSSL called straight on an SSLObject's ``SSL*`` and BIOs.

Each behaviour is checked against ``ssl``'s own: two connections over memory
BIOs get the same bytes, one read through :class:`Direct`, the other through
``SSLObject``, and must give the same results and the same exceptions
(class, ``args[0]``, ``library``, ``reason``, message but for its source
line). Skipped where the module is not built (``NODEKIT_PURE=1``) or OpenSSL
cannot be reached (then ``_tlsbio`` runs the SSLObject path, tested by the
rest of tests/https).
"""

from __future__ import annotations

import re
import ssl
from pathlib import Path
from typing import Any

import pytest
from conftest import run
from tls_certs import certs

from nodekit import _tlsbio, https

direct_mod = pytest.importorskip("nodekit._tlsdirect")
if not direct_mod.AVAILABLE:
    pytest.skip(f"_tlsdirect unavailable: {direct_mod.REASON}", allow_module_level=True)

CORRUPT = b"\x17\x03\x03\x00\x20" + b"\x55" * 32  # an application-data record of garbage


class Pair:
    """A client and a server SSLObject over memory BIOs, handshaken."""

    def __init__(self, tmp: Path) -> None:
        pem = certs().server
        (tmp / "key.pem").write_text(pem.key)
        (tmp / "cert.pem").write_text(pem.cert)
        sctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        sctx.load_cert_chain(tmp / "cert.pem", tmp / "key.pem")
        cctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        cctx.check_hostname = False
        cctx.verify_mode = ssl.CERT_NONE
        self.s_in, self.s_out, self.c_in, self.c_out = (ssl.MemoryBIO() for _ in range(4))
        self.server = sctx.wrap_bio(self.s_in, self.s_out, server_side=True)
        self.client = cctx.wrap_bio(self.c_in, self.c_out, server_hostname="localhost")
        done = [False, False]
        for _ in range(10):
            for i, obj in enumerate((self.client, self.server)):
                if not done[i]:
                    try:
                        obj.do_handshake()
                        done[i] = True
                    except ssl.SSLWantReadError:
                        pass
                self.move()
            if all(done):
                break
        assert all(done)
        self.server_direct = direct_mod.direct_for(self.server, self.s_in, self.s_out)
        self.client_direct = direct_mod.direct_for(self.client, self.c_in, self.c_out)
        assert self.server_direct is not None and self.client_direct is not None

    def move(self) -> None:
        """What each side wrote, to the other."""
        if self.c_out.pending:
            self.s_in.write(self.c_out.read())
        if self.s_out.pending:
            self.c_in.write(self.s_out.read())


def _read_direct(direct: Any, size: int = 4096) -> Any:
    buf = bytearray(size)
    try:
        n = direct.read_into(buf, 0)
    except ssl.SSLError as exc:
        return exc
    return n if n <= 0 else bytes(buf[:n])


def _read_ssl(obj: ssl.SSLObject, size: int = 4096) -> Any:
    try:
        data = obj.read(size)
    except ssl.SSLWantReadError:
        return -1
    except ssl.SSLError as exc:
        return exc
    return data or 0


def _same_error(ours: Any, theirs: Any) -> None:
    assert isinstance(ours, ssl.SSLError) and isinstance(theirs, ssl.SSLError), (ours, theirs)
    assert type(ours) is type(theirs)
    assert ours.args[0] == theirs.args[0]
    assert (ours.library, ours.reason) == (theirs.library, theirs.reason)
    strip = re.compile(r" \([\w.]+:\d+\)$")
    assert strip.sub("", ours.args[1]) == strip.sub("", theirs.args[1])


def test_application_data_both_ways(tmp_path: Path) -> None:
    pair = Pair(tmp_path)
    pair.s_in.write(pair.client_direct.write(b"hello"))
    assert _read_direct(pair.server_direct) == b"hello"
    assert pair.client_direct.write(b"") == b""  # (nothing to encrypt: no record)
    pair.c_in.write(pair.server_direct.write(memoryview(b"xxworld")[2:]))
    assert pair.client.read(100) == b"world"


def test_feed_takes_a_prefix_and_a_split_record_wants_more(tmp_path: Path) -> None:
    pair = Pair(tmp_path)
    record = pair.client_direct.write(b"split")
    buf = bytearray(record + b"junk")
    pair.server_direct.feed(buf, 7)
    assert pair.server_direct.in_pending()
    assert _read_direct(pair.server_direct) == -1  # (ssl: SSLWantReadError)
    assert not pair.server_direct.in_pending()
    pair.server_direct.feed(memoryview(buf)[7:], len(record) - 7)
    assert _read_direct(pair.server_direct) == b"split"
    with pytest.raises(ValueError):
        pair.server_direct.feed(buf, len(buf) + 1)


def test_read_into_an_offset_fills_the_rest(tmp_path: Path) -> None:
    pair = Pair(tmp_path)
    pair.s_in.write(pair.client.write(b"abcdef") and pair.c_out.read())
    buf = bytearray(b"12345678")
    assert pair.server_direct.read_into(buf, 4) == 4  # (room for 4: the rest stays)
    assert buf == b"1234abcd"
    assert pair.server_direct.read_into(buf, 0) == 2
    assert buf[:2] == b"ef"
    with pytest.raises(ValueError):
        pair.server_direct.read_into(buf, 8)


def test_a_reused_connection_keeps_its_record_buffers(tmp_path: Path) -> None:
    """ssl frees OpenSSL's record buffers after each read and write
    (SSL_MODE_RELEASE_BUFFERS); a connection fed KEEP_BUFFERS_FROM times
    keeps them, and reads and writes on as before."""
    pair = Pair(tmp_path)
    direct = pair.server_direct
    for i in range(direct_mod.KEEP_BUFFERS_FROM):
        assert not direct.keeps_buffers()
        record = pair.client_direct.write(b"request %d" % i)
        direct.feed(record, len(record))
        assert _read_direct(direct) == b"request %d" % i
        pair.c_in.write(direct.write(b"response %d" % i))
        assert pair.client.read(100) == b"response %d" % i
    assert direct.keeps_buffers()
    assert not pair.client_direct.keeps_buffers()  # (never fed: the test fed the server)
    record = pair.client_direct.write(b"x" * 40000)  # (three records)
    direct.feed(record, len(record))
    buf = bytearray(50000)
    got = 0
    while direct.in_pending():
        got += direct.read_into(buf, got)
    assert buf[:got] == b"x" * 40000


def test_close_notify_reads_as_zero_like_ssl(tmp_path: Path) -> None:
    ours, theirs = Pair(tmp_path), Pair(tmp_path)
    for pair in (ours, theirs):
        with pytest.raises(ssl.SSLWantReadError):
            pair.client.unwrap()  # close_notify, then it waits for the server's
        pair.move()
    assert _read_direct(ours.server_direct) == 0
    assert _read_ssl(theirs.server) == 0
    assert ours.server_direct.out_pending() == bool(theirs.s_out.pending)


def test_a_corrupt_record_and_the_alert_it_causes_raise_as_ssl_does(tmp_path: Path) -> None:
    ours, theirs = Pair(tmp_path), Pair(tmp_path)
    ours.server_direct.feed(CORRUPT, len(CORRUPT))
    theirs.s_in.write(CORRUPT)
    mine, ssls = _read_direct(ours.server_direct), _read_ssl(theirs.server)
    _same_error(mine, ssls)
    assert mine.reason  # e.g. DECRYPTION_FAILED_OR_BAD_RECORD_MAC
    # The server wrote its fatal alert: the client reads it as an SSLError too.
    assert ours.server_direct.out_pending()
    ours.move()
    theirs.move()
    mine, ssls = _read_direct(ours.client_direct), _read_ssl(theirs.client)
    _same_error(mine, ssls)
    assert "ALERT" in mine.reason


def test_errors_are_made_as_ssl_makes_them() -> None:
    make = direct_mod._ssl_error
    eof = make(5, 0, None)  # SSL_ERROR_SYSCALL with no error queued: the peer's EOF
    assert type(eof) is ssl.SSLEOFError and eof.args[0] == ssl.SSL_ERROR_EOF
    assert eof.args[1].startswith("EOF occurred in violation of protocol")
    assert type(make(6, 0, None)) is ssl.SSLZeroReturnError
    assert type(make(2, 0, None)) is ssl.SSLWantReadError
    unknown = make(99, 0, None)
    assert type(unknown) is ssl.SSLError and unknown.args[0] == ssl.SSL_ERROR_INVALID_ERROR_CODE
    # (lib 20 = SSL, reason 134 = CERTIFICATE_VERIFY_FAILED)
    verify = make(1, (20 << 23) | 134, "certificate verify failed")
    assert type(verify) is ssl.SSLCertVerificationError
    assert (verify.library, verify.reason) == ("SSL", "CERTIFICATE_VERIFY_FAILED")
    # A reason ssl's table does not name is named from OpenSSL's words (tls
    # makes Node's ERR_SSL_<reason> code of it).
    unnamed = make(1, (20 << 23) | 0x7FFF00, "some new reason")
    assert (unnamed.library, unnamed.reason) == ("SSL", "SOME_NEW_REASON")


def test_not_handed_out_for_objects_it_cannot_check(tmp_path: Path) -> None:
    pair = Pair(tmp_path)
    assert direct_mod.direct_for(pair.server, pair.c_in, pair.s_out) is None  # not its BIOs
    assert direct_mod.direct_for(pair.server, object(), pair.s_out) is None
    assert direct_mod.direct_for(object(), pair.s_in, pair.s_out) is None
    with pytest.raises(TypeError):
        direct_mod.Direct()


def _hello(monkeypatch: pytest.MonkeyPatch, direct: bool) -> list[Any]:
    seen: list[Any] = []
    made = direct_mod.direct_for

    def counted(*args: Any) -> Any:
        found = made(*args)
        seen.append(type(found).__name__)
        return found
    monkeypatch.setattr(_tlsbio, "_direct_for", counted if direct else None)
    pem = certs().server

    def main() -> None:
        def on_request(req: Any, res: Any) -> None:
            res.end("hello " * 3000)

        server = https.create_server({"key": pem.key, "cert": pem.cert}, on_request)

        def listening() -> None:
            port = server.address()["port"]
            req = https.get({"port": port, "host": "127.0.0.1", "ca": certs().ca.cert,
                             "servername": "localhost", "agent": False})

            def on_response(res: Any) -> None:
                body: list[bytes] = []
                res.on("data", body.append)
                res.on("end", lambda: (seen.append(b"".join(body)), server.close()))
            req.on("response", on_response)

        server.listen(0, "127.0.0.1", listening)

    run(main)
    return seen


@pytest.mark.parametrize("direct", [True, False], ids=["direct", "sslobject"])
def test_https_round_trip(monkeypatch: pytest.MonkeyPatch, direct: bool) -> None:
    seen = _hello(monkeypatch, direct)
    # (one SecureTransport each side, both on Direct; none with the SSLObject
    # path, or on the loop's TLS transport: NODEKIT_TLS=loop)
    made = ["Direct", "Direct"] if direct and _tlsbio.enabled() else []
    assert seen == made + [b"hello " * 3000]
