# Port of Node v20 test/parallel/test-net-connect-call-socket-connect.js.
# Deviations: the client names 127.0.0.1 (Node: the default 'localhost').
from nodekit import net
from tests.node._common import HOST


def test_net_connect_goes_through_socket_connect(common, monkeypatch):
    orig = net.Socket.connect
    monkeypatch.setattr(net.Socket, "connect", common.must_call(
        lambda self, *args, **kwargs: orig(self, *args, **kwargs)))

    def main():
        server = net.create_server()

        def on_listening():
            port = server.address()["port"]
            client = net.connect({"port": port, "host": HOST},
                                 common.must_call(lambda: client.end()))
            client.on("end", common.must_call(lambda *_: server.close()))

        server.listen(common.must_call(on_listening))

    common.run(main)
