# Augments _client.py when compiled (Cython): ClientConnection, a leaf class
# (no subclass, no emitter) made once per socket, becomes an extension type
# whose slots are C fields, so its own methods -- begin(), the parser's
# callbacks, the socket's consumer hooks, on every request -- read and set them
# directly. Typed where _client.py never stores another type there. _client.py
# stays the pure source (docs/architecture.md, "Extension types under Python
# subclasses").
# _RequestCore, ClientRequest's state and methods, becomes an extension type
# over _outgoing's _OutgoingCore whose own state is C fields (_client.py's
# _REQUEST_DEFAULTS). ClientRequest stays a Python class on top.

from nodekit.http._outgoing cimport _OutgoingCore

cdef extern from *:
    # As in events.pxd: Python subclasses are allocated by object's tp_new, so
    # they keep CPython 3.11's inline attribute values.
    """
    #undef Py_TPFLAGS_IS_ABSTRACT
    #define Py_TPFLAGS_IS_ABSTRACT Py_TPFLAGS_HEAPTYPE
    """

cdef class _RequestCore(_OutgoingCore):
    cdef public object _res
    cdef public object _res_ref
    cdef public object aborted
    cdef public object reused_socket
    cdef public object join_duplicate_headers
    cdef public object insecure_http_parser
    cdef public object _ended
    cdef public object _released
    cdef public object _had_error
    cdef public object _socket_pending
    cdef public object _timeout_set
    cdef public object _timeout_option
    cdef public object _timeout_cb
    cdef public object timeout
    cdef public object max_headers_count
    cdef public object _parser
    cdef public object agent
    cdef public object host
    cdef public object port
    cdef public object socket_path
    cdef public object method
    cdef public object path
    cdef public object protocol
    cdef public object max_header_size
    cdef public object _agent_options

    # The constructor's body and its headers step: C methods taking the options
    # typed (dict), so that their opts.get(...) are C dict look-ups.
    cdef _setup(self, dict opts, object callback)
    cdef _init_headers(self, dict opts, object host, object port, object default_port)

cdef class ClientConnection:
    cdef public _RequestCore req
    cdef public object socket
    cdef public object io
    cdef public object parser
    cdef public object res
    cdef public object state
    cdef public bint head_only
    cdef public bint keep_alive
    cdef public object pending_error
    cdef public tuple listeners
    cdef public object agent_name
    cdef public object agent_options
    cdef public bint peer_eof
    cdef public object headers_count

    # Typed: begin() reads the request's C fields directly (its only caller
    # passes a ClientRequest).
    cpdef begin(self, _RequestCore req)
