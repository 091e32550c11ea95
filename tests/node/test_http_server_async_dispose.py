# Port of Node v20 test/parallel/test-http-server-async-dispose.js.
# Deviations: Node's server[Symbol.asyncDispose]() is Python's async context
# manager exit (``await server.__aexit__(None, None, None)``, what ``async
# with server`` runs); the internal kConnectionsCheckingInterval check is
# left out (a Node internal); that 'close' comes and the loop goes idle
# (the interval does not keep it) is asserted instead.
import pytest

from nodekit import http


@pytest.mark.xfail(strict=True, reason=(
                   "http.Server has no async dispose (Node's Symbol.asyncDispose): no "
                   "__aexit__, so `async with server` does not close it"))
def test_async_dispose_closes_the_server(common):
    def main():
        server = http.create_server()

        async def dispose():
            await server.__aexit__(None, None, None)

        def on_listening():
            server.on("close", common.must_call())
            server.emit("dispose-now")

        server.on("dispose-now", dispose)
        server.listen(0, common.HOST, common.must_call(on_listening))

    common.run(main)
