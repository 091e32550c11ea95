# Port of Node v20 test/parallel/test-http-parser-multiple-execute.js.
# Deviations: none.

from nodekit import http, stream


def test_information_then_response_pushed_in_two_executes(common):
    def main():
        box = {}

        def write(chunk, encoding, callback):
            if b"\r\n\r\n" in bytes(chunk):
                box["socket"].push("HTTP/1.1 100 Continue\r\n\r\n")
            callback()

        def create_connection(*args):
            box["socket"] = stream.Duplex({"read": lambda size: None, "write": write})
            return box["socket"]

        req = http.request("http://localhost:8080", {"create_connection": create_connection})

        def on_information(info):
            assert info["status_code"] == 100
            box["socket"].push("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
            box["socket"].push(None)

        req.on("information", common.must_call(on_information))
        req.on("response", common.must_call(lambda res: _eq(res.status_code, 200)))
        req.end()

    common.run(main)


def _eq(a, b):
    assert a == b
