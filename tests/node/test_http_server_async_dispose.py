# Port of Node v20 test/parallel/test-http-server-async-dispose.js.
# Deviations: Node's server[Symbol.asyncDispose]() is Python's async context
# manager exit: ``async with server:`` runs ``await server.__aexit__(...)``,
# which closes the server and resolves at its 'close'. The internal
# kConnectionsCheckingInterval check is left out (a Node internal); that the
# loop then goes idle (the interval does not keep it) is what run() checks.
# The body is shared with its twin port: tests/node/_twins/server_async_dispose.py.
from tests.node._twins import HTTP
from tests.node._twins import server_async_dispose as body


def test_async_dispose_closes_the_server(common):
    body.async_dispose_closes_the_server(common, HTTP)
