# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""A compiled HTTP/1.x parser behind ``_parser``'s interface (issue 12).

Our own byte-at-a-time state machine, written in Cython, with llhttp's rules
in its default (strict) mode: the same accept/reject decisions and the same
``HPE_*`` codes, checked against httptools (llhttp) by
``tests/http/test_native_parser.py`` on the hostile vectors and a fuzzer.
What it does differently from the httptools-based parser, by design:

- one Python call per head: the request/status line and every field are
  kept in one C buffer and decoded when the head is complete;
- exact limits: ``max_header_size`` counts the URL (the status text), every
  field name and value as the bytes arrive and overflows when the sum
  reaches the limit (Node's TrackHeader); the chunk-extension limit counts
  extension names and values of one size line and overflows past 16 KiB
  (Node's kMaxChunkExtensionsSize) -- no slicing, no slack;
- ``pause()``/``resume()``: a callback may pause; ``execute()`` then returns
  the offset just after the event, and the caller feeds the rest later;
- a body chunk is the receive buffer's bytes copied once (``data`` itself
  when the chunk is all of a ``bytes`` read).

``lenient`` (Node's insecureHTTPParser: the server's and the client's
``insecure_http_parser``) is not a second state machine: while it is set, a
native parser hands every call to an httptools-based parser with llhttp's
leniencies (created at ``reset()``, as the httptools parser applies the flag).
"""

from cpython.bytes cimport PyBytes_FromStringAndSize
from cpython.buffer cimport PyObject_GetBuffer, PyBuffer_Release, PyBUF_SIMPLE
from cpython.unicode cimport PyUnicode_DecodeLatin1
from libc.stdint cimport UINT64_MAX, uint64_t
from cpython.mem cimport PyMem_Free, PyMem_Malloc, PyMem_Realloc
from libc.string cimport memcmp, memcpy

from ._parser import ParseError

# -- character classes (llhttp's constants) -------------------------------------
cdef enum:
    C_TOKEN = 1        # RFC 9110 tchar
    C_HEADER = 2       # HTAB, SP, VCHAR, obs-text (a field value byte)
    C_URL = 4          # llhttp's URL_CHAR
    C_USERINFO = 8     # ... USERINFO_CHARS
    C_QDTEXT = 16      # a quoted-string byte (not '"' or '\\')
    C_PAIR = 32        # HTAB, SP, VCHAR, obs-text (after '\\')
    C_CONN = 64        # a field value byte other than ','

cdef unsigned char CLS[256]
cdef signed char HEX[256]


cdef void _init_tables():
    cdef int c
    for c in range(256):
        CLS[c] = 0
        HEX[c] = -1
    for c in range(ord("0"), ord("9") + 1):
        HEX[c] = c - ord("0")
    for c in range(ord("a"), ord("f") + 1):
        HEX[c] = c - ord("a") + 10
        HEX[c - 32] = c - ord("a") + 10
    alnum = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    for c in alnum + b"!#$%&'*+-.^_`|~":
        CLS[c] |= C_TOKEN
    for c in alnum + b"!\"$%&'()*+,-./:;<=>@[\\]^_`{|}~":
        CLS[c] |= C_URL
    for c in alnum + b"-_.!~*'()%;:&=+$,":
        CLS[c] |= C_USERINFO
    CLS[9] |= C_HEADER | C_CONN | C_QDTEXT | C_PAIR
    for c in range(32, 256):
        if c != 127:
            CLS[c] |= C_HEADER | C_PAIR
            if c != 44:
                CLS[c] |= C_CONN
            if c != 34 and c != 92:
                CLS[c] |= C_QDTEXT


_init_tables()

# llhttp's methods: (name, allowed with HTTP/, with RTSP/, with ICE/)
_METHOD_TABLE = (
    ("DELETE", 1, 0, 0), ("GET", 1, 1, 0), ("HEAD", 1, 0, 0), ("POST", 1, 1, 0),
    ("PUT", 1, 0, 0), ("CONNECT", 1, 0, 0), ("OPTIONS", 1, 1, 0), ("TRACE", 1, 0, 0),
    ("COPY", 1, 0, 0), ("LOCK", 1, 0, 0), ("MKCOL", 1, 0, 0), ("MOVE", 1, 0, 0),
    ("PROPFIND", 1, 0, 0), ("PROPPATCH", 1, 0, 0), ("SEARCH", 1, 0, 0), ("UNLOCK", 1, 0, 0),
    ("BIND", 1, 0, 0), ("REBIND", 1, 0, 0), ("UNBIND", 1, 0, 0), ("ACL", 1, 0, 0),
    ("REPORT", 1, 0, 0), ("MKACTIVITY", 1, 0, 0), ("CHECKOUT", 1, 0, 0), ("MERGE", 1, 0, 0),
    ("M-SEARCH", 1, 0, 0), ("NOTIFY", 1, 0, 0), ("SUBSCRIBE", 1, 0, 0),
    ("UNSUBSCRIBE", 1, 0, 0), ("PATCH", 1, 0, 0), ("PURGE", 1, 0, 0), ("MKCALENDAR", 1, 0, 0),
    ("LINK", 1, 0, 0), ("UNLINK", 1, 0, 0), ("SOURCE", 1, 0, 1), ("PRI", 1, 0, 0),
    ("DESCRIBE", 0, 1, 0), ("ANNOUNCE", 0, 1, 0), ("SETUP", 0, 1, 0), ("PLAY", 0, 1, 0),
    ("PAUSE", 0, 1, 0), ("TEARDOWN", 0, 1, 0), ("GET_PARAMETER", 0, 1, 0),
    ("SET_PARAMETER", 0, 1, 0), ("REDIRECT", 0, 1, 0), ("RECORD", 0, 1, 0), ("FLUSH", 0, 1, 0),
    ("QUERY", 1, 0, 0),
)
_METHOD_NAMES = tuple(m[0] for m in _METHOD_TABLE)
_METHOD_BYTES = tuple(m[0].encode() for m in _METHOD_TABLE)
_METHOD_PREFIXES = frozenset(b[:i] for b in _METHOD_BYTES for i in range(1, len(b) + 1))
_METHOD_INDEX = {b: i for i, b in enumerate(_METHOD_BYTES)}
cdef enum:
    M_CONNECT = 5
    M_PRI = 34
    MAX_METHOD = 13
    MAX_CHUNK_EXTENSIONS = 16384  # Node's kMaxChunkExtensionsSize
    SMALL_BUF = 256  # the head buffer's size between big heads
    SMALL_FIELDS = 16  # ... and the field table's (entries)

# -- flags (llhttp's) ----------------------------------------------------------------
cdef enum:
    F_KEEP_ALIVE = 1
    F_CLOSE = 2
    F_CONN_UPGRADE = 4
    F_CHUNKED = 8
    F_UPGRADE = 16
    F_CONTENT_LENGTH = 32
    F_SKIPBODY = 64
    F_TRAILING = 128
    F_TRANSFER_ENCODING = 512

# header_state: what the field being read is
cdef enum:
    H_GENERAL, H_CONNECTION, H_CONTENT_LENGTH, H_TRANSFER_ENCODING, H_UPGRADE,
    H_CONN_KEEP_ALIVE, H_CONN_CLOSE, H_CONN_UPGRADE, H_TE_CHUNKED

# value sub-states: how the bytes of a value are checked
cdef enum:
    V_GENERAL, V_CL, V_CL_WS, V_TE_MATCH, V_TE_LAST, V_TE_TOKEN, V_TE_OWS,
    V_CONN, V_CONN_MATCH, V_CONN_WS, V_CONN_TOKEN

# parser states
cdef enum:
    S_START, S_METHOD, S_SPACES_BEFORE_URL,
    S_URL_START, S_URL_SCHEMA, S_URL_SCHEMA_DELIM, S_URL_SCHEMA_DELIM2, S_URL_SERVER,
    S_URL_SERVER_AT, S_URL_PATH, S_URL_QUERY_OR_FRAGMENT, S_URL_QUERY, S_URL_FRAGMENT,
    S_URL_CRLF, S_URL_SKIP, S_HTTP_START, S_PROTOCOL, S_PROTOCOL_SLASH, S_MAJOR, S_DOT, S_MINOR,
    S_REQ_LINE_END, S_REQ_LINE_LF, S_PRI_PREFACE,
    S_RES_AFTER_VERSION, S_STATUS_1, S_STATUS_2, S_STATUS_3, S_STATUS_OTHERWISE,
    S_STATUS_TEXT, S_RES_LINE_LF,
    S_HEADERS_START, S_FIELD_START, S_FIELD, S_VALUE_DISCARD_WS, S_VALUE_DISCARD_WS_LF,
    S_VALUE_DISCARD_LWS, S_VALUE, S_VALUE_LF, S_VALUE_LWS, S_HEADERS_LF,
    S_BODY_IDENTITY, S_BODY_EOF,
    S_CHUNK_SIZE_START, S_CHUNK_SIZE, S_CHUNK_EXTENSIONS, S_CHUNK_EXT_NAME,
    S_CHUNK_EXT_VALUE, S_CHUNK_EXT_QUOTED, S_CHUNK_EXT_QUOTED_PAIR, S_CHUNK_EXT_QUOTED_DONE,
    S_CHUNK_SIZE_LF, S_CHUNK_DATA, S_CHUNK_DATA_CR, S_CHUNK_DATA_LF,
    S_CLOSED, S_UPGRADED, S_DEAD

cdef bytes PRI_PREFACE = b"\r\n\r\nSM\r\n\r\n"
cdef bytes CHUNKED_WORD = b"chunked"
cdef tuple CONN_WORDS = (b"close", b"upgrade", b"keep-alive")
cdef tuple PROTOCOLS = (b"HTTP", b"RTSP", b"ICE")

class _Stopped(Exception):
    """Ends _run when stop() was called from a callback."""


cdef class NativeParser:
    """What the request and the response parser share (see the module docstring)."""

    cdef object h_headers, h_body, h_complete, h_begin, h_trailers, handler
    cdef bint _lenient
    cdef object lenient_parser  # the httptools parser doing the work while lenient
    cdef public Py_ssize_t max_header_size
    cdef public Py_ssize_t max_headers_count
    cdef public bint heads_alone  # (ResponseParser's option on httptools: not needed here)
    cdef int _host_count
    cdef bytes _host
    cdef object _expect
    cdef object failure  # the ParseError that ended parsing (state S_DEAD), kept
    cdef bint is_request
    cdef int state, vstate, hstate, flags, major, minor, status, method, match_i, proto
    cdef int conn_word
    cdef bint paused, stopped, upgrading, last, failed, upgrade
    cdef uint64_t content_length
    cdef Py_ssize_t head_bytes, ext_bytes
    # the head: URL (or status text), then every field name and value, in one buffer
    cdef char* buf
    cdef Py_ssize_t buf_len, buf_cap
    cdef Py_ssize_t url_end, name_start, value_start
    cdef Py_ssize_t* fields  # (name_start, name_end, value_start, value_end) each
    cdef Py_ssize_t n_fields, fields_cap
    cdef char method_buf[16]
    cdef int method_len

    def __cinit__(self, *args, **kwargs):
        # Small to start with (an idle keep-alive connection keeps its parser);
        # they grow for a big head and shrink back after it (_new_message).
        self.buf_cap = SMALL_BUF
        self.buf = <char*>PyMem_Malloc(self.buf_cap)
        self.fields_cap = SMALL_FIELDS
        self.fields = <Py_ssize_t*>PyMem_Malloc(self.fields_cap * 4 * sizeof(Py_ssize_t))
        if self.buf is NULL or self.fields is NULL:
            raise MemoryError()

    def __dealloc__(self):
        PyMem_Free(self.buf)
        PyMem_Free(self.fields)

    def __init__(self, handler, *, Py_ssize_t max_header_size=16384,
                 Py_ssize_t max_headers_count=2000, bint lenient=False):
        self.handler = handler
        self._lenient = lenient
        self.h_headers = handler.on_headers_complete
        self.h_body = handler.on_body
        self.h_complete = handler.on_message_complete
        self.h_begin = getattr(handler, "on_message_begin", None)
        self.h_trailers = getattr(handler, "on_trailers", None)
        self.max_header_size = max_header_size
        self.max_headers_count = max_headers_count
        self.heads_alone = True
        self.reset()

    # -- the interface -------------------------------------------------------------
    # The server's Host/Expect policy reads these in on_headers_complete.
    @property
    def host_count(self):
        if self.lenient_parser is not None:
            return self.lenient_parser.host_count
        return self._host_count

    @property
    def host(self):
        if self.lenient_parser is not None:
            return self.lenient_parser.host
        return self._host

    @property
    def expect(self):
        if self.lenient_parser is not None:
            return self.lenient_parser.expect
        return self._expect

    @property
    def lenient(self):
        return self._lenient

    @lenient.setter
    def lenient(self, value):
        self._lenient = bool(value)  # (applied by reset())

    def reset(self):
        """A fresh parser at the start of a message."""
        self.lenient_parser = self._httptools() if self._lenient else None
        self.state = S_START
        self.stopped = self.paused = self.upgrading = self.last = self.failed = False
        self._new_message()

    def _httptools(self):
        from . import _parser
        cls = (_parser.HttptoolsRequestParser if self.is_request
               else _parser.HttptoolsResponseParser)
        return cls(self.handler, max_header_size=self.max_header_size,
                   max_headers_count=self.max_headers_count, lenient=True)

    def stop(self):
        """No more events: the rest of the bytes, now and later, are ignored."""
        self.stopped = True
        if self.lenient_parser is not None:
            self.lenient_parser.stop()

    def pause(self):
        """From a callback: ``execute()`` returns right after the current event."""
        self.paused = True

    def resume(self):
        self.paused = False

    @property
    def in_head(self):
        if self.lenient_parser is not None:
            return self.lenient_parser.in_head
        return S_METHOD <= self.state <= S_HEADERS_LF and not (self.flags & F_TRAILING)

    @property
    def in_body(self):
        if self.lenient_parser is not None:
            return self.lenient_parser.in_body
        return (S_BODY_IDENTITY <= self.state <= S_CHUNK_DATA_LF
                or (self.flags & F_TRAILING) != 0)

    def finish(self):
        """The peer's EOF (Node's ``parser.finish()``)."""
        if self.lenient_parser is not None:
            return self.lenient_parser.finish()
        if self.stopped or self.upgrading or self.failed:
            return
        if self.state == S_BODY_EOF:
            self.state = S_START
            self.h_complete()
            return
        if S_METHOD <= self.state <= S_CHUNK_DATA_LF:
            err = ParseError("HPE_INVALID_EOF_STATE", "Invalid EOF state")
            err.args = ("Parse Error",)  # Node's socketOnEnd: the reason stays apart
            raise err

    def execute(self, data):
        """Parse ``data``; the number of bytes consumed as HTTP."""
        cdef Py_buffer view
        cdef Py_ssize_t n
        if self.lenient_parser is not None:
            return self._execute_lenient(data)
        if self.stopped:
            return len(data)
        if self.paused:
            return 0
        if self.failed:
            raise ParseError("HPE_USER", "User callback error")
        if self.state == S_DEAD:
            # llhttp keeps its error and returns it for every later read; Node
            # reports each: bytes_parsed 0, the new bytes as raw_packet.
            raise ParseError(self.failure.code, self.failure.reason, 0, bytes(data))
        PyObject_GetBuffer(data, &view, PyBUF_SIMPLE)
        try:
            n = self._run(data, <const unsigned char*>view.buf, view.len)
        except _Stopped:
            n = view.len
        except ParseError as err:
            self.state = S_DEAD
            self.failure = err
            if err.raw_packet is None:
                err.raw_packet = PyBytes_FromStringAndSize(<char*>view.buf, view.len)
            raise
        except BaseException:
            self.failed = True  # a handler's exception: it comes out as itself
            raise
        finally:
            PyBuffer_Release(&view)
        return n

    def _execute_lenient(self, data):
        parser = self.lenient_parser
        parser.max_header_size = self.max_header_size  # (set per request by the client)
        return parser.execute(data)

    # -- the machine -----------------------------------------------------------------
    cdef int _fail(self, str code, str reason, Py_ssize_t at) except -1:
        raise ParseError(code, reason, at)

    cdef int _new_message(self) except -1:
        cdef void* small
        if self.buf_cap > 8 * SMALL_BUF:  # a big head came before: give it back
            small = PyMem_Realloc(self.buf, SMALL_BUF)
            if small is not NULL:
                self.buf = <char*>small
                self.buf_cap = SMALL_BUF
        if self.fields_cap > 8 * SMALL_FIELDS:
            small = PyMem_Realloc(self.fields, SMALL_FIELDS * 4 * sizeof(Py_ssize_t))
            if small is not NULL:
                self.fields = <Py_ssize_t*>small
                self.fields_cap = SMALL_FIELDS
        self.flags = 0
        self.upgrade = False
        self.hstate = H_GENERAL
        self.content_length = 0
        self.head_bytes = 0
        self.buf_len = self.url_end = 0
        self.n_fields = 0
        self.method = -1
        self.method_len = 0
        self.status = 0
        self.major = self.minor = 0
        self._host_count = 0
        self._host = b""
        self._expect = None
        return 0

    cdef int _grow(self, Py_ssize_t need) except -1:
        cdef Py_ssize_t cap = self.buf_cap
        cdef char* new
        while cap < need:
            cap *= 2
        new = <char*>PyMem_Realloc(self.buf, cap)
        if new is NULL:
            raise MemoryError()
        self.buf = new
        self.buf_cap = cap
        return 0

    cdef inline int _keep(self, const unsigned char* p, Py_ssize_t length,
                          Py_ssize_t at) except -1:
        """Append head bytes that count toward max_header_size (url, names, values)."""
        if self.buf_len + length > self.buf_cap:
            self._grow(self.buf_len + length)
        memcpy(self.buf + self.buf_len, p, length)
        self.buf_len += length
        self.head_bytes += length
        if self.head_bytes >= self.max_header_size:
            self._fail("HPE_HEADER_OVERFLOW", "Header overflow", at)
        return 0

    cdef int _begin(self) except -1:
        self._new_message()
        if self.h_begin is not None:
            self.h_begin()
        return 0

    cdef Py_ssize_t _run(self, object data, const unsigned char* p,
                         Py_ssize_t n) except -2:
        cdef Py_ssize_t i = 0, j, take
        cdef unsigned char c
        cdef int st, d
        cdef uint64_t cl
        while i < n:
            st = self.state
            c = p[i]
            if st == S_VALUE:
                # the hot loop: a field value's bytes
                if self.vstate == V_GENERAL:
                    j = i
                    while j < n and CLS[p[j]] & C_HEADER:
                        j += 1
                    if j > i:
                        # (Node's overflow error is past the CR that ends the value span)
                        self._keep(p + i, j - i, j + (j < n and p[j] == 13))
                        i = j
                        continue
                    if c == 13:
                        self.state = S_VALUE_LF
                        i += 1
                        continue
                self._value_byte(c, i)
                if self.state == S_VALUE:
                    self._keep(p + i, 1, i)
                i += 1
                continue
            if st == S_VALUE_LF:
                if c != 10:
                    self._fail("HPE_LF_EXPECTED", "Missing expected LF after header value", i)
                self.state = S_VALUE_LWS
                i += 1
                continue
            if st == S_VALUE_LWS and c != 32 and c != 9:
                self._value_done()  # (SP/HTAB here: obs-fold, refused by _line_byte)
                st = S_FIELD_START
            if st == S_FIELD_START and c != 13 and c != 10 and c != 58:
                self.name_start = self.buf_len
                self.state = S_FIELD
                continue
            if st == S_VALUE_DISCARD_WS:
                while c == 32 or c == 9:
                    i += 1
                    if i == n:
                        return n
                    c = p[i]
                if c != 13 and c != 10:
                    self._value_start(i)
                    continue
            if st == S_URL_PATH:
                j = i
                while j < n and CLS[p[j]] & C_URL:
                    j += 1
                if j > i:
                    self._keep(p + i, j - i, j)
                    i = j
                    continue
            if st == S_FIELD:
                j = i
                while j < n and CLS[p[j]] & C_TOKEN:
                    j += 1
                if j > i:
                    # (Node's overflow error is past the ':' that ends the name span)
                    self._keep(p + i, j - i, j + (j < n and p[j] == 58))
                    i = j
                    continue
                if c == 58:  # ':'
                    self._field_done(i)
                    self.state = S_VALUE_DISCARD_WS
                elif c == 32 and self._special() != H_GENERAL:
                    self._fail("HPE_INVALID_HEADER_TOKEN", "Invalid header field char", i)
                else:
                    self._fail("HPE_INVALID_HEADER_TOKEN", "Invalid header token", i)
                i += 1
                continue
            if st == S_BODY_IDENTITY or st == S_CHUNK_DATA:
                take = n - i
                if <uint64_t>take > self.content_length:
                    take = <Py_ssize_t>self.content_length
                self.content_length -= take
                self._body(data, p, i, take, n)
                i += take
                if self.content_length == 0:
                    if st == S_CHUNK_DATA:
                        self.state = S_CHUNK_DATA_CR
                    else:
                        self._message_done()
                if self.paused:
                    return i
                continue
            if st == S_BODY_EOF:
                self._body(data, p, i, n - i, n)
                return n
            if st == S_START:
                if c == 13 or c == 10:
                    i += 1
                    continue
                self.state = S_METHOD if self.is_request else S_PROTOCOL
                self.match_i = 0
                self._begin()
                if self.paused:
                    return i
                continue
            if st == S_CLOSED:
                if c == 13 or c == 10:
                    i += 1
                    continue
                self._fail("HPE_CLOSED_CONNECTION", "Data after `Connection: close`", i)
            i = self._line_byte(data, p, i, n)
            if i < 0:
                return -1 - i  # paused or upgraded: the offset, encoded
        return n

    cdef int _special(self):
        """The header_state a field name (the bytes since name_start) selects."""
        cdef Py_ssize_t length = self.buf_len - self.name_start
        cdef const char* name = self.buf + self.name_start
        if length == 7 and _ieq(name, b"upgrade", 7):
            return H_UPGRADE
        if length == 10 and _ieq(name, b"connection", 10):
            return H_CONNECTION
        if length == 14 and _ieq(name, b"content-length", 14):
            return H_CONTENT_LENGTH
        if length == 16 and _ieq(name, b"proxy-connection", 16):
            return H_CONNECTION
        if length == 17 and _ieq(name, b"transfer-encoding", 17):
            return H_TRANSFER_ENCODING
        return H_GENERAL

    cdef int _field_done(self, Py_ssize_t at) except -1:
        """The ':' after a field name."""
        cdef int hs = self._special()
        self.hstate = hs
        if hs == H_TRANSFER_ENCODING and self.flags & F_CONTENT_LENGTH:
            self._fail("HPE_INVALID_TRANSFER_ENCODING",
                       "Transfer-Encoding can't be present with Content-Length", at)
        if hs == H_CONTENT_LENGTH and self.flags & F_TRANSFER_ENCODING:
            self._fail("HPE_INVALID_CONTENT_LENGTH",
                       "Content-Length can't be present with Transfer-Encoding", at)
        if self.n_fields == self.fields_cap:
            self._grow_fields()
        self.fields[4 * self.n_fields] = self.name_start
        self.fields[4 * self.n_fields + 1] = self.buf_len
        return 0

    cdef int _grow_fields(self) except -1:
        cdef Py_ssize_t* new = <Py_ssize_t*>PyMem_Realloc(
            self.fields, self.fields_cap * 8 * sizeof(Py_ssize_t))
        if new is NULL:
            raise MemoryError()
        self.fields = new
        self.fields_cap *= 2
        return 0

    cdef int _value_start(self, Py_ssize_t at) except -1:
        """The first byte of a (non-empty) value: the special headers' checks."""
        cdef int hs = self.hstate
        self.value_start = self.buf_len
        self.vstate = V_GENERAL
        if hs == H_UPGRADE:
            self.flags |= F_UPGRADE
            self.hstate = H_GENERAL
        elif hs == H_TRANSFER_ENCODING:
            if self.flags & F_CHUNKED and self.is_request:
                self._fail("HPE_INVALID_TRANSFER_ENCODING",
                           "Invalid `Transfer-Encoding` header value", at)
            self.flags = (self.flags | F_TRANSFER_ENCODING) & ~F_CHUNKED
            self.vstate = V_TE_MATCH
            self.match_i = 0
        elif hs == H_CONTENT_LENGTH:
            if self.flags & F_CONTENT_LENGTH:
                self._fail("HPE_UNEXPECTED_CONTENT_LENGTH", "Duplicate Content-Length", at)
            self.vstate = V_CL
            self.content_length = 0
        elif hs == H_CONNECTION:
            self.vstate = V_CONN
        self.state = S_VALUE
        return 0

    cdef int _value_byte(self, unsigned char c, Py_ssize_t at) except -1:
        """One byte of a value that the fast loop did not take (see llhttp's
        header_value_* nodes): the special headers' sub-states, and the end."""
        cdef int vs = self.vstate
        cdef int d
        while True:
            if vs == V_GENERAL:
                if c == 13:
                    self.state = S_VALUE_LF
                elif c == 10:
                    self._fail("HPE_CR_EXPECTED", "Missing expected CR after header value", at)
                elif not CLS[c] & C_HEADER:
                    self._fail("HPE_INVALID_HEADER_TOKEN", "Invalid header value char", at)
                return 0
            if vs == V_CL:
                if 48 <= c <= 57:
                    d = c - 48
                    if (self.content_length > (UINT64_MAX - d) // 10):
                        self._fail("HPE_INVALID_CONTENT_LENGTH", "Content-Length overflow", at)
                    self.content_length = self.content_length * 10 + d
                    return 0
                vs = self.vstate = V_CL_WS
                continue
            if vs == V_CL_WS:
                if c == 32 or c == 9:
                    return 0
                if c == 13 or c == 10:
                    self.flags |= F_CONTENT_LENGTH
                    vs = self.vstate = V_GENERAL
                    continue
                self._fail("HPE_INVALID_CONTENT_LENGTH", "Invalid character in Content-Length",
                           at)
            if vs == V_TE_MATCH:
                if (c | 0x20) == CHUNKED_WORD[self.match_i]:
                    self.match_i += 1
                    if self.match_i == 7:
                        self.vstate = V_TE_LAST
                    return 0
                vs = self.vstate = V_TE_TOKEN
                continue
            if vs == V_TE_LAST:
                if c == 32:
                    return 0
                if c == 13 or c == 10:
                    self.hstate = H_TE_CHUNKED
                    vs = self.vstate = V_GENERAL
                    continue
                if c == 44 and self.is_request:
                    self._fail("HPE_INVALID_TRANSFER_ENCODING",
                               "Invalid `Transfer-Encoding` header value", at)
                vs = self.vstate = V_TE_TOKEN
                continue
            if vs == V_TE_TOKEN:
                if c == 44:
                    self.vstate = V_TE_OWS
                    return 0
                if CLS[c] & C_CONN:
                    return 0
                self.hstate = H_GENERAL
                vs = self.vstate = V_GENERAL
                continue
            if vs == V_TE_OWS:
                if c == 32 or c == 9:
                    return 0
                self.match_i = 0
                vs = self.vstate = V_TE_MATCH
                continue
            if vs == V_CONN:
                if c == 32 or c == 9:
                    return 0
                d = c | 0x20 if 65 <= c <= 90 else c
                self.conn_word = 0 if d == 99 else 1 if d == 117 else 2 if d == 107 else -1
                if self.conn_word < 0:
                    vs = self.vstate = V_CONN_TOKEN
                    continue
                self.match_i = 1
                self.vstate = V_CONN_MATCH
                return 0
            if vs == V_CONN_MATCH:
                word = <bytes>CONN_WORDS[self.conn_word]
                d = c | 0x20 if 65 <= c <= 90 else c
                if d == word[self.match_i]:
                    self.match_i += 1
                    if self.match_i == len(word):
                        self.hstate = H_CONN_CLOSE if self.conn_word == 0 else (
                            H_CONN_UPGRADE if self.conn_word == 1 else H_CONN_KEEP_ALIVE)
                        self.vstate = V_CONN_WS
                    return 0
                vs = self.vstate = V_CONN_TOKEN
                continue
            if vs == V_CONN_WS:
                if c == 44:
                    self._conn_flags()
                    self.vstate = V_CONN
                    return 0
                if c == 32 or c == 9:
                    return 0
                if c == 13 or c == 10:
                    vs = self.vstate = V_GENERAL
                    continue
                self.hstate = H_GENERAL
                vs = self.vstate = V_CONN_TOKEN
                continue
            # V_CONN_TOKEN
            if c == 44:
                self.vstate = V_CONN
                return 0
            if CLS[c] & C_CONN:
                return 0
            vs = self.vstate = V_GENERAL

    cdef int _conn_flags(self):
        """llhttp's setHeaderFlags: a value's Connection token or chunked decides a flag."""
        cdef int hs = self.hstate
        if hs == H_CONN_KEEP_ALIVE:
            self.flags |= F_KEEP_ALIVE
        elif hs == H_CONN_CLOSE:
            self.flags |= F_CLOSE
        elif hs == H_CONN_UPGRADE:
            self.flags |= F_CONN_UPGRADE
        elif hs == H_TE_CHUNKED:
            self.flags |= F_CHUNKED
            return 0
        else:
            return 0
        self.hstate = H_CONNECTION
        return 0

    cdef int _value_done(self) except -1:
        """A field line is complete (the byte after its CRLF is not SP/HTAB)."""
        cdef Py_ssize_t k = 4 * self.n_fields
        cdef Py_ssize_t name_len
        cdef Py_ssize_t end = self.buf_len
        self._conn_flags()
        # RFC 9110 §5.5: trailing whitespace (SP/HTAB) is not part of the value;
        # Node strips it (test-http-header-owstext), as the httptools path does.
        while end > self.value_start and (self.buf[end - 1] == 32 or self.buf[end - 1] == 9):
            end -= 1
        self.fields[k + 2] = self.value_start
        self.fields[k + 3] = end
        self.n_fields += 1
        if self.is_request and not self.flags & F_TRAILING:
            # Host and Expect are remembered before max_headers_count drops lines.
            name_len = self.fields[k + 1] - self.fields[k]
            if name_len == 4 and _ieq(self.buf + self.fields[k], b"host", 4):
                self._host_count += 1
                self._host = PyBytes_FromStringAndSize(self.buf + self.value_start,
                                                      end - self.value_start)
            elif name_len == 6 and _ieq(self.buf + self.fields[k], b"expect", 6):
                self._expect = PyUnicode_DecodeLatin1(self.buf + self.value_start,
                                                     end - self.value_start, NULL)
        self.hstate = H_GENERAL
        self.state = S_FIELD_START
        return 0

    cdef list _raw(self, Py_ssize_t limit):
        cdef Py_ssize_t k, count = self.n_fields
        cdef list raw
        if limit and count > limit:
            count = limit
        raw = [None] * (2 * count)
        for k in range(count):
            raw[2 * k] = PyUnicode_DecodeLatin1(
                self.buf + self.fields[4 * k], self.fields[4 * k + 1] - self.fields[4 * k], NULL)
            raw[2 * k + 1] = PyUnicode_DecodeLatin1(
                self.buf + self.fields[4 * k + 2],
                self.fields[4 * k + 3] - self.fields[4 * k + 2], NULL)
        return raw

    cdef int _body(self, object data, const unsigned char* p, Py_ssize_t i, Py_ssize_t take,
                   Py_ssize_t n) except -1:
        if take <= 0 or self.stopped:
            return 0
        if i == 0 and take == n and type(data) is bytes:
            chunk = data  # all of the read: no copy
        else:
            chunk = PyBytes_FromStringAndSize(<const char*>p + i, take)
        self.h_body(chunk)
        if self.stopped:
            raise _Stopped()
        return 0

    cdef int _keep_alive(self):
        """llhttp_should_keep_alive."""
        if self.major > 0 and self.minor > 0:
            if self.flags & F_CLOSE:
                return 0
        elif not self.flags & F_KEEP_ALIVE:
            return 0
        return not self._needs_eof()

    cdef int _needs_eof(self):
        if self.is_request:
            return 0
        if (self.status // 100 == 1 or self.status == 204 or self.status == 304
                or self.flags & F_SKIPBODY):
            return 0
        if self.flags & F_TRANSFER_ENCODING and not self.flags & F_CHUNKED:
            return 1
        if self.flags & (F_CHUNKED | F_CONTENT_LENGTH):
            return 0
        return 1

    cdef Py_ssize_t _headers_done(self, Py_ssize_t at) except -2:
        """The blank line after the fields: one call to the handler, then the framing.
        Returns -1 to go on, or the offset where execute() must return."""
        cdef bint upgrade, keep_alive
        cdef int flags = self.flags
        cdef str method, url, reason
        if flags & F_UPGRADE and flags & F_CONN_UPGRADE:
            upgrade = self.is_request or self.status == 101
        else:
            upgrade = self.is_request and self.method == M_CONNECT
        keep_alive = self._keep_alive()
        self.upgrade = upgrade and self.is_request
        if self.is_request:
            method = _METHOD_NAMES[self.method]
            url = PyUnicode_DecodeLatin1(self.buf, self.url_end, NULL)
            reason = ""
            if flags & F_CHUNKED and self.major == 1 and self.minor == 0:
                # RFC 9112 §6.1: Transfer-Encoding in an HTTP/1.0 message is faulty
                # framing: process the message, then close the connection.
                keep_alive = False
                self.last = True
        else:
            method = url = ""
            reason = PyUnicode_DecodeLatin1(self.buf, self.url_end, NULL)
        raw = self._raw(self.max_headers_count)
        self.head_bytes = 0  # Node counts trailers apart from the headers
        self.state = S_BODY_IDENTITY  # (in_body while the handler runs)
        answer = self.h_headers(self.major, self.minor, raw, method, url, self.status, reason,
                                upgrade, keep_alive)
        if self.stopped:
            raise _Stopped()
        if answer == 2 and (upgrade or not self.is_request):
            self.upgrading = True
            self.stopped = True
            self.state = S_UPGRADED
            return at
        if answer == 1 and not self.is_request:
            self.flags |= F_SKIPBODY
        flags = self.flags
        if not self.is_request and self.status == 101:
            self.state = S_START
            self._message_done()
            self.stopped = True  # the rest is another protocol's
            return at
        if flags & F_SKIPBODY or (not self.is_request and (
                self.status == 100 or self.status == 102 or self.status == 103
                or self.status == 204 or self.status == 304)):
            self._message_done()
        elif flags & F_CHUNKED:
            self._upgrade_has_body()
            self.state = S_CHUNK_SIZE_START
        elif flags & F_TRANSFER_ENCODING:
            if self.upgrade:
                # llhttp (after_headers_complete): an upgrade request without a
                # chunked or Content-Length body ends at its head, before the
                # Transfer-Encoding check.
                self._message_done()
            elif self.is_request:
                self._fail("HPE_INVALID_TRANSFER_ENCODING",
                           "Request has invalid `Transfer-Encoding`", at)
            else:
                self.state = S_BODY_EOF
        elif not flags & F_CONTENT_LENGTH:
            if self._needs_eof():
                self.state = S_BODY_EOF
            else:
                self._message_done()
        elif self.content_length == 0:
            self._message_done()
        else:
            self._upgrade_has_body()
            self.state = S_BODY_IDENTITY
        if self.paused:
            return at
        return -1

    cdef inline void _upgrade_has_body(self):
        # llhttp (after_headers_complete) takes the upgrade exit only for a message
        # without a body; an upgrade request with a chunked or Content-Length body
        # is read as a plain one, and after it `Connection: close` (or HTTP/1.0
        # without keep-alive) refuses what follows (found by the fuzzer).
        self.upgrade = False

    cdef int _message_done(self) except -1:
        cdef list trailers
        keep_alive = self._keep_alive()
        # An upgrade request served as a plain one: llhttp would have stopped after
        # it (the rest being another protocol's), never refusing what follows.
        self.state = S_START if keep_alive or self.upgrade else S_CLOSED
        if self.flags & F_TRAILING and self.n_fields:
            trailers = self._raw(0)
            self.n_fields = 0
            if self.h_trailers is not None:
                self.h_trailers(trailers)
                if self.stopped:
                    raise _Stopped()
        self.flags = 0
        self.h_complete()
        if self.stopped or self.last:
            self.stopped = True
            raise _Stopped()
        return 0

    cdef Py_ssize_t _line_byte(self, object data, const unsigned char* p, Py_ssize_t i,
                               Py_ssize_t n) except? -2:
        """One byte of a start line, a field's edges, or a chunk's framing.
        Returns the next offset, or -1 - offset when execute() must return."""
        cdef unsigned char c = p[i]
        cdef int st = self.state
        cdef int d
        cdef Py_ssize_t r
        cdef bytes word
        # -- request line
        if st == S_METHOD:
            if self.method_len == 0:
                if n - i > 4 and memcmp(p + i, b"GET ", 4) == 0:
                    self.method = 1
                    self.state = S_SPACES_BEFORE_URL
                    return i + 4
                # the whole method in this read (the common case): one lookup
                r = i
                while r < n and r - i <= MAX_METHOD and p[r] != 32:
                    r += 1
                if r < n and p[r] == 32 and r > i:
                    m = _METHOD_INDEX.get(PyBytes_FromStringAndSize(<const char*>p + i, r - i))
                    if m is not None:
                        self.method = m
                        self.state = S_SPACES_BEFORE_URL
                        return r + 1
            if c == 32:
                if self.method_len:
                    m = _METHOD_INDEX.get(PyBytes_FromStringAndSize(self.method_buf,
                                                                    self.method_len))
                    if m is not None:
                        self.method = m
                        self.state = S_SPACES_BEFORE_URL
                        return i + 1
                self._fail("HPE_INVALID_METHOD", "Invalid method encountered", i)
            if self.method_len < MAX_METHOD:
                self.method_buf[self.method_len] = c
                if PyBytes_FromStringAndSize(self.method_buf, self.method_len + 1) in (
                        _METHOD_PREFIXES):
                    self.method_len += 1
                    return i + 1
            if PyBytes_FromStringAndSize(self.method_buf, self.method_len) in _METHOD_INDEX:
                self._fail("HPE_INVALID_METHOD", "Expected space after method", i)
            self._fail("HPE_INVALID_METHOD", "Invalid method encountered", i)
        if st == S_SPACES_BEFORE_URL:
            if c == 32:
                return i + 1
            self.state = S_URL_SERVER if self.method == M_CONNECT else S_URL_START
            return i
        if S_URL_START <= st <= S_URL_CRLF:
            return self._url_byte(c, i)
        if st == S_URL_SKIP:
            # llhttp's skip_to_http is still a URL node: it refuses HTAB and FF
            if c == 9 or c == 12:
                self._fail("HPE_INVALID_URL", "Invalid characters in url", i)
            self.state = S_HTTP_START
            return i
        if st == S_HTTP_START:
            if c == 32:
                return i + 1
            self.state = S_PROTOCOL
            self.match_i = 0
            return i
        if st == S_PROTOCOL:
            return self._protocol_byte(c, i)
        if st == S_MAJOR or st == S_MINOR:
            if not 48 <= c <= 57:
                self._fail("HPE_INVALID_VERSION", "Invalid major version" if st == S_MAJOR
                           else "Invalid minor version", i)
            if st == S_MAJOR:
                self.major = c - 48
                self.state = S_DOT
                return i + 1
            self.minor = c - 48
            if not ((self.major == 0 and self.minor == 9) or (self.major == 1 and self.minor <= 1)
                    or (self.major == 2 and self.minor == 0)):
                self._fail("HPE_INVALID_VERSION", "Invalid HTTP version", i)
            if not self.is_request:
                self.state = S_RES_AFTER_VERSION
            elif self.method == M_PRI:
                self.state = S_PRI_PREFACE
                self.match_i = 0
            else:
                self.state = S_REQ_LINE_END
            return i + 1
        if st == S_DOT:
            if c != 46:
                self._fail("HPE_INVALID_VERSION", "Expected dot", i)
            self.state = S_MINOR
            return i + 1
        if st == S_REQ_LINE_END:
            if c != 13:
                self._fail("HPE_INVALID_VERSION", "Expected CRLF after version", i)
            self.state = S_REQ_LINE_LF
            return i + 1
        if st == S_REQ_LINE_LF or st == S_RES_LINE_LF:
            if c != 10:
                self._fail("HPE_STRICT", "Expected CRLF after version" if st == S_REQ_LINE_LF
                           else "Expected LF after CR", i)
            self.state = S_HEADERS_START
            return i + 1
        if st == S_PRI_PREFACE:
            if c != (<bytes>PRI_PREFACE)[self.match_i]:
                self._fail("HPE_INVALID_VERSION", "Expected HTTP/2 Connection Preface", i)
            self.match_i += 1
            if self.match_i == 10:
                self._fail("HPE_PAUSED_H2_UPGRADE", "Pause on PRI/Upgrade", i + 1)
            return i + 1
        # -- status line
        if st == S_RES_AFTER_VERSION:
            if c != 32:
                self._fail("HPE_INVALID_VERSION", "Expected space after version", i)
            self.state = S_STATUS_1
            return i + 1
        if S_STATUS_1 <= st <= S_STATUS_3:
            if not 48 <= c <= 57:
                self._fail("HPE_INVALID_STATUS", "Invalid status code", i)
            self.status = self.status * 10 + c - 48
            self.state = st + 1
            return i + 1
        if st == S_STATUS_OTHERWISE:
            if c == 32:
                self.state = S_STATUS_TEXT
            elif c == 13:
                self.state = S_RES_LINE_LF
            else:
                self._fail("HPE_INVALID_STATUS", "Invalid response status", i)
            return i + 1
        if st == S_STATUS_TEXT:
            r = i
            while r < n and p[r] != 13 and p[r] != 10:
                r += 1
            if r > i:
                self._keep(p + i, r - i, r)
            self.url_end = self.buf_len
            if r < n:
                if p[r] == 10:
                    self._fail("HPE_CR_EXPECTED", "Missing expected CR after response line", r)
                self.state = S_RES_LINE_LF
                return r + 1
            return r
        # -- field edges
        if st == S_HEADERS_START:
            if c == 32:
                self._fail("HPE_UNEXPECTED_SPACE", "Unexpected space after start line", i)
            self.state = S_FIELD_START
            return i
        if st == S_FIELD_START:
            if c == 13:
                self.state = S_HEADERS_LF
                return i + 1
            if c == 10:
                self._fail("HPE_INVALID_HEADER_TOKEN", "Invalid header field char", i)
            if c == 58:
                self._fail("HPE_INVALID_HEADER_TOKEN", "Invalid header token", i)
            self.name_start = self.buf_len
            self.state = S_FIELD
            return i
        if st == S_VALUE_DISCARD_WS:
            if c == 32 or c == 9:
                return i + 1
            if c == 13:
                self.state = S_VALUE_DISCARD_WS_LF
                return i + 1
            if c == 10:
                self._fail("HPE_INVALID_HEADER_TOKEN", "Invalid header value char", i)
            self._value_start(i)
            return i
        if st == S_VALUE_DISCARD_WS_LF:
            if c != 10:
                self._fail("HPE_STRICT", "Expected LF after CR", i)
            self.state = S_VALUE_DISCARD_LWS
            return i + 1
        if st == S_VALUE_DISCARD_LWS:
            if c == 32 or c == 9:
                self._fail("HPE_INVALID_HEADER_TOKEN", "Invalid header value char", i)
            if self.hstate == H_CONTENT_LENGTH:
                self._fail("HPE_INVALID_CONTENT_LENGTH", "Empty Content-Length", i)
            if self.hstate == H_TRANSFER_ENCODING:
                self._fail("HPE_INVALID_TRANSFER_ENCODING", "Empty Transfer-Encoding", i)
            self.value_start = self.buf_len
            self._value_done()
            return i
        if st == S_VALUE_LF:
            if c != 10:
                self._fail("HPE_LF_EXPECTED", "Missing expected LF after header value", i)
            self.state = S_VALUE_LWS
            return i + 1
        if st == S_VALUE_LWS:
            if c == 32 or c == 9:
                self._fail("HPE_INVALID_HEADER_TOKEN", "Unexpected whitespace after header value",
                           i)
            self._value_done()
            return i
        if st == S_HEADERS_LF:
            if c != 10:
                self._fail("HPE_STRICT", "Expected LF after headers", i)
            if self.flags & F_TRAILING:
                self._message_done()
                return -2 - i if self.paused else i + 1
            r = self._headers_done(i + 1)
            return i + 1 if r < 0 else -1 - r
        # -- chunked framing
        if st == S_CHUNK_SIZE_START or st == S_CHUNK_SIZE:
            d = HEX[c]
            if d >= 0:
                if st == S_CHUNK_SIZE_START:
                    self.content_length = 0
                    self.ext_bytes = 0
                    self.state = S_CHUNK_SIZE
                if self.content_length > (UINT64_MAX >> 4):
                    self._fail("HPE_INVALID_CHUNK_SIZE", "Chunk size overflow", i)
                self.content_length = self.content_length * 16 + d
                return i + 1
            if st == S_CHUNK_SIZE_START:
                self._fail("HPE_INVALID_CHUNK_SIZE", "Invalid character in chunk size", i)
            if c == 13:
                self.state = S_CHUNK_SIZE_LF
            elif c == 10:
                self._fail("HPE_CR_EXPECTED", "Missing expected CR after chunk size", i)
            elif c == 59:
                self.state = S_CHUNK_EXTENSIONS
            else:
                self._fail("HPE_INVALID_CHUNK_SIZE", "Invalid character in chunk size", i)
            return i + 1
        if S_CHUNK_EXTENSIONS <= st <= S_CHUNK_EXT_QUOTED_DONE:
            return self._extension_byte(c, i)
        if st == S_CHUNK_SIZE_LF:
            if c != 10:
                self._fail("HPE_STRICT", "Expected LF after chunk size", i)
            if self.content_length == 0:
                self.flags |= F_TRAILING
                self.head_bytes = 0
                self.n_fields = 0
                self.buf_len = 0
                self.state = S_FIELD_START
            else:
                self.state = S_CHUNK_DATA
            return i + 1
        if st == S_CHUNK_DATA_CR:
            if c == 13:
                self.state = S_CHUNK_DATA_LF
                return i + 1
            if c == 10:
                self._fail("HPE_CR_EXPECTED", "Missing expected CR after chunk data", i)
            self._fail("HPE_STRICT", "Expected LF after chunk data", i)
        if st == S_CHUNK_DATA_LF:
            if c != 10:
                self._fail("HPE_STRICT", "Expected LF after chunk data", i)
            self.state = S_CHUNK_SIZE_START
            return i + 1
        if st == S_UPGRADED:
            return -1 - i
        raise AssertionError(f"native parser: state {st}")

    cdef Py_ssize_t _url_byte(self, unsigned char c, Py_ssize_t i) except -2:
        """llhttp's URL nodes (url.ts): the URL is kept up to the byte that ends it."""
        cdef int st = self.state
        cdef int cls = CLS[c]
        if st == S_URL_START:
            if c == 47 or c == 42:  # '/' '*'
                self.state = S_URL_PATH
            elif (65 <= c <= 90) or (97 <= c <= 122):
                self.state = S_URL_SCHEMA
            elif c == 32 or c == 13 or c == 10:
                self._fail("HPE_INVALID_URL", "Invalid characters in url", i)
            else:
                self._fail("HPE_INVALID_URL", "Unexpected start char in url", i)
        elif st == S_URL_SCHEMA:
            if c == 58:
                self.state = S_URL_SCHEMA_DELIM
            elif not ((65 <= c <= 90) or (97 <= c <= 122)):
                self._url_error(c, i, "Unexpected char in url schema")
        elif st == S_URL_SCHEMA_DELIM or st == S_URL_SCHEMA_DELIM2:
            if c != 47:
                self._url_error(c, i, "Unexpected char in url schema")
            self.state = S_URL_SERVER if st == S_URL_SCHEMA_DELIM2 else S_URL_SCHEMA_DELIM2
        elif st == S_URL_SERVER or st == S_URL_SERVER_AT:
            if c == 47:
                self.state = S_URL_PATH
            elif c == 63:
                self.state = S_URL_QUERY
            elif cls & C_USERINFO or c == 91 or c == 93:
                self.state = S_URL_SERVER  # (only "@@" is a double @)
            elif c == 64:
                if st == S_URL_SERVER_AT:
                    self._fail("HPE_INVALID_URL", "Double @ in url", i)
                self.state = S_URL_SERVER_AT
            else:
                return self._url_end(c, i, "Unexpected char in url server")
        elif st == S_URL_PATH:
            if not cls & C_URL:
                self.state = S_URL_QUERY_OR_FRAGMENT
                return i
        elif st == S_URL_QUERY_OR_FRAGMENT:
            if c == 63:
                self.state = S_URL_QUERY
            elif c == 35:
                self.state = S_URL_FRAGMENT
            else:
                return self._url_end(c, i, "Invalid char in url path")
        elif st == S_URL_QUERY:
            if c == 35:
                self.state = S_URL_FRAGMENT
            elif not (cls & C_URL or c == 63):
                return self._url_end(c, i, "Invalid char in url query")
        elif st == S_URL_FRAGMENT:
            if not (cls & C_URL or c == 63 or c == 35):
                return self._url_end(c, i, "Invalid char in url fragment start")
        elif st == S_URL_CRLF:
            if c != 10:
                self._fail("HPE_INVALID_URL", "Expected CRLF", i)
            self._http09()
            return i + 1
        self._keep(&c, 1, i)
        return i + 1

    cdef int _url_error(self, unsigned char c, Py_ssize_t i, str reason) except -1:
        if c == 32 or c == 13 or c == 10:
            reason = "Invalid characters in url"
        self._fail("HPE_INVALID_URL", reason, i)

    cdef Py_ssize_t _url_end(self, unsigned char c, Py_ssize_t i, str reason) except -2:
        self.url_end = self.buf_len
        if c == 32:
            self.state = S_URL_SKIP
        elif c == 13:
            self.state = S_URL_CRLF
        elif c == 10:
            self._http09()
        else:
            self._fail("HPE_INVALID_URL", reason, i)
        return i + 1

    cdef int _http09(self):
        self.major = 0
        self.minor = 9
        self.state = S_HEADERS_START
        return 0

    cdef Py_ssize_t _protocol_byte(self, unsigned char c, Py_ssize_t i) except -2:
        """HTTP/, RTSP/ or ICE/ (requests: the method must suit the protocol)."""
        cdef int k
        cdef bytes word
        if self.match_i == 0:
            self.proto = 0 if c == 72 else 1 if c == 82 else 2 if c == 73 else -1
            if self.proto < 0:
                self._fail("HPE_INVALID_CONSTANT", "Expected HTTP/, RTSP/ or ICE/", i)
            self.match_i = 1
            return i + 1
        word = <bytes>PROTOCOLS[self.proto]
        if self.match_i < len(word):
            if c != word[self.match_i]:
                self._fail("HPE_INVALID_CONSTANT", "Expected HTTP/, RTSP/ or ICE/", i)
            self.match_i += 1
            if self.match_i == len(word) and self.is_request:
                self._check_method(i)
            return i + 1
        if c != 47:
            self._fail("HPE_INVALID_CONSTANT", "Expected HTTP/, RTSP/ or ICE/", i)
        self.state = S_MAJOR
        return i + 1

    cdef int _check_method(self, Py_ssize_t i) except -1:
        row = _METHOD_TABLE[self.method]
        if not row[1 + self.proto]:
            self._fail("HPE_INVALID_CONSTANT", (
                "Invalid method for HTTP/x.x request", "Invalid method for RTSP/x.x request",
                "Expected SOURCE method for ICE/x.x request")[self.proto], i)
        return 0

    cdef Py_ssize_t _extension_byte(self, unsigned char c, Py_ssize_t i) except -2:
        """Chunk extensions (llhttp's chunk_extension_* nodes), counted as Node does."""
        cdef int st = self.state
        if st == S_CHUNK_EXTENSIONS:
            if c == 32 or c == 13:
                self._fail("HPE_STRICT", "Invalid character in chunk extensions", i)
            self.state = S_CHUNK_EXT_NAME
            return i
        if st == S_CHUNK_EXT_NAME:
            if CLS[c] & C_TOKEN:
                return self._ext_counted(i)
            if c == 61:
                self.state = S_CHUNK_EXT_VALUE
                return i + 1
            return self._ext_end(c, i, "name", "Invalid character in chunk extensions name")
        if st == S_CHUNK_EXT_VALUE:
            if c == 34:
                self.state = S_CHUNK_EXT_QUOTED
                return self._ext_counted(i)
            if CLS[c] & C_TOKEN:
                return self._ext_counted(i)
            return self._ext_end(c, i, "value", "Invalid character in chunk extensions value")
        if st == S_CHUNK_EXT_QUOTED:
            if c == 34:
                self.state = S_CHUNK_EXT_QUOTED_DONE
            elif c == 92:
                self.state = S_CHUNK_EXT_QUOTED_PAIR
            elif not CLS[c] & C_QDTEXT:
                self._fail("HPE_STRICT", "Invalid character in chunk extensions quoted value", i)
            return self._ext_counted(i)
        if st == S_CHUNK_EXT_QUOTED_PAIR:
            if not CLS[c] & C_PAIR:
                self._fail("HPE_STRICT", "Invalid quoted-pair in chunk extensions quoted value",
                           i)
            self.state = S_CHUNK_EXT_QUOTED
            return self._ext_counted(i)
        # S_CHUNK_EXT_QUOTED_DONE
        return self._ext_end(c, i, "value", "Invalid character in chunk extensions quote value")

    cdef Py_ssize_t _ext_end(self, unsigned char c, Py_ssize_t i, str part,
                             str invalid) except -2:
        """The byte after an extension's name or value: ';', CRLF, or an error."""
        if c == 59:
            self.state = S_CHUNK_EXTENSIONS
        elif c == 13:
            self.state = S_CHUNK_SIZE_LF
        elif c == 10:
            self._fail("HPE_CR_EXPECTED", f"Missing expected CR after chunk extension {part}", i)
        else:
            self._fail("HPE_STRICT", invalid, i)
        return i + 1

    cdef Py_ssize_t _ext_counted(self, Py_ssize_t i) except -2:
        self.ext_bytes += 1
        if self.ext_bytes > MAX_CHUNK_EXTENSIONS:
            self._fail("HPE_CHUNK_EXTENSIONS_OVERFLOW", "Chunk extensions overflow", i)
        return i + 1


cdef inline bint _ieq(const char* a, const char* lower, Py_ssize_t n):
    """ASCII case-insensitive equality of ``a`` with the lower-case ``lower``."""
    cdef Py_ssize_t k
    cdef unsigned char c
    for k in range(n):
        c = <unsigned char>a[k]
        if 65 <= c <= 90:
            c += 32
        if c != <unsigned char>lower[k]:
            return False
    return True


cdef class NativeRequestParser(NativeParser):
    """Parses the requests on one server connection."""

    def __init__(self, handler, **options):
        self.is_request = True
        NativeParser.__init__(self, handler, **options)


cdef class NativeResponseParser(NativeParser):
    """Parses the responses on one client connection."""

    def __init__(self, handler, **options):
        self.is_request = False
        NativeParser.__init__(self, handler, **options)
