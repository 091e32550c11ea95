# Port of Node v20 test/parallel/test-net-connect-buffer2.js.
# Deviations: 127.0.0.1.
from nodekit import net
from tests.node._common import HOST

A = "L'État, c'est "
B = "moi"


def test_writes_before_connect_are_sent(common):
    def main():
        def on_connection(s):
            tcp.close()
            got = []
            s.set_encoding("utf8")
            s.on("data", got.append)

            def on_end(*_):
                assert "".join(got) == "L'État, c'est moi"
                s.end()

            s.on("end", common.must_call(on_end))

        tcp = net.Server(common.must_call(on_connection))

        def on_listening():
            socket = net.Socket({"high_water_mark": 0})
            state = {"connected": False}
            assert socket.pending is True
            socket.connect(tcp.address()["port"], HOST,
                           common.must_call(lambda: state.update(connected=True)))
            assert socket.pending is True
            assert socket.connecting is True
            assert socket.ready_state == "opening"

            def on_write(er=None):
                assert state["connected"]
                assert socket.bytes_written == len((A + B).encode())
                assert socket.pending is False

            r = socket.write(A, common.must_call(on_write))
            socket.on("close", common.must_call(lambda *_: _check_pending(socket)))
            assert socket.bytes_written == len(A.encode())
            assert r is False
            socket.end(B)
            assert socket.ready_state == "opening"

        tcp.listen(0, HOST, common.must_call(on_listening))

    common.run(main)


def _check_pending(socket):
    assert socket.pending is True
