# Port of Node v20 test/parallel/test-http-listening.js.
# Deviations: none (binds 127.0.0.1 port 0).
from nodekit import http


def test_listening_is_true_between_listen_and_close(common):
    def main():
        server = http.create_server()
        assert server.listening is False

        def on_listening():
            assert server.listening is True

            def on_close(*_):
                assert server.listening is False

            server.close(common.must_call(on_close))

        server.listen(common.PORT, common.HOST, common.must_call(on_listening))

    common.run(main)
