# Port of Node v20 test/parallel/test-net-write-fully-async-hex-string.js.
# Deviations: 127.0.0.1; bytes for Buffer; no global.gc() (CPython keeps the bytes a write()
# queued alive by reference, which is what the GC call probes in Node).
from nodekit import net
from tests.node._common import HOST

DATA = bytes(1000000).hex()


def test_hex_string_writes_until_drain(common):
    def main():
        server = net.create_server(common.must_call(lambda conn: conn.resume()))

        def on_listening():
            count = {"n": 0}

            def on_connect():
                def write_loop(*_):
                    count["n"] += 1
                    if count["n"] == 21:
                        conn.destroy()
                        server.close()
                        return
                    while conn.write(DATA, "hex"):
                        pass

                conn.on("drain", write_loop)
                write_loop()

            conn = net.create_connection(server.address()["port"], HOST,
                                         common.must_call(on_connect))

        server.listen(0, HOST, common.must_call(on_listening))

    common.run(main, timeout=60)
