# Port of Node v20 test/parallel/test-net-listening.js.
# Deviations: binds 127.0.0.1.
from nodekit import net


def test_listening_flag(common):
    def main():
        server = net.create_server()
        assert server.listening is False

        def on_listening(port):
            assert server.listening is True

            def on_close(*_):
                assert server.listening is False

            server.close(common.must_call(on_close))

        common.listen(server, on_listening)

    common.run(main)
