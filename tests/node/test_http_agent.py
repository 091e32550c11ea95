# Port of Node v20 test/parallel/test-http-agent.js.
# Deviations: Node replaces Agent.prototype.createConnection for the rest of
# the process; the port patches http.Agent.create_connection for the second
# case only (pytest's monkeypatch undoes it). Node's promise chain is the
# loop's order: the second case starts once the first server closed.
from nodekit import http, next_tick, set_timeout
from tests.node._common import HOST

N = 4
M = 4


def _make_requests(common, out_count, in_count, should_fail):
    server = http.Server(common.must_call(lambda req, res: (res.write_head(200),
                                                            res.end("hello world\n")),
                                          0 if should_fail else out_count * in_count))
    left = [out_count * in_count]

    def on_request(res):
        left[0] -= 1
        if left[0] == 0:
            server.close()
        if not should_fail:
            res.resume()

    counted = common.must_call(on_request, out_count * in_count)

    def go(port):
        def batch():
            for _ in range(in_count):
                req = http.get({"host": HOST, "port": port, "path": "/"}, counted)
                if should_fail:
                    req.on("error", counted)
                else:
                    req.on("error", lambda e: (_ for _ in ()).throw(e))

        for i in range(out_count):
            set_timeout(batch, i)

    server.listen(0, lambda: go(server.address()["port"]))


def test_many_requests_through_the_global_agent(common):
    common.run(lambda: _make_requests(common, N, M, False))


def test_no_explosion_when_sockets_cannot_be_created(common, monkeypatch):
    # Should not explode if it cannot create sockets (nodejs/node#13045, #13831).
    def create_connection(self, options, cb=None):
        next_tick(cb, Exception("nothing"))

    monkeypatch.setattr(http.Agent, "create_connection", create_connection)
    common.run(lambda: _make_requests(common, N, M, True), )
