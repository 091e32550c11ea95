# Port of Node v20 test/parallel/test-http-full-response.js.
# Deviations: Node runs ApacheBench (`ab -c 1 -n N`, and skips without it);
# ab is not on this machine, so a thread plays it: N HTTP/1.0 GETs, one at a
# time, one connection each (ab's way), reading each response to EOF and
# counting the document length and the body bytes as ab reports them. Runs
# of 10, 100 and 300 requests (Node: 1000 for the last; Python speed).
import re
import socket
import threading

from nodekit import http, set_timeout
from tests.node._common import HOST

BODY_LENGTH = 12345
BODY = "c" * BODY_LENGTH


def _ab(port, n):
    """(document length, complete requests, html transferred) as ab reports them."""
    document_length = None
    complete = transferred = 0
    for _ in range(n):
        with socket.create_connection((HOST, port), timeout=10) as sock:
            sock.sendall(f"GET / HTTP/1.0\r\nHost: {HOST}:{port}\r\n"
                         "User-Agent: ApacheBench/2.3\r\nAccept: */*\r\n\r\n".encode())
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        length = int(re.search(rb"(?i)\r\ncontent-length: *(\d+)", head).group(1))
        if document_length is None:
            document_length = length
        if head.startswith(b"HTTP/1.1 200 ") and len(body) == length:
            complete += 1
        transferred += len(body)
    return document_length, complete, transferred


def test_full_responses_to_a_benchmark_client(common):
    results = []

    def main():
        def handler(req, res):
            res.write_head(200, {"Content-Length": BODY_LENGTH, "Content-Type": "text/plain"})
            res.end(BODY)

        server = http.create_server(handler)

        def run_ab(port, n):
            def work():
                results.append(_ab(port, n))
                done.set()

            done = threading.Event()
            threading.Thread(target=work, daemon=True).start()
            return done

        def go(port):
            pending = [10, 100, 300]

            def next_run():
                if not pending:
                    server.close()
                    return
                done = run_ab(port, pending.pop(0))

                def poll():
                    if done.is_set():
                        next_run()
                    else:
                        set_timeout(poll, 5)

                poll()

            next_run()

        common.listen(server, go)

    common.run(main, timeout=60)
    assert len(results) == 3
    for document_length, complete, transferred in results:
        assert document_length == BODY_LENGTH
        assert complete * document_length == transferred
