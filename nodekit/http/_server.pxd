# Augments _server.py when compiled (Cython): _ResponseCore, ServerResponse's
# state and methods, becomes an extension type over _outgoing's _OutgoingCore
# whose own state is C fields (_server.py's _RESPONSE_DEFAULTS). ServerResponse
# stays a Python class on top (docs/architecture.md, "Extension types under
# Python subclasses").

from nodekit.http._outgoing cimport _OutgoingCore

cdef extern from *:
    # As in events.pxd: Python subclasses are allocated by object's tp_new, so
    # they keep CPython 3.11's inline attribute values.
    """
    #undef Py_TPFLAGS_IS_ABSTRACT
    #define Py_TPFLAGS_IS_ABSTRACT Py_TPFLAGS_HEAPTYPE
    """

cdef class _ResponseCore(_OutgoingCore):
    cdef public object req
    cdef public object status_code
    cdef public object status_message
    cdef public object _sent_100
    cdef public object _expect_continue
    cdef public object _conn
