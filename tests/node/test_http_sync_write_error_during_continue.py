# Port of Node v20 test/parallel/test-http-sync-write-error-during-continue.js.
# Deviations: Node's MakeDuplexPair (test/common/duplexpair) is two
# stream.Duplex objects that push to each other, written here; Node's
# clientSide._writev = null / _write = fn become the Duplex's write option
# swapped through a box.

from nodekit import http, set_immediate, stream


def _duplex_pair():
    box = {}

    def make(name, other):
        def write(chunk, encoding, callback):
            hook = box.get(name + "_write")
            if hook is not None:
                return hook(chunk, encoding, callback)
            box[other].push(bytes(chunk))
            callback()

        return stream.Duplex({"read": lambda size: None, "write": write})

    box["client"] = make("client", "server")
    box["server"] = make("server", "client")
    return box


def test_a_sync_write_error_in_continue_is_emitted_later(common):
    def main():
        pair = _duplex_pair()
        client_side, server_side = pair["client"], pair["server"]

        def on_server_data(data):
            assert bytes(data).decode() == ("GET / HTTP/1.1\r\nExpect: 100-continue\r\n"
                                            "Host: localhost:80\r\nConnection: close\r\n\r\n")
            set_immediate(lambda: server_side.write("HTTP/1.1 100 Continue\r\n\r\n"))

        server_side.on("data", common.must_call(on_server_data))
        req = http.request({"create_connection": common.must_call(lambda *a: client_side),
                            "headers": {"Expect": "100-continue"}})

        def on_continue(*_):
            sync = [True]

            def write(chunk, encoding, callback):
                assert sync[0]
                assert len(chunk) == 4
                client_side.destroy(Exception("sometimes the code just doesn't work"))
                callback()

            pair["client_write"] = common.must_call(write)
            req.on("error", common.must_call())
            req.end("data")
            sync[0] = False

        req.on("continue", common.must_call(on_continue))

    common.run(main)
