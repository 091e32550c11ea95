"""Pure HTTP/1.x protocol helpers (Node's ``_http_common`` and friends).

Everything here is a pure function of its arguments (plus a few bounded
caches): no I/O, no asyncio. The server and client call these on every
message, so each is written for the hot path: precompiled regexes, dict and
frozenset look-ups, and caches for the inputs that repeat (status lines,
lower-cased header names, the ``Date`` value, ``Connection`` tokens).

References: RFC 9110 (HTTP semantics), RFC 9112 (HTTP/1.1 message syntax),
Node v20's ``lib/_http_common.js``, ``lib/_http_outgoing.js``,
``lib/_http_incoming.js``, ``lib/_http_server.js``, ``lib/_http_client.js``
and llhttp's ``src/llhttp/http.ts`` (reason string -> error code).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from nodekit.errors import NodeError, NodeTypeError, NodeValueError

__all__ = [
    "CRLF",
    "LAST_CHUNK",
    "METHODS",
    "STATUS_CODES",
    "Framing",
    "body_forbidden",
    "check_invalid_header_char",
    "check_is_http_token",
    "choose_framing",
    "chunk_header",
    "frame_chunk",
    "has_connection_token",
    "headers_from_raw",
    "distinct_from_raw",
    "link_header_value",
    "imf_fixdate",
    "ROLE_CONNECTION",
    "ROLE_CONTENT_LENGTH",
    "ROLE_DATE",
    "ROLE_EXPECT",
    "ROLE_KEEP_ALIVE",
    "ROLE_TRAILER",
    "ROLE_TRANSFER_ENCODING",
    "connection_lines",
    "ends_in_chunked",
    "name_type_error",
    "render_field",
    "render_trailers",
    "request_chunked_by_default",
    "should_keep_alive",
    "status_line",
    "utc_date",
    "decode_raw",
    "validate_header_name",
    "validate_header_value",
    "validate_method",
    "validate_path",
    "validate_status_code",
]

# ---------------------------------------------------------------------------
# 1. Constants (exactly Node v20.20's http.METHODS / http.STATUS_CODES)
# ---------------------------------------------------------------------------

METHODS: list[str] = [
    "ACL", "BIND", "CHECKOUT", "CONNECT", "COPY", "DELETE", "GET", "HEAD",
    "LINK", "LOCK", "M-SEARCH", "MERGE", "MKACTIVITY", "MKCALENDAR", "MKCOL",
    "MOVE", "NOTIFY", "OPTIONS", "PATCH", "POST", "PROPFIND", "PROPPATCH",
    "PURGE", "PUT", "QUERY", "REBIND", "REPORT", "SEARCH", "SOURCE",
    "SUBSCRIBE", "TRACE", "UNBIND", "UNLINK", "UNLOCK", "UNSUBSCRIBE",
]

STATUS_CODES: dict[int, str] = {
    100: "Continue",
    101: "Switching Protocols",
    102: "Processing",
    103: "Early Hints",
    200: "OK",
    201: "Created",
    202: "Accepted",
    203: "Non-Authoritative Information",
    204: "No Content",
    205: "Reset Content",
    206: "Partial Content",
    207: "Multi-Status",
    208: "Already Reported",
    226: "IM Used",
    300: "Multiple Choices",
    301: "Moved Permanently",
    302: "Found",
    303: "See Other",
    304: "Not Modified",
    305: "Use Proxy",
    307: "Temporary Redirect",
    308: "Permanent Redirect",
    400: "Bad Request",
    401: "Unauthorized",
    402: "Payment Required",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    407: "Proxy Authentication Required",
    408: "Request Timeout",
    409: "Conflict",
    410: "Gone",
    411: "Length Required",
    412: "Precondition Failed",
    413: "Payload Too Large",
    414: "URI Too Long",
    415: "Unsupported Media Type",
    416: "Range Not Satisfiable",
    417: "Expectation Failed",
    418: "I'm a Teapot",
    421: "Misdirected Request",
    422: "Unprocessable Entity",
    423: "Locked",
    424: "Failed Dependency",
    425: "Too Early",
    426: "Upgrade Required",
    428: "Precondition Required",
    429: "Too Many Requests",
    431: "Request Header Fields Too Large",
    451: "Unavailable For Legal Reasons",
    500: "Internal Server Error",
    501: "Not Implemented",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
    505: "HTTP Version Not Supported",
    506: "Variant Also Negotiates",
    507: "Insufficient Storage",
    508: "Loop Detected",
    509: "Bandwidth Limit Exceeded",
    510: "Not Extended",
    511: "Network Authentication Required",
}

CRLF = b"\r\n"
LAST_CHUNK = b"0\r\n\r\n"

# The tables below that memoise a pure function are constants, computed at
# import and never grown: module-level state is shared by every loop and
# thread (STYLE rule 10). What grows at run time, from the user's or the
# peer's strings, is on the Runtime (Runtime.field_cache, filled here through
# render_field's ``cache``; the heads, Host values and agent names by their
# modules) and bounded there.

# ---------------------------------------------------------------------------
# 2. Token / field-value checks (RFC 9110 §5.6.2 tchar, §5.5 field-vchar)
# ---------------------------------------------------------------------------

# tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
#         "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA      (RFC 9110 §5.6.2)
_token_fullmatch = re.compile(r"[\^_`a-zA-Z\-0-9!#$%&'*+.|~]+").fullmatch
# field-vchar = VCHAR / obs-text, plus SP / HTAB inside   (RFC 9110 §5.5)
_invalid_header_char_search = re.compile(r"[^\t\x20-\x7e\x80-\xff]").search
# Node v20 _http_client.js: INVALID_PATH_REGEX = /[^\u0021-\u00ff]/
_invalid_path_search = re.compile(r"[^\x21-\xff]").search



def _js_format(value: Any) -> str:
    """Node's ``util.format('%s', value)``: a list or dict as ``util.inspect``
    shows it (``[]``, ``[ 1, 'a' ]``, ``{ a: 1 }``), anything else as ``String()``."""
    tv = type(value)
    if tv is list or tv is tuple:
        items = [f"'{v}'" if type(v) is str else _js_format(v) for v in value]
        return f"[ {', '.join(items)} ]" if items else "[]"
    if tv is dict:
        items = [f"{k}: " + (f"'{v}'" if type(v) is str else _js_format(v))
                 for k, v in value.items()]
        return f"{{ {', '.join(items)} }}" if items else "{}"
    return _js_str(value)


def _js_str(value: Any) -> str:
    """``String(value)`` as JavaScript renders the values NodeKit accepts."""
    tv = type(value)
    if tv is str:
        return value
    if value is None:
        return "undefined"
    if tv is bool:
        return "true" if value else "false"
    if tv is float and value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    if tv is bytes or tv is bytearray:
        return value.decode("latin-1")
    if tv is list or tv is tuple:
        return ",".join("" if v is None else _js_str(v) for v in value)
    return str(value)


def check_is_http_token(s: str) -> bool:
    """True if ``s`` is a non-empty RFC 9110 token (Node's ``checkIsHttpToken``)."""
    if type(s) is not str:
        return False
    if s in _GOOD_TOKENS:
        return True
    return _token_fullmatch(s) is not None


def check_invalid_header_char(s: Any) -> bool:
    """True if ``s`` holds a char outside ``\\t``, 0x20-0x7E, 0x80-0xFF.

    CR, LF, NUL, DEL and the other CTLs are invalid, as is anything above
    U+00FF (it could not be sent as latin-1). Non-``str`` values are checked
    as JavaScript would render them (``5`` -> ``'5'``).
    """
    if type(s) is not str:
        s = _js_str(s)
    return _invalid_header_char_search(s) is not None


# ---------------------------------------------------------------------------
# 3. Validation raising Node's errors
# ---------------------------------------------------------------------------


def validate_header_name(name: Any, label: str = "Header name") -> None:
    """Raise ``ERR_INVALID_HTTP_TOKEN`` unless ``name`` is a token.

    ``label`` is ``'Trailer name'`` for ``add_trailers`` (Node's wording).
    """
    if type(name) is not str or not check_is_http_token(name):
        raise NodeTypeError("ERR_INVALID_HTTP_TOKEN",
                            f'{label} must be a valid HTTP token ["{_js_str(name)}"]')


def _check_value_chars(name: Any, value: Any, what: str) -> None:
    tv = type(value)
    if tv is str:
        bad = _invalid_header_char_search(value) is not None
    elif tv is list or tv is tuple:
        bad = False
        for item in value:
            if item is not None and check_invalid_header_char(item):
                bad = True
                break
    else:
        bad = check_invalid_header_char(value)
    if bad:
        raise NodeTypeError("ERR_INVALID_CHAR",
                            f'Invalid character in {what} ["{_js_str(name)}"]')


def validate_header_value(name: Any, value: Any) -> None:
    """Raise unless ``value`` (``str``, ``int`` or a list of them) may be sent.

    ``None`` -> ``ERR_HTTP_INVALID_HEADER_VALUE``; a CTL (CR, LF, NUL ...) or a
    char above U+00FF -> ``ERR_INVALID_CHAR``. Lists are checked item by item.
    """
    if value is None:
        raise NodeTypeError("ERR_HTTP_INVALID_HEADER_VALUE",
                            f'Invalid value "undefined" for header "{_js_str(name)}"')
    if type(value) is str:
        if _invalid_header_char_search(value) is None:
            return
    _check_value_chars(name, value, "header content")


def validate_path(path: str) -> None:
    """Raise ``ERR_UNESCAPED_CHARACTERS`` for a client request path Node rejects.

    Node v20 rejects any char outside U+0021-U+00FF: space, CTLs (incl. TAB,
    CR, LF, NUL) and anything that is not latin-1. DEL (0x7F) is accepted.
    """
    if _invalid_path_search(path) is not None:
        raise NodeTypeError("ERR_UNESCAPED_CHARACTERS",
                            "Request path contains unescaped characters")


def validate_method(method: Any) -> str:
    """Validate a client request method and return it upper-cased.

    As in Node's ``ClientRequest``: ``None`` or ``''`` means ``'GET'``; a
    non-``str`` raises ``ERR_INVALID_ARG_TYPE``; a non-token raises
    ``ERR_INVALID_HTTP_TOKEN``.
    """
    if method is None or method == "":
        return "GET"
    if type(method) is not str:
        raise NodeTypeError(
            "ERR_INVALID_ARG_TYPE",
            'The "options.method" property must be of type string. '
            f"Received type {type(method).__name__} ({method!r})")
    if not check_is_http_token(method):
        raise NodeTypeError("ERR_INVALID_HTTP_TOKEN",
                            f'Method must be a valid HTTP token ["{method}"]')
    return method.upper()


def validate_status_code(code: Any) -> int:
    """Return ``code`` as an ``int`` or raise ``ERR_HTTP_INVALID_STATUS_CODE``.

    Like Node's ``statusCode |= 0``: numeric strings and floats are truncated
    to an int first; the valid range is 100..999 (RFC 9110 §15: three digits).
    """
    tc = type(code)
    if tc is int:
        n = code
    else:
        try:
            n = int(code) if tc is not str else int(float(code.strip() or "0"))
        except (TypeError, ValueError, OverflowError):
            n = 0
    if n < 100 or n > 999:
        raise NodeValueError("ERR_HTTP_INVALID_STATUS_CODE",
                             f"Invalid status code: {_js_format(code)}")
    return n


# ---------------------------------------------------------------------------
# 4. Incoming header merging (API.md §6)
# ---------------------------------------------------------------------------

_JOIN, _FIRST, _LIST = 0, 1, 2

# Lower-cased name -> merge kind. Anything absent is joined with ", ".
_MERGE_KIND: dict[str, int] = {
    "set-cookie": _LIST,
    "cookie": _LIST,
    **dict.fromkeys((
        "content-type", "content-length", "user-agent", "referer", "host",
        "authorization", "proxy-authorization", "if-modified-since",
        "if-unmodified-since", "from", "location", "max-forwards",
        "retry-after", "etag", "last-modified", "server", "age", "expires",
    ), _FIRST),
}

_COMMON_NAMES = (
    "Accept", "Accept-Charset", "Accept-Encoding", "Accept-Language",
    "Accept-Ranges", "Access-Control-Allow-Origin", "Age", "Allow",
    "Authorization", "Cache-Control", "Connection", "Content-Disposition",
    "Content-Encoding", "Content-Language", "Content-Length",
    "Content-Location", "Content-Range", "Content-Type", "Cookie", "Date",
    "DNT", "ETag", "Expect", "Expires", "Forwarded", "From", "Host",
    "If-Match", "If-Modified-Since", "If-None-Match", "If-Range",
    "If-Unmodified-Since", "Keep-Alive", "Last-Modified", "Link", "Location",
    "Max-Forwards", "Origin", "Pragma", "Proxy-Authenticate",
    "Proxy-Authorization", "Range", "Referer", "Retry-After", "Server",
    "Set-Cookie", "TE", "Trailer", "Transfer-Encoding", "Upgrade",
    "Upgrade-Insecure-Requests", "User-Agent", "Vary", "Via",
    "WWW-Authenticate", "X-Forwarded-For", "X-Forwarded-Host",
    "X-Forwarded-Proto", "X-Requested-With",
)

# Raw header name -> lower-cased name, for the common spellings (a constant:
# other names are lower-cased as they come).
_lower: dict[str, str] = {}
for _n in _COMMON_NAMES:
    for _v in (_n, _n.lower(), _n.upper()):
        _lower[_v] = _v.lower()
del _n, _v
# Methods and header names known to be tokens (a constant: others are checked).
_GOOD_TOKENS = frozenset(METHODS) | frozenset(_lower)


def decode_raw(raw: list[bytes]) -> list[str]:
    """Header names and values as latin-1 strings, with three C calls for the
    whole head instead of one per field (llhttp lets no NUL into a head)."""
    if not raw:
        return []
    out = b"\0".join(raw).decode("latin-1").split("\0")
    return out if len(out) == len(raw) else [b.decode("latin-1") for b in raw]


def headers_from_raw(raw: list[str], join: bool = False) -> dict[str, str | list[str]]:
    """Build ``req.headers`` from the flat ``[name, value, name, value, ...]``.

    Keys are lower-cased. Duplicates (API.md §6): ``set-cookie`` and
    ``cookie`` are always a ``list``; the single-valued set
    (``content-type``, ``content-length``, ``host`` ...) keeps the first
    value, or with ``join`` (Node's ``joinDuplicateHeaders``, RFC 9110 §5.3)
    is joined like every other name, with ``', '``.
    """
    headers: dict[str, Any] = {}
    get = headers.get
    lower_get = _lower.get
    kind_get = _MERGE_KIND.get
    it = iter(raw)
    for name, value in zip(it, it):  # noqa: B905 - a lone trailing name is dropped
        key = lower_get(name) or name.lower()
        cur = get(key)
        if cur is None:
            headers[key] = [value] if kind_get(key) == 2 else value  # 2: _LIST
        else:
            kind = kind_get(key, 0)
            if kind == 0 or (join and kind == 1):  # _JOIN, or _FIRST when joining
                headers[key] = cur + ", " + value
            elif kind == 2:  # _LIST
                cur.append(value)
    return headers


def distinct_from_raw(raw: list[str]) -> dict[str, list[str]]:
    """Node's ``headersDistinct``/``trailersDistinct``: every value, as a list,
    under its lower-cased name, in the order received."""
    out: dict[str, list[str]] = {}
    it = iter(raw)
    for name, value in zip(it, it):  # noqa: B905 - a lone trailing name is dropped
        key = _lower.get(name) or name.lower()
        values = out.get(key)
        if values is None:
            out[key] = [value]
        else:
            values.append(value)
    return out


# ---------------------------------------------------------------------------
# 5. Outgoing header block
# ---------------------------------------------------------------------------


# Roles of the field names whose presence changes what NodeKit adds to a head
# (Node's _storeHeader matches the same names). Any other name has role 0.
ROLE_CONNECTION, ROLE_CONTENT_LENGTH, ROLE_TRANSFER_ENCODING = 1, 2, 3
ROLE_DATE, ROLE_EXPECT, ROLE_TRAILER, ROLE_KEEP_ALIVE = 4, 5, 6, 7
_ROLES: dict[str, int] = {
    "connection": ROLE_CONNECTION, "content-length": ROLE_CONTENT_LENGTH,
    "transfer-encoding": ROLE_TRANSFER_ENCODING, "date": ROLE_DATE,
    "expect": ROLE_EXPECT, "trailer": ROLE_TRAILER, "keep-alive": ROLE_KEEP_ALIVE,
}

# Bound of a ``cache`` given to render_field (Runtime.field_cache).
FIELD_CACHE_MAX = 1024


def render_field(name: str, value: Any, unique: frozenset[str] | None = None,
                 cache: dict[tuple[str, Any], tuple[str, int]] | None = None,
                 ) -> tuple[str, int]:
    """``('Name: value\\r\\n' lines, role)`` for one outgoing header, validated.

    The name must be a token and the value free of CTLs
    (``validate_header_name`` / ``validate_header_value``). A list value
    gives one line per item, except that a ``Cookie`` list of two or more
    items is one line joined with ``'; '`` (Node's ``processHeader``; RFC 6265
    §5.4: a user agent sends a single ``Cookie`` line). Non-``str`` values are
    rendered as JavaScript would (``True`` -> ``'true'``). ``role`` is one of
    the ``ROLE_*`` constants, 0 for an ordinary header. ``unique``: the
    lower-cased names of Node's ``uniqueHeaders`` option, whose list values
    are sent as one line joined with ``'; '`` as well. ``cache``: validated,
    rendered lines by constant (name, value) pair (the Runtime's field_cache):
    most messages repeat the same few headers, so each is checked and
    formatted once; bounded, and Content-Length (a new value per body) is
    never cached.
    """
    tv = type(value)
    cacheable = cache is not None and (tv is str or tv is int) and type(name) is str
    if cacheable:
        hit = cache.get((name, value))
        if hit is not None:
            return hit
    validate_header_name(name)
    validate_header_value(name, value)
    role = _ROLES.get(name.lower(), 0)
    if tv is str:
        lines = f"{name}: {value}\r\n"
    elif tv is list or tv is tuple:
        if len(value) > 1 and ((role == 0 and len(name) == 6 and name.lower() == "cookie")
                               or (unique is not None and name.lower() in unique)):
            lines = f"{name}: {'; '.join(map(_js_str, value))}\r\n"
        else:
            lines = "".join([f"{name}: {_js_str(item)}\r\n" for item in value])
    else:
        lines = f"{name}: {_js_str(value)}\r\n"
    out = (lines, role)
    if (cacheable and role != ROLE_CONTENT_LENGTH and len(lines) <= 256
            and len(cache) < FIELD_CACHE_MAX):
        cache[(name, value)] = out
    return out


def connection_lines(keep_alive: bool, timeout_ms: int = 0, max_requests: int = 0) -> str:
    """The ``Connection`` field NodeKit adds when the user set none.

    ``keep_alive``: the connection persists (``Connection: keep-alive``),
    followed, when ``timeout_ms`` is set, by ``Keep-Alive: timeout=<s>``
    (whole seconds) and ``, max=<n>`` when ``max_requests`` is set, as Node's
    server writes them (RFC 9112 §9.3; the Keep-Alive field is not in RFC
    9110, its syntax is RFC 2068 §19.7.1.1's). Pass ``timeout_ms=0`` when the
    user set a ``Keep-Alive`` header: theirs replaces ours.
    """
    if not keep_alive:
        return "Connection: close\r\n"
    if not timeout_ms:
        return "Connection: keep-alive\r\n"
    # (Not memoised: a head is rendered once, then taken from the head cache.)
    mx = f", max={max_requests}" if max_requests > 0 else ""
    return f"Connection: keep-alive\r\nKeep-Alive: timeout={int(timeout_ms // 1000)}{mx}\r\n"


# One Link field value (RFC 8288 §3): a URI reference in <>, then parameters
# (a token, optionally = a token or a quoted string), as Node's validator has it.
_LINK_VALUE = re.compile(r'<[^>]*>(?:\s*;\s*[^;"\s]+(?:=(?:"[^;"\s]*"|[^;"\s]*))?)*\Z')


def link_header_value(link: Any) -> str:
    """The ``Link`` value of ``res.write_early_hints`` (Node's
    ``validateLinkHeaderValue``): a str, or a list of them joined with
    ``', '``; each must look like ``'</styles.css>; rel=preload; as=style'``
    (``ERR_INVALID_ARG_VALUE``). An empty list gives ``''``.
    """
    links = link if type(link) is list or type(link) is tuple else None
    for item in ([link] if links is None else links):
        if type(item) is not str or _LINK_VALUE.match(item) is None:
            raise NodeTypeError(
                "ERR_INVALID_ARG_VALUE",
                "The argument 'hints' must be an array or string of format "
                f'"</styles.css>; rel=preload; as=style". Received {item!r}')
    return link if links is None else ", ".join(links)


def name_type_error(name: Any) -> NodeTypeError:
    """Node's ``validateString(name, 'name')`` failure (``getHeader(null)`` ...)."""
    shown = "None" if name is None else f"type {type(name).__name__} ({name!r})"
    return NodeTypeError("ERR_INVALID_ARG_TYPE",
                         f'The "name" argument must be of type string. Received {shown}')


# The standard status lines, by (version, code): (phrase, line), made at import
# (the server's version is "1.1"; other codes and reasons are rendered each
# time, and so is a phrase the application changed in STATUS_CODES since).
_STATUS_LINES = {(version, code): (reason, f"HTTP/{version} {code} {reason}\r\n")
                 for version in ("1.0", "1.1") for code, reason in STATUS_CODES.items()}


def status_line(major_minor: str, code: int, reason: str | None = None) -> str:
    """``'HTTP/<major_minor> <code> <reason>\\r\\n'``.

    ``reason`` ``None`` means the code's phrase in ``STATUS_CODES`` now (an
    application may change it, as in Node), or ``'unknown'`` for a code it
    does not name. The reason (even ``''``) is checked for CR/LF/CTLs
    (``ERR_INVALID_CHAR``, as Node's ``writeHead``) unless it is the one a
    precomputed line was made with. The code is checked with
    ``validate_status_code``.
    """
    if type(code) is not int:
        code = validate_status_code(code)
    if reason is None:
        reason = STATUS_CODES.get(code, "unknown")
    known = _STATUS_LINES.get((major_minor, code))
    if known is not None and known[0] == reason:
        return known[1]
    code = validate_status_code(code)
    if check_invalid_header_char(reason):
        raise NodeTypeError("ERR_INVALID_CHAR", "Invalid character in statusMessage")
    return f"HTTP/{major_minor} {code} {reason}\r\n"


# ---------------------------------------------------------------------------
# 6. Date (RFC 9110 §5.6.7 IMF-fixdate)
# ---------------------------------------------------------------------------

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def imf_fixdate(ts: float) -> str:
    """``ts`` (seconds since the epoch) as ``'Thu, 26 Nov 2026 09:00:00 GMT'``."""
    t = time.gmtime(ts)
    return (f"{_DAYS[t.tm_wday]}, {t.tm_mday:02d} {_MONTHS[t.tm_mon - 1]} "
            f"{t.tm_year:04d} {t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d} GMT")


def utc_date(cache: list[Any] | None = None, now: float | None = None) -> str:
    """The current ``Date`` header value.

    ``cache`` is a Runtime's ``date_cache`` (``[second, value]``): the value is
    recomputed at most once per second and the same str is returned within
    it. It belongs to one loop (STYLE rule 10); without it the value is made
    every call.
    """
    sec = int(time.time() if now is None else now)
    if cache is None:
        return imf_fixdate(sec)
    if sec != cache[0]:
        cache[1] = imf_fixdate(sec)
        cache[0] = sec
    return cache[1]


# ---------------------------------------------------------------------------
# 7. Chunked framing (RFC 9112 §7.1)
# ---------------------------------------------------------------------------


def chunk_header(n: int) -> bytes:
    """``chunk-size CRLF`` in lower-case hex, as Node writes it (``b'1a\\r\\n'``)."""
    return b"%x\r\n" % n


def frame_chunk(data: bytes | bytearray | memoryview) -> bytes:
    """One chunk: ``size CRLF data CRLF`` as a single ``bytes``.

    Empty data gives ``b''``: a zero-size chunk would end the body
    (``last-chunk``), so Node never sends one for an empty write.
    """
    n = data.nbytes if type(data) is memoryview else len(data)
    if not n:
        return b""
    return b"%x\r\n%b\r\n" % (n, data)


def render_trailers(trailers: Mapping[str, Any] | Iterable[tuple[str, Any]],
                    unique: frozenset[str] | None = None) -> bytes:
    """``last-chunk trailer-section CRLF`` (RFC 9112 §7.1.2) as ``bytes``.

    ``trailers`` is a dict or a list of ``(name, value)`` pairs; a list value
    of two or more items gives one line per item, a one-item list its item.
    Names must be tokens (``ERR_INVALID_HTTP_TOKEN``, "Trailer name ...");
    values must be free of CTLs (``ERR_INVALID_CHAR``, "... trailer content")
    and not ``None`` (``ERR_HTTP_INVALID_HEADER_VALUE``). A name in ``unique``
    (Node's ``uniqueHeaders``) is one line, its list joined with ``'; '``.
    """
    items = trailers.items() if isinstance(trailers, Mapping) else trailers
    parts = ["0\r\n"]
    append = parts.append
    for name, value in items:
        validate_header_name(name, "Trailer name")
        if value is None:
            raise NodeTypeError("ERR_HTTP_INVALID_HEADER_VALUE",
                                f'Invalid value "undefined" for header "{_js_str(name)}"')
        _check_value_chars(name, value, "trailer content")
        tv = type(value)
        if (tv is list or tv is tuple) and len(value) > 1 and (
                unique is None or name.lower() not in unique):
            for item in value:
                append(f"{name}: {_js_str(item)}\r\n")
        elif tv is list or tv is tuple:
            append(f"{name}: {'; '.join(map(_js_str, value))}\r\n")
        else:
            append(f"{name}: {_js_str(value)}\r\n")
    append("\r\n")
    return "".join(parts).encode("latin-1")


# ---------------------------------------------------------------------------
# 8. Keep-alive and framing decisions
# ---------------------------------------------------------------------------


def _split_tokens(value: str) -> frozenset[str]:
    # RFC 9110 §7.6.1: Connection = #connection-option; list elements are
    # separated by "," with optional whitespace (OWS = SP / HTAB) around them.
    return frozenset(t.strip(" \t").lower() for t in value.split(","))


# The Connection values that repeat, split once (a constant: others are split
# as they come).
_COMMON_TOKENS = {value: _split_tokens(value) for value in (
    "keep-alive", "Keep-Alive", "close", "Close", "upgrade", "Upgrade",
    "keep-alive, Upgrade", "Upgrade, HTTP2-Settings", "TE", "TE, close")}


def _connection_tokens(value: str) -> frozenset[str]:
    tokens = _COMMON_TOKENS.get(value)
    return tokens if tokens is not None else _split_tokens(value)


def has_connection_token(value: str | list[str] | None, token: str) -> bool:
    """True if the comma list ``value`` holds ``token`` (case-insensitive).

    ``value`` may be a list (one ``Connection`` field line per item).
    Whitespace and tabs around elements are ignored; ``'closed'`` does not
    match ``'close'``.
    """
    if value is None:
        return False
    token = token.lower()
    if type(value) is not str:
        if type(value) is list or type(value) is tuple:
            return any(has_connection_token(v, token) for v in value)
        value = _js_str(value)
    if value == token:
        return True
    return token in _connection_tokens(value)


def should_keep_alive(http_major: int, http_minor: int,
                      connection_header_value: str | list[str] | None) -> bool:
    """May the connection persist after this message? (RFC 9112 §9.3)

    ======================  ==========================  ==========
    ``close`` token          version                     persists
    ======================  ==========================  ==========
    present                  any                         no
    absent                   HTTP/1.1 or later           yes
    absent                   HTTP/1.0 + ``keep-alive``   yes
    absent                   HTTP/1.0, no keep-alive     no
    absent                   HTTP/0.9                    no
    ======================  ==========================  ==========

    This is the header-level answer (llhttp's ``llhttp_should_keep_alive``
    also returns False when the body is close-delimited; see
    ``choose_framing`` for that). One edge differs from llhttp: llhttp lets
    ``Connection: keep-alive, close`` on HTTP/1.0 persist; RFC 9112 §9.3 puts
    the ``close`` check first, and so do we.
    """
    is_11 = http_major > 1 or (http_major == 1 and http_minor >= 1)
    value = connection_header_value
    if value is None:
        return is_11
    if type(value) is str:
        tokens = _connection_tokens(value)
    else:
        tokens = frozenset().union(*map(_connection_tokens, value))
    if "close" in tokens:
        return False
    if is_11:
        return True
    return http_major == 1 and "keep-alive" in tokens


def body_forbidden(status_code: int | None, method: str | None = None) -> bool:
    """True if a response may carry no body (RFC 9110 §6.4.1, RFC 9112 §6.3).

    1xx, 204 and 304 responses, and any response to ``HEAD``.
    """
    if method == "HEAD":
        return True
    if status_code is None:
        return False
    return status_code < 200 or status_code == 204 or status_code == 304


# Node v20 _http_client.js: methods whose requests are not chunked by default.
_NO_CHUNK_BY_DEFAULT = frozenset(("GET", "HEAD", "DELETE", "OPTIONS", "TRACE", "CONNECT"))


def request_chunked_by_default(method: str) -> bool:
    """Node's ``useChunkedEncodingByDefault`` for a client request."""
    return method not in _NO_CHUNK_BY_DEFAULT


class Framing(NamedTuple):
    """How an outgoing message's body is delimited.

    ``kind``: ``'content-length'`` | ``'chunked'`` | ``'close-delimited'`` |
    ``'none'``. ``length``: the Content-Length when ``kind`` is
    ``'content-length'`` (``None`` if the user's value is not a number).
    ``header``: the framing field line NodeKit must add after the user's
    headers (``'Content-Length: 5\\r\\n'``, ``'Transfer-Encoding:
    chunked\\r\\n'`` or ``''``). ``close``: the connection must close after
    this response (its body ends there, or Node's 204/304 rule); the
    ``Connection`` field is decided after this. Always False for a request.
    """

    kind: str
    length: int | None
    header: str
    close: bool


_NONE = Framing("none", None, "", False)
_NONE_CLOSE = Framing("none", None, "", True)
_CHUNKED_BY_USER = Framing("chunked", None, "", False)
_CHUNKED_AUTO = Framing("chunked", None, "Transfer-Encoding: chunked\r\n", False)
_CLOSE_DELIMITED = Framing("close-delimited", None, "", True)
_UNFRAMED_REQUEST = Framing("close-delimited", None, "", False)


def _parse_length(value: Any) -> int | None:
    if type(value) is int:
        return value
    try:
        return int(_js_str(value).strip(" \t"))
    except ValueError:
        return None


def ends_in_chunked(transfer_encoding: Any) -> bool:
    """True if the last transfer coding of ``transfer_encoding`` is ``chunked``.

    RFC 9112 §6.1: chunked must be the final coding and is applied once; a
    list value is the field lines in order. Node v20 looks for the word
    anywhere (``/(?:^|\\W)chunked(?:$|\\W)/i``), so it chunks a body sent with
    ``chunked, gzip``; a client then reads that body as gzip, not chunks.
    """
    last = _js_str(transfer_encoding).rsplit(",", 1)[-1]
    return last.strip(" \t").lower() == "chunked"


def _auto_content_length(n: int) -> Framing:
    # (Not memoised: a head is rendered once, then taken from the head cache.)
    return Framing("content-length", n, f"Content-Length: {n}\r\n", False)


def choose_framing(content_length: Any = None, transfer_encoding: Any = None,
                   body_length: int | None = None, body_allowed: bool = True,
                   chunked_by_default: bool = True, has_trailer: bool = False,
                   removed_content_length: bool = False,
                   removed_transfer_encoding: bool = False,
                   status_code: int | None = None, request: bool = False) -> Framing:
    """Pick an outgoing message's body framing (Node v20's ``_storeHeader``,
    made strict where RFC 9112 §6.3 requires it).

    Inputs: ``content_length`` / ``transfer_encoding`` — the user's values of
    those headers (``None`` = not set). ``body_length`` — the whole body's
    length when it is known as the head is stored (``end(data)`` with nothing
    written before; ``0`` for a bare ``end()``), else ``None``.
    ``body_allowed`` — ``not body_forbidden(...)`` for a response; True for a
    request. ``chunked_by_default`` — Node's ``useChunkedEncodingByDefault``:
    False for an HTTP/1.0 peer whose request's ``TE`` does not list
    ``chunked``, and for a GET-like client request
    (``request_chunked_by_default``). ``has_trailer`` — the user set a
    ``Trailer`` header. ``removed_*`` — the user called ``remove_header`` on
    that name. ``status_code`` — the response's status. ``request`` — this
    is a client request.

    Decision table, first matching row wins ("chunked TE": the user's
    ``Transfer-Encoding`` ends in ``chunked``, ``ends_in_chunked``)::

        user CL  user TE      other condition                  -> kind             header  close
        -------  -----------  -------------------------------     ---------------  ------  -----
        any      chunked      status 204/304                   -> none             -       yes
        any      any          body not allowed (HEAD/1xx/..)   -> none             -       no
        any      chunked      -                                -> chunked          -       no
        set      other/none   -                                -> content-length   -       no
        unset    other        -                                -> close-delimited  -       yes (1)
        unset    unset        body not allowed                 -> none             -       no
        unset    unset        no chunking by default           -> close-delimited  -       yes
        unset    unset        body known, no Trailer, CL kept  -> content-length   CL: n   no
        unset    unset        TE not removed                   -> chunked          TE      no
        unset    unset        both removed                     -> close-delimited  -       yes

    (1) RFC 9112 §6.3 rule 4: a response whose last coding is not chunked
    ends when the connection closes, so we close after it (Node v20 keeps
    the connection open, and the client waits forever). For a *request*,
    "close-delimited" means the body bytes go out unframed (what Node does
    for ``GET`` with a body) and ``close`` is False: a client never ends a
    request by closing.

    A ``Trailer`` header on a message that does not end up chunked raises
    ``ERR_HTTP_TRAILER_INVALID`` (Node throws it from ``_storeHeader``).
    """
    if content_length is None and transfer_encoding is None:
        # The common case: NodeKit frames the body itself.
        if not body_allowed:
            framing = _NONE
        elif not chunked_by_default:
            framing = _UNFRAMED_REQUEST if request else _CLOSE_DELIMITED
        elif not has_trailer and not removed_content_length and body_length is not None:
            return _auto_content_length(body_length)
        elif not removed_transfer_encoding:
            framing = _CHUNKED_AUTO
        else:
            framing = _UNFRAMED_REQUEST if request else _CLOSE_DELIMITED
    else:
        te_chunked = transfer_encoding is not None and ends_in_chunked(transfer_encoding)
        if te_chunked and (status_code == 204 or status_code == 304):
            framing = _NONE_CLOSE  # Node: never a zero chunk on a 204/304; close instead
        elif not body_allowed:
            framing = _NONE
        elif te_chunked:
            framing = _CHUNKED_BY_USER
        elif content_length is not None:
            framing = Framing("content-length", _parse_length(content_length), "", False)
        else:
            framing = _UNFRAMED_REQUEST if request else _CLOSE_DELIMITED
    if has_trailer and framing.kind != "chunked":
        raise NodeError("ERR_HTTP_TRAILER_INVALID",
                        "Trailers are invalid with this transfer encoding")
    return framing
