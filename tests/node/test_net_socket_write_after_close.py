# Port of Node v20 test/parallel/test-net-socket-write-after-close.js.
# Deviations: Node closes the private `_handle` under the socket (and then
# sets it to null); NodeKit's counterpart of the handle is the socket's
# transport, closed (and dropped) the same way. The first error is a
# SystemError_ (Node's plain Error from a libuv code).
from nodekit import net
from nodekit.errors import SystemError_
from tests.node._common import HOST


def test_write_after_the_handle_closed_is_ebadf(common):
    def main():
        server = net.create_server()

        def on_listening():
            def on_connect():
                def on_error(err):
                    server.close()
                    assert type(err) is SystemError_
                    assert str(err) == "write EBADF"

                client.on("error", common.must_call(on_error))
                client._transport.close()
                client.write("foo")

            client = net.connect({"port": server.address()["port"], "host": HOST},
                                 common.must_call(on_connect))

        server.listen(common.must_call(on_listening))

    common.run(main)


def test_write_after_the_handle_is_gone_is_socket_closed(common):
    def main():
        server = net.create_server()

        def on_listening():
            def on_connect():
                client.on("error", common.expects_error(code="ERR_SOCKET_CLOSED",
                                                        message="Socket is closed"))
                server.close()
                client._transport.close()
                client._transport = None
                client.write("foo")

            client = net.connect({"port": server.address()["port"], "host": HOST},
                                 common.must_call(on_connect))

        server.listen(common.must_call(on_listening))

    common.run(main)
