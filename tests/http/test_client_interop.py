"""NodeKit's client against foreign servers: Python's ``http.server``
(ThreadingHTTPServer in a thread) and Node v20 itself (a subprocess)."""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler

import pytest
from conftest import run
from test_client_support import NODE, Body, get_with, node_server, python_http_server

from nodekit import http

needs_node = pytest.mark.skipif(NODE is None, reason="node is not installed")


def fetch_all(port, requests, agent=None):
    """Send ``requests`` (option dicts, with an optional 'body') one after another."""
    results = []

    def send(i):
        if i == len(requests):
            if agent is not None:
                agent.destroy()
            return
        opts = dict(requests[i])
        body = opts.pop("body", None)
        if agent is not None:
            opts["agent"] = agent
        req = http.request(get_with(port, **opts))

        def on_response(res):
            Body(res, lambda b: (results.append((res.status_code, res.headers, b.data,
                                                 res.trailers)), send(i + 1)))

        req.on("response", on_response)
        if body is not None:
            req.write(body)
        req.end()

    run(lambda: send(0))
    return results


# -- Python's http.server ---------------------------------------------------------------------


class EchoHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, Content-Length framed
    connections: set = set()

    def log_message(self, *args):
        pass

    def _reply(self, body: bytes):
        EchoHandler.connections.add(self.client_address)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Set-Cookie", "a=1")
        self.send_header("Set-Cookie", "b=2")
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self._reply(json.dumps({"path": self.path,
                                "headers": dict(self.headers.items())}).encode())

    def do_POST(self):
        n = int(self.headers.get("Content-Length", 0))
        self._reply(json.dumps({"body": self.rfile.read(n).decode()}).encode())


def test_a_get_to_python_http_server():
    with python_http_server(EchoHandler) as port:
        [(status, headers, body, _)] = fetch_all(port, [{"path": "/q?x=1",
                                                         "headers": {"X-Test": "yes"}}])
    assert status == 200
    assert headers["set-cookie"] == ["a=1", "b=2"]
    echoed = json.loads(body)
    assert echoed["path"] == "/q?x=1"
    assert echoed["headers"]["X-Test"] == "yes"
    assert echoed["headers"]["Connection"] == "keep-alive"


def test_a_post_with_content_length_to_python_http_server():
    payload = "a=1&b=" + "x" * 5000
    with python_http_server(EchoHandler) as port:
        [(status, _, body, _)] = fetch_all(port, [{
            "method": "POST", "body": payload,
            "headers": {"Content-Length": len(payload),
                        "Content-Type": "application/x-www-form-urlencoded"}}])
    assert status == 200
    assert json.loads(body) == {"body": payload}


def test_a_keep_alive_agent_reuses_its_connection_to_python_http_server():
    EchoHandler.connections = set()
    # Each request is sent from the previous response's 'end', before its
    # socket is free: max_sockets=1 queues it for that socket (as in Node).
    agent = http.Agent(keep_alive=True, max_sockets=1)
    with python_http_server(EchoHandler) as port:
        results = fetch_all(port, [{"path": f"/{i}"} for i in range(3)], agent=agent)
    assert [json.loads(body)["path"] for _, _, body, _ in results] == ["/0", "/1", "/2"]
    assert len(EchoHandler.connections) == 1


class Http10Handler(BaseHTTPRequestHandler):
    """HTTP/1.0 with no Content-Length: the body ends when the server closes."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"close-delimited body")


def test_an_http_1_0_close_delimited_response_from_python_http_server():
    with python_http_server(Http10Handler) as port:
        [(status, headers, body, _)] = fetch_all(port, [{"path": "/"}])
    assert status == 200 and headers["content-type"] == "text/plain"
    assert body == b"close-delimited body"


class ChunkedHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.send_response(200)
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Trailer", "X-Checksum")
        self.end_headers()
        for part in (b"one ", b"two ", b"three"):
            self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
        self.wfile.write(b"0\r\nX-Checksum: 42\r\n\r\n")


def test_a_chunked_response_with_trailers_from_python_http_server():
    with python_http_server(ChunkedHandler) as port:
        [(status, _, body, trailers)] = fetch_all(port, [{"path": "/"}])
    assert (status, body, trailers) == (200, b"one two three", {"x-checksum": "42"})


# -- Node ------------------------------------------------------------------------------------------

NODE_ECHO = r"""
const http = require('http');
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', c => chunks.push(c));
  req.on('end', () => {
    const body = JSON.stringify({
      method: req.method, url: req.url, httpVersion: req.httpVersion,
      rawHeaders: req.rawHeaders, body: Buffer.concat(chunks).toString('latin1'),
      trailers: req.trailers, remotePort: req.socket.remotePort,
    });
    res.setHeader('Set-Cookie', ['x=1', 'y=2']);
    res.setHeader('Trailer', 'X-Node-Trailer');
    res.setHeader('Content-Type', 'application/json');
    res.write(body);
    res.addTrailers({'X-Node-Trailer': 'done'});
    res.end();
  });
});
server.listen(0, '127.0.0.1');
"""


@needs_node
def test_a_chunked_post_with_trailers_is_understood_by_node():
    got = []

    def main():
        req = http.request(get_with(port, "/upload?a=1", method="POST",
                                    headers={"Trailer": "X-Client-Trailer"}))
        req.on("response", lambda res: Body(res, lambda b: got.append((res, b.data))))
        req.write("chunk one, ")
        req.write(b"chunk two")
        req.add_trailers({"X-Client-Trailer": "sum"})
        req.end()

    with node_server(NODE_ECHO) as port:
        run(main)
    res, body = got[0]
    echoed = json.loads(body)
    assert echoed["method"] == "POST" and echoed["url"] == "/upload?a=1"
    assert echoed["httpVersion"] == "1.1"
    assert echoed["body"] == "chunk one, chunk two"
    assert echoed["trailers"] == {"x-client-trailer": "sum"}
    assert echoed["rawHeaders"][:2] == ["Trailer", "X-Client-Trailer"]
    assert "Transfer-Encoding" in echoed["rawHeaders"]
    assert res.headers["set-cookie"] == ["x=1", "y=2"]
    assert res.trailers == {"x-node-trailer": "done"}


@needs_node
def test_a_keep_alive_agent_reuses_its_connection_to_node():
    agent = http.Agent(keep_alive=True, max_sockets=1)  # see the python_http_server test
    with node_server(NODE_ECHO) as port:
        results = fetch_all(port, [{"path": f"/{i}"} for i in range(3)], agent=agent)
    ports = {json.loads(body)["remotePort"] for _, _, body, _ in results}
    assert [json.loads(body)["url"] for _, _, body, _ in results] == ["/0", "/1", "/2"]
    assert len(ports) == 1


@needs_node
def test_expect_100_continue_with_node():
    got = []

    def main():
        req = http.request(get_with(port, method="PUT", headers={"Expect": "100-continue"}))
        req.on("continue", lambda: req.end("after continue"))
        req.on("response", lambda res: Body(res, lambda b: got.append(json.loads(b.data))))

    with node_server(NODE_ECHO) as port:
        run(main)
    assert got[0]["body"] == "after continue"


NODE_UPGRADE = r"""
const http = require('http');
const server = http.createServer((req, res) => res.end('okay'));
server.on('upgrade', (req, socket, head) => {
  socket.write('HTTP/1.1 101 Web Socket Protocol Handshake\r\n' +
               'Upgrade: WebSocket\r\nConnection: Upgrade\r\n\r\n');
  socket.pipe(socket);
});
server.on('connect', (req, socket, head) => {
  socket.write('HTTP/1.1 200 Connection Established\r\n\r\n' + 'hello from ' + req.url);
  socket.end();
});
server.listen(0, '127.0.0.1');
"""


@needs_node
def test_upgrade_with_a_node_server():
    got = []

    def main():
        req = http.request(get_with(port, headers={"Connection": "Upgrade",
                                                   "Upgrade": "websocket"}))

        def on_upgrade(res, socket, head):
            socket.write(b"echo me")
            socket.once("data", lambda d: (got.append((res.status_code, bytes(d))),
                                           socket.destroy()))

        req.on("upgrade", on_upgrade)
        req.end()

    with node_server(NODE_UPGRADE) as port:
        run(main)
    assert got == [(101, b"echo me")]


@needs_node
def test_connect_with_a_node_server():
    got = []

    def main():
        req = http.request(get_with(port, "origin.example:443", method="CONNECT"))

        def on_connect(res, socket, head):
            chunks = [bytes(head)]
            socket.on("data", lambda d: chunks.append(bytes(d)))
            socket.on("end", lambda: got.append((res.status_code, b"".join(chunks))))

        req.on("connect", on_connect)
        req.end()

    with node_server(NODE_UPGRADE) as port:
        run(main)
    assert got == [(200, b"hello from origin.example:443")]
