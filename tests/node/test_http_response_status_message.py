# Port of Node v20 test/parallel/test-http-response-status-message.js.
# Deviations: none.
import re

from nodekit import http, net
from tests.node._common import at

CASES = [
    ("/200", "OK", "HTTP/1.1 200 OK\r\n\r\n"),
    ("/500", "Internal Server Error", "HTTP/1.1 500 Internal Server Error\r\n\r\n"),
    ("/302", "Moved Temporarily", "HTTP/1.1 302 Moved Temporarily\r\n\r\n"),
    ("/missing", "", "HTTP/1.1 200 \r\n\r\n"),
    ("/missing-no-space", "", "HTTP/1.1 200\r\n\r\n"),
]


def test_status_messages_as_sent(common):
    def main():
        def on_connection(connection):
            def on_data(data):
                path = re.search(r"GET (.*) HTTP/1\.1", bytes(data).decode()).group(1)
                response = next(c[2] for c in CASES if c[0] == path)
                connection.write(response)
                connection.end()

            connection.on("data", on_data)

        server = net.create_server(on_connection)

        def run_test(port, i):
            path, message, _ = CASES[i]

            def on_response(response):
                assert response.status_message == message
                response.on("aborted", common.must_not_call())

                def on_end():
                    if i + 1 < len(CASES):
                        run_test(port, i + 1)
                    else:
                        server.close()

                response.on("end", common.must_call(on_end))
                response.resume()

            http.get(at(port, path=path), common.must_call(on_response))

        common.listen(server, lambda port: run_test(port, 0))

    common.run(main)
