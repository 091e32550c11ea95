"""The raw client of Node's request-smuggling ports
(test-http-missing-header-separator-cr/-lf, -transfer-encoding-smuggling,
-transfer-encoding-repeated-chunked): it writes one malformed message and
checks that the server answers exactly a bare 400 and ends the connection."""

from __future__ import annotations

from typing import Any

from nodekit import net

BAD_REQUEST = "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n"


def expect_400(common: Any, server: Any, msg: str) -> None:
    """Once ``server`` listens, send ``msg`` over a net client; the whole
    answer must be ``BAD_REQUEST`` (no 'error' on the client); then close
    ``server``."""
    def go(port: int) -> None:
        client = net.connect(port, common.HOST)
        response: list[str] = []
        client.on("data", common.must_call_at_least(response.append))
        client.set_encoding("utf8")
        client.on("error", common.must_not_call("error"))

        def on_end() -> None:
            assert "".join(response) == BAD_REQUEST
            server.close()

        client.on("end", common.must_call(on_end))
        client.write(msg)
        client.resume()

    common.listen(server, go)


def separator_messages(sep: str) -> list[str]:
    """The three messages of test-http-missing-header-separator-cr/-lf.js: a
    bare ``sep`` (CR or LF) where a header line should end, so that what
    follows it (Content-Length, Transfer-Encoding) could smuggle a body."""
    return [
        "\r\n".join(["GET / HTTP/1.1", "Host: localhost", f"Dummy: x{sep}Content-Length: 23",
                     "", "GET / HTTP/1.1", "Dummy: GET /admin HTTP/1.1", "Host: localhost",
                     "", ""]),
        "\r\n".join(["POST / HTTP/1.1", "Host: localhost", f"x:x{sep}Transfer-Encoding: chunked",
                     "", "1", "A", "0", "", ""]),
        "\r\n".join(["POST / HTTP/1.1", "Host: localhost", f"x:{sep}Transfer-Encoding: chunked",
                     "", "1", "A", "0", "", ""]),
    ]
