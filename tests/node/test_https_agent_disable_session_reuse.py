# Port of Node v20 test/parallel/test-https-agent-disable-session-reuse.js.
# Deviations: Node compares the two sessions' serializations
# (session.toString('hex')); NodeKit's get_session() is an ssl.SSLSession,
# compared by its id. The agent1 certificate is made at run time.
from nodekit import https
from tests.node._common import at
from tests.node._tls import agent1_options

TOTAL_REQS = 2


def test_max_cached_sessions_zero_never_resumes(common):
    client_sessions = []
    reused = []
    server_requests = []

    def main():
        agent = https.Agent(max_cached_sessions=0)

        def handler(req, res):
            server_requests.append(req)
            res.end("ok")

        server = https.create_server(agent1_options(), handler)
        waiting = [TOTAL_REQS]

        def request(port):
            def on_response(res):
                client_sessions.append(res.socket.get_session())
                reused.append(res.socket.is_session_reused())
                res.resume()

                def on_end():
                    waiting[0] -= 1
                    if waiting[0]:
                        request(port)
                    else:
                        server.close()

                res.on("end", on_end)

            https.request(at(port, agent=agent, reject_unauthorized=False), on_response).end()

        common.listen(server, request)

    common.run(main)
    assert len(server_requests) == TOTAL_REQS
    assert len(client_sessions) == TOTAL_REQS
    assert client_sessions[0].id != client_sessions[1].id
    assert reused == [False, False]
