"""NodeKit's https against real peers: curl, requests, httpx, and Node v20 both ways
(keep-alive, chunked, trailers, 100-continue, large bodies with checksums).
Each test is skipped, with the reason, when its peer is not installed."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import run
from tls_certs import certs

from nodekit import https
from tests.support import serve

NODE = shutil.which("node")
CURL = shutil.which("curl")
# Bytes each way in the large-body tests: 32 MiB by default (hundreds of TLS
# records and many times every buffer and high-water mark on the way, a few
# seconds per test); NODEKIT_TLS_BODY_MB=100 for the size.
BIG = int(os.environ.get("NODEKIT_TLS_BODY_MB", "32")) * 1024 * 1024


def body_of(size: int) -> bytes:
    return (b"0123456789abcdef" * (size // 16 + 1))[:size]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def nodekit_server() -> https.Server:
    """Answers ``/sum`` with the body's size and SHA-256, ``/chunked`` with a
    chunked body and a trailer, anything else with ``hello <path>``."""
    conns: list[Any] = []

    def handler(req: Any, res: Any) -> None:
        digest = hashlib.sha256()
        size = [0]

        def on_data(chunk: bytes) -> None:
            digest.update(chunk)
            size[0] += len(chunk)

        def on_end() -> None:
            if req.url == "/sum":
                res.end(json.dumps({"size": size[0], "sha256": digest.hexdigest()}))
            elif req.url == "/chunked":
                res.write_head(200, {"Trailer": "X-Done"})
                res.write("part one, ")
                res.write("part two")
                res.add_trailers({"X-Done": "yes"})
                res.end()
            else:
                res.end(f"hello {req.url}")

        if req.url == "/big":
            stream_big(res)
            return
        req.on("data", on_data)
        req.on("end", on_end)

    srv = https.create_server(certs().server_options(), handler)
    srv.on("secureConnection", conns.append)
    srv.connections_seen = conns  # type: ignore[attr-defined]
    return srv


def stream_big(res: Any) -> None:
    """``body_of(BIG)``, 64 KiB at a time, waiting for 'drain' (never the
    whole body in memory)."""
    block = body_of(1 << 16)
    res.write_head(200, {"Content-Length": str(BIG)})
    sent = [0]

    def pump() -> None:
        while sent[0] < BIG:
            chunk = block[:BIG - sent[0]]
            sent[0] += len(chunk)
            if not res.write(chunk):
                res.once("drain", pump)
                return
        res.end()

    pump()


@pytest.fixture
def ca_file(tmp_path: Path) -> str:
    path = tmp_path / "ca.pem"
    path.write_text(certs().ca.cert)
    return str(path)


# -- curl -------------------------------------------------------------------------------
@pytest.mark.skipif(CURL is None, reason="curl is not installed")
def test_curl_with_cacert_reuses_one_connection(ca_file: str) -> None:
    srv = nodekit_server()

    def client(port: int) -> str:
        base = f"https://localhost:{port}"
        out = subprocess.run([CURL, "-sS", "--cacert", ca_file, f"{base}/a", "-o", "-",
                              f"{base}/b"], capture_output=True, text=True, timeout=20)
        assert out.returncode == 0, out.stderr
        return out.stdout

    assert serve(None, client, server=srv) == "hello /ahello /b"
    assert len(srv.connections_seen) == 1  # type: ignore[attr-defined]


@pytest.mark.skipif(CURL is None, reason="curl is not installed")
def test_curl_refuses_nodekit_server_without_the_ca() -> None:
    def client(port: int) -> int:
        return subprocess.run([CURL, "-sS", "--cacert", os.devnull,
                               f"https://localhost:{port}/"], capture_output=True,
                              timeout=20).returncode

    assert serve(None, client, server=nodekit_server()) != 0


# -- requests ----------------------------------------------------------------------------
def test_requests_with_a_ca_bundle_gets_posts_and_reads_chunked(ca_file: str) -> None:
    requests = pytest.importorskip("requests")
    payload = body_of(1024 * 1024)

    def client(port: int) -> tuple[str, dict[str, Any], str, str]:
        base = f"https://localhost:{port}"
        with requests.Session() as s:
            a = s.get(f"{base}/x", verify=ca_file, timeout=10).text
            b = s.post(f"{base}/sum", data=payload, verify=ca_file, timeout=10).json()
            r = s.get(f"{base}/chunked", verify=ca_file, timeout=10)
            return a, b, r.text, r.headers.get("transfer-encoding", "")

    a, b, chunked, te = serve(None, client, server=nodekit_server())
    assert a == "hello /x"
    assert b == {"size": len(payload), "sha256": sha256(payload)}
    assert chunked == "part one, part two" and te == "chunked"


# -- httpx ---------------------------------------------------------------------------------
def test_httpx_with_a_ca_bundle_keeps_alive_posts_and_reads_chunked(ca_file: str) -> None:
    httpx = pytest.importorskip("httpx", reason="httpx is not installed (pip install httpx)")
    import ssl

    payload = body_of(1024 * 1024)
    srv = nodekit_server()

    def client(port: int) -> tuple[Any, ...]:
        base = f"https://localhost:{port}"
        # The CA bundle as httpx takes it: an SSL context loaded from the file.
        verify = ssl.create_default_context(cafile=ca_file)
        with httpx.Client(verify=verify, timeout=10) as c:
            a = c.get(f"{base}/x").text
            b = c.post(f"{base}/sum", content=payload).json()
            r = c.get(f"{base}/chunked")
            return a, b, r.text, r.headers.get("transfer-encoding", ""), r.http_version

    a, b, chunked, te, version = serve(None, client, server=srv)
    assert a == "hello /x"
    assert b == {"size": len(payload), "sha256": sha256(payload)}
    assert chunked == "part one, part two" and te == "chunked"
    assert version == "HTTP/1.1"
    assert len(srv.connections_seen) == 1  # type: ignore[attr-defined]  # keep-alive


def test_httpx_refuses_nodekit_server_without_the_ca() -> None:
    httpx = pytest.importorskip("httpx", reason="httpx is not installed (pip install httpx)")
    import ssl

    def client(port: int) -> str:
        with httpx.Client(verify=ssl.create_default_context(cadata=certs().other_ca.cert),
                          timeout=10) as c:
            try:
                c.get(f"https://localhost:{port}/")
            except httpx.ConnectError as exc:
                return str(exc)
        return "connected"

    assert "CERTIFICATE_VERIFY_FAILED" in serve(None, client, server=nodekit_server())


# -- Node's https client against NodeKit ------------------------------------------------------
NODE_CLIENT = r"""
const https = require('https'), crypto = require('crypto');
const [port, ca, size] = [+process.argv[1], process.argv[2], +process.argv[3]];
const agent = new https.Agent({keepAlive: true, ca});
const out = {};
function req(opts, body) {
  return new Promise((resolve, reject) => {
    const r = https.request({host: 'localhost', port, agent, ...opts}, res => {
      const chunks = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => resolve({status: res.statusCode, body: Buffer.concat(chunks),
        trailers: res.trailers, reused: r.reusedSocket, headers: res.headers}));
    });
    r.on('error', reject);
    if (opts.headers && opts.headers.Expect) r.on('continue', () => r.end(body));
    else r.end(body);
  });
}
(async () => {
  const big = Buffer.alloc(size, 'x');
  out.hello = (await req({path: '/a'})).body.toString();
  const sum = await req({method: 'POST', path: '/sum'}, big);
  out.sum = JSON.parse(sum.body); out.sumReused = sum.reused;
  out.expected = crypto.createHash('sha256').update(big).digest('hex');
  const down = await req({path: '/big'});
  out.big = {size: down.body.length, reused: down.reused,
             sha256: crypto.createHash('sha256').update(down.body).digest('hex')};
  const ch = await req({path: '/chunked'});
  out.chunked = ch.body.toString(); out.trailers = ch.trailers;
  const cont = await req({method: 'POST', path: '/sum', headers: {Expect: '100-continue'}},
                         Buffer.from('abc'));
  out.continued = JSON.parse(cont.body);
  agent.destroy();
  console.log(JSON.stringify(out));
})().catch(e => { console.error(e); process.exit(1); });
"""


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_node_https_client_against_nodekit_server() -> None:
    srv = nodekit_server()
    srv.on("checkContinue", lambda req, res: (res.write_continue(),
                                              srv.emit("request", req, res)))

    def client(port: int) -> dict[str, Any]:
        out = subprocess.run([NODE, "-e", NODE_CLIENT, str(port), certs().ca.cert, str(BIG)],
                             capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout)

    out = serve(None, client, server=srv, timeout=60)
    assert out["hello"] == "hello /a"
    assert out["sum"] == {"size": BIG, "sha256": out["expected"]}
    assert out["sumReused"] is True  # Node's agent kept the TLS connection
    assert out["big"] == {"size": BIG, "reused": True, "sha256": sha256(body_of(BIG))}
    assert out["chunked"] == "part one, part two" and out["trailers"] == {"x-done": "yes"}
    assert out["continued"] == {"size": 3, "sha256": sha256(b"abc")}
    assert len(srv.connections_seen) == 1  # type: ignore[attr-defined]


# -- NodeKit's https client against Node's server ---------------------------------------------
NODE_SERVER = r"""
const https = require('https'), crypto = require('crypto');
const [key, cert, size] = [process.env.NK_KEY, process.env.NK_CERT, +process.env.NK_SIZE];
let connections = 0;
const server = https.createServer({key, cert}, (req, res) => {
  const h = crypto.createHash('sha256'); let n = 0;
  req.on('data', c => { h.update(c); n += c.length; });
  req.on('end', () => {
    if (req.url === '/sum') res.end(JSON.stringify({size: n, sha256: h.digest('hex'),
                                                    connections}));
    else if (req.url === '/big') res.end(Buffer.alloc(size, 'y'));
    else if (req.url === '/chunked') {
      res.writeHead(200, {Trailer: 'X-Done'}); res.write('one, '); res.write('two');
      res.addTrailers({'X-Done': 'yes'}); res.end();
    } else res.end('hello ' + req.url + ' ' + req.socket.servername);
  });
});
server.on('secureConnection', () => connections++);
server.on('checkContinue', (req, res) => {
  res.writeContinue(); server.emit('request', req, res);
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
"""


@pytest.fixture
def node_https_server() -> Any:
    if NODE is None:
        pytest.skip("node is not installed")
    c = certs()
    env = {**os.environ, "NK_KEY": c.server.key, "NK_CERT": c.server.cert, "NK_SIZE": str(BIG)}
    proc = subprocess.Popen([NODE, "-e", NODE_SERVER], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = proc.stdout.readline()  # type: ignore[union-attr]
        assert line.strip().isdigit(), proc.stderr.read()  # type: ignore[union-attr]
        yield int(line)
    finally:
        proc.kill()
        proc.wait(10)


def test_nodekit_client_against_node_https_server(node_https_server: int) -> None:
    port = node_https_server
    payload = body_of(BIG)
    results: dict[str, Any] = {}
    agent = https.Agent(keep_alive=True, ca=certs().ca.cert)
    steps = [
        ("hello", {"path": "/a"}, None),
        ("sum", {"path": "/sum", "method": "POST"}, payload),
        ("big", {"path": "/big"}, None),
        ("chunked", {"path": "/chunked"}, None),
        ("continue", {"path": "/sum", "method": "POST",
                      "headers": {"Expect": "100-continue"}}, b"abc"),
    ]

    def next_step() -> None:
        if not steps:
            agent.destroy()
            return
        name, opts, body = steps.pop(0)
        req = https.request({"host": "localhost", "port": port, "agent": agent, **opts})

        def on_response(res: Any) -> None:
            digest, chunks = hashlib.sha256(), []
            res.on("data", lambda c: (digest.update(c), chunks.append(c) if name != "big"
                                      else None))

            def done() -> None:
                results[name] = {"body": b"".join(chunks), "sha256": digest.hexdigest(),
                                 "trailers": res.trailers, "reused": req.reused_socket}
                runtime_immediate(next_step)

            res.on("end", done)

        req.on("response", on_response)
        req.on("error", lambda err: results.__setitem__("error", err))
        if body is not None and "headers" in opts:
            req.on("continue", lambda: req.end(body))
        else:
            req.end(body)

    run(next_step, 60)
    assert "error" not in results, results.get("error")
    assert results["hello"]["body"] == b"hello /a localhost"
    summed = json.loads(results["sum"]["body"])
    assert summed["size"] == BIG and summed["sha256"] == sha256(payload)
    assert summed["connections"] == 1 and results["sum"]["reused"] is True
    assert results["big"]["sha256"] == sha256(b"y" * BIG)
    assert results["chunked"]["body"] == b"one, two"
    assert results["chunked"]["trailers"] == {"x-done": "yes"}
    assert json.loads(results["continue"]["body"])["sha256"] == sha256(b"abc")


def runtime_immediate(fn: Any) -> None:
    from nodekit import runtime
    runtime.set_immediate(fn)


def test_nodekit_client_refuses_node_server_with_an_unknown_ca(node_https_server: int) -> None:
    seen: dict[str, Any] = {}

    def main() -> None:
        req = https.get({"host": "localhost", "port": node_https_server, "agent": False})
        req.on("error", lambda err: seen.__setitem__("err", err))

    run(main, 10)
    assert seen["err"].code == "UNABLE_TO_VERIFY_LEAF_SIGNATURE"


# -- ALPN with nothing in common, against Node on either end --------------------------------
NODE_ALPN_CLIENT = r"""
const tls = require('tls');
const [port, ca] = [+process.argv[1], process.argv[2]];
const result = {};
const c = tls.connect({port, host: 'localhost', ca, ALPNProtocols: ['h2']},
                      () => { result.alpn = c.alpnProtocol; c.end(); });
c.on('error', e => { result.code = e.code; });
c.on('close', () => console.log(JSON.stringify(result)));
"""


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_node_client_offering_only_h2_is_refused_by_nodekit_https_server() -> None:
    srv = nodekit_server()
    errors: list[Any] = []
    srv.on("tlsClientError", lambda err, sock: errors.append(err.code))

    def client(port: int) -> dict[str, Any]:
        out = subprocess.run([NODE, "-e", NODE_ALPN_CLIENT, str(port), certs().ca.cert],
                             capture_output=True, text=True, timeout=30)
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout)

    assert serve(None, client, server=srv) == {
        "code": "ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL"}
    assert errors == ["ERR_SSL_NO_APPLICATION_PROTOCOL"]


def test_nodekit_client_offering_only_h2_is_refused_by_node_https_server(
        node_https_server: int) -> None:
    seen: dict[str, Any] = {}

    def main() -> None:
        req = https.get({"host": "localhost", "port": node_https_server, "agent": False,
                         "ca": certs().ca.cert, "alpn_protocols": ["h2"]})
        req.on("error", lambda err: seen.__setitem__("err", err))

    run(main, 10)
    assert seen["err"].code == "ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL"


NODE_RENEGOTIATING_SERVER = r"""
const tls = require('tls');
const srv = tls.createServer({key: process.env.NK_KEY, cert: process.env.NK_CERT,
                              maxVersion: 'TLSv1.2'}, (s) => {
  s.on('error', () => {});
  s.once('data', () => s.renegotiate({}, (err) => s.end(err ? 'refused' : 'renegotiated')));
});
srv.listen(0, '127.0.0.1', () => console.log(srv.address().port));
"""


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_nodekit_client_follows_a_tls12_renegotiation_its_server_starts() -> None:
    from nodekit import tls
    c = certs()
    env = {**os.environ, "NK_KEY": c.server.key, "NK_CERT": c.server.cert}
    proc = subprocess.Popen([NODE, "-e", NODE_RENEGOTIATING_SERVER], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    seen: list[Any] = []
    try:
        port = int(proc.stdout.readline())  # type: ignore[union-attr]

        def main() -> None:
            cl = tls.connect({"port": port, "host": "localhost", "ca": c.ca.cert})
            cl.on("secureConnect", lambda: cl.write(b"go"))
            cl.on("data", lambda d: seen.append(bytes(d)))
            cl.on("error", seen.append)

        run(main, 10)
    finally:
        proc.kill()
        proc.wait(10)
    assert seen == [b"renegotiated"]
