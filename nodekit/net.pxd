# Augments net.py when compiled (Cython): _SocketCore, Socket's connection
# state and hot methods, becomes an extension type over events._EmitterCore
# whose state is C fields (the names of net.py's _DEFAULTS, set by its
# __cinit__). Socket stays a Python class on top of it, of _Handle and of
# stream.Duplex (docs/architecture.md, "Extension types under Python subclasses"
# and "A C core under net.Socket").

from nodekit.events cimport _EmitterCore
from nodekit.runtime cimport Runtime

cdef extern from *:
    # As in events.pxd: Python subclasses are allocated by object's tp_new, so
    # they keep CPython 3.11's inline attribute values.
    """
    #undef Py_TPFLAGS_IS_ABSTRACT
    #define Py_TPFLAGS_IS_ABSTRACT Py_TPFLAGS_HEAPTYPE
    """

# Node's timer list (a leaf class): the socket's read and write paths and
# _switch_timeout move sockets in its dict directly.
cdef class _IdleList:
    cdef public object loop
    cdef public double seconds
    cdef public dict sockets
    cdef public object timer

cdef class _SocketCore(_EmitterCore):
    cdef public Runtime _rt
    cdef public object _transport
    cdef public object _protocol
    cdef public bint connecting
    cdef public object _connect_queue
    cdef public object _final_pending
    cdef public object _write_cb
    cdef public Py_ssize_t _write_cb_bytes
    cdef public Py_ssize_t bytes_read
    cdef public Py_ssize_t _bytes_sent
    cdef public object _timeout_ms
    cdef public object _timeout_shown
    cdef public _IdleList _idle
    cdef public double _last_active
    cdef public bint _eof_sent
    cdef public bint _peer_ended
    cdef public bint _read_eof
    cdef public bint _watch_flush
    cdef public object _final_cb
    cdef public bint _reading_paused
    cdef public bint _paused_at_connect
    cdef public bint _closed
    cdef public bint _had_error
    cdef public object server
    cdef public object _local
    cdef public object _remote
    cdef public bint _is_unix
    cdef public object consumer
    cdef public object _data_consumer
    cdef public object _eof_consumer
    cdef public object _drain_hook
    cdef public object _timeout_hook
    cdef public object _http_message
    cdef public object _http_connection
    cdef public object _pending_no_delay
    cdef public object _pending_keep_alive
    cdef public object _keep_alive_set
    # The Writable side's state (stream.Duplex's __init__ stores it): a C
    # field, so _write_raw's test for queued bytes reads it without a look-up
    # along Socket's MRO and instance dict (None until the Duplex is made).
    cdef public object _writable_state

    # The http layer's hot friend hooks as C methods: a connection that holds
    # its socket typed (_server.pxd, _client.pxd) calls them through the
    # vtable, not a look-up along Socket's MRO. cdef, not cpdef: a cpdef's
    # override check on a Python subclass's instance materialises its dict
    # (docs/architecture.md). The def methods of the same name without _c
    # stay the Python-callable ones.
    cdef _switch_timeout_c(self, object msecs)
    cdef _write_raw_c(self, object data)

# The read and write paths' activity: a C call (the method _touch stays the
# Python-callable one).
cpdef object _touch_socket(_SocketCore sock)
