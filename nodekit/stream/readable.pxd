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
