# Port of Node v20 test/parallel/test-http-set-trailers.js.
# Deviations: Node's 2 s mustNotCall timer is the watchdog; the three
# clients run together, as with Node's Promise.all.
import re

from nodekit import http, net
from tests.node._common import at


def test_trailers_on_1_1_only_and_on_the_client(common):
    def main():
        def handler(req, res):
            res.write_head(200, [("content-type", "text/plain")])
            res.add_trailers({"x-foo": "bar"})
            res.end("stuff\n")

        server = http.create_server(handler)
        left = [3]

        def done():
            left[0] -= 1
            if left[0] == 0:
                server.close()

        def http10(port):
            c = net.create_connection(port, common.HOST)
            c.set_encoding("utf8")
            c.on("connect", lambda: c.write("GET / HTTP/1.0\r\n\r\n"))
            buf = []
            c.on("data", buf.append)

            def on_end():
                c.end()
                assert "x-foo" not in "".join(buf), f"No trailer in HTTP/1.0: {buf}"
                done()

            c.on("end", common.must_call(on_end))

        def http11(port):
            c = net.create_connection(port, common.HOST)
            c.set_encoding("utf8")
            c.on("connect", lambda: c.write("GET / HTTP/1.1\r\nHost: example.com\r\n\r\n"))
            buf = []
            seen = [False]

            def on_data(chunk):
                buf.append(chunk)
                text = "".join(buf)
                if not seen[0] and re.search(r"0\r\n", text) and text.endswith("\r\n\r\n"):
                    seen[0] = True
                    assert re.search(r"0\r\nx-foo: bar\r\n\r\n$", text), text
                    c.end()
                    done()

            c.on("data", on_data)
            c.on("end", common.must_call(lambda: _true(seen[0])))

        def client(port):
            def on_response(res):
                def on_end():
                    assert "x-foo" in res.trailers, f"{res.trailers} misses 'x-foo'"
                    done()

                res.on("end", common.must_call(on_end))
                res.resume()

            http.get(at(port, path="/hello", headers={}), common.must_call(on_response))

        def go(port):
            http10(port)
            http11(port)
            client(port)

        common.listen(server, go)

    common.run(main)


def _true(v):
    assert v is True
