# Augments _parser.py when compiled (Cython): the httptools-based parsers
# (leaf classes, one per connection) become extension types whose slots are C
# fields, so their per-field callbacks and feeding read and set them directly.
# On the default compiled build the native parser (_native_parser.pyx) runs
# instead; these run for NODEKIT_PARSER=httptools, insecure_http_parser (the
# native parser hands lenient parsing to them) and a build without the native
# parser. _parser.py stays the pure source (docs/architecture.md).

cdef class _Parser:
    cdef public object parser
    cdef public object max_header_size
    cdef public object _max_headers_count
    cdef public object lenient
    cdef public object raw
    cdef public object trailers
    cdef public object head_bytes
    cdef public object head_fed
    cdef public object in_head
    cdef public object in_body
    cdef public object in_trailers
    cdef public object chunked
    cdef public object content_length
    cdef public object chunk_line
    cdef public object chunk_epoch
    cdef public object slice
    cdef public object error
    cdef public object stopped
    cdef public object upgrading
    cdef public object last
    cdef public object h_headers
    cdef public object h_body
    cdef public object h_complete
    cdef public object h_begin
    cdef public object h_trailers
    cdef public object host_count
    cdef public object host
    cdef public object expect
    cdef public object status
    cdef public object continuing
    cdef public object stand_in
    cdef public object is_request
    cdef public object heads_alone
    cdef public object raw_limit
    cdef public object body_parts
    cdef public object failure
    cdef public object mid_message

cdef class HttptoolsRequestParser(_Parser):
    cdef public object url

cdef class HttptoolsResponseParser(_Parser):
    cdef public object skip
    cdef public object tail
    cdef public object no_length
