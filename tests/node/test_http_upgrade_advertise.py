# Port of Node v20 test/parallel/test-http-upgrade-advertise.js.
# Deviations: none.
from nodekit import http
from tests.node._common import at

TESTS = [({}, "regular"),
         ({"upgrade": "h2c"}, "regular"),
         ({"connection": "upgrade"}, "regular"),
         ({"connection": "upgrade", "upgrade": "h2c"}, "upgrade"),
         ({"connection": "upgrade", "upgrade": "h2c"}, "destroy"),
         ({"connection": "upgrade", "upgrade": "h2c"}, "regular")]


def test_upgrade_only_when_both_sides_ask(common):
    def main():
        tests = list(TESTS)

        def fire(*_):
            if not tests:
                server.close()
                return
            headers, expected = tests.pop(0)

            def done(result):
                assert result == expected
                fire()

            done = common.must_call(done)

            def on_response(res):
                res.resume()
                done("regular")

            req = http.request(at(server.address()["port"], path="/", headers=headers),
                               on_response)
            if expected == "destroy":
                def on_close(*_):
                    server.remove_all_listeners("upgrade")
                    done("destroy")

                req.on("socket", lambda *_: req.socket.on("close", on_close))
            else:
                def on_upgrade(res, socket, head):
                    socket.destroy()
                    done("upgrade")

                req.on("upgrade", on_upgrade)
            req.end()

        def handler(req, res):
            res.write_head(200, {"Connection": "upgrade, keep-alive", "Upgrade": "h2c"})
            res.end("hello world")

        def on_upgrade(req, socket, head):
            socket.end("HTTP/1.1 101 Switching protocols\r\n"
                       "Connection: upgrade\r\n"
                       "Upgrade: h2c\r\n\r\n"
                       "ohai")

        server = http.create_server(handler).on("upgrade", on_upgrade)
        server.listen(0, common.HOST, fire)

    common.run(main)
