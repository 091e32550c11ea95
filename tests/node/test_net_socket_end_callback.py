# Port of Node v20 test/parallel/test-net-socket-end-callback.js.
# Deviations: 127.0.0.1.
from nodekit import net
from tests.node._common import HOST


def test_end_callback_in_every_argument_form(common):
    def main():
        server = net.create_server(lambda socket: socket.resume()).unref()

        def on_listening(port):
            def connect(*args):
                socket = net.create_connection(port, HOST, lambda: socket.end(*args))

            cb = common.must_call(n=3)
            connect(cb)
            connect("foo", cb)
            connect("foo", "utf8", cb)

        common.listen(server, on_listening)

    common.run(main)
