"""The parser interface alone: bytes in, events out (issue 11).

Every hostile vector (``tests/hostile/vectors.py``) runs through each parser
implementation in ``IMPLEMENTATIONS``: the messages it reports must be the
ones the application sees (the server's policy may drop some, never add
any), its ``HPE_*`` code the one in ``ERRORS``, and the events the same
however the bytes are split into reads. A second implementation (a compiled
parser, say) is checked by adding it to ``IMPLEMENTATIONS``, as aiohttp
checks its C and Python parsers against each other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from nodekit.http._parser import (
    NATIVE_PARSERS,
    HttptoolsRequestParser,
    HttptoolsResponseParser,
    ParseError,
)
from tests.hostile.harness import SENTINEL
from tests.hostile.vectors import VECTORS, Vector

pytestmark = pytest.mark.timeout(60)

IMPLEMENTATIONS: dict[str, tuple[type, type]] = {
    "httptools": (HttptoolsRequestParser, HttptoolsResponseParser)}
if NATIVE_PARSERS is not None:
    IMPLEMENTATIONS["native"] = NATIVE_PARSERS  # the compiled one (_native_parser.pyx)
IMPLS = list(IMPLEMENTATIONS)

Answer = Callable[[tuple[Any, ...]], "int | None"]


class Recorder:
    """A handler that records every event; ``answer`` decides on_headers_complete's return."""

    def __init__(self, answer: Answer | None = None) -> None:
        self.events: list[tuple[Any, ...]] = []
        self.answer = answer
        self.upgraded = False  # a head was answered 2: the connection stops feeding

    def on_message_begin(self) -> None:
        self.events.append(("begin",))

    def on_headers_complete(self, major: int, minor: int, raw: list[str], method: str, url: str,
                            status: int, reason: str, upgrade: bool, keep_alive: bool) -> Any:
        head = ("head", major, minor, tuple(raw), method, url, status, reason, upgrade,
                keep_alive)
        self.events.append(head)
        answer = self.answer(head) if self.answer is not None else None
        self.upgraded = self.upgraded or (answer == 2 and (upgrade or not method))
        return answer

    def on_body(self, chunk: bytes) -> None:
        events = self.events
        if events and events[-1][0] == "body":  # chunk boundaries are the reads'
            events[-1] = ("body", events[-1][1] + bytes(chunk))
        else:
            events.append(("body", bytes(chunk)))

    def on_trailers(self, raw: list[str]) -> None:
        self.events.append(("trailers", tuple(raw)))

    def on_message_complete(self) -> None:
        self.events.append(("complete",))


@dataclass
class Outcome:
    events: list[tuple[Any, ...]]
    error: str | None = None  # the ParseError's HPE_* code
    reason: str | None = None  # ... and llhttp's reason
    consumed: int = 0  # bytes the parser took as HTTP (less on upgrade)
    messages: list[tuple[Any, ...]] = field(default_factory=list)


def parse(parser_cls: type, data: bytes, *, piece: int = 0, finish: bool = False,
          answer: Answer | None = None, **options: Any) -> Outcome:
    """Feed ``data`` (in ``piece``-byte reads if given), then EOF if ``finish``."""
    rec = Recorder(answer)
    parser = parser_cls(rec, **options)
    out = Outcome(rec.events)
    step = piece or max(1, len(data))
    try:
        for start in range(0, len(data), step):
            chunk = memoryview(data)[start:start + step]
            n = parser.execute(chunk)
            out.consumed += n
            if n < len(chunk) or rec.upgraded:
                break  # the rest is another protocol's
        if finish:
            parser.finish()
    except ParseError as err:
        out.error = err.code
        out.reason = err.reason
    out.messages = messages(rec.events)
    return out


def messages(events: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """``(method, url, body)`` per request head (``(status, body)`` per response head);
    ``body`` is None for a message that did not complete."""
    out: list[list[Any]] = []
    for ev in events:
        if ev[0] == "head":
            out.append([ev[4], ev[5], b"", False] if ev[4] else [ev[6], b"", False])
        elif ev[0] == "body" and out:
            out[-1][-2] += ev[1]
        elif ev[0] == "complete" and out:
            out[-1][-1] = True
    return [tuple(m[:-2]) + (m[-2] if m[-1] else None,) for m in out]

ERRORS: dict[str, str] = {name: code for code, names in {
    "HPE_INVALID_TRANSFER_ENCODING": (
        "cl_then_te", "te_chunked_identity", "te_two_lines_chunked", "te_chunked_twice_in_list",
        "te_chunked_then_identity_line", "te_gzip_only", "te_xchunked", "te_chunkedx",
        "te_trailing_comma", "te_quoted", "te_empty", "te_obs_fold_with_cl",
    ),
    "HPE_INVALID_CONTENT_LENGTH": (
        "te_then_cl", "te_cl_zero", "te_cl_lowercase_names", "te_gzip_with_cl",
        "te_http10_with_cl", "cl_list", "cl_negative", "cl_plus", "cl_hex", "cl_inner_space",
        "cl_empty", "cl_overflow", "cl_u64_plus_one", "cl_float", "cl_exponent", "cl_vtab",
        "cl_nul", "cl_fullwidth_digit", "chunk_trailer_content_length",
    ),
    "HPE_INVALID_HEADER_TOKEN": (
        "te_vtab", "te_vtab_with_cl", "te_formfeed", "te_nul", "te_space_before_colon",
        "te_space_before_colon_with_cl", "te_obs_fold", "cl_space_before_colon", "cl_obs_fold",
        "chunk_trailer_bad_name", "chunk_last_missing_crlf", "lf_ends_head", "lf_inside_target",
        "space_before_colon_host", "tab_before_colon", "space_inside_name", "empty_name",
        "no_colon", "tab_first_field_line", "obs_fold_space", "obs_fold_tab", "obs_fold_host",
        "obs_fold_content_length", "obs_fold_transfer_encoding", "nul_in_name", "nul_in_value",
        "soh_in_value", "esc_in_value", "del_in_value", "soh_in_name", "del_in_name",
        "high_byte_in_name", "separator_in_name", "quote_in_name", "close_vtab_is_invalid",
    ),
    "HPE_UNEXPECTED_CONTENT_LENGTH": (
        "cl_duplicate_same", "cl_duplicate_different",
    ),
    "HPE_INVALID_METHOD": (
        "cl_shorter_than_body", "nul_in_method", "method_lowercase", "method_unknown",
        "method_with_suffix", "method_5000_bytes", "method_missing", "tabs_as_separators",
        "garbage_line", "binary_bytes", "tls_client_hello",
    ),
    "HPE_INVALID_CHUNK_SIZE": (
        "chunk_size_overflow", "chunk_size_overflow_wraps_to_5", "chunk_size_negative",
        "chunk_size_0x", "chunk_size_leading_space", "chunk_size_trailing_space",
        "chunk_size_trailing_tab", "chunk_size_bad_char", "chunk_size_empty", "chunk_ext_bws",
    ),
    "HPE_STRICT": (
        "chunk_ext_empty_name", "chunk_ext_bare_cr", "chunk_ext_ctl",
        "chunk_data_longer_than_size", "chunk_data_missing_crlf", "cr_everywhere",
        "cr_after_request_line",
    ),
    "HPE_CR_EXPECTED": (
        "chunk_ext_bare_lf", "chunk_bare_lf", "chunk_data_bare_lf", "lf_after_header",
    ),
    "HPE_CHUNK_EXTENSIONS_OVERFLOW": (
        "chunk_ext_20k", "chunk_ext_20k_quoted", "chunk_ext_20k_on_last_chunk", "chunk_ext_1m",
    ),
    "HPE_HEADER_OVERFLOW": (
        "chunk_trailer_20k", "chunk_trailers_200_lines", "target_20k", "field_value_20k",
        "field_name_20k", "fields_20_times_1k", "field_line_never_ends",
        "max_header_size_1k_option",
    ),
    "HPE_INVALID_VERSION": (
        "lf_everywhere", "lf_after_request_line", "space_after_version", "http_3_0", "http_1_2",
        "http_1_9", "http_1_10", "http_no_minor", "http_three_numbers",
    ),
    "HPE_LF_EXPECTED": (
        "cr_inside_value", "cr_cr_lf_after_value",
    ),
    "HPE_UNEXPECTED_SPACE": (
        "space_first_field_line",
    ),
    "HPE_INVALID_URL": (
        "nul_in_target", "soh_in_target", "del_in_target", "tab_in_target", "high_byte_in_target",
        "empty_target", "authority_target_on_get",
    ),
    "HPE_INVALID_CONSTANT": (
        "space_in_target", "http_lowercase", "http_no_slash",
    ),
    "HPE_PAUSED_H2_UPGRADE": (
        "h2_preface_on_http1",
    ),
    "HPE_CLOSED_CONNECTION": (
        "http_0_9_simple_request", "http_0_9_version", "http_2_0_request_line",
        "rtsp_request_line", "http_1_0", "http_1_0_then_pipelined", "expect_100_continue_http10",
        "close_then_pipelined", "close_uppercase_then_pipelined",
        "close_tab_before_then_pipelined", "close_in_list_then_pipelined",
        "close_in_list_no_space_then_pipelined", "close_tab_after_then_pipelined",
        "close_second_connection_line_then_pipelined", "close_with_body_then_pipelined",
        "host_missing_http10", "host_twice_http10", "host_invalid_http10",
    ),
    "HPE_INVALID_EOF_STATE": (
        "eof_in_request_line", "eof_in_headers", "eof_in_cl_body", "eof_in_chunked_body",
        "eof_in_huge_chunk", "eof_after_complete_then_partial",
    ),
}.items() for name in names}


def _connect_only(head: tuple[Any, ...]) -> int | None:
    # The hostile harness listens for no 'upgrade': only CONNECT changes protocol.
    return 2 if head[4] == "CONNECT" and head[8] else None


def _run_vector(impl: str, vec: Vector, piece: int = 0):
    data = vec.data + (b"" if vec.shutdown else SENTINEL)
    return parse(IMPLEMENTATIONS[impl][0], data, piece=piece, finish=vec.shutdown,
                 answer=_connect_only,
                 max_header_size=vec.options.get("max_header_size", 16384),
                 max_headers_count=vec.attrs.get("max_headers_count", 1000))


def _is_subsequence(small: list[Any], big: list[Any]) -> bool:
    it = iter(big)
    return all(any(x == y for y in it) for x in small)


@pytest.mark.parametrize("impl", IMPLS)
@pytest.mark.parametrize("vec", VECTORS, ids=str)
def test_vector_error_code_is_the_tables(impl: str, vec: Vector) -> None:
    assert _run_vector(impl, vec).error == ERRORS.get(vec.name)


@pytest.mark.parametrize("impl", IMPLS)
@pytest.mark.parametrize("vec", VECTORS, ids=str)
def test_vector_messages_include_what_the_application_sees(impl: str, vec: Vector) -> None:
    out = _run_vector(impl, vec)
    assert _is_subsequence(list(vec.seen), out.messages), out.messages
    if vec.keep_alive:
        assert out.error is None
        assert out.messages[-1] == ("GET", "/__end", b"")


@pytest.mark.parametrize("impl", IMPLS)
@pytest.mark.parametrize("vec", VECTORS, ids=str)
def test_vector_events_do_not_depend_on_read_boundaries(impl: str, vec: Vector) -> None:
    whole = _run_vector(impl, vec)
    split = _run_vector(impl, vec, piece=1 if len(vec.data) < 8192 else 997)
    assert (split.events, split.reason) == (whole.events, whole.reason)


@pytest.mark.parametrize("impl", IMPLS)
def test_limits_report_node_codes(impl: str) -> None:
    by_status = {413: "HPE_CHUNK_EXTENSIONS_OVERFLOW", 431: "HPE_HEADER_OVERFLOW"}
    for vec in VECTORS:
        if vec.status and vec.status[-1] in by_status:
            assert _run_vector(impl, vec).error == by_status[vec.status[-1]], vec.name


# -- requests ---------------------------------------------------------------------
GET = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"


@pytest.mark.parametrize("impl", IMPLS)
def test_request_head_reports_node_arguments(impl: str) -> None:
    out = parse(IMPLEMENTATIONS[impl][0], b"PUT /p?q HTTP/1.0\r\nHost: x\r\nA: b\r\n\r\n")
    head = next(ev for ev in out.events if ev[0] == "head")
    assert head[1:] == (1, 0, ("Host", "x", "A", "b"), "PUT", "/p?q", 0, "", False, False)


@pytest.mark.parametrize("impl", IMPLS)
def test_request_upgrade_answered_2_stops_after_the_head(impl: str) -> None:
    data = b"GET / HTTP/1.1\r\nHost: x\r\nConnection: upgrade\r\nUpgrade: ws\r\n\r\n"
    out = parse(IMPLEMENTATIONS[impl][0], data + b"\x81\x00" + GET, answer=lambda h: 2)
    assert out.consumed == len(data)
    assert [ev[0] for ev in out.events] == ["begin", "head"]  # no completion, no second request


@pytest.mark.parametrize("impl", IMPLS)
def test_request_max_headers_count_drops_lines_but_not_host_checks(impl: str) -> None:
    seen: list[Any] = []

    class HostCount(Recorder):
        def on_headers_complete(self, *args: Any) -> None:
            seen.append((args[2], parser.host_count))

    parser = IMPLEMENTATIONS[impl][0](HostCount(), max_headers_count=2)
    parser.execute(b"GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nHost: x\r\nHost: y\r\n\r\n")
    assert seen == [(["A", "1", "B", "2"], 2)]


@pytest.mark.parametrize("impl", IMPLS)
def test_request_handler_exception_comes_out_as_itself(impl: str) -> None:
    class Boom(Exception):
        pass

    def answer(_head: tuple[Any, ...]) -> None:
        raise Boom()

    parser = IMPLEMENTATIONS[impl][0](Recorder(answer))
    with pytest.raises(Boom):
        parser.execute(GET)


@pytest.mark.parametrize("impl", IMPLS)
def test_request_stop_from_a_callback_ignores_the_rest(impl: str) -> None:
    class StopAfterOne(Recorder):
        def on_message_complete(self) -> None:
            super().on_message_complete()
            parser.stop()

    rec = StopAfterOne()
    parser = IMPLEMENTATIONS[impl][0](rec)
    assert parser.execute(GET + GET + b"garbage") == len(GET + GET + b"garbage")
    assert parser.execute(GET) == len(GET)
    assert sum(ev[0] == "head" for ev in rec.events) == 1


class BodyPieces(Recorder):
    """Records each on_body call apart (Recorder joins them)."""

    def on_body(self, chunk: bytes) -> None:
        self.events.append(("piece", bytes(chunk)))


@pytest.mark.parametrize("impl", IMPLS)
@pytest.mark.parametrize("size", [3000, 40000])
def test_request_body_of_one_read_comes_in_one_piece_per_chunk(impl: str, size: int) -> None:
    """llhttp reports a run of body bytes of one read at once: a chunk (or a
    Content-Length body) read in one piece reaches 'data' in one piece (Node's
    test-http-dump-req-when-res-ends), however the parser feeds its own slices."""
    body = bytes(range(256)) * (size // 256)
    chunked = (b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
               + b"%x\r\n" % len(body) + body + b"\r\n" + b"3\r\nend\r\n0\r\n\r\n")
    sized = b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % len(body) + body
    for data, pieces in ((chunked, [body, b"end"]), (sized, [body])):
        rec = BodyPieces()
        parser = IMPLEMENTATIONS[impl][0](rec)
        head_end = data.index(b"\r\n\r\n") + 4
        assert parser.execute(data[:head_end]) == head_end  # the head, then the body's read
        assert parser.execute(data[head_end:]) == len(data) - head_end
        assert [ev[1] for ev in rec.events if ev[0] == "piece"] == pieces
        assert rec.events[-1] == ("complete",)


@pytest.mark.parametrize("impl", IMPLS)
def test_request_header_overflow_counts_url_names_and_values(impl: str) -> None:
    line = b"GET /" + b"a" * 9 + b" HTTP/1.1\r\nHost: x\r\n\r\n"  # 10 + 4 + 1 bytes counted
    assert parse(IMPLEMENTATIONS[impl][0], line, max_header_size=16).error is None
    assert parse(IMPLEMENTATIONS[impl][0], line, max_header_size=15).error == (
        "HPE_HEADER_OVERFLOW")


# -- responses ---------------------------------------------------------------------
OK5 = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"


def _response(impl: str, data: bytes, **kw: Any):
    return parse(IMPLEMENTATIONS[impl][1], data, **kw)


@pytest.mark.parametrize("impl", IMPLS)
@pytest.mark.parametrize("piece", [0, 1, 3])
def test_response_with_content_length(impl: str, piece: int) -> None:
    out = _response(impl, OK5 + OK5, piece=piece)
    assert out.messages == [(200, b"hello"), (200, b"hello")]
    head = next(ev for ev in out.events if ev[0] == "head")
    assert head[1:] == (1, 1, ("Content-Length", "5"), "", "", 200, "OK", False, True)


@pytest.mark.parametrize("impl", IMPLS)
@pytest.mark.parametrize("piece", [0, 1, 2, 3, 7])
def test_response_answer_1_ends_the_message_at_its_head(impl: str, piece: int) -> None:
    # A HEAD request's response announces a body that never comes (RFC 9110 §9.3.2).
    answers = iter([1, None])
    out = _response(impl, b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n" + OK5, piece=piece,
                    answer=lambda _h: next(answers))
    assert out.error is None
    assert out.messages == [(200, b""), (200, b"hello")]


@pytest.mark.parametrize("impl", IMPLS)
@pytest.mark.parametrize("piece", [0, 1])
def test_response_interim_heads_come_before_the_final_one(impl: str, piece: int) -> None:
    data = (b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
            + OK5)
    out = _response(impl, data, piece=piece)
    assert out.messages == [(100, b""), (103, b""), (200, b"hello")]
    assert [ev[7] for ev in out.events if ev[0] == "head"] == ["Continue", "Early Hints", "OK"]


@pytest.mark.parametrize("impl", IMPLS)
def test_response_close_delimited_body_ends_at_finish(impl: str) -> None:
    out = _response(impl, b"HTTP/1.1 200 OK\r\n\r\nall of it", finish=True)
    assert out.error is None
    assert out.messages == [(200, b"all of it")]


@pytest.mark.parametrize("impl", IMPLS)
def test_response_eof_inside_a_framed_body_is_invalid_eof_state(impl: str) -> None:
    out = _response(impl, b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nhel", finish=True)
    assert out.error == "HPE_INVALID_EOF_STATE"
    assert out.messages == [(200, None)]


@pytest.mark.parametrize("impl", IMPLS)
def test_response_eof_between_messages_is_not_an_error(impl: str) -> None:
    assert _response(impl, OK5, finish=True).error is None


@pytest.mark.parametrize("impl", IMPLS)
@pytest.mark.parametrize("piece", [0, 1])
def test_response_answer_2_hands_over_the_bytes_after_the_head(impl: str, piece: int) -> None:
    # CONNECT's 2xx: llhttp sees a close-delimited body; the tunnel starts after the head.
    head = b"HTTP/1.1 200 Connection established\r\n\r\n"
    out = _response(impl, head + b"tunnel bytes", piece=piece, answer=lambda _h: 2)
    assert out.consumed == len(head)
    assert [ev[0] for ev in out.events] == ["begin", "head"]


@pytest.mark.parametrize("impl", IMPLS)
def test_response_101_reports_upgrade_and_the_offset(impl: str) -> None:
    head = b"HTTP/1.1 101 Switching Protocols\r\nConnection: upgrade\r\nUpgrade: ws\r\n\r\n"
    out = _response(impl, head + b"\x81\x00", answer=lambda _h: 2)
    assert out.consumed == len(head)
    assert next(ev for ev in out.events if ev[0] == "head")[8] is True


@pytest.mark.parametrize("impl", IMPLS)
def test_response_chunked_body_and_trailers(impl: str) -> None:
    data = (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            b"5\r\nhello\r\n0\r\nX-T: 1\r\n\r\n")
    out = _response(impl, data, piece=1)
    assert out.messages == [(200, b"hello")]
    assert ("trailers", ("X-T", "1")) in out.events


@pytest.mark.parametrize("impl", IMPLS)
def test_response_status_text_counts_toward_max_header_size(impl: str) -> None:
    out = _response(impl, b"HTTP/1.1 200 " + b"x" * 40 + b"\r\n\r\n", max_header_size=32)
    assert out.error == "HPE_HEADER_OVERFLOW"


@pytest.mark.parametrize("impl", IMPLS)
def test_response_chunk_extensions_over_16k_overflow(impl: str) -> None:
    data = (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;a="
            + b"x" * 20000 + b"\r\nhello\r\n0\r\n\r\n")
    assert _response(impl, data).error == "HPE_CHUNK_EXTENSIONS_OVERFLOW"


@pytest.mark.parametrize("impl", IMPLS)
def test_response_gzip_coded_body_runs_to_eof_without_chunk_limits(impl: str) -> None:
    # Transfer-Encoding without chunked last: close-delimited (RFC 9112 §6.3), no size lines.
    body = b"z" * 40000
    out = _response(impl, b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n" + body,
                    finish=True)
    assert out.error is None
    assert out.messages == [(200, body)]


@pytest.mark.parametrize("impl", IMPLS)
def test_response_handler_exception_comes_out_as_itself(impl: str) -> None:
    class Boom(Exception):
        pass

    rec = Recorder()

    def on_body(_chunk: bytes) -> None:
        raise Boom()

    rec.on_body = on_body  # type: ignore[method-assign]
    parser = IMPLEMENTATIONS[impl][1](rec)
    with pytest.raises(Boom):
        parser.execute(OK5)


@pytest.mark.parametrize("impl", IMPLS)
def test_response_parse_error_carries_the_raw_packet(impl: str) -> None:
    parser = IMPLEMENTATIONS[impl][1](Recorder())
    with pytest.raises(ParseError) as info:
        parser.execute(b"HTTP/1.1 abc OK\r\n\r\n")
    assert info.value.code == "HPE_INVALID_STATUS"
    assert info.value.raw_packet == b"HTTP/1.1 abc OK\r\n\r\n"


@pytest.mark.parametrize("impl", IMPLS)
def test_response_reset_starts_over_after_an_unfinished_message(impl: str) -> None:
    rec = Recorder()
    parser = IMPLEMENTATIONS[impl][1](rec)
    parser.execute(b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nhel")
    parser.reset()
    parser.execute(OK5)
    assert rec.events[-1] == ("complete",)
    assert rec.events[-2] == ("body", b"hello")


@pytest.mark.parametrize("impl", IMPLS)
def test_max_header_size_set_per_message_also_bounds_a_line_that_never_ends(impl: str) -> None:
    # The client sets max_header_size per request on its connection's parser:
    # a head line that never ends is cut off against the limit in force, not
    # against the one the parser was made with.
    parser = IMPLEMENTATIONS[impl][1](Recorder())
    parser.max_header_size = 100
    with pytest.raises(ParseError) as info:
        parser.execute(b"HTTP/1.1 200 OK\r\nX: " + b"a" * 4000)
    assert info.value.code == "HPE_HEADER_OVERFLOW"
