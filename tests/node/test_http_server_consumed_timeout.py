# Port of Node v20 test/parallel/test-http-server-consumed-timeout.js.
# Deviations: none (as in Node, a run whose interval was late retries with a
# doubled timeout).
import time

from nodekit import clear_interval, http, set_interval, set_timeout
from tests.node._common import at

TIMEOUT = 200
INTERVAL = TIMEOUT // 8


def test_a_body_that_keeps_coming_does_not_time_out(common):
    durations = []
    flags = {"too_short": False}

    def run_test(timeout_duration):
        state = {"interval_invoked": False, "new_timeout": 0}

        def close_callback(err=None):
            assert err is None
            if state["new_timeout"]:
                run_test(state["new_timeout"])

        def handler(req, res):
            server.close(common.must_call(close_callback))
            res.write_head(200)
            res.flush_headers()

            def on_timeout(*_):
                if not state["interval_invoked"]:
                    state["new_timeout"] = timeout_duration * 2
                    return
                if flags["too_short"]:
                    state["interval_invoked"] = False
                    flags["too_short"] = False
                    state["new_timeout"] = max(*durations, timeout_duration) * 2
                    return
                raise AssertionError("Request timeout should not fire")

            req.set_timeout(timeout_duration, on_timeout)
            req.resume()
            req.once("end", lambda: res.end())

        server = http.create_server(handler)

        def go(port):
            def on_response(res):
                last = [time.monotonic()]

                def tick():
                    now = time.monotonic()
                    duration = (now - last[0]) * 1000
                    durations.append(duration)
                    last[0] = now
                    if duration > timeout_duration / 2:
                        flags["too_short"] = True
                    state["interval_invoked"] = True
                    req.write("a")

                interval = set_interval(tick, INTERVAL)

                def stop():
                    clear_interval(interval)
                    req.end()

                set_timeout(stop, timeout_duration)
                res.resume()

            req = http.request(at(port, method="POST"), on_response)
            req.write(".")

        common.listen(server, go)

    common.run(lambda: run_test(TIMEOUT), timeout=30)
