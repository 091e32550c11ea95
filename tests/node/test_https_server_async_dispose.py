# Port of Node v20 test/parallel/test-https-server-async-dispose.js.
# Deviations: Node's server[Symbol.asyncDispose]() is Python's async context
# manager exit: ``async with server:`` closes the server and resolves at its
# 'close'. The internal kConnectionsCheckingInterval check is left out (a
# Node internal); that the loop then goes idle is what run() checks.
from nodekit import https


def test_async_dispose_closes_the_server(common):
    def main():
        server = https.create_server()

        async def on_listening():
            server.on("close", common.must_call())
            async with server:
                pass
            assert server.listening is False
            disposed()

        disposed = common.must_call()
        server.listen(0, common.HOST, common.must_call(on_listening))

    common.run(main)
