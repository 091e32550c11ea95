# Port of Node v20 test/parallel/test-https-hwm.js.
# Deviations: the option is spelled high_water_mark and the attribute
# readable_high_water_mark (API.md); the client connects to 127.0.0.1 (Node:
# localhost); Node's console.log lines are left out. The agent1 certificate
# is made at run time (tests/node/_tls.py).
from nodekit import https
from tests.node._common import at
from tests.node._tls import agent1_options


def test_high_water_mark_reaches_the_response(common):
    def main():
        counter = [0]

        def handler(req, res):
            res.write_head(200, {})
            res.end("ok")

        server = https.create_server(agent1_options(), common.must_call(handler, 3))

        def load_callback(hwm):
            def on_response(res):
                assert res.readable_high_water_mark == hwm
                counter[0] -= 1
                if counter[0] == 0:
                    server.close()
                res.resume()

            return common.must_call(on_response)

        def go(port):
            for hwm, expected in ((128000, 128000), (0, 0), (None, 16 * 1024)):
                options = at(port, method="GET", path=f"/{counter[0]}",
                             reject_unauthorized=False, high_water_mark=hwm)
                counter[0] += 1
                req = https.request(options, load_callback(expected))
                req.on("error", common.must_not_call("error"))
                req.end()

        common.listen(server, go)

    common.run(main)
