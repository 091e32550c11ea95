# Port of Node v20 test/parallel/test-https-close.js.
# Deviations: the agent1 certificate is made at run time (tests/node/_tls.py).
from nodekit import https, set_immediate, set_interval
from tests.node._tls import agent1_options


def test_close_with_an_open_response_and_destroyed_connections(common):
    def main():
        connections = {}

        def handler(req, res):
            interval = set_interval(lambda: res.write("data"), 1000)
            interval.unref()

        server = https.create_server(agent1_options(), handler)

        def on_connection(connection):
            key = f"{connection.remote_address}:{connection.remote_port}"
            connection.on("close", lambda *_: connections.pop(key, None))
            connections[key] = connection

        server.on("connection", on_connection)

        def shutdown():
            server.close(common.must_succeed())
            for key in list(connections):
                connections.pop(key).destroy()

        def go(port):
            def on_response(res):
                res.on("data", lambda _: None)
                set_immediate(shutdown)

            req = https.request({"hostname": "127.0.0.1", "port": port, "path": "/",
                                 "method": "GET", "reject_unauthorized": False}, on_response)
            req.on("error", lambda err: None)  # the connection is destroyed under it
            req.end()

        common.listen(server, go)

    common.run(main)
