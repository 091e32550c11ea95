# Port of Node v20 test/parallel/test-http-agent-keepalive.js.
# Deviations: Node imports Agent from the internal `_http_agent`; the port
# uses http.Agent (the same class). Node's fixed waits for the agent to drop
# a socket (platformTimeout(200) after the server's end(), 1 ms after the
# 'error' for its 'close') are polls until the agent dropped it (at most
# 10 s): a fixed wait raced on a loaded machine. Node
# also counts the socket's 'end' listeners (its client's onReadableStreamEnd
# and socketOnEnd); NodeKit's client reads the socket's end as the socket's
# consumer, with no 'end' listener, so those two counts are left out. And
# NodeKit's client installs its 'error'/'close'/'timeout'/'drain' forwarders
# once per socket (they reach whichever request uses it, none while it is
# free), not once per request: at 'free' the port checks no 'data' listener
# is left and an 'error' listener is there, not Node's exact counts of
# 'drain' (0) and 'error' (1).
from nodekit import http, next_tick, set_immediate
from tests.conftest import when


def test_keep_alive_agent_reuses_then_drops_closed_sockets(common):
    agent = http.Agent(keep_alive=True, keep_alive_msecs=1000, max_sockets=5,
                       max_free_sockets=5)
    state = {}

    def main():
        def handler(req, res):
            if req.url == "/error":
                res.destroy()
                return
            if req.url == "/remote_close":
                # Cache the socket, close it after a short delay.
                socket = res.connection
                set_immediate(common.must_call(lambda: socket.end()))
            res.end("hello world")

        server = http.create_server(common.must_call(handler, 4))

        def check_listeners(socket):
            def callback(*_):
                if not socket.destroyed:
                    assert socket.listener_count("data") == 0
                    # Sockets have the free socket's error listener.
                    assert socket.listener_count("error") >= 1
                socket.off("free", counted)
                socket.off("close", counted)

            counted = common.must_call(callback)
            assert socket.listener_count("error") == 1
            socket.once("free", counted)
            socket.once("close", counted)

        def get(path, callback):
            req = http.get({"host": "localhost", "port": server.address()["port"],
                            "agent": agent, "path": path}, callback)
            req.on("socket", common.must_call(check_listeners))
            return req

        def check_data_and_sockets(body):
            name = state["name"]
            assert bytes(body) == b"hello world"
            assert len(agent.sockets[name]) == 1
            assert name not in agent.free_sockets
            assert agent.total_socket_count == 1

        def in_use_then_free(res, then):
            name = state["name"]
            res.on("data", check_data_and_sockets)

            def after_tick():
                assert name not in agent.sockets
                assert len(agent.free_sockets[name]) == 1
                assert agent.total_socket_count == 1
                then()

            def on_end(*_):
                assert len(agent.sockets[name]) == 1
                assert name not in agent.free_sockets
                next_tick(common.must_call(after_tick))

            res.on("end", common.must_call(on_end))

        def first():
            def on_response(res):
                assert req.reused_socket is False
                assert res.status_code == 200
                in_use_then_free(res, second)

            req = get("/first", common.must_call(on_response))

        def second():
            # The second request uses the same socket.
            def on_response(res):
                assert req.reused_socket is True
                assert res.status_code == 200
                in_use_then_free(res, remote_close)

            req = get("/second", common.must_call(on_response))

        def remote_close():
            # The server closes the socket a little later.
            def closed():
                name = state["name"]
                assert name not in agent.sockets
                assert name not in agent.free_sockets
                assert agent.total_socket_count == 0
                remote_error()

            def on_response(res):
                assert req.reused_socket is True
                assert res.status_code == 200
                in_use_then_free(res, lambda: when(lambda: agent.total_socket_count == 0,
                                                   common.must_call(closed)))

            req = get("/remote_close", common.must_call(on_response))

        def remote_error():
            # The server destroys the socket.
            req = get("/error", common.must_not_call())
            name = state["name"]

            def closed():
                assert name not in agent.sockets
                assert name not in agent.free_sockets
                assert agent.total_socket_count == 0
                server.close()

            def on_error(err):
                assert str(err) == "socket hang up"
                assert len(agent.sockets[name]) == 1
                assert name not in agent.free_sockets
                assert agent.total_socket_count == 1
                # Wait for the socket's 'close'.
                when(lambda: agent.total_socket_count == 0, common.must_call(closed))

            req.on("error", common.must_call(on_error))

        def on_listening():
            state["name"] = f"localhost:{server.address()['port']}:"
            first()

        server.listen(0, common.must_call(on_listening))

    common.run(main, timeout=20)
