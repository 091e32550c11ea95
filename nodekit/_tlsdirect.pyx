# cython: language_level=3, boundscheck=False, wraparound=False
"""OpenSSL called straight on the ``SSL*`` and memory BIOs of an ``ssl.SSLObject``.

``_tlsbio``'s reads and writes go through Python's ``_ssl`` otherwise: each
``SSLObject.read``/``write`` parses its arguments, builds or slices buffer
objects and releases and takes the GIL around a call that never blocks on a
memory BIO (~3 k instructions per keep-alive request, docs/architecture.md,
"The TLS transport's cost"). :class:`Direct` makes the same OpenSSL calls
(``BIO_write``, ``SSL_read_ex``, ``SSL_write_ex``, ``BIO_read``) with the
GIL kept, reading into and writing from the caller's buffers.

No header and no link-time dependency: the functions are those of the
libssl/libcrypto ``_ssl`` has loaded, whose addresses ``_openssl`` (ctypes)
gives, and the pointers are those ``_openssl`` reads from ssl's objects.
:func:`direct_for` hands a :class:`Direct` out only when OpenSSL confirms
them (the ``SSL*``'s context is the ``SSL_CTX*`` of the SSLObject's
context, its read and write BIOs are the two ``MemoryBIO``s'); otherwise
None, and ``_tlsbio`` keeps the ``SSLObject``. Errors are raised as
``_ssl`` raises them (the same ``ssl.SSLError`` subclasses, arguments,
``library`` and ``reason``): see :func:`_ssl_error`.
"""

import os
import ssl

from cpython.buffer cimport PyBUF_SIMPLE, PyBUF_WRITABLE, PyBuffer_Release, PyObject_GetBuffer
from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_FromStringAndSize
from cpython.object cimport PyObject

from . import _openssl

__all__ = ["AVAILABLE", "REASON", "Direct", "direct_for"]

ctypedef int (*rw_ex_f)(void *ssl, void *buf, size_t num, size_t *done) noexcept nogil
ctypedef int (*get_error_f)(const void *ssl, int ret) noexcept nogil
ctypedef int (*bio_rw_f)(void *bio, void *data, int dlen) noexcept nogil
ctypedef size_t (*bio_pending_f)(void *bio) noexcept nogil
ctypedef void *(*get_ptr_f)(const void *ssl) noexcept nogil
ctypedef unsigned long (*err_peek_f)() noexcept nogil
ctypedef void (*err_clear_f)() noexcept nogil
ctypedef const char *(*err_string_f)(unsigned long e) noexcept nogil
ctypedef long (*ctrl_f)(void *ssl, int cmd, long larg, void *parg) noexcept nogil

cdef rw_ex_f SSL_read_ex = NULL
cdef rw_ex_f SSL_write_ex = NULL
cdef get_error_f SSL_get_error = NULL
cdef get_ptr_f SSL_get_SSL_CTX = NULL
cdef get_ptr_f SSL_get_rbio = NULL
cdef get_ptr_f SSL_get_wbio = NULL
cdef bio_rw_f BIO_write = NULL
cdef bio_rw_f BIO_read = NULL
cdef bio_pending_f BIO_ctrl_pending = NULL
cdef err_peek_f ERR_peek_last_error = NULL
cdef err_clear_f ERR_clear_error = NULL
cdef err_string_f ERR_reason_error_string = NULL
cdef ctrl_f SSL_ctrl = NULL

# OpenSSL's SSL_get_error codes (ssl.h)
cdef enum:
    E_SSL = 1
    E_WANT_READ = 2
    E_WANT_WRITE = 3
    E_WANT_X509_LOOKUP = 4
    E_SYSCALL = 5
    E_ZERO_RETURN = 6
    E_WANT_CONNECT = 7

# ssl.h: SSL_get_mode / SSL_clear_mode are SSL_ctrl macros.
cdef enum:
    SSL_CTRL_MODE = 33
    SSL_CTRL_CLEAR_MODE = 78
    SSL_MODE_RELEASE_BUFFERS = 0x10

# The ciphertext reads (feeds) after which a connection keeps OpenSSL's two
# ~17 KiB record buffers instead of freeing them after each read and write
# (ssl sets SSL_MODE_RELEASE_BUFFERS on every SSL): the handshake takes two
# or three, a first request one more; from here on the connection is being
# reused, and the malloc/free pairs (~2 k instructions a keep-alive request)
# buy nothing. docs/architecture.md, "The TLS transport's cost".
cdef enum:
    _KEEP_FROM = 5
KEEP_BUFFERS_FROM = _KEEP_FROM

_FUNCTIONS = ("SSL_read_ex", "SSL_write_ex", "SSL_get_error", "SSL_get_SSL_CTX",
              "SSL_get_rbio", "SSL_get_wbio", "BIO_write", "BIO_read", "BIO_ctrl_pending",
              "ERR_peek_last_error", "ERR_clear_error", "ERR_reason_error_string", "SSL_ctrl")


cdef int _bind() except -1:
    global SSL_read_ex, SSL_write_ex, SSL_get_error, SSL_get_SSL_CTX, SSL_get_rbio
    global SSL_get_wbio, BIO_write, BIO_read, BIO_ctrl_pending, ERR_peek_last_error
    global ERR_clear_error, ERR_reason_error_string, SSL_ctrl
    found = _openssl.function_addresses(_FUNCTIONS)
    if found is None:
        return 0
    cdef list a = [<size_t>found[name] for name in _FUNCTIONS]
    SSL_read_ex = <rw_ex_f><void *><size_t>a[0]
    SSL_write_ex = <rw_ex_f><void *><size_t>a[1]
    SSL_get_error = <get_error_f><void *><size_t>a[2]
    SSL_get_SSL_CTX = <get_ptr_f><void *><size_t>a[3]
    SSL_get_rbio = <get_ptr_f><void *><size_t>a[4]
    SSL_get_wbio = <get_ptr_f><void *><size_t>a[5]
    BIO_write = <bio_rw_f><void *><size_t>a[6]
    BIO_read = <bio_rw_f><void *><size_t>a[7]
    BIO_ctrl_pending = <bio_pending_f><void *><size_t>a[8]
    ERR_peek_last_error = <err_peek_f><void *><size_t>a[9]
    ERR_clear_error = <err_clear_f><void *><size_t>a[10]
    ERR_reason_error_string = <err_string_f><void *><size_t>a[11]
    SSL_ctrl = <ctrl_f><void *><size_t>a[12]
    return 1


if os.environ.get("NODEKIT_TLS_DIRECT", "1") == "0":
    AVAILABLE, REASON = False, "NODEKIT_TLS_DIRECT=0"
elif not _openssl.AVAILABLE:
    AVAILABLE, REASON = False, _openssl.REASON
elif not _bind():
    AVAILABLE, REASON = False, "an OpenSSL function was not found"
else:
    AVAILABLE, REASON = True, ""

import _ssl as _c_ssl  # noqa: E402 - (the C types whose layout _openssl checked)


cdef inline void *_field(object obj, Py_ssize_t index) noexcept:
    # The index-th pointer after obj's PyObject_HEAD (_openssl._field, in C).
    return (<void **>((<char *><PyObject *>obj) + sizeof(PyObject)))[index]


def direct_for(sslobj, incoming, outgoing):
    """A :class:`Direct` over ``sslobj`` (an ``ssl.SSLObject`` made by
    ``wrap_bio(incoming, outgoing)``), or None when it cannot be had safely."""
    if not AVAILABLE or type(incoming) is not _c_ssl.MemoryBIO \
            or type(outgoing) is not _c_ssl.MemoryBIO or not isinstance(sslobj, ssl.SSLObject):
        return None
    inner = sslobj._sslobj
    if type(inner) is not _c_ssl._SSLSocket:
        return None
    cdef size_t ctx = _openssl.ctx_pointer(sslobj.context)  # (checked, then cached)
    cdef void *ssl_ptr = _field(inner, 1)
    cdef void *rbio = _field(incoming, 0)
    cdef void *wbio = _field(outgoing, 0)
    if not ctx or ssl_ptr == NULL or rbio == NULL or wbio == NULL:
        return None
    if (<size_t>SSL_get_SSL_CTX(ssl_ptr) != ctx or SSL_get_rbio(ssl_ptr) != rbio
            or SSL_get_wbio(ssl_ptr) != wbio):
        return None
    cdef Direct direct = Direct.__new__(Direct)
    direct.ssl = ssl_ptr
    direct.rbio = rbio
    direct.wbio = wbio
    direct.owners = (inner, incoming, outgoing)  # they free the SSL and the BIOs
    return direct


cdef class Direct:
    """The reads and writes of one connection's ``SSL*`` (see the module docstring)."""

    def __init__(self):
        raise TypeError("made by direct_for()")

    cpdef int feed(self, object data, Py_ssize_t nbytes) except -1:
        """Ciphertext in: ``data[:nbytes]`` into the incoming BIO
        (``MemoryBIO.write`` without the slice)."""
        cdef Py_buffer view
        PyObject_GetBuffer(data, &view, PyBUF_SIMPLE)
        try:
            if nbytes < 0 or nbytes > view.len or nbytes > 0x7FFFFFFF:
                raise ValueError("nbytes out of range")
            if nbytes and BIO_write(self.rbio, view.buf, <int>nbytes) != nbytes:
                _raise(E_SSL, 0)  # (a memory BIO that cannot grow)
        finally:
            PyBuffer_Release(&view)
        if self.feeds < _KEEP_FROM:
            self.feeds += 1
            if self.feeds == _KEEP_FROM:
                SSL_ctrl(self.ssl, SSL_CTRL_CLEAR_MODE, SSL_MODE_RELEASE_BUFFERS, NULL)
        return 0

    def keeps_buffers(self):
        """Whether OpenSSL keeps this connection's record buffers between
        reads and writes (its SSL_MODE_RELEASE_BUFFERS is clear)."""
        return not SSL_ctrl(self.ssl, SSL_CTRL_MODE, 0, NULL) & SSL_MODE_RELEASE_BUFFERS

    cpdef Py_ssize_t read_into(self, object buf, Py_ssize_t offset) except -2:
        """Decrypt into ``buf[offset:]``: the count (> 0); 0 at the peer's
        close_notify; -1 when more ciphertext is needed (ssl's
        ``SSLWantReadError``); anything else raises as ``SSLObject.read`` does."""
        cdef Py_buffer view
        cdef size_t done = 0
        cdef int ok, err
        PyObject_GetBuffer(buf, &view, PyBUF_WRITABLE)
        try:
            if offset < 0 or offset >= view.len:
                raise ValueError("offset out of range")
            ok = SSL_read_ex(self.ssl, (<char *>view.buf) + offset,
                             <size_t>(view.len - offset), &done)
        finally:
            PyBuffer_Release(&view)
        if ok:
            return <Py_ssize_t>done
        err = SSL_get_error(self.ssl, 0)
        if err == E_WANT_READ:
            ERR_clear_error()
            return -1
        if err == E_ZERO_RETURN:
            # (ssl's read() returns b'' here once the shutdown is received)
            ERR_clear_error()
            return 0
        _raise(err, ERR_peek_last_error())

    cpdef bytes write(self, object data):
        """Encrypt all of ``data``; return the ciphertext the outgoing BIO
        then holds (``SSLObject.write`` and ``MemoryBIO.read`` in one)."""
        cdef Py_buffer view
        cdef size_t done = 0
        cdef int ok = 1
        PyObject_GetBuffer(data, &view, PyBUF_SIMPLE)
        try:
            if view.len:
                ok = SSL_write_ex(self.ssl, view.buf, <size_t>view.len, &done)
        finally:
            PyBuffer_Release(&view)
        if not ok:
            _raise(SSL_get_error(self.ssl, 0), ERR_peek_last_error())
        return self.take()

    cpdef bytes take(self):
        """What the outgoing BIO holds, as bytes (``MemoryBIO.read()``)."""
        cdef size_t pending = BIO_ctrl_pending(self.wbio)
        if pending == 0:
            return b""
        if pending > 0x7FFFFFFF:
            pending = 0x7FFFFFFF
        cdef bytes out = PyBytes_FromStringAndSize(NULL, <Py_ssize_t>pending)
        cdef int n = BIO_read(self.wbio, PyBytes_AS_STRING(out), <int>pending)
        if n != <int>pending:
            _raise(E_SSL, 0)
        return out

    cpdef bint in_pending(self):
        """Whether ciphertext waits in the incoming BIO."""
        return BIO_ctrl_pending(self.rbio) != 0

    cpdef bint out_pending(self):
        """Whether ciphertext waits in the outgoing BIO."""
        return BIO_ctrl_pending(self.wbio) != 0


cdef int _raise(int err, unsigned long code) except -1:
    cdef const char *text = NULL
    if code:
        text = ERR_reason_error_string(code)
    reason_text = None if text == NULL else text.decode("latin-1")
    ERR_clear_error()  # (as ssl does once it has read the queue)
    raise _ssl_error(err, code, reason_text)


# ERR_GET_LIB / ERR_GET_REASON of OpenSSL 3 (err.h): a system error has the
# top bit; the library is 8 bits at 23, the reason the low 23 bits.
cdef inline int _lib(unsigned long code):
    return 2 if code & 0x80000000 else <int>((code >> 23) & 0xFF)


cdef inline int _reason(unsigned long code):
    return <int>(code & 0x7FFFFFFF) if code & 0x80000000 else <int>(code & 0x7FFFFF)


_ERR_LIB_SSL = 20
_SSL_R_CERTIFICATE_VERIFY_FAILED = 134


def _ssl_error(int err, unsigned long code, reason_text):
    """The exception ``_ssl``'s ``PySSL_SetError`` makes for a failed call on
    an SSL object over memory BIOs (no socket): the same class, ``args``
    ``(ssl error number, message)``, ``library`` and ``reason``. The message
    ends ``(_tlsdirect.pyx:0)`` where ssl's ends with its C source line.
    A reason that ssl's table does not name gets its name from OpenSSL's
    text ("bad record mac" -> BAD_RECORD_MAC) rather than None: ssl's
    words for it are in no attribute (``tls`` reads them off the message)."""
    errstr = None
    kind = ssl.SSLError
    number = err
    if err == E_ZERO_RETURN:
        kind, number, errstr = ssl.SSLZeroReturnError, ssl.SSL_ERROR_ZERO_RETURN, \
            "TLS/SSL connection has been closed (EOF)"
    elif err == E_WANT_READ:
        kind, number, errstr = ssl.SSLWantReadError, ssl.SSL_ERROR_WANT_READ, \
            "The operation did not complete (read)"
    elif err == E_WANT_WRITE:
        kind, number, errstr = ssl.SSLWantWriteError, ssl.SSL_ERROR_WANT_WRITE, \
            "The operation did not complete (write)"
    elif err == E_WANT_X509_LOOKUP:
        number, errstr = ssl.SSL_ERROR_WANT_X509_LOOKUP, \
            "The operation did not complete (X509 lookup)"
    elif err == E_WANT_CONNECT:
        number, errstr = ssl.SSL_ERROR_WANT_CONNECT, \
            "The operation did not complete (connect)"
    elif err == E_SYSCALL:
        if code == 0:
            kind, number, errstr = ssl.SSLEOFError, ssl.SSL_ERROR_EOF, \
                "EOF occurred in violation of protocol"
        else:
            kind, number, errstr = ssl.SSLSyscallError, ssl.SSL_ERROR_SYSCALL, \
                "Some I/O error occurred"
    elif err == E_SSL:
        number = ssl.SSL_ERROR_SSL
        if code == 0:
            errstr = "A failure in the SSL library occurred"
        if _lib(code) == _ERR_LIB_SSL and _reason(code) == _SSL_R_CERTIFICATE_VERIFY_FAILED:
            kind = ssl.SSLCertVerificationError
    else:
        number, errstr = ssl.SSL_ERROR_INVALID_ERROR_CODE, "Invalid error code"
    library = reason = None
    if code:
        reason = _c_ssl.err_codes_to_names.get((_lib(code), _reason(code)))
        library = _c_ssl.lib_codes_to_names.get(_lib(code))
        if reason is None and reason_text:
            reason = reason_text.upper().replace(" ", "_")
        if errstr is None:
            errstr = reason_text
    if errstr is None:
        errstr = "unknown error"
    if reason is not None and library is not None:
        message = f"[{library}: {reason}] {errstr} (_tlsdirect.pyx:0)"
    elif library is not None:
        message = f"[{library}] {errstr} (_tlsdirect.pyx:0)"
    else:
        message = f"{errstr} (_tlsdirect.pyx:0)"
    exc = kind(number, message)
    exc.library = library
    exc.reason = reason
    return exc
