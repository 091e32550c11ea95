# Port of Node v20 test/parallel/test-net-server-options.js.
# Deviations: none beyond Python spelling.
from nodekit import net
from tests.node._common import raises


def test_create_server_rejects_non_object_options():
    raises(lambda: net.create_server("path"), code="ERR_INVALID_ARG_TYPE", cls=TypeError)
    raises(lambda: net.create_server(0), code="ERR_INVALID_ARG_TYPE", cls=TypeError)
