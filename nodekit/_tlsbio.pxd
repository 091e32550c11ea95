# Augments _tlsbio.py when compiled (Cython): _SecureCore, SecureTransport's
# state and methods, becomes an extension type with C fields; its internal
# steps are C functions. SecureTransport stays a Python class on top of it
# and of asyncio.BufferedProtocol (asyncio's transports test that class).

from nodekit._tlsdirect cimport Direct


cdef class _SecureCore:
    cdef public object _plain, _in, _out, _ssl, _context, _rt, _cipher_buf
    cdef public object _ssl_read, _ssl_write, _in_write, _out_read, _plain_write
    cdef public object _done, _app, _get_buffer, _buffer_updated, _error, on_first_data, _held
    cdef public bint _handshaking, _paused, _write_paused, _read_eof, _plain_eof
    cdef public bint _eof_sent, _closing, _drain_scheduled
    cdef public Direct _direct

    cdef _handshake_step(self)
    cdef _fail(self, exc, bint close)
    cdef _drain(self)
    cdef _tls_eof(self)
    cdef Py_ssize_t _unhold(self, buf, Py_ssize_t size) except -1
    cdef _fatal(self, exc)
    cdef _flush(self)
    cdef _close_notify(self)
