# Port of Node v20 test/parallel/test-net-error-twice.js.
# Deviations: 127.0.0.1; the count is checked at the end of the run.
from nodekit import net
from tests.node._common import HOST

BUF = b"b" * (10 * 1024 * 1024)


def test_one_error_after_the_peer_destroyed(common):
    errs = []

    def main():
        box = {}

        def ready():
            if "client" in box and "server" in box:
                box["client"].destroy()
                box["server"].write(BUF)

        def on_connection(conn):
            def on_error(err):
                errs.append(err)
                assert not (len(errs) > 1 and errs[0] is errs[1]), "same error twice"

            conn.on("error", on_error)
            conn.on("close", lambda *_: server.unref())
            box["server"] = conn
            ready()

        server = net.create_server(on_connection)

        def on_listening(port):
            client = net.connect({"port": port, "host": HOST})

            def on_connect():
                box["client"] = client
                ready()

            client.on("connect", on_connect)

        common.listen(server, on_listening)

    common.run(main)
    assert len(errs) == 1
