# Augments runtime.py when compiled (Cython): Runtime, a leaf class made once
# per loop, becomes an extension type whose slots are C fields. Its methods on
# every callback and tick (enter, leave, next_tick, _drain) then read and set
# depth, loop_thread and the tick queue directly instead of through slot
# descriptors (callgrind: ~170 instructions per attribute read on a plain
# class compiled by Cython). runtime.py stays the pure-Python source of truth.

cdef class Runtime:
    cdef public object loop
    cdef public Py_ssize_t refs
    cdef public object handles
    cdef public object timers
    cdef public object fatal
    cdef public object _idle
    cdef public object _ticks
    cdef public bint _tick_scheduled
    cdef public Py_ssize_t depth
    cdef public object loop_thread
    cdef public dict idle_lists
    cdef public object _recv_buffer
    cdef public dict head_cache
    cdef public dict host_cache
    cdef public dict agent_names
    cdef public dict field_cache
    cdef public list date_cache
    cdef public dict _caches
    cdef object __weakref__
