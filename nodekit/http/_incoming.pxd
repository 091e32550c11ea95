# Augments _incoming.py when compiled (Cython): _IncomingCore, IncomingMessage's
# state and hot methods, becomes an extension type over events._EmitterCore
# whose per-message state is C fields: the names of _incoming.py's _DEFAULTS,
# set by its __cinit__, among them _rs, the ReadableState made on first use,
# typed so that the core reads its fields directly. IncomingMessage stays a
# Python class on top of it and of stream.Readable (docs/architecture.md,
# "Extension types under Python subclasses").

from nodekit.events cimport _EmitterCore
from nodekit.stream.readable cimport ReadableState

cdef extern from *:
    # As in events.pxd: Python subclasses are allocated by object's tp_new, so
    # they keep CPython 3.11's inline attribute values.
    """
    #undef Py_TPFLAGS_IS_ABSTRACT
    #define Py_TPFLAGS_IS_ABSTRACT Py_TPFLAGS_HEAPTYPE
    """

cdef class _IncomingCore(_EmitterCore):
    cdef public object socket
    cdef public object raw_headers
    cdef public object raw_trailers
    cdef public object http_version_major
    cdef public object http_version_minor
    cdef public object http_version
    cdef public object _headers
    cdef public object _trailers
    cdef public object method
    cdef public object url
    cdef public object status_code
    cdef public object status_message
    cdef public object complete
    cdef public object aborted
    cdef public object upgrade
    cdef public object _consuming
    cdef public object _dumped
    cdef public object join_duplicate_headers
    cdef public object _on_read
    cdef public object _eof_pending
    cdef public object _retired
    cdef readonly ReadableState _rs
