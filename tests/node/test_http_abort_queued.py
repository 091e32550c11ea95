# Port of Node v20 test/parallel/test-http-abort-queued.js.
# Deviations: host 127.0.0.1 rather than localhost; NodeKit drops a queued
# request from agent.requests when it is aborted (Node leaves it queued until
# a socket frees, then discards it), so the count right after abort() is 0
# where Node's is 1. Every other count is Node's.
from nodekit import http, set_timeout
from tests.node._common import at


def test_a_queued_request_aborted_is_never_sent(common):
    complete = {}

    def main():
        def handler(req, res):
            # The queued /thatotherone request is aborted before it is sent.
            assert req.url == "/"
            res.write_head(200)
            res.write("foo")
            complete.setdefault("fn", res.end)

        server = http.create_server(handler)

        def go(port):
            agent = http.Agent(max_sockets=1)
            assert len(agent.sockets) == 0
            req1 = http.request(at(port, method="GET", path="/", agent=agent))

            def on_response(res1):
                assert len(agent.sockets) == 1
                assert len(agent.requests) == 0
                req2 = http.request(at(port, method="GET", path="/thatotherone", agent=agent))
                assert len(agent.sockets) == 1
                assert len(agent.requests) == 1

                def on_error(err):
                    assert err.code == "ECONNRESET"

                req2.on("error", on_error)
                req2.end()
                req2.abort()
                assert len(agent.sockets) == 1
                assert len(agent.requests) == 0  # (Node: 1, see the header)
                res1.on("data", lambda chunk: complete["fn"]())

                def later():
                    assert len(agent.sockets) == 0
                    assert len(agent.requests) == 0
                    server.close()

                res1.on("end", common.must_call(lambda: set_timeout(common.must_call(later),
                                                                    100)))

            req1.on("response", on_response)
            req1.end()

        common.listen(server, go)

    common.run(main)
