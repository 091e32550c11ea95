# Port of Node v20 test/parallel/test-http-client-readable.js.
# Deviations: none; the agent's create_connection returns a plain Duplex
# that plays a chunked response.

from nodekit import http, stream


class FakeAgent(http.Agent):
    def create_connection(self, *args):
        s = stream.Duplex()
        state = {"once": False}

        def _read(size=None):
            if state["once"]:
                s.push(None)
                return
            state["once"] = True
            s.push("HTTP/1.1 200 Ok\r\nTransfer-Encoding: chunked\r\n\r\n")
            s.push("b\r\nhello world\r\n")
            s.push("0\r\n\r\n")

        s._read = _read
        s._write = lambda data, enc, cb: cb()
        return s


def test_response_from_a_fake_duplex_socket(common):
    received = []

    def main():
        def on_response(res):
            res.on("data", received.append)
            res.on("end", common.must_call(lambda: _eq(b"".join(received), b"hello world")))

        http.request({"agent": FakeAgent()}, common.must_call(on_response)).end()

    common.run(main, timeout=3)


def _eq(a, b):
    assert a == b
