"""Pure protocol helpers of nodekit.http._common: no sockets, no loop.

Expected values were read from Node v20.20 (``node -e ...``) and are
hard-coded so that the tests do not need ``node`` at run time.
"""

from __future__ import annotations

import importlib.util
import pathlib
import re
import time

import httptools
import pytest

import nodekit
from nodekit.errors import NodeError

try:
    from nodekit.http import _common as c
except ImportError:  # pragma: no cover - a sibling of _common is mid-build
    # _common depends on nothing in nodekit.http; load it on its own so these
    # tests keep running while the package's other modules are being written.
    _path = pathlib.Path(nodekit.__file__).parent / "http" / "_common.py"
    _spec = importlib.util.spec_from_file_location("_nodekit_http_common", _path)
    assert _spec is not None and _spec.loader is not None
    c = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(c)
from nodekit.http import _parser as p  # noqa: E402 - the HPE_* map moved there (issue 11)


def raises(exc_type: type, code: str, message: str):
    """``pytest.raises`` that also checks Node's ``code`` and exact message."""

    class _Ctx:
        def __enter__(self):
            self._cm = pytest.raises(exc_type)
            self.info = self._cm.__enter__()
            return self.info

        def __exit__(self, *exc):
            handled = self._cm.__exit__(*exc)
            err = self.info.value
            assert err.code == code
            assert err.args[0] == message
            return handled

    return _Ctx()


# --- 1. constants ----------------------------------------------------------

NODE_METHODS = [
    "ACL", "BIND", "CHECKOUT", "CONNECT", "COPY", "DELETE", "GET", "HEAD", "LINK",
    "LOCK", "M-SEARCH", "MERGE", "MKACTIVITY", "MKCALENDAR", "MKCOL", "MOVE",
    "NOTIFY", "OPTIONS", "PATCH", "POST", "PROPFIND", "PROPPATCH", "PURGE", "PUT",
    "QUERY", "REBIND", "REPORT", "SEARCH", "SOURCE", "SUBSCRIBE", "TRACE",
    "UNBIND", "UNLINK", "UNLOCK", "UNSUBSCRIBE",
]

NODE_STATUS_CODES = {
    100: "Continue", 101: "Switching Protocols", 102: "Processing", 103: "Early Hints",
    200: "OK", 201: "Created", 202: "Accepted", 203: "Non-Authoritative Information",
    204: "No Content", 205: "Reset Content", 206: "Partial Content", 207: "Multi-Status",
    208: "Already Reported", 226: "IM Used", 300: "Multiple Choices",
    301: "Moved Permanently", 302: "Found", 303: "See Other", 304: "Not Modified",
    305: "Use Proxy", 307: "Temporary Redirect", 308: "Permanent Redirect",
    400: "Bad Request", 401: "Unauthorized", 402: "Payment Required", 403: "Forbidden",
    404: "Not Found", 405: "Method Not Allowed", 406: "Not Acceptable",
    407: "Proxy Authentication Required", 408: "Request Timeout", 409: "Conflict",
    410: "Gone", 411: "Length Required", 412: "Precondition Failed",
    413: "Payload Too Large", 414: "URI Too Long", 415: "Unsupported Media Type",
    416: "Range Not Satisfiable", 417: "Expectation Failed", 418: "I'm a Teapot",
    421: "Misdirected Request", 422: "Unprocessable Entity", 423: "Locked",
    424: "Failed Dependency", 425: "Too Early", 426: "Upgrade Required",
    428: "Precondition Required", 429: "Too Many Requests",
    431: "Request Header Fields Too Large", 451: "Unavailable For Legal Reasons",
    500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway",
    503: "Service Unavailable", 504: "Gateway Timeout", 505: "HTTP Version Not Supported",
    506: "Variant Also Negotiates", 507: "Insufficient Storage", 508: "Loop Detected",
    509: "Bandwidth Limit Exceeded", 510: "Not Extended",
    511: "Network Authentication Required",
}


def test_methods_equal_node_v20():
    assert c.METHODS == NODE_METHODS


def test_methods_are_sorted():
    assert c.METHODS == sorted(c.METHODS)


def test_status_codes_equal_node_v20():
    assert c.STATUS_CODES == NODE_STATUS_CODES
    assert list(c.STATUS_CODES) == sorted(c.STATUS_CODES)


def test_status_codes_404_is_not_found():
    assert c.STATUS_CODES[404] == "Not Found"


# --- 2. token / value checks -----------------------------------------------

@pytest.mark.parametrize("s", ["GET", "Content-Type", "x", "!#$%&'*+-.^_`|~09azAZ", "M-SEARCH"])
def test_check_is_http_token_accepts_tchar_strings(s):
    assert c.check_is_http_token(s) is True


@pytest.mark.parametrize("s", ["", "a b", "a:b", "a\r", "a\n", "a\x00", "é", "a\t", "(a)",
                               'a"', "a/b", "a,b", "a\n\n", None, 5])
def test_check_is_http_token_rejects_separators_ctl_and_empty(s):
    assert c.check_is_http_token(s) is False


def test_check_is_http_token_rejects_trailing_newline():
    # A regex with "$" would accept "abc\n" in Python; Node's /^...$/ does not.
    assert c.check_is_http_token("abc\n") is False


@pytest.mark.parametrize("s", ["", "text/plain", "a\tb", "caf\xe9", "\x80\xff", " x ", "~"])
def test_check_invalid_header_char_accepts_tab_vchar_and_obs_text(s):
    assert c.check_invalid_header_char(s) is False


@pytest.mark.parametrize("s", ["a\rb", "a\nb", "a\x00b", "a\x01", "\x7f", "\x1f", "\u0100",
                               "\u2028"])
def test_check_invalid_header_char_rejects_ctl_del_and_non_latin1(s):
    assert c.check_invalid_header_char(s) is True


def test_check_invalid_header_char_renders_ints():
    assert c.check_invalid_header_char(123) is False


# --- 3. validation ---------------------------------------------------------

def test_validate_header_name_rejects_non_token():
    with raises(TypeError, "ERR_INVALID_HTTP_TOKEN",
                'Header name must be a valid HTTP token ["a b"]'):
        c.validate_header_name("a b")


def test_validate_header_name_rejects_empty():
    with raises(TypeError, "ERR_INVALID_HTTP_TOKEN",
                'Header name must be a valid HTTP token [""]'):
        c.validate_header_name("")


def test_validate_header_name_rejects_non_str_as_node_renders_it():
    with raises(TypeError, "ERR_INVALID_HTTP_TOKEN",
                'Header name must be a valid HTTP token ["undefined"]'):
        c.validate_header_name(None)


def test_validate_header_name_accepts_token():
    assert c.validate_header_name("X-Custom-Header") is None


def test_validation_errors_are_node_errors_with_code():
    with pytest.raises(NodeError) as info:
        c.validate_header_name("a b")
    assert str(info.value) == (
        'Header name must be a valid HTTP token ["a b"] [ERR_INVALID_HTTP_TOKEN]')


def test_validate_header_value_none_is_invalid_header_value():
    with raises(TypeError, "ERR_HTTP_INVALID_HEADER_VALUE",
                'Invalid value "undefined" for header "x"'):
        c.validate_header_value("x", None)


@pytest.mark.parametrize("value", ["a\nb", "a\rb", "a\x00", "caf\u0100", "a\x7fb"])
def test_validate_header_value_rejects_invalid_char(value):
    with raises(TypeError, "ERR_INVALID_CHAR", 'Invalid character in header content ["x"]'):
        c.validate_header_value("x", value)


def test_validate_header_value_checks_each_list_item():
    with raises(TypeError, "ERR_INVALID_CHAR", 'Invalid character in header content ["x"]'):
        c.validate_header_value("x", ["ok", "a\r\nInjected: 1"])


@pytest.mark.parametrize("value", ["plain", 123, ["a", "b"], ["a", 5], "caf\xe9", "a\tb", ""])
def test_validate_header_value_accepts_str_int_lists_and_latin1(value):
    assert c.validate_header_value("x", value) is None


def test_validate_path_rejects_space():
    with raises(TypeError, "ERR_UNESCAPED_CHARACTERS",
                "Request path contains unescaped characters"):
        c.validate_path("/a b")


@pytest.mark.parametrize("path", ["/a\tb", "/a\x00", "/a\r\n", "/\u0100", "/\u65e5\u672c"])
def test_validate_path_rejects_ctl_and_chars_above_latin1(path):
    # Node v20: INVALID_PATH_REGEX = /[^\u0021-\u00ff]/
    with raises(TypeError, "ERR_UNESCAPED_CHARACTERS",
                "Request path contains unescaped characters"):
        c.validate_path(path)


@pytest.mark.parametrize("path", ["/", "/index.html?page=12", "/a\x7fb", "/caf\xe9", "*",
                                  "www.example.com:80"])
def test_validate_path_accepts_visible_and_latin1(path):
    assert c.validate_path(path) is None


def test_validate_method_rejects_non_token():
    with raises(TypeError, "ERR_INVALID_HTTP_TOKEN", 'Method must be a valid HTTP token ["G T"]'):
        c.validate_method("G T")


def test_validate_method_upper_cases():
    assert c.validate_method("get") == "GET"


@pytest.mark.parametrize("method", [None, ""])
def test_validate_method_defaults_to_get(method):
    assert c.validate_method(method) == "GET"


def test_validate_method_rejects_non_str():
    with pytest.raises(TypeError) as info:
        c.validate_method(5)
    assert info.value.code == "ERR_INVALID_ARG_TYPE"


@pytest.mark.parametrize("code", [99, 1000, 0, -200])
def test_validate_status_code_rejects_out_of_range(code):
    with raises(ValueError, "ERR_HTTP_INVALID_STATUS_CODE", f"Invalid status code: {code}"):
        c.validate_status_code(code)


def test_validate_status_code_rejects_non_number_with_original_in_message():
    with raises(ValueError, "ERR_HTTP_INVALID_STATUS_CODE", "Invalid status code: abc"):
        c.validate_status_code("abc")


@pytest.mark.parametrize(("code", "expected"), [(100, 100), (999, 999), ("200", 200), (200.7, 200),
                                                  (" 404.5 ", 404)])
def test_validate_status_code_truncates_like_node(code, expected):
    assert c.validate_status_code(code) == expected


# --- 4. incoming header merging -------------------------------------------

SEED_RAW = ["ConTent-Length", "123456", "content-LENGTH", "123", "content-type", "text/plain",
            "CONNECTION", "keep-alive", "Host", "mysite.com", "accepT", "*/*"]


def test_headers_from_raw_seed_example():
    assert c.headers_from_raw(SEED_RAW) == {
        "content-length": "123456",
        "content-type": "text/plain",
        "connection": "keep-alive",
        "host": "mysite.com",
        "accept": "*/*",
    }


def test_headers_from_raw_does_not_modify_raw():
    raw = list(SEED_RAW)
    c.headers_from_raw(raw)
    assert raw == SEED_RAW


def test_set_cookie_is_always_a_list():
    assert c.headers_from_raw(["Set-Cookie", "a=1"]) == {"set-cookie": ["a=1"]}
    assert c.headers_from_raw(["Set-Cookie", "a=1", "set-cookie", "b=2"]) == {
        "set-cookie": ["a=1", "b=2"]}


def test_cookie_is_always_a_list():
    assert c.headers_from_raw(["Cookie", "a=1"]) == {"cookie": ["a=1"]}
    assert c.headers_from_raw(["Cookie", "a=1", "COOKIE", "b=2"]) == {"cookie": ["a=1", "b=2"]}


def test_other_duplicates_are_joined_with_comma_space():
    raw = ["Accept", "text/html", "accept", "*/*", "X-Foo", "1", "x-foo", "2", "X-FOO", "3"]
    assert c.headers_from_raw(raw) == {"accept": "text/html, */*", "x-foo": "1, 2, 3"}


@pytest.mark.parametrize("name", [
    "content-type", "content-length", "user-agent", "referer", "host", "authorization",
    "proxy-authorization", "if-modified-since", "if-unmodified-since", "from", "location",
    "max-forwards", "retry-after", "etag", "last-modified", "server", "age", "expires",
])
def test_single_valued_headers_keep_the_first_value(name):
    assert c.headers_from_raw([name.upper(), "first", name, "second"]) == {name: "first"}


def test_header_values_are_not_modified():
    assert c.headers_from_raw(["X-A", "  MiXeD Case  "]) == {"x-a": "  MiXeD Case  "}


def test_headers_from_raw_empty():
    assert c.headers_from_raw([]) == {}


def test_headers_from_raw_returns_fresh_lists():
    raw = ["Set-Cookie", "a=1"]
    first = c.headers_from_raw(raw)
    first["set-cookie"].append("mutated")
    assert c.headers_from_raw(raw) == {"set-cookie": ["a=1"]}


# --- 5. outgoing head ------------------------------------------------------

def test_render_field_keeps_name_case():
    assert c.render_field("Content-Type", "text/plain") == ("Content-Type: text/plain\r\n", 0)
    assert c.render_field("x-a", "1") == ("x-a: 1\r\n", 0)


def test_render_field_list_value_gives_one_line_per_item():
    lines, _ = c.render_field("Set-Cookie", ["type=ninja", "language=js"])
    assert lines == "Set-Cookie: type=ninja\r\nSet-Cookie: language=js\r\n"


@pytest.mark.parametrize("name", ["Cookie", "cookie", "COOKIE"])
def test_render_field_joins_a_cookie_list_with_semicolons_like_node(name):
    assert c.render_field(name, ["a=1", "b=2"]) == (f"{name}: a=1; b=2\r\n", 0)
    assert c.render_field(name, ("a=1", "b=2", "c=3"))[0] == f"{name}: a=1; b=2; c=3\r\n"


def test_render_field_does_not_join_other_lists():
    assert c.render_field("X", ["a", "b"])[0] == "X: a\r\nX: b\r\n"


def test_render_field_renders_ints_and_bools_as_javascript():
    assert c.render_field("Content-Length", 11) == ("Content-Length: 11\r\n", c.ROLE_CONTENT_LENGTH)
    assert c.render_field("X-Flag", True)[0] == "X-Flag: true\r\n"


@pytest.mark.parametrize(("name", "role"), [
    ("Connection", "ROLE_CONNECTION"), ("content-length", "ROLE_CONTENT_LENGTH"),
    ("Transfer-Encoding", "ROLE_TRANSFER_ENCODING"), ("DATE", "ROLE_DATE"),
    ("Expect", "ROLE_EXPECT"), ("Trailer", "ROLE_TRAILER"), ("Keep-Alive", "ROLE_KEEP_ALIVE"),
])
def test_render_field_names_the_role_of_framing_and_connection_fields(name, role):
    assert c.render_field(name, "x")[1] == getattr(c, role)


def test_render_field_validates():
    with raises(TypeError, "ERR_INVALID_CHAR", 'Invalid character in header content ["X"]'):
        c.render_field("X", "a\r\nInjected: yes")
    with raises(TypeError, "ERR_INVALID_HTTP_TOKEN",
                'Header name must be a valid HTTP token ["a b"]'):
        c.render_field("a b", "x")


def test_render_field_validates_list_items():
    with raises(TypeError, "ERR_INVALID_CHAR", 'Invalid character in header content ["Cookie"]'):
        c.render_field("Cookie", ["a=1", "b=2\r\nX: y"])


@pytest.mark.parametrize(("args", "expected"), [
    ((True, 5000), "Connection: keep-alive\r\nKeep-Alive: timeout=5\r\n"),
    ((True, 5000, 10), "Connection: keep-alive\r\nKeep-Alive: timeout=5, max=10\r\n"),
    ((True, 1500), "Connection: keep-alive\r\nKeep-Alive: timeout=1\r\n"),
    ((True, 0), "Connection: keep-alive\r\n"),
    ((True,), "Connection: keep-alive\r\n"),
    ((False, 5000), "Connection: close\r\n"),
])
def test_connection_lines_like_node(args, expected):
    assert c.connection_lines(*args) == expected


@pytest.mark.parametrize(("name", "shown"), [
    (None, "None"), (5, "type int (5)"), (b"x", "type bytes (b'x')"),
])
def test_name_type_error_is_node_invalid_arg_type(name, shown):
    err = c.name_type_error(name)
    assert isinstance(err, TypeError) and err.code == "ERR_INVALID_ARG_TYPE"
    assert err.args[0] == f'The "name" argument must be of type string. Received {shown}'


def test_status_line_standard_reason():
    assert c.status_line("1.1", 200, None) == "HTTP/1.1 200 OK\r\n"
    assert c.status_line("1.0", 404, None) == "HTTP/1.0 404 Not Found\r\n"


def test_status_line_unknown_code_is_unknown():
    assert c.status_line("1.1", 299, None) == "HTTP/1.1 299 unknown\r\n"


def test_status_line_custom_and_empty_reason():
    assert c.status_line("1.1", 200, "Fine") == "HTTP/1.1 200 Fine\r\n"
    assert c.status_line("1.1", 200, "") == "HTTP/1.1 200 \r\n"


def test_status_line_is_cached_for_standard_reason():
    assert c.status_line("1.1", 201, None) is c.status_line("1.1", 201, "Created")


def test_status_line_follows_a_phrase_changed_in_status_codes(monkeypatch):
    standard = c.status_line("1.1", 200)
    monkeypatch.setitem(c.STATUS_CODES, 200, "Fine")
    assert c.status_line("1.1", 200) == "HTTP/1.1 200 Fine\r\n"
    assert c.status_line("1.1", 200, "Fine") == "HTTP/1.1 200 Fine\r\n"
    assert c.status_line("1.1", 200, "OK") is standard


def test_status_line_rejects_crlf_in_reason():
    with raises(TypeError, "ERR_INVALID_CHAR", "Invalid character in statusMessage"):
        c.status_line("1.1", 200, "OK\r\nX: injected")


def test_status_line_rejects_invalid_code():
    with raises(ValueError, "ERR_HTTP_INVALID_STATUS_CODE", "Invalid status code: 42"):
        c.status_line("1.1", 42, None)


# --- 6. date ---------------------------------------------------------------

IMF_FIXDATE = re.compile(
    r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"\d{4} \d\d:\d\d:\d\d GMT")


def test_utc_date_is_imf_fixdate():
    assert IMF_FIXDATE.fullmatch(c.utc_date())


def test_imf_fixdate_of_known_instant():
    assert c.imf_fixdate(1795683600) == "Thu, 26 Nov 2026 09:00:00 GMT"
    assert c.imf_fixdate(0) == "Thu, 01 Jan 1970 00:00:00 GMT"


def test_utc_date_is_recomputed_only_when_the_second_changes():
    cache = [-1, ""]  # (a Runtime's date_cache)
    first = c.utc_date(cache, 1795683600.1)
    assert c.utc_date(cache, 1795683600.9) is first
    assert c.utc_date(cache, 1795683601.0) == "Thu, 26 Nov 2026 09:00:01 GMT"
    assert cache == [1795683601, "Thu, 26 Nov 2026 09:00:01 GMT"]


def test_utc_date_without_a_cache_keeps_no_state():
    assert c.utc_date(None, 1795683600.1) == "Thu, 26 Nov 2026 09:00:00 GMT"
    assert not any(name.startswith("_date") for name in vars(c))


def test_utc_date_follows_the_clock():
    before = int(time.time())
    value = c.utc_date()
    after = int(time.time())
    assert value in {c.imf_fixdate(before), c.imf_fixdate(after)}


# --- 7. chunked framing ----------------------------------------------------

def test_crlf_and_last_chunk_bytes():
    assert c.CRLF == b"\r\n"
    assert c.LAST_CHUNK == b"0\r\n\r\n"


@pytest.mark.parametrize(("n", "expected"), [(1, b"1\r\n"), (26, b"1a\r\n"), (255, b"ff\r\n"),
                                             (65536, b"10000\r\n")])
def test_chunk_header_is_lower_case_hex(n, expected):
    assert c.chunk_header(n) == expected


def test_frame_chunk_is_header_data_crlf():
    assert c.frame_chunk(b"x" * 26) == b"1a\r\n" + b"x" * 26 + b"\r\n"


def test_frame_chunk_accepts_bytearray_and_memoryview():
    assert c.frame_chunk(bytearray(b"abc")) == b"3\r\nabc\r\n"
    assert c.frame_chunk(memoryview(b"hello")) == b"5\r\nhello\r\n"


def test_frame_chunk_of_nothing_is_nothing_not_a_last_chunk():
    assert c.frame_chunk(b"") == b""


def test_render_trailers_from_dict():
    assert c.render_trailers({"Content-MD5": "7895bf4b8828b55ceaf47747b4bca667"}) == (
        b"0\r\nContent-MD5: 7895bf4b8828b55ceaf47747b4bca667\r\n\r\n")


def test_render_trailers_from_pairs_with_list_values():
    assert c.render_trailers([("X-A", "1"), ("X-B", ["2", "3"]), ("X-C", ["4"])]) == (
        b"0\r\nX-A: 1\r\nX-B: 2\r\nX-B: 3\r\nX-C: 4\r\n\r\n")


def test_render_trailers_empty_is_last_chunk():
    assert c.render_trailers({}) == c.LAST_CHUNK


def test_render_trailers_encodes_latin1():
    assert c.render_trailers({"X": "caf\xe9"}) == b"0\r\nX: caf\xe9\r\n\r\n"


def test_render_trailers_rejects_bad_name():
    with raises(TypeError, "ERR_INVALID_HTTP_TOKEN",
                'Trailer name must be a valid HTTP token ["a b"]'):
        c.render_trailers({"a b": "x"})


def test_render_trailers_rejects_bad_value():
    with raises(TypeError, "ERR_INVALID_CHAR", 'Invalid character in trailer content ["a"]'):
        c.render_trailers({"a": "x\ny"})
    with raises(TypeError, "ERR_INVALID_CHAR", 'Invalid character in trailer content ["a"]'):
        c.render_trailers([("a", ["ok", "x\ry"])])


def test_render_trailers_rejects_none_value():
    with raises(TypeError, "ERR_HTTP_INVALID_HEADER_VALUE",
                'Invalid value "undefined" for header "a"'):
        c.render_trailers({"a": None})


# --- 8. keep-alive and framing decisions -----------------------------------

@pytest.mark.parametrize(("major", "minor", "connection", "expected"), [
    (1, 1, None, True),
    (1, 1, "keep-alive", True),
    (1, 1, "close", False),
    (1, 1, "Close", False),
    (1, 1, "upgrade, close", False),
    (1, 1, " \tclose\t ", False),
    (1, 1, "closed", True),
    (1, 1, "x-close", True),
    (1, 0, None, False),
    (1, 0, "keep-alive", True),
    (1, 0, "Keep-Alive", True),
    (1, 0, "foo,\tKEEP-ALIVE ", True),
    (1, 0, "keep-alive, close", False),
    (1, 0, "keep-alived", False),
    (0, 9, None, False),
    (0, 9, "keep-alive", False),
    (1, 1, ["keep-alive", "close"], False),
])
def test_should_keep_alive_table(major, minor, connection, expected):
    assert c.should_keep_alive(major, minor, connection) is expected


@pytest.mark.parametrize(("value", "token", "expected"), [
    ("Upgrade", "upgrade", True),
    ("keep-alive, Upgrade", "upgrade", True),
    ("keep-alive,upgrade", "UPGRADE", True),
    ("  upgrade\t,x", "upgrade", True),
    ("upgraded", "upgrade", False),
    ("", "close", False),
    (None, "close", False),
])
def test_has_connection_token(value, token, expected):
    assert c.has_connection_token(value, token) is expected


@pytest.mark.parametrize(("status", "method", "expected"), [
    (100, "GET", True), (101, "GET", True), (199, None, True),
    (204, "GET", True), (304, "GET", True),
    (200, "HEAD", True), (404, "HEAD", True),
    (200, "GET", False), (205, "GET", False), (500, "POST", False), (200, None, False),
])
def test_body_forbidden(status, method, expected):
    assert c.body_forbidden(status, method) is expected


@pytest.mark.parametrize(("method", "expected"), [
    ("GET", False), ("HEAD", False), ("DELETE", False), ("OPTIONS", False), ("TRACE", False),
    ("CONNECT", False), ("POST", True), ("PUT", True), ("PATCH", True),
])
def test_request_chunked_by_default_like_node(method, expected):
    assert c.request_chunked_by_default(method) is expected


# Each row was checked against Node v20 (server responses and client requests
# written to a raw socket), except where RFC 9112 §6.1/§6.3 make NodeKit
# stricter (the rows that say so): kwargs -> (kind, length, header, close).
FRAMING_CASES = {
    "end(data) on 1.1 -> Content-Length":
        (dict(body_length=3), ("content-length", 3, "Content-Length: 3\r\n", False)),
    "bare end() -> Content-Length: 0":
        (dict(body_length=0), ("content-length", 0, "Content-Length: 0\r\n", False)),
    "streamed body -> chunked":
        (dict(), ("chunked", None, "Transfer-Encoding: chunked\r\n", False)),
    "user Content-Length is used as is":
        (dict(content_length="3"), ("content-length", 3, "", False)),
    "user Content-Length that is not a number":
        (dict(content_length="3abc"), ("content-length", None, "", False)),
    "user TE chunked":
        (dict(transfer_encoding="chunked", body_length=3), ("chunked", None, "", False)),
    "user TE chunked wins over user CL":
        (dict(transfer_encoding="chunked", content_length=3), ("chunked", None, "", False)),
    "user TE gzip, chunked (chunked last) is chunked":
        (dict(transfer_encoding="gzip, Chunked"), ("chunked", None, "", False)),
    "user TE as field lines, chunked last, is chunked":
        (dict(transfer_encoding=["gzip", "chunked"]), ("chunked", None, "", False)),
    "user TE without chunked -> close-delimited (stricter than Node)":
        (dict(transfer_encoding="gzip"), ("close-delimited", None, "", True)),
    "user TE chunked, gzip (chunked not last) -> close-delimited (stricter than Node)":
        (dict(transfer_encoding="chunked, gzip"), ("close-delimited", None, "", True)),
    "user TE without chunked, with user CL -> content-length":
        (dict(transfer_encoding="gzip", content_length=3), ("content-length", 3, "", False)),
    "request with user TE without chunked -> unframed, connection kept":
        (dict(transfer_encoding="gzip", request=True), ("close-delimited", None, "", False)),
    "HTTP/1.0 peer -> close-delimited even when the body is known":
        (dict(chunked_by_default=False, body_length=3), ("close-delimited", None, "", True)),
    "HTTP/1.0 peer and user CL -> content-length":
        (dict(chunked_by_default=False, content_length=3), ("content-length", 3, "", False)),
    "HEAD response -> none, no CL added":
        (dict(body_allowed=False, body_length=3), ("none", None, "", False)),
    "HEAD response with user CL -> none":
        (dict(body_allowed=False, content_length=10), ("none", None, "", False)),
    "204 -> none":
        (dict(body_allowed=False, status_code=204, body_length=3), ("none", None, "", False)),
    "204 with user TE chunked -> none and close":
        (dict(body_allowed=False, status_code=204, transfer_encoding="chunked"),
         ("none", None, "", True)),
    "304 with user TE chunked -> none and close":
        (dict(body_allowed=False, status_code=304, transfer_encoding="chunked"),
         ("none", None, "", True)),
    "Trailer header forbids auto Content-Length":
        (dict(has_trailer=True, body_length=3),
         ("chunked", None, "Transfer-Encoding: chunked\r\n", False)),
    "removed Content-Length -> chunked":
        (dict(removed_content_length=True, body_length=3),
         ("chunked", None, "Transfer-Encoding: chunked\r\n", False)),
    "both removed -> close-delimited":
        (dict(removed_content_length=True, removed_transfer_encoding=True, body_length=3),
         ("close-delimited", None, "", True)),
    "both removed on a request -> unframed, connection kept":
        (dict(removed_content_length=True, removed_transfer_encoding=True, request=True),
         ("close-delimited", None, "", False)),
    "GET request -> unframed (Node sends a GET body raw)":
        (dict(chunked_by_default=False, body_length=3, request=True),
         ("close-delimited", None, "", False)),
    "POST request end(data) -> Content-Length":
        (dict(chunked_by_default=True, body_length=3),
         ("content-length", 3, "Content-Length: 3\r\n", False)),
}


@pytest.mark.parametrize(("kwargs", "expected"), list(FRAMING_CASES.values()),
                         ids=list(FRAMING_CASES))
def test_choose_framing_table(kwargs, expected):
    assert tuple(c.choose_framing(**kwargs)) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("chunked", True), ("Chunked", True), ("gzip, chunked", True), ("gzip,chunked ", True),
    (["gzip", "chunked"], True), ("chunked, gzip", False), ("gzip", False),
    ("xchunked", False), ("", False),
])
def test_ends_in_chunked_looks_at_the_last_coding(value, expected):
    assert c.ends_in_chunked(value) is expected


def test_choose_framing_returns_named_fields():
    f = c.choose_framing(body_length=5)
    assert (f.kind, f.length, f.header, f.close) == ("content-length", 5, "Content-Length: 5\r\n",
                                                    False)


@pytest.mark.parametrize("kwargs", [
    dict(has_trailer=True, content_length=3),
    dict(has_trailer=True, body_allowed=False),
    dict(has_trailer=True, chunked_by_default=False),
    dict(has_trailer=True, transfer_encoding="chunked, gzip"),
])
def test_choose_framing_trailer_without_chunked_raises(kwargs):
    with raises(NodeError, "ERR_HTTP_TRAILER_INVALID",
                "Trailers are invalid with this transfer encoding"):
        c.choose_framing(**kwargs)


# --- 9. parser errors ------------------------------------------------------

class _Proto:
    def on_url(self, url):
        pass

    def on_header(self, name, value):
        pass

    def on_body(self, body):
        pass

    def on_status(self, status):
        pass


def _feed(parser_cls, data, proto=None):
    parser = parser_cls(proto or _Proto())
    with pytest.raises(httptools.HttpParserError) as info:
        parser.feed_data(data)
    return info.value


# (input, Node v20's err.code, err.reason), as Node's 'clientError' /
# request 'error' reported them for the same bytes.
REQUEST_ERRORS = [
    (b"FOO / HTTP/1.1\r\n\r\n", "HPE_INVALID_METHOD", "Invalid method encountered"),
    (b"G\x00T / HTTP/1.1\r\n\r\n", "HPE_INVALID_METHOD", "Invalid method encountered"),
    (b"GET / HTTP/1.1x\r\n\r\n", "HPE_INVALID_VERSION", "Expected CRLF after version"),
    (b"GET / HTTP/1.1\n\n", "HPE_INVALID_VERSION", "Expected CRLF after version"),
    (b"GET / HTTP/1.1\rX\r\n\r\n", "HPE_STRICT", "Expected CRLF after version"),
    (b"GET / HTTP/3.1\r\n\r\n", "HPE_INVALID_VERSION", "Invalid HTTP version"),
    (b"GET / HTTP/1.\r\n\r\n", "HPE_INVALID_VERSION", "Invalid minor version"),
    (b"GET / XTTP/1.1\r\n\r\n", "HPE_INVALID_CONSTANT", "Expected HTTP/, RTSP/ or ICE/"),
    (b"GET /a b HTTP/1.1\r\n\r\n", "HPE_INVALID_CONSTANT", "Expected HTTP/, RTSP/ or ICE/"),
    (b"GET / ICE/1.0\r\n\r\n", "HPE_INVALID_CONSTANT",
     "Expected SOURCE method for ICE/x.x request"),
    (b"GET \x01 HTTP/1.1\r\n\r\n", "HPE_INVALID_URL", "Unexpected start char in url"),
    (b"GET /\x7f HTTP/1.1\r\n\r\n", "HPE_INVALID_URL", "Invalid char in url path"),
    (b"GET http://a@@b/ HTTP/1.1\r\n\r\n", "HPE_INVALID_URL", "Double @ in url"),
    (b"GET / HTTP/1.1\r\nA B: c\r\n\r\n", "HPE_INVALID_HEADER_TOKEN", "Invalid header token"),
    (b"GET / HTTP/1.1\r\nFoo : x\r\n\r\n", "HPE_INVALID_HEADER_TOKEN", "Invalid header token"),
    (b"GET / HTTP/1.1\r\nFoo: b\x01\r\n\r\n", "HPE_INVALID_HEADER_TOKEN",
     "Invalid header value char"),
    (b"GET / HTTP/1.1\r\nFoo: a\r\n  b\r\n\r\n", "HPE_INVALID_HEADER_TOKEN",
     "Unexpected whitespace after header value"),
    (b"GET / HTTP/1.1\r\n Foo: x\r\n\r\n", "HPE_UNEXPECTED_SPACE",
     "Unexpected space after start line"),
    (b"GET / HTTP/1.1\r\nFoo: x\r\r\n\r\n", "HPE_LF_EXPECTED",
     "Missing expected LF after header value"),
    (b"GET / HTTP/1.1\r\nFoo: x\n\r\n", "HPE_CR_EXPECTED",
     "Missing expected CR after header value"),
    (b"GET / HTTP/1.1\r\nA:b\r\n\rx", "HPE_STRICT", "Expected LF after headers"),
    (b"GET / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n",
     "HPE_INVALID_TRANSFER_ENCODING", "Transfer-Encoding can't be present with Content-Length"),
    (b"GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 1\r\n\r\n",
     "HPE_INVALID_CONTENT_LENGTH", "Content-Length can't be present with Transfer-Encoding"),
    (b"GET / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n", "HPE_INVALID_CONTENT_LENGTH",
     "Invalid character in Content-Length"),
    (b"GET / HTTP/1.1\r\nContent-Length:\r\n\r\n", "HPE_INVALID_CONTENT_LENGTH",
     "Empty Content-Length"),
    (b"GET / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n",
     "HPE_INVALID_CONTENT_LENGTH", "Content-Length overflow"),
    (b"GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n",
     "HPE_UNEXPECTED_CONTENT_LENGTH", "Duplicate Content-Length"),
    (b"POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", "HPE_INVALID_TRANSFER_ENCODING",
     "Request has invalid `Transfer-Encoding`"),
    (b"GET / HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
     "HPE_INVALID_TRANSFER_ENCODING", "Invalid `Transfer-Encoding` header value"),
    (b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "HPE_INVALID_CHUNK_SIZE",
     "Invalid character in chunk size"),
    (b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffff\r\n",
     "HPE_INVALID_CHUNK_SIZE", "Chunk size overflow"),
    (b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n", "HPE_STRICT",
     "Expected LF after chunk data"),
    (b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1;a b\r\n", "HPE_STRICT",
     "Invalid character in chunk extensions name"),
    (b"GET / HTTP/1.1\r\nConnection: close\r\n\r\nGET / HTTP/1.1\r\n\r\n",
     "HPE_CLOSED_CONNECTION", "Data after `Connection: close`"),
    (b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "HPE_PAUSED_H2_UPGRADE", "Pause on PRI/Upgrade"),
]

RESPONSE_ERRORS = [
    (b"HTTP/1.1 2000 OK\r\n\r\n", "HPE_INVALID_STATUS", "Invalid response status"),
    (b"HTTP/1.1 200OK\r\n\r\n", "HPE_INVALID_STATUS", "Invalid response status"),
    (b"HTTP/1.1 20 OK\r\n\r\n", "HPE_INVALID_STATUS", "Invalid status code"),
    (b"HTTX/1.1 200 OK\r\n\r\n", "HPE_INVALID_CONSTANT", "Expected HTTP/, RTSP/ or ICE/"),
    (b"xyz", "HPE_INVALID_CONSTANT", "Expected HTTP/, RTSP/ or ICE/"),
    (b"HTTP/1.1x200 OK\r\n\r\n", "HPE_INVALID_VERSION", "Expected space after version"),
    (b"HTTP/1.1 200 OK\nFoo: x\r\n\r\n", "HPE_CR_EXPECTED",
     "Missing expected CR after response line"),
    (b"HTTP/1.1 200 OK\r\nA B: c\r\n\r\n", "HPE_INVALID_HEADER_TOKEN", "Invalid header token"),
    (b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n",
     "HPE_UNEXPECTED_CONTENT_LENGTH", "Duplicate Content-Length"),
]


@pytest.mark.parametrize(("data", "code", "reason"), REQUEST_ERRORS,
                         ids=[r[2] + " / " + r[1] for r in REQUEST_ERRORS])
def test_request_parser_error_code_matches_node(data, code, reason):
    exc = _feed(httptools.HttpRequestParser, data)
    assert str(exc) == reason
    assert p.parser_error_code(exc, data) == code


@pytest.mark.parametrize(("data", "code", "reason"), RESPONSE_ERRORS,
                         ids=[r[2] + " / " + r[1] for r in RESPONSE_ERRORS])
def test_response_parser_error_code_matches_node(data, code, reason):
    exc = _feed(httptools.HttpResponseParser, data)
    assert str(exc) == reason
    assert p.parser_error_code(exc, data) == code


def test_crlf_after_version_without_data_defaults_to_invalid_version():
    exc = httptools.HttpParserError("Expected CRLF after version")
    assert p.parser_error_code(exc) == "HPE_INVALID_VERSION"


def test_every_table_code_is_an_hpe_code():
    assert all(code.startswith("HPE_") for code in p.PARSER_ERROR_CODES.values())


def test_error_in_message_begin_callback_is_cb_message_begin():
    class Boom(_Proto):
        def on_message_begin(self):
            raise RuntimeError("boom")

    exc = _feed(httptools.HttpRequestParser, b"GET / HTTP/1.1\r\n\r\n", Boom())
    assert isinstance(exc, httptools.HttpParserCallbackError)
    assert p.parser_error_code(exc) == "HPE_CB_MESSAGE_BEGIN"


def test_error_in_headers_complete_callback_is_cb_headers_complete():
    class Boom(_Proto):
        def on_headers_complete(self):
            raise RuntimeError("boom")

    exc = _feed(httptools.HttpRequestParser, b"GET / HTTP/1.1\r\n\r\n", Boom())
    assert p.parser_error_code(exc) == "HPE_CB_HEADERS_COMPLETE"


def test_error_in_span_callback_is_hpe_user():
    class Boom(_Proto):
        def on_url(self, url):
            raise RuntimeError("boom")

    exc = _feed(httptools.HttpRequestParser, b"GET / HTTP/1.1\r\n\r\n", Boom())
    assert str(exc) == "`on_url` callback error"
    assert p.parser_error_code(exc) == "HPE_USER"


@pytest.mark.parametrize(("cls", "code"), [
    (httptools.HttpParserInvalidMethodError, "HPE_INVALID_METHOD"),
    (httptools.HttpParserInvalidURLError, "HPE_INVALID_URL"),
    (httptools.HttpParserInvalidStatusError, "HPE_INVALID_STATUS"),
    (httptools.HttpParserCallbackError, "HPE_USER"),
    (httptools.HttpParserError, "HPE_INVALID"),
])
def test_unknown_reason_falls_back_to_class_then_hpe_invalid(cls, code):
    assert p.parser_error_code(cls("some reason llhttp may add later")) == code


def test_non_parser_exception_is_hpe_invalid():
    assert p.parser_error_code(ValueError("what")) == "HPE_INVALID"


def test_parse_error_carries_code_reason_message_and_packet():
    data = b"FOO / HTTP/1.1\r\n\r\n"
    exc = _feed(httptools.HttpRequestParser, data)
    err = p.parse_error(exc, data)
    assert isinstance(err, p.ParseError) and isinstance(err, NodeError)
    assert err.code == "HPE_INVALID_METHOD"
    assert err.reason == "Invalid method encountered"
    assert err.args[0] == "Parse Error: Invalid method encountered"
    assert err.raw_packet == data
    assert err.bytes_parsed is None
    assert err.__cause__ is exc


def test_parse_error_without_data():
    err = p.parse_error(httptools.HttpParserError("Invalid header token"), bytes_parsed=17)
    assert (err.code, err.raw_packet, err.bytes_parsed) == ("HPE_INVALID_HEADER_TOKEN", None, 17)


def test_parse_error_built_directly_for_node_only_codes():
    err = p.ParseError("HPE_HEADER_OVERFLOW", "Header overflow")
    assert str(err) == "Parse Error: Header overflow [HPE_HEADER_OVERFLOW]"
    assert p.parser_error_code(err) == "HPE_HEADER_OVERFLOW"


# -- decode_raw -----------------------------------------------------------------


def test_decode_raw_decodes_every_field_as_latin1_in_order():
    raw = [b"Host", b"x", b"X-Caf\xe9", b"\xff value", b"Empty", b""]
    assert c.decode_raw(raw) == ["Host", "x", "X-Caf\u00e9", "\u00ff value", "Empty", ""]
    assert c.decode_raw([]) == []


def test_decode_raw_keeps_fields_apart_even_if_one_holds_a_nul():
    # llhttp lets no NUL into a head; if one ever came, fields must not split.
    assert c.decode_raw([b"A", b"1\x002", b"B", b"3"]) == ["A", "1\x002", "B", "3"]
