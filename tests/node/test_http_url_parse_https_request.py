# Port of Node v20 test/parallel/test-http-url.parse-https.request.js.
# Deviations: url.parse(...) is an options dict made from
# urllib.parse.urlsplit (protocol, hostname, port, path: url.parse's fields
# that https.request reads); the fixtures' agent1 key/cert are a throw-away
# localhost certificate (tests/https/tls_certs.py). Node's private
# socket._secureEstablished is checked as socket.encrypted and a negotiated
# protocol (get_protocol()).
from urllib.parse import urlsplit

import pytest

from nodekit import https

tls_certs = pytest.importorskip("tests.https.tls_certs")


def _url_parse(url):
    parts = urlsplit(url)
    return {"protocol": parts.scheme + ":", "hostname": parts.hostname, "port": parts.port,
            "path": parts.path or "/"}


def test_https_request_takes_url_parse_output(common):
    def main():
        pair = tls_certs.certs().server

        def handler(request, response):
            assert request.socket.encrypted is True
            assert request.socket.get_protocol() is not None
            response.write_head(200, {})
            response.end("ok")
            server.close()

        server = https.create_server({"key": pair.key, "cert": pair.cert},
                                     common.must_call(handler))

        def go(port):
            test_url = _url_parse(f"https://localhost:{port}")
            test_url["hostname"] = common.HOST  # localhost may resolve to ::1 here
            test_url["reject_unauthorized"] = False
            client_request = https.request(test_url, common.must_call(lambda res: res.resume()))
            assert isinstance(client_request.agent, https.Agent)
            client_request.end()

        common.listen(server, go)

    common.run(main)
