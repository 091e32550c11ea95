# Augments events.py when compiled (Cython): _EmitterCore becomes an extension
# type with C fields. events.py stays the pure-Python source of truth; without
# Cython this file is not read.

cdef extern from *:
    # Python subclasses of an extension type must be allocated by object's own
    # tp_new: on CPython 3.11 that is where an instance's inline attribute
    # values are set up. Cython's tp_new allocates with tp_alloc, which leaves
    # every subclass instance (each socket, message, stream) with a full dict
    # and unspecialised attribute reads: 3.5x slower reads, +25 k instructions
    # per request. Cython calls object's tp_new for types flagged abstract;
    # here the flag it tests is "heap type", i.e. every Python subclass, and
    # object's tp_new still tests the real abstract flag.
    """
    #undef Py_TPFLAGS_IS_ABSTRACT
    #define Py_TPFLAGS_IS_ABSTRACT Py_TPFLAGS_HEAPTYPE
    """

cdef class _EmitterCore:
    cdef public dict _events
    cdef public object _max_listeners
