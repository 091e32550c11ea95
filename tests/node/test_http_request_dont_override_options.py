# Port of Node v20 test/parallel/test-http-request-dont-override-options.js.
# Deviations: JS `undefined` options are None (API.md §1); the agent's
# default_port supplies the port.
from nodekit import http


def test_request_does_not_modify_the_options_dict(common):
    def main():
        def handler(req, res):
            res.write_head(200)
            res.end("ok")

        server = http.create_server(common.must_call(handler))

        def go(port):
            agent = http.Agent()
            agent.default_port = port
            options = {"host": None, "hostname": common.HOST, "port": None,
                       "default_port": None, "path": None, "method": None, "agent": agent}
            snapshot = dict(options)

            def on_response(res):
                res.resume()
                server.close()
                agent.destroy()
                assert options == snapshot

            http.request(options, common.must_call(on_response)).end()

        common.listen(server, go)

    common.run(main)
