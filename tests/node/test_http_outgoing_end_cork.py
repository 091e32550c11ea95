# Port of Node v20 test/parallel/test-http-outgoing-end-cork.js.
# Deviations: Node's async loop of awaited requests is a chain of callbacks;
# its two watchdog timers (500 ms per request, 1 s in all) are kept.
from nodekit import clear_timeout, http, set_timeout
from tests.node._common import HOST

REQ_TIMEOUT = 500  # ms before a request counts as lost
TOTAL_TEST_TIMEOUT = 1000


def test_a_double_ended_response_leaves_its_socket_uncorked_for_reuse(common):
    def main():
        handled = set()
        state = {"reused": False}

        def double_end_response(res):
            # End with some data, then end again.
            res.end("regular end of request", "utf8", common.must_call())
            # The socket is uncorked after the first end().
            assert res.writable_corked == 0
            res.end()

        def send_drain_needing_data(res):
            # More than the high-water mark: it needs a 'drain'.
            high_water_mark = res.socket.writable_high_water_mark
            ret = res.write(bytes(high_water_mark + 100))
            assert ret is False  # back-pressure on the response
            res.once("drain", lambda: res.end())

        def handler(req, res):
            socket = res.socket
            if socket in handled:  # a reused socket: send big data
                state["reused"] = True
                send_drain_needing_data(res)
            else:
                handled.add(socket)
                double_end_response(res)

        server = http.create_server(handler)
        server.listen(0)
        agent = http.Agent(keep_alive=True)  # forces socket reuse

        def send_request(then):
            timeout = set_timeout(common.must_not_call("request timed out"), REQ_TIMEOUT)

            def on_response(res):
                res.on("data", lambda data: None)

                def on_end(*_):
                    clear_timeout(timeout)
                    then()

                res.on("end", common.must_call(on_end))

            http.get({"host": HOST, "port": server.address()["port"], "path": "/",
                      "agent": agent}, common.must_call(on_response))

        def loop():
            if state["reused"]:
                clear_timeout(test_timeout)
                agent.destroy()
                server.close()
                return
            send_request(loop)

        test_timeout = None

        def on_listening():
            nonlocal test_timeout
            test_timeout = set_timeout(common.must_not_call("no reused socket"),
                                       TOTAL_TEST_TIMEOUT)
            loop()

        server.once("listening", on_listening)

    common.run(main, timeout=3)
