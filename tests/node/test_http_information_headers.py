# Port of Node v20 test/parallel/test-http-information-headers.js.
# Deviations: Node's server writes the 102 through the private
# res._writeRaw(); here a raw net server writes the same bytes (the 102
# with 'Foo: Bar', then the 200) once the request arrived. Node's
# 'information' argument is a plain object: a dict here (API.md §1).
# The final response's checks are shared with test-http-information-processing.js:
# tests/node/_twins/http_siblings.py.
from nodekit import http, net
from tests.node._common import at
from tests.node._twins.http_siblings import final_response_after_information

BODY = "other stuff!\n"


def test_102_with_headers_reaches_information(common):
    def main():
        def on_connection(conn):
            def on_data(chunk):
                conn.write("HTTP/1.1 102 Processing\r\nFoo: Bar\r\n\r\n")
                conn.end("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nABCD: 1\r\n"
                         f"Content-Length: {len(BODY)}\r\nConnection: close\r\n\r\n{BODY}")

            conn.once("data", on_data)

        server = net.create_server(on_connection)

        def go(port):
            req = http.request(at(port, path="/world"))
            req.end()
            left = [2]

            def dec():
                left[0] -= 1
                if left[0] == 0:
                    server.close()

            def on_information(res):
                assert res["http_version"] == "1.1"
                assert res["http_version_major"] == 1
                assert res["http_version_minor"] == 1
                assert res["status_code"] == 102
                assert res["status_message"] == "Processing"
                assert res["headers"]["foo"] == "Bar"
                assert res["raw_headers"][0] == "Foo"
                assert res["raw_headers"][1] == "Bar"
                dec()

            def on_response(res):
                assert left[0] == 1
                final_response_after_information(common, res, BODY, dec)

            req.on("information", common.must_call(on_information))
            req.on("response", common.must_call(on_response))

        common.listen(server, go)

    common.run(main)
