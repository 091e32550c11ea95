# The C interface of _tlsdirect.pyx, for _tlsbio.pxd to cimport (its calls on
# a Direct are then C calls, not Python method calls).
cimport cython


@cython.final
cdef class Direct:
    cdef void *ssl
    cdef void *rbio
    cdef void *wbio
    cdef object owners
    cdef int feeds

    cpdef int feed(self, object data, Py_ssize_t nbytes) except -1
    cpdef Py_ssize_t read_into(self, object buf, Py_ssize_t offset) except -2
    cpdef bytes write(self, object data)
    cpdef bytes take(self)
    cpdef bint in_pending(self)
    cpdef bint out_pending(self)
