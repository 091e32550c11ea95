# Port of Node v20 test/parallel/test-http-agent-scheduling.js.
# Deviations: the URL uses 127.0.0.1 rather than localhost; the three
# scheduling tests are one test each.
from nodekit import http, next_tick


def _create_server(common):
    # Answers with the remote port of the connection the request came on.
    return http.create_server(common.must_call_at_least(
        lambda req, res: res.end(str(req.socket.remote_port))))


def _make_request(url, agent, callback):
    def on_response(res):
        data = []
        res.set_encoding("ascii")
        res.on("data", data.append)
        res.on("end", lambda: next_tick(callback, "".join(data)))

    http.request(url, {"agent": agent}, on_response).end()


def _bulk_request(url, agent, done):
    ports = []
    count = [agent.max_sockets]

    def callback(port):
        count[0] -= 1
        ports.append(port)
        if count[0] == 0:
            done(ports)

    for _ in range(agent.max_sockets):
        _make_request(url, agent, callback)


def _check_order(common, scheduling, expected_index):
    def main():
        server = _create_server(common)

        def on_listen():
            url = f"http://127.0.0.1:{server.address()['port']}"
            options = {"keep_alive": True, "max_sockets": 5}
            if scheduling is not None:
                options["scheduling"] = scheduling
            agent = http.Agent(options)

            def after_bulk(ports):
                def third(port):
                    assert ports[expected_index(2, ports)] == port
                    server.close()
                    agent.destroy()

                def second(port):
                    assert ports[expected_index(1, ports)] == port
                    _make_request(url, agent, common.must_call(third))

                def first(port):
                    assert ports[expected_index(0, ports)] == port
                    _make_request(url, agent, common.must_call(second))

                _make_request(url, agent, common.must_call(first))

            _bulk_request(url, agent, common.must_call(after_bulk))

        server.listen(0, "127.0.0.1", on_listen)

    common.run(main)


def test_default_scheduling_is_lifo(common):
    _check_order(common, None, lambda i, ports: len(ports) - 1)


def test_fifo_scheduling(common):
    _check_order(common, "fifo", lambda i, ports: i)


def test_lifo_scheduling(common):
    _check_order(common, "lifo", lambda i, ports: len(ports) - 1)


def test_bad_scheduling_option():
    try:
        http.Agent(keep_alive=True, max_sockets=5, scheduling="filo")
    except Exception as err:  # noqa: BLE001 - checked below, as Node's test does
        assert err.code == "ERR_INVALID_ARG_VALUE"
        assert str(err.args[0]) == ("The argument 'scheduling' must be one of: 'fifo', "
                                    "'lifo'. Received 'filo'")
    else:
        raise AssertionError("scheduling='filo' was accepted")
