# Augments _outgoing.py when compiled (Cython): _OutgoingCore, OutgoingMessage's
# state and methods, becomes an extension type over events._EmitterCore whose
# per-message state is C fields (the names of _outgoing.py's _DEFAULTS, set by
# its __cinit__). OutgoingMessage stays a Python class on top of it and of
# stream.Stream (docs/architecture.md, "Extension types under Python subclasses").

from nodekit.events cimport _EmitterCore
from nodekit.net cimport _SocketCore

cdef extern from *:
    # As in events.pxd: Python subclasses are allocated by object's tp_new, so
    # they keep CPython 3.11's inline attribute values.
    """
    #undef Py_TPFLAGS_IS_ABSTRACT
    #define Py_TPFLAGS_IS_ABSTRACT Py_TPFLAGS_HEAPTYPE
    """

cdef class _OutgoingCore(_EmitterCore):
    cdef public object socket
    cdef public object _io
    cdef public object _rt
    cdef public object _headers
    cdef public object _header
    cdef public object _header_sent
    cdef public object finished
    cdef public object writable
    cdef public object _finished_emitted
    cdef public object chunked_encoding
    cdef public object use_chunked_encoding_by_default
    cdef public object send_date
    cdef public object should_keep_alive
    cdef public object _has_body
    cdef public object _content_length
    cdef public object _removed_connection
    cdef public object _removed_content_length
    cdef public object _removed_te
    cdef public object _trailer
    cdef public object _tail_sent
    cdef public object _head_has_expect
    cdef public object _is_request
    cdef public object _last
    cdef public object _keep_alive_timeout
    cdef public object _max_requests_per_socket
    cdef public object max_requests_on_connection_reached
    cdef public object _output
    cdef public object _output_size
    cdef public object _write_cbs
    cdef public object _need_drain
    cdef public object _tick_bytes
    cdef public object _tick_drain
    cdef public object _corked
    cdef public object _destroyed
    cdef public object _errored
    cdef public object _closed
    cdef public object strict_content_length
    cdef public object _declared_length
    cdef public object _bytes_written
    cdef public object _reject_body_writes
    cdef public object _unique_headers
    cdef public object _high_water_mark
