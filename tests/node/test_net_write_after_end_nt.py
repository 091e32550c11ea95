# Port of Node v20 test/parallel/test-net-write-after-end-nt.js.
# Deviations: 127.0.0.1.

from nodekit import net
from tests.node._common import HOST


def test_write_after_peer_end_errors_on_next_tick(common):
    def main():
        server = net.create_server(common.must_call(lambda socket: socket.end()))

        def on_listening(port):
            def on_connect():
                state = {"has_error": False}

                def on_error(err):
                    state["has_error"] = True
                    server.close()

                client.on("error", common.must_call(on_error))

                def on_end():
                    ret = client.write("hello", common.expects_error(
                        code="EPIPE", message="This socket has been ended by the other party"))
                    assert ret is False
                    assert not state["has_error"], "the error is emitted on the next tick"

                client.on("end", common.must_call(on_end))
                client.end()

            client = net.connect(port, HOST, on_connect)

        common.listen(server, on_listening)

    common.run(main, timeout=3)
