# Port of Node v20 test/parallel/test-net-server-listen-path.js.
# Deviations: the socket paths are in pytest's tmp_path (Node: common.PIPE).
import os
import stat

from nodekit import net


def _paths(tmp_path):
    counter = iter(range(100))
    return lambda: str(tmp_path / f"listen-path-{next(counter)}")


def test_listen_on_a_path_every_way(common, tmp_path):
    path = _paths(tmp_path)

    def main():
        def close_server(server):
            return common.must_call(lambda *_: server.close())

        s = net.create_server()
        s.listen(path()).on("listening", close_server(s))
        s = net.create_server()
        s.listen({"path": path()}).on("listening", close_server(s))
        s = net.create_server()
        s.listen(path(), close_server(s))
        s = net.create_server()
        s.listen({"path": path()}, close_server(s))

    common.run(main)


def test_readable_all_writable_all(common, tmp_path):
    handle_path = _paths(tmp_path)()

    def main():
        def on_listening():
            mode = os.stat(handle_path).st_mode
            assert mode & stat.S_IROTH != 0
            assert mode & stat.S_IWOTH != 0
            server.close()

        server = net.create_server().listen({"path": handle_path, "readable_all": True,
                                             "writable_all": True},
                                            common.must_call(on_listening))

    common.run(main)


def test_path_in_use(common, tmp_path):
    handle_path = _paths(tmp_path)()

    def main():
        def on_listening():
            server2 = net.create_server().listen({"path": handle_path, "writable_all": True},
                                                 common.must_not_call())

            def on_error(err):
                server1.close()
                assert err.code == "EADDRINUSE"
                assert str(err).startswith("listen EADDRINUSE: address already in use")

            server2.on("error", common.must_call(on_error))

        server1 = net.create_server().listen({"path": handle_path}, on_listening)

    common.run(main)
