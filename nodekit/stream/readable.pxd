# Augments readable.py when compiled (Cython): ReadableState, a leaf class
# made for every readable stream and message, becomes an extension type whose
# slots are C fields, so its __init__ (33 of them) and its own methods set and
# read them directly. readable.py stays the pure source (docs/architecture.md,
# "Extension types under Python subclasses").

cdef class ReadableState:
    cdef public object object_mode
    cdef public object high_water_mark
    cdef public object buffer
    cdef public object length
    cdef public object pipes
    cdef public object flowing
    cdef public object ended
    cdef public object end_emitted
    cdef public object reading
    cdef public object sync
    cdef public object need_readable
    cdef public object emitted_readable
    cdef public object readable_listening
    cdef public object resume_scheduled
    cdef public object error_emitted
    cdef public object emit_close
    cdef public object auto_destroy
    cdef public object destroyed
    cdef public object closed
    cdef public object close_emitted
    cdef public object errored
    cdef public object default_encoding
    cdef public object await_drain_writers
    cdef public object multi_await_drain
    cdef public object reading_more
    cdef public object data_emitted
    cdef public object decoder
    cdef public object encoding
    cdef public object paused
    cdef public object data_listening
    cdef public object readable
    cdef public object pipe_cleanups
    cdef public object end_scheduled

# The module's helpers on every stream's path (push, flow, 'readable', 'end')
# become C functions taking the state typed, so their reads and writes of its
# fields are C field accesses; cpdef keeps each a Python callable (next_tick
# takes them).
cpdef object _own_buffer(ReadableState state)
cpdef object _can_push_more(ReadableState state)
cpdef object _push_object(object stream, ReadableState state, object chunk, object encoding)
cpdef object _add_chunk(object stream, ReadableState state, object chunk, object to_front)
cpdef object _on_eof_chunk(object stream, ReadableState state)
@cython.locals(state=ReadableState)
cpdef object _emit_readable(object stream)
@cython.locals(state=ReadableState)
cpdef object _emit_readable_nt(object stream)
cpdef object _maybe_read_more(object stream, ReadableState state)
cpdef object _maybe_read_more_nt(object stream, ReadableState state)
cpdef object _resume_nt(object stream, ReadableState state)
@cython.locals(state=ReadableState)
cpdef object _flow(object stream)
@cython.locals(state=ReadableState)
cpdef object _update_readable_listening(object stream)
cpdef object _how_much_to_read(object n, ReadableState state)
cpdef object _from_list(object n, ReadableState state)
@cython.locals(state=ReadableState)
cpdef object _end_readable(object stream)
cpdef object _end_readable_nt(ReadableState state, object stream)
