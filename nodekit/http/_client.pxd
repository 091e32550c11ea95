# Augments _client.py when compiled (Cython): ClientConnection, a leaf class
# (no subclass, no emitter) made once per socket, becomes an extension type
# whose slots are C fields, so its own methods -- begin(), the parser's
# callbacks, the socket's consumer hooks, on every request -- read and set them
# directly. Typed where _client.py never stores another type there. _client.py
# stays the pure source (docs/architecture.md, "Extension types under Python
# subclasses").

cdef class ClientConnection:
    cdef public object req
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
