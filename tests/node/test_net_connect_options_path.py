# Port of Node v20 test/parallel/test-net-connect-options-path.js.
# Deviations: the socket path is in pytest's tmp_path (Node: common.PIPE).
from nodekit import net

CLIENT_VARIANTS = 12


def test_every_way_to_connect_to_a_path(common, tmp_path):
    def main():
        server_path = str(tmp_path / "net-connect-options-path-server")
        counter = {"n": 0}
        server = net.create_server()
        server.on("connection", common.must_call(lambda socket: socket.end("ok"),
                                                 CLIENT_VARIANTS))

        def connect_cb(box):
            def on_connect(*_):
                sock = box[0]
                sock.end()

                def on_close(*_):
                    counter["n"] += 1
                    if counter["n"] == CLIENT_VARIANTS:
                        server.close()

                sock.on("close", common.must_call(on_close))

            return common.must_call(on_connect)

        def variants():
            p = server_path
            yield lambda cb: net.connect(p, cb)
            yield lambda cb: net.connect(p).on("connect", cb)
            yield lambda cb: net.create_connection(p, cb)
            yield lambda cb: net.create_connection(p).on("connect", cb)
            yield lambda cb: net.Socket().connect(p, cb)
            yield lambda cb: net.Socket().connect(p).on("connect", cb)
            yield lambda cb: net.connect({"path": p}, cb)
            yield lambda cb: net.connect({"path": p}).on("connect", cb)
            yield lambda cb: net.create_connection({"path": p}, cb)
            yield lambda cb: net.create_connection({"path": p}).on("connect", cb)
            yield lambda cb: net.Socket().connect({"path": p}, cb)
            yield lambda cb: net.Socket().connect({"path": p}).on("connect", cb)

        def on_listening():
            for make in variants():
                box = []
                box.append(make(connect_cb(box)))
                box[0].resume()

        server.listen(server_path, common.must_call(on_listening))

    common.run(main)
