# Port of Node v20 test/parallel/test-https-agent-session-reuse.js.
# Deviations: Node compares the sessions' serializations
# (session.toString('hex')); NodeKit's get_session() is an ssl.SSLSession,
# compared by its id. server.setTicketKeys(randomBytes(48)) is
# server.set_ticket_keys(os.urandom(48)). The clients connect to 127.0.0.1
# (Node: localhost). The agent1/ca1 certificates are made at run time.
import os

import pytest

from nodekit import _openssl, https
from tests.node._tls import agent1_options, ca1


@pytest.mark.xfail(not _openssl.AVAILABLE, strict=True, reason=_openssl.REASON)
def test_the_agent_caches_one_session_per_name_and_updates_it(common):
    sessions = {}
    server_requests = []

    def main():
        agent = https.Agent(max_cached_sessions=1)

        def handler(req, res):
            if req.url == "/drop-key":
                server.set_ticket_keys(os.urandom(48))
            server_requests.append(req.url)
            res.end("ok")

        server = https.create_server(agent1_options(), handler)

        def go(port):
            base = {"method": "GET", "path": "/", "servername": "agent1", "ca": ca1(),
                    "host": common.HOST, "port": port}
            queue = [
                {**base, "name": "first"},
                {**base, "name": "first-reuse"},
                # another cipher: another cache entry
                {**base, "name": "cipher-change", "ciphers": "AES256-SHA"},
                # a new ticket key: the session in the cache is updated
                {**base, "name": "before-drop", "path": "/drop-key"},
                {**base, "name": "after-drop"},
                {**base, "name": "after-drop-reuse"},
            ]

            def request():
                options = queue.pop(0)
                options["agent"] = agent
                name = options.pop("name")

                def on_response(res):
                    sessions[name] = res.socket.get_session().id
                    res.resume()
                    res.on("end", lambda: request() if queue else server.close())

                https.request(options, on_response).end()

            request()

        common.listen(server, go)

    common.run(main)
    assert len(server_requests) == 6
    assert sessions["first"] == sessions["first-reuse"]
    assert sessions["first"] != sessions["cipher-change"]
    assert sessions["first"] != sessions["before-drop"]
    assert sessions["cipher-change"] != sessions["before-drop"]
    assert sessions["before-drop"] != sessions["after-drop"]
    assert sessions["after-drop"] == sessions["after-drop-reuse"]
