# Port of Node v20 test/parallel/test-http-agent-maxtotalsockets.js.
# Deviations: option names in snake_case (max_total_sockets ...); the
# messages show Python's repr of the value ('test', nan, inf); Countdown is a
# counter; host 127.0.0.1 rather than localhost.
import math

from nodekit import http
from tests.node._common import at, raises


def test_max_total_sockets_is_validated():
    raises(lambda: http.Agent(max_total_sockets="test"), code="ERR_INVALID_ARG_TYPE",
           cls=TypeError,
           message='The "maxTotalSockets" argument must be of type number. Received')
    for item in (math.nan, math.inf):
        raises(lambda item=item: http.Agent(max_total_sockets=item), code="ERR_OUT_OF_RANGE",
               cls=ValueError,
               message='The value of "maxTotalSockets" is out of range. It must be an integer.')
    for item in (-1, 0):
        raises(lambda item=item: http.Agent(max_total_sockets=item), code="ERR_OUT_OF_RANGE",
               cls=ValueError,
               message='The value of "maxTotalSockets" is out of range. It must be > 0. '
                       f"Received {item}")


def test_max_total_sockets_holds_across_two_origins(common):
    max_total_sockets = 2
    max_sockets = 3

    def main():
        agent = http.Agent(keep_alive=True, keep_alive_msecs=1000,
                           max_total_sockets=max_total_sockets, max_sockets=max_sockets,
                           max_free_sockets=3)
        server = http.create_server(common.must_call(lambda req, res: res.end("hello world"), 6))
        server2 = http.create_server(common.must_call(lambda req, res: res.end("hello world"),
                                                      6))
        server.keep_alive_timeout = 0
        server2.keep_alive_timeout = 0
        left = [12]

        def countdown():
            left[0] -= 1
            if left[0] == 0:
                assert sum(len(v) for v in agent.requests.values()) == 0
                agent.destroy()
                server.close()
                server2.close()

        def handler(s):
            for i in range(6):
                def on_response(res):
                    assert res.status_code == 200
                    res.resume()

                    def on_end():
                        for sockets in agent.sockets.values():
                            assert len(sockets) <= max_sockets
                        total = sum(len(v) for v in agent.sockets.values())
                        assert total <= max_total_sockets
                        countdown()

                    res.on("end", common.must_call(on_end))

                http.get(at(s.address()["port"], agent=agent, path=f"/{i}"),
                         common.must_call(on_response))

        server.listen(0, "127.0.0.1", common.must_call(lambda: handler(server)))
        server2.listen(0, "127.0.0.1", common.must_call(lambda: handler(server2)))

    common.run(main)
