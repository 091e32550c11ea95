# Augments _agent.py when compiled (Cython): the pool's dict helpers become C
# functions with their dicts typed (each get/pop a C dict call, and the call
# itself a C call from the Agent's methods). The Agent stays a Python class
# (docs/architecture.md, "The client's per-request objects (cliobj)").
# Typed dict parameters take a dict (or None) only: the Agent's pools and the
# Runtime's memo are always plain dicts; add_request checks the options' type.

cpdef object _pool_get(dict pool, object name)
cpdef Py_ssize_t _pool_len(dict pool, object name) except -1
cpdef object _pop_first(dict pool, object name)
cpdef object _append(dict pool, object name, object item)
cpdef object _memo_name(dict names, dict options)
# The socket's I/O object and its ClientConnection: C calls from the Agent.
cpdef object io_of(object sock)
cpdef object _conn(object sock)
