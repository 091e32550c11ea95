"""The compiled parser (``http/_native_parser.pyx``) against llhttp (httptools).

Differential: every input below goes through the httptools-based parser and
the native one, which must agree on the ``HPE_*`` code (or both accept) and
on the messages reported. The inputs are valid requests and responses
mutated byte by byte (each byte replaced by one of the bytes HTTP parsing
turns on, deleted, doubled, or preceded by CR/LF/SP/HTAB), and random heads
from hypothesis. Where the two disagree by design, ``_known_difference``
says why (docs/architecture.md, "The compiled parser").

Then what only the native parser has: exact limits, pause()/resume(), and a
body chunk that is the read itself when it can be.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nodekit.http._parser import NATIVE_PARSERS, HttptoolsRequestParser, HttptoolsResponseParser
from tests.http.test_parser import Outcome, Recorder, parse

pytestmark = [pytest.mark.timeout(120),
              pytest.mark.skipif(NATIVE_PARSERS is None, reason="the native parser is not built")]

NativeRequestParser, NativeResponseParser = NATIVE_PARSERS or (None, None)

REQUESTS = [
    b"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
    b"POST /p?q=1#f HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
    (b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
     b"5;a=b;c=\"d\\\"e\"\r\nhello\r\n0\r\nT: v\r\n\r\n"),
    b"GET http://a:b@h:80/x HTTP/1.0\r\nConnection: keep-alive, Upgrade\r\nUpgrade: ws\r\n\r\n",
    b"CONNECT h:443 HTTP/1.1\r\nHost: h:443\r\n\r\n",
    b"OPTIONS * HTTP/1.1\r\nConnection: close\r\nExpect: 100-continue\r\n\r\n",
    b"PUT /a HTTP/1.1\r\nContent-Length: 0\r\nProxy-Connection: close\r\n\r\n",
]
RESPONSES = [
    b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
    b"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nhi",
    b"HTTP/1.1 204 No Content\r\n\r\n",
    b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n",
    b"HTTP/1.1 101 Switching Protocols\r\nConnection: upgrade\r\nUpgrade: ws\r\n\r\nxx",
]
NEXT_REQUEST = b"GET /__end HTTP/1.1\r\nHost: x\r\n\r\n"
NEXT_RESPONSE = b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
SUBSTITUTES = b"\r\n \t:,;\"\\\x00\x7f\x80aZ0G-/?#@"


def mutants(base: bytes) -> Iterator[bytes]:
    for i in range(len(base)):
        head, rest = base[:i], base[i + 1:]
        for b in SUBSTITUTES:
            yield head + bytes((b,)) + rest
        yield head + rest
        yield head + base[i:i + 1] * 2 + rest
        for b in b"\r\n \t":
            yield head + bytes((b,)) + base[i:]


def _answer(head: tuple[Any, ...]) -> int | None:
    """What the server and the client answer: 2 to CONNECT and to a 101."""
    if head[4]:
        return 2 if head[4] == "CONNECT" and head[8] else None
    return 2 if head[6] == 101 else None


def _known_difference(data: bytes, ours: Outcome, theirs: Outcome) -> bool:
    """Where the httptools-based parser's own code, not llhttp, decides otherwise."""
    if theirs.error == "HPE_PAUSED_UPGRADE" and ours.error is None:
        # A 101 without Connection/Upgrade: llhttp stops after it either way; the
        # httptools wrapper reports the stop as an error, the native parser stops.
        return ours.messages == theirs.messages
    if theirs.error == "HPE_INVALID_EOF_STATE" and b"chunked\t" in data.lower():
        # 'chunked' followed by HTAB is not chunked for llhttp (a close-delimited
        # body); the wrapper's own check took it for chunked and waited for chunks.
        return ours.error is None
    if b"chunked\t" in data.lower() and b"upgrade" in data.lower():
        # The same 'chunked' + HTAB on an upgrade request: llhttp ends the request
        # at its head (no body: the upgrade exit); the wrapper read chunks after it.
        return bool(ours.messages) and ours.messages[0][2] == b""
    return False


def _differ(parsers: tuple[type, type], data: bytes) -> str | None:
    theirs = parse(parsers[0], data, finish=True, answer=_answer)
    ours = parse(parsers[1], data, finish=True, answer=_answer)
    if (ours.error, ours.messages) == (theirs.error, theirs.messages):
        return None
    if _known_difference(data, ours, theirs):
        return None
    return (f"{data!r}: httptools {theirs.error} {theirs.messages}, "
            f"native {ours.error} {ours.messages}")


REQUEST_PAIR = (HttptoolsRequestParser, NativeRequestParser)
RESPONSE_PAIR = (HttptoolsResponseParser, NativeResponseParser)


@pytest.mark.parametrize("base", REQUESTS, ids=range(len(REQUESTS)))
def test_mutated_requests_get_llhttps_answer(base: bytes) -> None:
    bad = [d for m in mutants(base) for tail in (NEXT_REQUEST, b"")
           if (d := _differ(REQUEST_PAIR, m + tail))]
    assert bad == [], f"{len(bad)} differences, e.g. {bad[:3]}"


@pytest.mark.parametrize("base", RESPONSES, ids=range(len(RESPONSES)))
def test_mutated_responses_get_llhttps_answer(base: bytes) -> None:
    bad = [d for m in mutants(base) for tail in (NEXT_RESPONSE, b"")
           if (d := _differ(RESPONSE_PAIR, m + tail))]
    assert bad == [], f"{len(bad)} differences, e.g. {bad[:3]}"


_NAMES = st.sampled_from([b"Host", b"Content-Length", b"Transfer-Encoding", b"Connection",
                          b"Upgrade", b"Expect", b"Proxy-Connection", b"X-A", b"content-LENGTH"])
_VALUES = st.one_of(
    st.sampled_from([b"5", b"0", b"chunked", b"gzip, chunked", b"chunked, gzip", b"close",
                     b"keep-alive", b"upgrade", b"Upgrade, close", b" 5 ", b"x", b"",
                     b"18446744073709551616", b"CHUNKED ", b"chunked\t"]),
    st.binary(max_size=8))
_FIELD = st.tuples(_NAMES, _VALUES).map(lambda f: f[0] + b": " + f[1] + b"\r\n")
_LINE = st.sampled_from([b"GET / HTTP/1.1", b"POST /x HTTP/1.0", b"CONNECT a:1 HTTP/1.1",
                         b"PUT /?q#f HTTP/1.1", b"HTTP/1.1 200 OK", b"HTTP/1.0 204 No",
                         b"HTTP/1.1 101 Switching", b"HTTP/1.1 304 X"])
_BODY = st.sampled_from([b"", b"hello", b"5\r\nhello\r\n0\r\n\r\n", b"0\r\nT: 1\r\n\r\n",
                         b"3;x=\"y\"\r\nabc\r\n0\r\n\r\n", b"zz"])


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(line=_LINE, fields=st.lists(_FIELD, max_size=5), body=_BODY,
       then=st.sampled_from([b"", NEXT_REQUEST, NEXT_RESPONSE]))
def test_random_messages_get_llhttps_answer(line: bytes, fields: list[bytes], body: bytes,
                                            then: bytes) -> None:
    data = line + b"\r\n" + b"".join(fields) + b"\r\n" + body + then
    pair = RESPONSE_PAIR if line.startswith(b"HTTP/") else REQUEST_PAIR
    assert _differ(pair, data) is None


def test_an_upgrade_request_with_a_body_is_read_as_a_plain_one() -> None:
    # llhttp takes the upgrade exit only for a message without a body: after a
    # Content-Length or chunked body, `Connection: close` refuses what follows
    # (found by the fuzzer above).
    for framing, body in ((b"Content-Length: 5", b"hello"),
                          (b"Transfer-Encoding: chunked", b"5\r\nhello\r\n0\r\n\r\n")):
        for connection in (b"Upgrade, close", b"Upgrade"):
            data = (b"GET / HTTP/1.1\r\nConnection: " + connection + b"\r\nUpgrade: 5\r\n"
                    + framing + b"\r\n\r\n" + body + NEXT_REQUEST)
            assert _differ(REQUEST_PAIR, data) is None
            out = parse(NativeRequestParser, data, finish=True, answer=_answer)
            closed = connection.endswith(b"close")
            assert out.error == ("HPE_CLOSED_CONNECTION" if closed else None)
            assert len(out.messages) == (1 if closed else 2)


# -- what only the native parser has -------------------------------------------------
def test_an_upgrade_request_with_a_non_chunked_transfer_encoding_ends_at_its_head() -> None:
    # llhttp's after_headers_complete: the upgrade exit comes before the
    # Transfer-Encoding check (found by the fuzzer above).
    data = (b"GET / HTTP/1.1\r\nTransfer-Encoding: 5\r\nConnection: upgrade\r\n"
            b"Upgrade: 5\r\n\r\n")
    assert _differ(REQUEST_PAIR, data) is None
    assert parse(NativeRequestParser, data, finish=True, answer=_answer).error is None


def test_header_overflow_is_exact_at_max_header_size() -> None:
    # Counted: URL "/" (1), "Host" + "x" (5), "A" + value.
    for size in (100, 101, 102):
        data = b"GET / HTTP/1.1\r\nHost: x\r\nA: " + b"v" * (size - 7) + b"\r\n\r\n"
        out = parse(NativeRequestParser, data, max_header_size=size)
        assert out.error == "HPE_HEADER_OVERFLOW"
        assert parse(NativeRequestParser, data, max_header_size=size + 1).error is None


def test_chunk_extension_limit_is_exact_at_16k() -> None:
    def chunked(ext: int) -> bytes:
        return (b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;" + b"a" * ext
                + b"\r\nhello\r\n0\r\n\r\n")
    assert parse(NativeRequestParser, chunked(16384), piece=997).error is None
    assert parse(NativeRequestParser, chunked(16385), piece=997).error == (
        "HPE_CHUNK_EXTENSIONS_OVERFLOW")


GET = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"


def test_pause_in_a_callback_returns_where_the_event_ended() -> None:
    class Pausing(Recorder):
        def on_message_complete(self) -> None:
            super().on_message_complete()
            parser.pause()

    rec = Pausing()
    parser = NativeRequestParser(rec)
    data = GET * 3
    assert parser.execute(data) == len(GET)  # one request parsed, two left unread
    assert parser.execute(data[len(GET):]) == 0  # still paused: nothing taken
    assert [ev[0] for ev in rec.events].count("complete") == 1
    parser.resume()
    assert parser.execute(data[len(GET):]) == len(GET)
    assert [ev[0] for ev in rec.events].count("complete") == 2


def test_pause_after_the_head_leaves_the_body_unread() -> None:
    class Pausing(Recorder):
        def on_headers_complete(self, *args: Any) -> Any:
            parser.pause()
            return super().on_headers_complete(*args)

    head = b"POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\n"
    rec = Pausing()
    parser = NativeRequestParser(rec)
    assert parser.execute(head + b"hello") == len(head)
    parser.resume()
    assert parser.execute(b"hello") == 5
    assert rec.events[-2:] == [("body", b"hello"), ("complete",)]


def test_a_body_that_is_the_whole_read_is_not_copied() -> None:
    chunks: list[bytes] = []

    class Keep(Recorder):
        def on_body(self, chunk: bytes) -> None:
            chunks.append(chunk)

    parser = NativeRequestParser(Keep())
    parser.execute(b"POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\n")
    read = b"0123456789"
    parser.execute(read)
    assert chunks == [read] and chunks[0] is read
    view = memoryview(bytearray(b"POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"))
    parser.execute(view)
    assert chunks[-1] == b"abc" and type(chunks[-1]) is bytes  # a copy of the reused buffer


def test_lenient_mode_runs_llhttps_leniencies_through_httptools() -> None:
    data = b"HTTP/1.1 200 OK\nContent-Length: 2\n\nhi"  # bare LF: lenient only
    assert _response_outcome(data, lenient=False).error is not None
    assert _response_outcome(data, lenient=True).messages == [(200, b"hi")]
    rec = Recorder()
    parser = NativeResponseParser(rec)
    parser.lenient = True
    assert parser.lenient is True
    parser.reset()  # (the client resets when the flag changes; reset applies it)
    parser.execute(data)
    assert rec.events[-1] == ("complete",)


def _response_outcome(data: bytes, **options: Any) -> Outcome:
    return parse(NativeResponseParser, data, **options)


def test_a_big_head_then_small_ones_reuse_the_buffers() -> None:
    big = (b"GET /big HTTP/1.1\r\n" + b"".join(b"X-%d: %s\r\n" % (i, b"v" * 500)
                                               for i in range(100)) + b"\r\n")
    out = parse(NativeRequestParser, big + GET + big + GET, max_header_size=1 << 20)
    assert out.error is None
    assert [m[1] for m in out.messages] == ["/big", "/", "/big", "/"]
    heads = [ev for ev in out.events if ev[0] == "head"]
    assert len(heads[0][3]) == 200 and heads[0][3][-1] == "v" * 500
    assert heads[1][3] == ("Host", "x")
