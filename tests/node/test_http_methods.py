# Port of Node v20 test/parallel/test-http-methods.js.
# Deviations: Node v20.20 (the reference) also lists QUERY, which the v20.11
# file predates (checked with node): added.
from nodekit import http

METHODS = ["ACL", "BIND", "CHECKOUT", "CONNECT", "COPY", "DELETE", "GET", "HEAD", "LINK",
           "LOCK", "M-SEARCH", "MERGE", "MKACTIVITY", "MKCALENDAR", "MKCOL", "MOVE", "NOTIFY",
           "OPTIONS", "PATCH", "POST", "PROPFIND", "PROPPATCH", "PURGE", "PUT", "QUERY", "REBIND",
           "REPORT", "SEARCH", "SOURCE", "SUBSCRIBE", "TRACE", "UNBIND", "UNLINK", "UNLOCK",
           "UNSUBSCRIBE"]


def test_methods_is_nodes_sorted_list():
    assert http.METHODS == sorted(METHODS)
