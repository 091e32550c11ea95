# Port of Node v20 test/parallel/test-http-outgoing-write-types.js.
# Deviations: Node's Uint8Array is a bytearray; the Array chunk a list.
from nodekit import http
from tests.node._common import at, raises


def test_write_accepts_str_and_bytes_like_and_rejects_a_list(common):
    def main():
        def handler(req, res):
            server.close()
            raises(lambda: res.write(["Throws."]), code="ERR_INVALID_ARG_TYPE")
            res.write("1a2b3c")
            res.write(bytearray(1024))
            res.write(b"1" * 1024)
            res.end()

        server = http.create_server(common.must_call(handler))
        common.listen(server, lambda port: http.get(at(port), lambda res: res.resume()))

    common.run(main)
