# Port of Node v20 test/parallel/test-net-bytes-stats.js.
# Deviations: 127.0.0.1; the process 'exit' checks run after the loop.
from nodekit import net
from tests.node._common import HOST


def test_byte_counters_over_a_reconnect(common):
    totals = {"read": 0, "written": 0, "count": 0}

    def main():
        def on_connection(s):
            s.resume()

            def on_end(*_):
                totals["read"] += s.bytes_read

            s.on("end", on_end)

        tcp = net.Server(on_connection)

        def do_test():
            socket = net.create_connection(tcp.address()["port"], HOST)

            def on_connect(*_):
                totals["count"] += 1
                socket.write("foo", lambda *_: socket.end("bar"))

            def on_finish(*_):
                totals["written"] += socket.bytes_written

            def on_close(*_):
                if totals["count"] < 2:
                    socket.connect(tcp.address()["port"], HOST)
                else:
                    tcp.close()

            socket.on("connect", on_connect)
            socket.on("finish", on_finish)
            socket.on("close", on_close)

        tcp.listen(0, HOST, do_test)

    common.run(main)
    assert totals["read"] == 12
    assert totals["written"] == 12
