# Port of Node v20 test/parallel/test-net-server-listen-remove-callback.js.
# Deviations: none beyond Python spelling.
from nodekit import net


def test_listen_callback_does_not_stay_a_listener(common):
    def main():
        server = net.create_server()

        def on_close(*_):
            assert len(server.listeners("listening")) == 0

        server.on("close", common.must_call(on_close, 2))
        server.listen(0, lambda: server.close())
        server.once("close", lambda *_: server.listen(0, lambda: server.close()))

    common.run(main)
