# Port of Node v20 test/parallel/test-http-keep-alive-close-on-header.js.
# Deviations: the connect count is checked after run() (Node: at exit).
from nodekit import http
from tests.node._common import at

BODY = "hello world\n"


def test_connection_close_from_the_server_means_a_new_socket_each_time(common):
    connects = []

    def main():
        def handler(req, res):
            res.write_head(200, {"Content-Length": len(BODY), "Connection": "close"})
            res.write(BODY)
            res.end()

        server = http.create_server(handler)

        def go(port):
            agent = http.Agent(max_sockets=1)
            name = agent.get_name(at(port))
            opts = at(port, method="GET", path="/", headers={"connection": "keep-alive"},
                      agent=agent)

            def on_socket(s):
                s.on("connect", lambda: connects.append(1))

            def plain(res):
                assert len(agent.sockets[name]) == 1
                res.resume()

            def last(response):
                def on_end():
                    assert len(agent.sockets[name]) == 1
                    server.close()

                response.on("end", on_end)
                response.resume()

            for cb in (plain, plain, last):
                req = http.request(opts, cb)
                req.on("socket", on_socket)
                req.end()

        common.listen(server, go)

    common.run(main)
    assert len(connects) == 3
