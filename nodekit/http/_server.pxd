# Augments _server.py when compiled (Cython). _server.py stays the pure source
# (docs/architecture.md, "Extension types under Python subclasses").
# - ServerConnection, a leaf class (no subclass, no emitter) made once per
#   socket, becomes an extension type whose slots are C fields, so its own
#   methods -- the parser's callbacks and the response queue, on every request
#   -- read and set them directly. Typed where _server.py never stores another
#   type there.
# - _ResponseCore, ServerResponse's state and methods, becomes an extension type
#   over _outgoing's _OutgoingCore whose own state is C fields (_server.py's
#   _RESPONSE_DEFAULTS). ServerResponse stays a Python class on top.

from nodekit.http._incoming cimport _IncomingCore
from nodekit.http._outgoing cimport _OutgoingCore
from nodekit.net cimport _SocketCore

cdef extern from *:
    # As in events.pxd: Python subclasses are allocated by object's tp_new, so
    # they keep CPython 3.11's inline attribute values.
    """
    #undef Py_TPFLAGS_IS_ABSTRACT
    #define Py_TPFLAGS_IS_ABSTRACT Py_TPFLAGS_HEAPTYPE
    """

cdef class ServerConnection

cdef class _ResponseCore(_OutgoingCore):
    cdef public object req
    cdef public object status_code
    cdef public object status_message
    cdef public object _sent_100
    cdef public object _expect_continue
    # Typed: its methods read the connection's C fields and call
    # response_finished (cpdef, below) without attribute look-ups.
    cdef public ServerConnection _conn

cdef class ServerConnection:
    cdef public object server
    cdef public object socket
    cdef public object io
    # io when it is a net.Socket (None for another Duplex's StreamAdapter):
    # the hot friend hooks are C calls on it (net.pxd).
    cdef public _SocketCore sock
    cdef public dict hosts
    cdef public object parser
    cdef public object state
    cdef public list incoming
    cdef public list outgoing
    cdef public object req
    cdef public Py_ssize_t requests
    cdef public double request_start
    cdef public bint keep_alive_timer
    cdef public object pending_error
    cdef public object current
    cdef public object loop
    cdef public set live
    cdef public int closing
    cdef public bint can_pause
    cdef public object held
    cdef public bint body_paused

    cpdef response_finished(self, _ResponseCore res)
