# Port of Node v20 test/parallel/test-net-connect-buffer.js.
# Deviations: `net.Stream` (Node's legacy alias) is `net.Socket`; 127.0.0.1.
from nodekit import net
from tests.node._common import HOST


def test_writes_queued_while_connecting_count_once(common):
    def main():
        def handler(s):
            tcp.close()
            buf = []
            s.set_encoding("utf8")
            s.on("data", buf.append)

            def on_end():
                assert "".join(buf) == "L'État, c'est moi"
                s.end()

            s.on("end", common.must_call(on_end))

        tcp = net.Server(common.must_call(handler))

        def on_listening(port):
            socket = net.Socket(high_water_mark=0)
            state = {"connected": False}
            assert socket.pending is True

            def on_connect():
                state["connected"] = True

            socket.connect(port, HOST, common.must_call(on_connect))
            assert socket.pending is True
            assert socket.connecting is True
            assert socket.ready_state == "opening"
            # A multi-byte character: bytes_written counts bytes, and the
            # connect queue's chunk is not counted again when it is sent.
            a, b = "L'État, c'est ", "moi"

            def on_written(er=None):
                assert state["connected"]
                assert socket.bytes_written == len((a + b).encode())
                assert socket.pending is False

            r = socket.write(a, common.must_call(on_written))

            def on_close(*_):
                assert socket.pending is True

            socket.on("close", common.must_call(on_close))
            assert socket.bytes_written == len(a.encode())
            assert r is False
            socket.end(b)
            assert socket.ready_state == "opening"

        common.listen(tcp, on_listening)

    common.run(main)
