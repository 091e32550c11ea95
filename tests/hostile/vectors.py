"""The raw-socket vector table: what a hostile or broken client sends, and the right answer.

Each :class:`Vector` is sent on a fresh connection to a NodeKit server whose
only ``'request'`` listener records ``(method, url, body)`` and answers
``200`` once the body has ended (see ``harness.py``). Unless ``shutdown`` is
set, a sentinel request (``GET /__end`` with ``Connection: close``) follows the
vector's bytes in the same send: it is answered only if the connection is
still usable after the vector (``keep_alive``), so no test waits on a timer.

``status``
    statuses of the responses the vector itself gets, in order
    (``()`` = the connection is closed without an answer).
``seen``
    every ``(method, url, body)`` the application's ``'request'`` listener
    sees; ``body`` is ``None`` when the request is aborted before its end.
``keep_alive``
    the connection survives the vector (the sentinel gets its 200); if False
    the server must close the connection after its answer.
``node``
    Node v20.20's answer where it differs from ``status``/``seen`` (checked
    with ``node`` on the same bytes); ``why`` says which RFC rule NodeKit
    follows instead.

Every expected answer was decided by RFC 9112/9110 and checked against Node
v20.20 (``docs/hostile.md`` has the table and every deliberate difference).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Seen = tuple[str, str, "bytes | None"]


@dataclass(frozen=True)
class Vector:
    family: str
    name: str
    data: bytes = field(repr=False)
    status: tuple[int, ...]
    seen: tuple[Seen, ...] = ()
    keep_alive: bool = False
    shutdown: bool = False
    node: str | None = None
    why: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    attrs: dict[str, Any] = field(default_factory=dict)
    headers: int | None = None  # header lines the app sees (len(raw_headers) // 2)
    trailers: tuple[str, ...] | None = None

    def __str__(self) -> str:  # pytest ids
        return self.name


def req(*lines: bytes, body: bytes = b"") -> bytes:
    """A request from its lines: each gets CRLF, then the blank line, then ``body``."""
    return b"".join(line + b"\r\n" for line in lines) + b"\r\n" + body


GET = b"GET / HTTP/1.1"
POST = b"POST / HTTP/1.1"
HOST = b"Host: x"
CHUNKED = b"Transfer-Encoding: chunked"
HELLO_CHUNKED = b"5\r\nhello\r\n0\r\n\r\n"
SMUGGLED = b"GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n"

P_HELLO: Seen = ("POST", "/", b"hello")
P_ABORTED: Seen = ("POST", "/", None)
G_ROOT: Seen = ("GET", "/", b"")

VECTORS: list[Vector] = []


def v(family: str, name: str, data: bytes, status: tuple[int, ...] | int,
      seen: tuple[Seen, ...] = (), **kw: Any) -> None:
    if isinstance(status, int):
        status = (status,)
    VECTORS.append(Vector(family, name, data, status, seen, **kw))


# ---------------------------------------------------------------------------
# Content-Length and Transfer-Encoding together, and Transfer-Encoding obfuscations
# ---------------------------------------------------------------------------
F = "CL+TE"
v(F, "cl_then_te", req(POST, HOST, b"Content-Length: 5", CHUNKED,
                       body=b"0\r\n\r\n" + SMUGGLED), 400)
v(F, "te_then_cl", req(POST, HOST, CHUNKED, b"Content-Length: 5",
                       body=b"0\r\n\r\n" + SMUGGLED), 400)
v(F, "te_cl_zero", req(POST, HOST, CHUNKED, b"Content-Length: 0", body=HELLO_CHUNKED), 400)
v(F, "te_cl_lowercase_names", req(POST, HOST, b"transfer-encoding: chunked",
                                  b"content-length: 5", body=b"0\r\n\r\n" + SMUGGLED), 400)
v(F, "te_mixed_case_value", req(POST, HOST, b"Transfer-Encoding: ChUnKeD", body=HELLO_CHUNKED),
  200, (P_HELLO,), keep_alive=True)
v(F, "te_tab_ows", req(POST, HOST, b"Transfer-Encoding:\tchunked", body=HELLO_CHUNKED),
  200, (P_HELLO,), keep_alive=True)
v(F, "te_trailing_space", req(POST, HOST, b"Transfer-Encoding: chunked ", body=HELLO_CHUNKED),
  200, (P_HELLO,), keep_alive=True)
v(F, "te_vtab", req(POST, HOST, b"Transfer-Encoding: \x0bchunked", body=HELLO_CHUNKED), 400)
v(F, "te_vtab_with_cl", req(POST, HOST, b"Transfer-Encoding: \x0bchunked", b"Content-Length: 5",
                            body=b"0\r\n\r\n" + SMUGGLED), 400)
v(F, "te_formfeed", req(POST, HOST, b"Transfer-Encoding: \x0cchunked", body=HELLO_CHUNKED), 400)
v(F, "te_nul", req(POST, HOST, b"Transfer-Encoding: chunked\x00", body=HELLO_CHUNKED), 400)
v(F, "te_chunked_identity", req(POST, HOST, b"Transfer-Encoding: chunked, identity",
                                body=HELLO_CHUNKED), 400)
v(F, "te_identity_chunked", req(POST, HOST, b"Transfer-Encoding: identity, chunked",
                                body=HELLO_CHUNKED), 200, (P_HELLO,), keep_alive=True)
v(F, "te_gzip_chunked", req(POST, HOST, b"Transfer-Encoding: gzip, chunked", body=HELLO_CHUNKED),
  200, (P_HELLO,), keep_alive=True)
v(F, "te_two_lines_chunked", req(POST, HOST, CHUNKED, CHUNKED, body=HELLO_CHUNKED), 400)
v(F, "te_chunked_twice_in_list", req(POST, HOST, b"Transfer-Encoding: chunked, chunked",
                                     body=HELLO_CHUNKED), 400)
v(F, "te_chunked_then_identity_line", req(POST, HOST, CHUNKED, b"Transfer-Encoding: identity",
                                          body=HELLO_CHUNKED), 400)
v(F, "te_identity_line_then_chunked", req(POST, HOST, b"Transfer-Encoding: identity", CHUNKED,
                                          body=HELLO_CHUNKED), 200, (P_HELLO,), keep_alive=True)
v(F, "te_gzip_only", req(POST, HOST, b"Transfer-Encoding: gzip", body=b"hello"), 400, (P_ABORTED,))
v(F, "te_gzip_with_cl", req(POST, HOST, b"Transfer-Encoding: gzip", b"Content-Length: 5",
                            body=b"hello"), 400)
# llhttp rejects these after its headers-complete callback: the request is dispatched,
# then aborted (Node alike); it never gets a body.
v(F, "te_xchunked", req(POST, HOST, b"Transfer-Encoding: xchunked", body=HELLO_CHUNKED), 400,
  (P_ABORTED,))
v(F, "te_chunkedx", req(POST, HOST, b"Transfer-Encoding: chunkedx", body=HELLO_CHUNKED), 400,
  (P_ABORTED,))
v(F, "te_trailing_comma", req(POST, HOST, b"Transfer-Encoding: chunked,", body=HELLO_CHUNKED), 400)
v(F, "te_quoted", req(POST, HOST, b'Transfer-Encoding: "chunked"', body=HELLO_CHUNKED), 400,
  (P_ABORTED,))
v(F, "te_empty", req(POST, HOST, b"Transfer-Encoding: ", body=HELLO_CHUNKED), 400,
  node="dispatches POST / with an empty body, then 400 on the chunk bytes (HPE_INVALID_METHOD)",
  why="an empty Transfer-Encoding is rejected before dispatch; both close (no smuggling)")
v(F, "te_space_before_colon", req(POST, HOST, b"Transfer-Encoding : chunked",
                                  body=HELLO_CHUNKED), 400)
v(F, "te_space_before_colon_with_cl", req(POST, HOST, b"Content-Length: 5",
                                          b"Transfer-Encoding : chunked",
                                          body=b"0\r\n\r\n" + SMUGGLED), 400)
v(F, "te_obs_fold", req(POST, HOST, b"Transfer-Encoding:", b" chunked", body=HELLO_CHUNKED), 400)
v(F, "te_obs_fold_with_cl", req(POST, HOST, b"Content-Length: 5", b"Transfer-Encoding:",
                                b" chunked", body=b"0\r\n\r\n" + SMUGGLED), 400)
v(F, "te_underscore_is_other_field", req(POST, HOST, b"Transfer_Encoding: chunked",
                                         b"Content-Length: 5", body=b"hello"),
  200, (P_HELLO,), keep_alive=True)
v(F, "te_on_get", req(GET, HOST, CHUNKED, body=HELLO_CHUNKED), 200, (("GET", "/", b"hello"),),
  keep_alive=True)
v(F, "te_http10", req(b"POST / HTTP/1.0", CHUNKED, body=HELLO_CHUNKED), 200, (P_HELLO,))
v(F, "te_http10_with_cl", req(b"POST / HTTP/1.0", CHUNKED, b"Content-Length: 5",
                              body=b"0\r\n\r\n"), 400)
v(F, "te_http10_keep_alive_smuggle", req(b"POST / HTTP/1.0", b"Connection: keep-alive", CHUNKED,
                                         body=HELLO_CHUNKED + SMUGGLED), 200, (P_HELLO,),
  node="also dispatches GET /smuggled to the application",
  why="RFC 9112 §6.1: Transfer-Encoding in an HTTP/1.0 message is faulty framing: close "
      "after the message")

# ---------------------------------------------------------------------------
# Content-Length: duplicated, malformed, disagreeing with the body
# ---------------------------------------------------------------------------
F = "Content-Length"
for _name, _value in [
    ("cl_duplicate_same", None), ("cl_duplicate_different", None),
    ("cl_list", b"5, 5"), ("cl_negative", b"-5"), ("cl_plus", b"+5"), ("cl_hex", b"0x5"),
    ("cl_inner_space", b"5 5"), ("cl_empty", b""), ("cl_overflow", b"99999999999999999999999"),
    ("cl_u64_plus_one", b"18446744073709551616"), ("cl_float", b"5.0"), ("cl_exponent", b"1e1"),
    ("cl_vtab", b"\x0b5"), ("cl_nul", b"5\x00"), ("cl_fullwidth_digit", b"\xef\xbc\x95"),
]:
    if _name == "cl_duplicate_same":
        _lines: tuple[bytes, ...] = (b"Content-Length: 5", b"Content-Length: 5")
    elif _name == "cl_duplicate_different":
        _lines = (b"Content-Length: 5", b"Content-Length: 6")
    else:
        _lines = (b"Content-Length: " + _value,)  # type: ignore[operator]
    v(F, _name, req(POST, HOST, *_lines, body=b"hello!"), 400)
v(F, "cl_space_before_colon", req(POST, HOST, b"Content-Length : 5", body=b"hello"), 400)
v(F, "cl_obs_fold", req(POST, HOST, b"Content-Length: 5", b" 0", body=b"hello"), 400)
v(F, "cl_no_space", req(POST, HOST, b"Content-Length:5", body=b"hello"), 200, (P_HELLO,),
  keep_alive=True)
v(F, "cl_leading_tab", req(POST, HOST, b"Content-Length:\t5", body=b"hello"), 200, (P_HELLO,),
  keep_alive=True)
v(F, "cl_trailing_space", req(POST, HOST, b"Content-Length: 5 ", body=b"hello"), 200, (P_HELLO,),
  keep_alive=True)
v(F, "cl_trailing_tab", req(POST, HOST, b"Content-Length: 5\t", body=b"hello"), 200, (P_HELLO,),
  keep_alive=True, node="400 HPE_INVALID_CONTENT_LENGTH",
  why="RFC 9110 §5.5: trailing OWS (SP / HTAB) is not part of the field value")
v(F, "cl_leading_zeros", req(POST, HOST, b"Content-Length: 005", body=b"hello"), 200, (P_HELLO,),
  keep_alive=True)
v(F, "cl_body_looks_like_request", req(POST, HOST, b"Content-Length: %d" % len(SMUGGLED),
                                       body=SMUGGLED),
  200, (("POST", "/", SMUGGLED),), keep_alive=True)
v(F, "cl_shorter_than_body", req(POST, HOST, b"Content-Length: 3", body=b"hello"), 400,
  (("POST", "/", b"hel"),))
v(F, "cl_on_get", req(GET, HOST, b"Content-Length: 5", body=b"hello"), 200,
  (("GET", "/", b"hello"),), keep_alive=True)
v(F, "cl_zero_then_pipelined", req(POST, HOST, b"Content-Length: 0") + SMUGGLED, (200, 200),
  (("POST", "/", b""), ("GET", "/smuggled", b"")), keep_alive=True)

# ---------------------------------------------------------------------------
# Chunked bodies: sizes, extensions, trailers
# ---------------------------------------------------------------------------
F = "Chunked body"


def chunked(body: bytes) -> bytes:
    return req(POST, HOST, CHUNKED, body=body)


for _name, _body in [
    ("chunk_size_overflow", b"fffffffffffffffff\r\nhello\r\n0\r\n\r\n"),
    ("chunk_size_overflow_wraps_to_5", b"10000000000000005\r\nhello\r\n0\r\n\r\n"),
    ("chunk_size_negative", b"-5\r\nhello\r\n0\r\n\r\n"),
    ("chunk_size_0x", b"0x5\r\nhello\r\n0\r\n\r\n"),
    ("chunk_size_leading_space", b" 5\r\nhello\r\n0\r\n\r\n"),
    ("chunk_size_trailing_space", b"5 \r\nhello\r\n0\r\n\r\n"),
    ("chunk_size_trailing_tab", b"5\t\r\nhello\r\n0\r\n\r\n"),
    ("chunk_size_bad_char", b"g\r\nhello\r\n0\r\n\r\n"),
    ("chunk_size_empty", b"\r\nhello\r\n0\r\n\r\n"),
    ("chunk_ext_bws", b"5 ;a=b\r\nhello\r\n0\r\n\r\n"),
    ("chunk_ext_empty_name", b"5;\r\nhello\r\n0\r\n\r\n"),
    ("chunk_ext_bare_lf", b"5;a=b\nhello\r\n0\r\n\r\n"),
    ("chunk_ext_bare_cr", b"5;a=b\rhello\r\n0\r\n\r\n"),
    ("chunk_ext_ctl", b"5;a=\x01\r\nhello\r\n0\r\n\r\n"),
    ("chunk_data_longer_than_size", b"3\r\nhello\r\n0\r\n\r\n"),
    ("chunk_data_missing_crlf", b"5\r\nhello0\r\n\r\n"),
    ("chunk_bare_lf", b"5\nhello\n0\n\n"),
    ("chunk_data_bare_lf", b"5\r\nhello\n0\r\n\r\n"),
    ("chunk_trailer_bad_name", b"5\r\nhello\r\n0\r\nX T: 1\r\n\r\n"),
    ("chunk_trailer_content_length", b"5\r\nhello\r\n0\r\nContent-Length: 50\r\n\r\n" + SMUGGLED),
    ("chunk_last_missing_crlf", b"5\r\nhello\r\n0\r\n" + SMUGGLED),
]:
    v(F, _name, chunked(_body), 400, (P_ABORTED,))
v(F, "chunk_ext_valid", chunked(b"5;a=b\r\nhello\r\n0;c=\"d\"\r\n\r\n"), 200, (P_HELLO,),
  keep_alive=True)
v(F, "chunk_size_leading_zeros", chunked(b"0000000000000000000005\r\nhello\r\n0\r\n\r\n"), 200,
  (P_HELLO,), keep_alive=True)
v(F, "chunk_size_upper_hex", chunked(b"A\r\nhellohello\r\n0\r\n\r\n"), 200,
  (("POST", "/", b"hellohello"),), keep_alive=True)
v(F, "chunk_many", chunked(b"1\r\na\r\n2\r\nbc\r\n0\r\n\r\n"), 200, (("POST", "/", b"abc"),),
  keep_alive=True)
v(F, "chunk_trailers", chunked(b"5\r\nhello\r\n0\r\nX-T: 1\r\n\r\n"), 200, (P_HELLO,),
  keep_alive=True, trailers=("X-T", "1"))
v(F, "chunk_last_ext_and_trailer", chunked(b"5\r\nhello\r\n0;e\r\nX: y\r\n\r\n"), 200, (P_HELLO,),
  keep_alive=True, trailers=("X", "y"))
v(F, "chunk_end_then_pipelined", chunked(HELLO_CHUNKED + SMUGGLED), (200, 200),
  (P_HELLO, ("GET", "/smuggled", b"")), keep_alive=True)
v(F, "chunk_ext_16000", chunked(b"5;a=" + b"x" * 16000 + b"\r\nhello\r\n0\r\n\r\n"), 200,
  (P_HELLO,), keep_alive=True)
v(F, "chunk_ext_20x1000", chunked(b"".join(b"1;a=" + b"x" * 1000 + b"\r\nh\r\n"
                                           for _ in range(20)) + b"0\r\n\r\n"),
  200, (("POST", "/", b"h" * 20),), keep_alive=True)
v(F, "chunk_ext_20k", chunked(b"5;a=" + b"x" * 20000 + b"\r\nhello\r\n0\r\n\r\n"), 413,
  (P_ABORTED,))
v(F, "chunk_ext_20k_quoted", chunked(b'5;a="' + b"x" * 20000 + b'"\r\nhello\r\n0\r\n\r\n'), 413,
  (P_ABORTED,))
v(F, "chunk_ext_20k_on_last_chunk", chunked(b"5\r\nhello\r\n0;a=" + b"x" * 20000 + b"\r\n\r\n"),
  413, (P_ABORTED,))
v(F, "chunk_ext_1m", chunked(b"5;a=" + b"x" * (1 << 20) + b"\r\nhello\r\n0\r\n\r\n"), 413,
  (P_ABORTED,))
v(F, "chunk_trailer_20k", chunked(b"5\r\nhello\r\n0\r\nX-T: " + b"x" * 20000 + b"\r\n\r\n"), 431,
  (P_ABORTED,))
v(F, "chunk_trailers_200_lines", chunked(b"5\r\nhello\r\n0\r\n" + b"".join(
    b"X-T%d: %s\r\n" % (i, b"y" * 100) for i in range(200)) + b"\r\n"), 431, (P_ABORTED,))

# ---------------------------------------------------------------------------
# Bare CR / bare LF line endings
# ---------------------------------------------------------------------------
F = "Line endings"
for _name, _data in [
    ("lf_everywhere", b"GET / HTTP/1.1\nHost: x\n\n"),
    ("lf_after_request_line", b"GET / HTTP/1.1\nHost: x\r\n\r\n"),
    ("lf_after_header", b"GET / HTTP/1.1\r\nHost: x\nX: y\r\n\r\n"),
    ("lf_ends_head", b"GET / HTTP/1.1\r\nHost: x\r\n\n"),
    ("cr_everywhere", b"GET / HTTP/1.1\rHost: x\r\r"),
    ("cr_after_request_line", b"GET / HTTP/1.1\rHost: x\r\n\r\n"),
    ("cr_inside_value", b"GET / HTTP/1.1\r\nHost: x\r\nX: a\rb\r\n\r\n"),
    ("cr_cr_lf_after_value", b"GET / HTTP/1.1\r\nHost: x\r\nX: a\r\r\n\r\n"),
    ("lf_inside_target", req(b"GET /a\nb HTTP/1.1", HOST)),
]:
    v(F, _name, _data, 400)
v(F, "empty_line_before_request", b"\r\n" + req(GET, HOST), 200, (G_ROOT,), keep_alive=True)
v(F, "ten_empty_lines_before_request", b"\r\n" * 10 + req(GET, HOST), 200, (G_ROOT,),
  keep_alive=True)
v(F, "bare_lf_before_request", b"\n" + req(GET, HOST), 200, (G_ROOT,), keep_alive=True)
v(F, "empty_line_between_requests", req(GET, HOST) + b"\r\n" + req(b"GET /2 HTTP/1.1", HOST),
  (200, 200), (G_ROOT, ("GET", "/2", b"")), keep_alive=True)

# ---------------------------------------------------------------------------
# Field-line syntax: whitespace before the colon, leading whitespace, no colon
# ---------------------------------------------------------------------------
F = "Field syntax"
for _name, _line in [
    ("space_before_colon_host", b"Host : x"), ("tab_before_colon", b"X-A\t: y"),
    ("space_inside_name", b"X A: y"), ("empty_name", b": y"), ("no_colon", b"XY"),
]:
    v(F, _name, req(GET, HOST, _line) if _name != "space_before_colon_host"
      else req(GET, _line), 400)
v(F, "space_first_field_line", req(GET, b" X: y", HOST), 400)
v(F, "tab_first_field_line", req(GET, b"\tX: y", HOST), 400)

# ---------------------------------------------------------------------------
# obs-fold (RFC 9112 §5.2: a server must reject it or replace it; NodeKit rejects)
# ---------------------------------------------------------------------------
F = "obs-fold"
v(F, "obs_fold_space", req(GET, HOST, b"X-A: a", b" b"), 400)
v(F, "obs_fold_tab", req(GET, HOST, b"X-A: a", b"\tb"), 400)
v(F, "obs_fold_host", req(GET, b"Host: x", b" y"), 400)
v(F, "obs_fold_content_length", req(POST, HOST, b"Content-Length: 5", b" 0", body=b"hello"), 400)
v(F, "obs_fold_transfer_encoding", req(POST, HOST, b"Transfer-Encoding:", b" chunked",
                                       body=HELLO_CHUNKED), 400)

# ---------------------------------------------------------------------------
# Control characters and NUL in names, values and the target
# ---------------------------------------------------------------------------
F = "Control characters"
for _name, _data in [
    ("nul_in_name", req(GET, HOST, b"X\x00A: y")),
    ("nul_in_value", req(GET, HOST, b"X: a\x00b")),
    ("nul_in_target", req(b"GET /a\x00b HTTP/1.1", HOST)),
    ("nul_in_method", req(b"G\x00T / HTTP/1.1", HOST)),
    ("soh_in_value", req(GET, HOST, b"X: a\x01b")),
    ("esc_in_value", req(GET, HOST, b"X: a\x1bb")),
    ("del_in_value", req(GET, HOST, b"X: a\x7fb")),
    ("soh_in_name", req(GET, HOST, b"X\x01: y")),
    ("del_in_name", req(GET, HOST, b"X\x7f: y")),
    ("high_byte_in_name", req(GET, HOST, b"X\xe9: y")),
    ("separator_in_name", req(GET, HOST, b"X(A): y")),
    ("quote_in_name", req(GET, HOST, b'X"A: y')),
    ("soh_in_target", req(b"GET /a\x01b HTTP/1.1", HOST)),
    ("del_in_target", req(b"GET /a\x7fb HTTP/1.1", HOST)),
    ("tab_in_target", req(b"GET /a\tb HTTP/1.1", HOST)),
    ("space_in_target", req(b"GET /a b HTTP/1.1", HOST)),
    ("high_byte_in_target", req(b"GET /a\xe9b HTTP/1.1", HOST)),
    ("empty_target", req(b"GET  HTTP/1.1", HOST)),
    ("authority_target_on_get", req(b"GET x:80 HTTP/1.1", HOST)),
]:
    v(F, _name, _data, 400)
v(F, "obs_text_in_value", req(GET, HOST, b"X: a\xe9b"), 200, (G_ROOT,), keep_alive=True)
v(F, "fragment_in_target", req(b"GET /a#frag HTTP/1.1", HOST), 200, (("GET", "/a#frag", b""),),
  keep_alive=True)
v(F, "absolute_target", req(b"GET http://x/p HTTP/1.1", HOST), 200,
  (("GET", "http://x/p", b""),), keep_alive=True)
v(F, "asterisk_options", req(b"OPTIONS * HTTP/1.1", HOST), 200, (("OPTIONS", "*", b""),),
  keep_alive=True)

# ---------------------------------------------------------------------------
# Methods and versions
# ---------------------------------------------------------------------------
F = "Methods and versions"
for _name, _line in [
    ("method_lowercase", b"get / HTTP/1.1"), ("method_unknown", b"FOO / HTTP/1.1"),
    ("method_with_suffix", b"GETX / HTTP/1.1"), ("method_5000_bytes", b"A" * 5000 + b" / HTTP/1.1"),
    ("method_missing", b" / HTTP/1.1"), ("tabs_as_separators", b"GET\t/\tHTTP/1.1"),
    ("space_after_version", b"GET / HTTP/1.1 "), ("http_3_0", b"GET / HTTP/3.0"),
    ("http_1_2", b"GET / HTTP/1.2"), ("http_1_9", b"GET / HTTP/1.9"),
    ("http_1_10", b"GET / HTTP/1.10"), ("http_lowercase", b"GET / http/1.1"),
    ("http_no_slash", b"GET / HTTP1.1"), ("http_no_minor", b"GET / HTTP/1"),
    ("http_three_numbers", b"GET / HTTP/1.1.1"),
]:
    v(F, _name, req(_line, HOST), 400)
v(F, "h2_preface_on_http1", b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 400)
v(F, "double_space_separator", req(b"GET  / HTTP/1.1", HOST), 200, (G_ROOT,), keep_alive=True)
v(F, "http_0_9_simple_request", b"GET /\r\n\r\n", 505,
  node="serves it as HTTP/0.9 (then closes)",
  why="RFC 9110 §15.6.6 / RFC 9112 §2.3: HTTP/0.9 is not served; 505 and close")
v(F, "http_0_9_version", req(b"GET / HTTP/0.9", HOST), 505,
  node="serves it (then closes)", why="RFC 9110 §15.6.6: 505 and close")
v(F, "http_2_0_request_line", req(b"GET / HTTP/2.0", HOST), 505,
  node="serves it (then closes)",
  why="RFC 9110 §6.2/§15.6.6: HTTP/2 has no HTTP/1 message syntax; 505 and close")
v(F, "rtsp_request_line", req(b"OPTIONS / RTSP/1.0", HOST), 200, (("OPTIONS", "/", b""),),
  why="llhttp (Node's parser too) accepts RTSP/1.0; httptools cannot tell it from HTTP/1.0")
v(F, "http_1_0", req(b"GET / HTTP/1.0"), 200, (G_ROOT,))
v(F, "http_1_0_then_pipelined", req(b"GET /a HTTP/1.0") + req(b"GET /b HTTP/1.0"), 200,
  (("GET", "/a", b""),),
  node="400 instead of the 200 when the response is written after the next bytes arrived",
  why="RFC 9112 §9.3/§9.6: answer the request, then close; later bytes are ignored")
v(F, "garbage_line", b"HELLO\r\n\r\n", 400)
v(F, "binary_bytes", bytes(range(256)), 400)
v(F, "tls_client_hello", b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03" + b"\x00" * 40, 400)

# ---------------------------------------------------------------------------
# Size limits: request line and header section (431), header count
# ---------------------------------------------------------------------------
F = "Size limits"
v(F, "target_20k", req(b"GET /" + b"a" * 20000 + b" HTTP/1.1", HOST), 431)
v(F, "target_15k", req(b"GET /" + b"a" * 15000 + b" HTTP/1.1", HOST), 200,
  (("GET", "/" + "a" * 15000, b""),), keep_alive=True)
v(F, "field_value_20k", req(GET, HOST, b"X: " + b"a" * 20000), 431)
v(F, "field_name_20k", req(GET, HOST, b"X" * 20000 + b": a"), 431)
v(F, "fields_20_times_1k", req(GET, HOST, *[b"X-%d: %s" % (i, b"a" * 1000) for i in range(20)]),
  431)
v(F, "field_value_15k", req(GET, HOST, b"X: " + b"a" * 15000), 200, (G_ROOT,), keep_alive=True)
v(F, "field_line_never_ends", b"GET / HTTP/1.1\r\nHost: x\r\nX: " + b"a" * 40000, 431)
v(F, "max_header_size_1k_option", req(GET, HOST, b"X: " + b"a" * 2000), 431,
  options={"max_header_size": 1024})
v(F, "fields_1500_count", req(GET, HOST, *[b"%x:b" % i for i in range(1, 1500)]), 200,
  (G_ROOT,), keep_alive=True, headers=1000,
  node="keeps 1023 field lines (its limit is applied per batch of 32)",
  why="API.md §6: max_headers_count (1000) lines are kept, the rest dropped")
v(F, "fields_over_max_headers_count_10", req(GET, HOST, *[b"h%d: v" % i for i in range(30)]), 200,
  (G_ROOT,), keep_alive=True, headers=10, attrs={"max_headers_count": 10},
  node="keeps 31 field lines", why="API.md §6: exactly max_headers_count lines are kept")

# ---------------------------------------------------------------------------
# Expect
# ---------------------------------------------------------------------------
F = "Expect"
_EXP = (POST, HOST, b"Content-Length: 5")
v(F, "expect_100_continue", req(*_EXP, b"Expect: 100-continue", body=b"hello"), (100, 200),
  (P_HELLO,), keep_alive=True)
v(F, "expect_100_continue_mixed_case", req(*_EXP, b"Expect: 100-Continue", body=b"hello"),
  (100, 200), (P_HELLO,), keep_alive=True)
v(F, "expect_100_continue_in_list", req(*_EXP, b"Expect: 100-continue, foo", body=b"hello"),
  (100, 200), (P_HELLO,), keep_alive=True)
v(F, "expect_repeated", req(*_EXP, b"Expect: 100-continue", b"Expect: 100-continue",
                            body=b"hello"), (100, 200), (P_HELLO,), keep_alive=True)
v(F, "expect_100_continue_chunked", req(POST, HOST, CHUNKED, b"Expect: 100-continue",
                                        body=HELLO_CHUNKED), (100, 200), (P_HELLO,),
  keep_alive=True)
v(F, "expect_100_continue_get", req(GET, HOST, b"Expect: 100-continue"), (100, 200), (G_ROOT,),
  keep_alive=True)
v(F, "expect_100_continue_http10", req(b"POST / HTTP/1.0", b"Content-Length: 5",
                                       b"Expect: 100-continue", body=b"hello"), 200, (P_HELLO,))
v(F, "expect_unknown_417", req(*_EXP, b"Expect: foo", body=b"hello"), 417, keep_alive=True)
v(F, "expect_empty_417", req(*_EXP, b"Expect: ", body=b"hello"), 417, keep_alive=True)
v(F, "expect_200_ok_417", req(*_EXP, b"Expect: 200-ok", body=b"hello"), 417, keep_alive=True)
v(F, "expect_417_body_not_parsed_as_request", req(POST, HOST, b"Expect: foo",
                                                  b"Content-Length: %d" % len(SMUGGLED),
                                                  body=SMUGGLED), 417, keep_alive=True)

# ---------------------------------------------------------------------------
# CONNECT and Upgrade misuse (no 'connect' / 'upgrade' listener)
# ---------------------------------------------------------------------------
F = "CONNECT / Upgrade"
v(F, "connect_without_listener", req(b"CONNECT x:443 HTTP/1.1", b"Host: x:443"), ())
v(F, "connect_origin_form", req(b"CONNECT / HTTP/1.1", HOST), ())
v(F, "connect_absolute_form", req(b"CONNECT http://x/ HTTP/1.1", HOST), ())
v(F, "connect_with_body", req(b"CONNECT x:443 HTTP/1.1", b"Host: x:443", b"Content-Length: 5",
                              body=b"hello"), ())
_UP = (b"Connection: upgrade", b"Upgrade: websocket")
_UP_NODE = "serves it, then never parses the bytes that follow (connection left open)"
_UP_WHY = "RFC 9110 §7.8: a server that ignores Upgrade goes on with HTTP/1.1 on the connection"
v(F, "upgrade_without_listener", req(GET, HOST, *_UP), 200, (G_ROOT,), keep_alive=True,
  node=_UP_NODE, why=_UP_WHY)
v(F, "upgrade_without_listener_pipelined", req(GET, HOST, *_UP) + SMUGGLED, (200, 200),
  (G_ROOT, ("GET", "/smuggled", b"")), keep_alive=True,
  node=_UP_NODE, why=_UP_WHY)
v(F, "upgrade_header_without_connection_token", req(GET, HOST, b"Upgrade: websocket") + SMUGGLED,
  (200, 200), (G_ROOT, ("GET", "/smuggled", b"")), keep_alive=True)
v(F, "upgrade_h2c_without_listener", req(GET, HOST, b"Connection: Upgrade, HTTP2-Settings",
                                         b"Upgrade: h2c", b"HTTP2-Settings: AAMAAABkAAQAAP__"),
  200, (G_ROOT,), keep_alive=True, node=_UP_NODE, why=_UP_WHY)
v(F, "upgrade_http10", req(b"GET / HTTP/1.0", *_UP), 200, (G_ROOT,))
v(F, "upgrade_body_is_not_a_request", req(POST, HOST, *_UP, b"Content-Length: %d" % len(SMUGGLED),
                                          body=SMUGGLED), 200, (("POST", "/", SMUGGLED),),
  keep_alive=True, node=_UP_NODE, why=_UP_WHY)
v(F, "upgrade_body_then_pipelined", req(POST, HOST, *_UP, b"Content-Length: 5", body=b"hello")
  + SMUGGLED, (200, 200), (P_HELLO, ("GET", "/smuggled", b"")), keep_alive=True,
  node=_UP_NODE, why=_UP_WHY)
v(F, "upgrade_chunked_body", req(POST, HOST, *_UP, CHUNKED, body=HELLO_CHUNKED), 200, (P_HELLO,),
  keep_alive=True, node=_UP_NODE, why=_UP_WHY)

# ---------------------------------------------------------------------------
# Pipelined requests after Connection: close
# ---------------------------------------------------------------------------
F = "Pipelining after close"
_B = req(b"GET /b HTTP/1.1", HOST)
_A: Seen = ("GET", "/a", b"")
_CLOSE_NODE = "400 instead of the 200 when the response is written after /b arrived"
_CLOSE_WHY = "RFC 9112 §9.6: send the final response to the 'close' request, then close"
for _name, _conn in [
    ("close", b"Connection: close"), ("close_uppercase", b"Connection: CLOSE"),
    ("close_tab_before", b"Connection:\tclose"),
    ("close_in_list", b"Connection: keep-alive, close"),
    ("close_in_list_no_space", b"Connection: foo,close"),
]:
    v(F, _name + "_then_pipelined", req(b"GET /a HTTP/1.1", HOST, _conn) + _B, 200, (_A,),
      node=_CLOSE_NODE, why=_CLOSE_WHY)
v(F, "close_tab_after_then_pipelined", req(b"GET /a HTTP/1.1", HOST, b"Connection: close\t") + _B,
  200, (_A,), node="treats 'close<TAB>' as not close: serves /b too",
  why="RFC 9110 §5.5: trailing OWS is not part of the value; " + _CLOSE_WHY)
v(F, "close_second_connection_line_then_pipelined",
  req(b"GET /a HTTP/1.1", HOST, b"Connection: keep-alive", b"Connection: close") + _B, 200, (_A,),
  node=_CLOSE_NODE, why=_CLOSE_WHY)
v(F, "close_with_body_then_pipelined",
  req(b"POST /a HTTP/1.1", HOST, b"Connection: close", b"Content-Length: 5", body=b"hello") + _B,
  200, (("POST", "/a", b"hello"),), node=_CLOSE_NODE, why=_CLOSE_WHY)
v(F, "close_vtab_is_invalid", req(b"GET /a HTTP/1.1", HOST, b"Connection: close\x0b") + _B, 400)
v(F, "closed_is_not_close", req(b"GET /a HTTP/1.1", HOST, b"Connection: closed") + _B, (200, 200),
  (_A, ("GET", "/b", b"")), keep_alive=True)
v(F, "three_pipelined", req(b"GET /a HTTP/1.1", HOST) + _B + req(b"GET /c HTTP/1.1", HOST),
  (200, 200, 200), (_A, ("GET", "/b", b""), ("GET", "/c", b"")), keep_alive=True)

# ---------------------------------------------------------------------------
# Host (RFC 9112 §3.2: 400 for a missing Host on HTTP/1.1, more than one Host
# line, or an invalid Host value; uri-host [ ":" port ] per RFC 3986)
# ---------------------------------------------------------------------------
F = "Host"
_HOST_WHY = "RFC 9112 §3.2: a server MUST respond 400"
v(F, "host_missing", req(GET), 400)
v(F, "host_missing_absolute_target", req(b"GET http://x/ HTTP/1.1"), 400)
v(F, "host_missing_http10", req(b"GET / HTTP/1.0"), 200, (G_ROOT,))
for _name, _lines in [
    ("host_twice_different", (b"Host: a", b"Host: b")),
    ("host_twice_same", (b"Host: a", b"Host: a")),
    ("host_twice_case", (b"Host: a", b"host: b")),
    ("host_space_inside", (b"Host: a b",)), ("host_userinfo", (b"Host: u@a",)),
    ("host_slash", (b"Host: a/b",)), ("host_port_not_digits", (b"Host: a:b",)),
    ("host_ipv6_unclosed", (b"Host: [::1",)), ("host_comma_space", (b"Host: a, b",)),
    ("host_tab_inside", (b"Host: a\tb",)), ("host_question_mark", (b"Host: a?b",)),
    ("host_hash", (b"Host: a#b",)), ("host_backslash", (b"Host: a\\b",)),
    ("host_obs_text", (b"Host: a\xe9",)),
]:
    v(F, _name, req(GET, *_lines), 400, node="200 (Node checks only that Host is present)",
      why=_HOST_WHY)
v(F, "host_bad_pct_encoding", req(GET, b"Host: a%zz"), 400,
  node="200 (Node checks only that Host is present)", why=_HOST_WHY)
for _name, _line in [
    ("host_twice_http10", (b"Host: a", b"Host: b")), ("host_invalid_http10", (b"Host: a b",)),
]:
    v(F, _name, req(b"GET / HTTP/1.0", *_line), 400,
      node="200 (Node checks only that Host is present, on HTTP/1.1)", why=_HOST_WHY)
for _name, _value in [
    ("host_empty", b""), ("host_ipv4_port", b"127.0.0.1:80"), ("host_ipv6_port", b"[::1]:80"),
    ("host_name_port", b"a:8080"), ("host_empty_port", b"a:"),
    ("host_pct_encoded", b"a%41"), ("host_sub_delims", b"a,b;c=d!$&'()*+"),
    ("host_unreserved", b"a-b.c_d~e"), ("host_trailing_dot", b"example.com."),
]:
    v(F, _name, req(GET, b"Host: " + _value), 200, (G_ROOT,), keep_alive=True)
v(F, "host_ipvfuture", req(GET, b"Host: [v1.x]"), 200, (G_ROOT,), keep_alive=True)
v(F, "host_twice_after_1000_fields", req(GET, HOST, *[b"%x:b" % i for i in range(1, 1001)],
                                         b"Host: y"), 400,
  node="200 (and keeps only the first 1023 lines)",
  why=_HOST_WHY + "; the second Host hides past max_headers_count")
v(F, "host_missing_pipelined_after_valid", req(b"GET /a HTTP/1.1", HOST) + req(b"GET /b HTTP/1.1")
  + req(b"GET /c HTTP/1.1", HOST), (200, 400), (_A,),
  node="200, then 400 for /b while still dispatching /c to the application",
  why=_HOST_WHY + " and, answering 400, it does not go on with the connection")

# ---------------------------------------------------------------------------
# An incomplete request, then the client half-closes (FIN)
# ---------------------------------------------------------------------------
F = "Incomplete + EOF"
for _name, _data, _seen in [
    ("eof_in_request_line", b"GET / HT", ()),
    ("eof_in_headers", b"GET / HTTP/1.1\r\nHost: x\r\n", ()),
    ("eof_in_cl_body", req(POST, HOST, b"Content-Length: 100", body=b"hello"), (P_ABORTED,)),
    ("eof_in_chunked_body", chunked(b"5\r\nhel"), (P_ABORTED,)),
    ("eof_in_huge_chunk", chunked(b"ffffffffffffffff\r\nhello"), (P_ABORTED,)),
]:
    v(F, _name, _data, 400, _seen, shutdown=True,
      why="RFC 9112 §8 allows an error response to an incomplete request; Node sends 400")
v(F, "eof_after_complete_request", req(GET, HOST), 200, (G_ROOT,), shutdown=True)
v(F, "eof_after_complete_then_partial", req(GET, HOST) + b"GET /2 HTTP/1.1\r\nHo", (200, 400),
  (G_ROOT,), shutdown=True, why="RFC 9112 §8; Node sends 400")
v(F, "eof_without_bytes", b"", (), shutdown=True)


FAMILIES: list[str] = list(dict.fromkeys(vec.family for vec in VECTORS))


def family(name: str) -> list[Vector]:
    return [vec for vec in VECTORS if vec.family == name]


assert len({vec.name for vec in VECTORS}) == len(VECTORS), "vector names must be unique"
