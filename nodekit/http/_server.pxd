# Augments _server.py when compiled (Cython): ServerConnection, a leaf class
# (no subclass, no emitter) made once per socket, becomes an extension type
# whose slots are C fields, so its own methods -- the parser's callbacks and
# the response queue, on every request -- read and set them directly. Typed
# where _server.py never stores another type there. _server.py stays the pure
# source (docs/architecture.md, "Extension types under Python subclasses").

cdef class ServerConnection:
    cdef public object server
    cdef public object socket
    cdef public object io
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
