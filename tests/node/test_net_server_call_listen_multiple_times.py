# Port of Node v20 test/parallel/test-net-server-call-listen-multiple-times.js.
# Deviations: none beyond Python spelling.
from nodekit import net
from tests.node._common import raises


def test_listen_again_after_an_error(common):
    def main():
        dummy = net.Server()
        server = net.Server()
        dummy.listen(common.must_call(lambda: server.listen(dummy.address()["port"])))

        def on_error(e):
            def on_listening():
                dummy.close()
                server.close()

            server.listen(common.must_call(on_listening))

        server.on("error", common.must_call(on_error))

    common.run(main)


def test_listen_twice_raises(common):
    def main():
        server = net.Server()
        server.listen(common.must_call(lambda: server.close()))
        raises(lambda: server.listen(), code="ERR_SERVER_ALREADY_LISTEN")

    common.run(main)


def test_listen_again_after_close(common):
    def main():
        server = net.Server()

        def on_listening():
            server.close()
            server.listen(common.must_call(lambda: server.close()))

        server.listen(common.must_call(on_listening))

    common.run(main)
