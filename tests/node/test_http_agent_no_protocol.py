# Port of Node v20 test/parallel/test-http-agent-no-protocol.js.
# Deviations: url.parse()'s object is the options dict it would give.
from nodekit import http


def test_agent_with_protocol_none_still_serves_http(common):
    def main():
        server = http.create_server(common.must_call(lambda req, res: res.end()))

        def go(port):
            agent = http.Agent()
            agent.protocol = None
            opts = {"protocol": "http:", "hostname": "127.0.0.1", "port": port, "path": "/",
                    "agent": agent}

            def on_response(res):
                res.resume()
                server.close()

            http.get(opts, common.must_call(on_response))

        common.listen(server, go)

    common.run(main)
