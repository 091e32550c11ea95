# Port of Node v20 test/parallel/test-https-drain.js.
# Deviations: Node's rsa_cert.crt/rsa_private.pem self-signed pair is the
# self-signed agent2 shape here (made at run time); 64 KiB writes (Node:
# 1 MiB) — what matters is the write that returns False; Node's exit(1)
# watchdog timer is a must_not_call timer; the client connects to 127.0.0.1.
from nodekit import clear_timeout, https, next_tick, set_timeout
from tests.node._common import at
from tests.node._tls import agent2

BUF_SIZE = 64 * 1024


def test_a_paused_response_fills_the_pipe_then_drains(common):
    counts = {"sent": 0, "received": 0}

    def main():
        pair = agent2()

        def handler(req, res):
            res.write_head(200)
            req.pipe(res)

        server = https.create_server({"key": pair.key, "cert": pair.cert}, handler)

        def go(port):
            state = {"resumed": False, "timer": None}

            def on_response(res):
                res.pause()

                def send():
                    if req.write(bytes(BUF_SIZE)):
                        counts["sent"] += BUF_SIZE
                        assert counts["sent"] < 100 * 1024 * 1024  # max 100MB
                        next_tick(send)
                        return
                    counts["sent"] += BUF_SIZE
                    state["resumed"] = True
                    res.resume()
                    state["timer"] = set_timeout(common.must_not_call("no data"), 1000)

                def on_data(data):
                    assert state["resumed"]
                    if state["timer"] is not None:
                        clear_timeout(state["timer"])
                        state["timer"] = None
                    counts["received"] += len(data)
                    if counts["received"] >= counts["sent"]:
                        req.end()
                        server.close()

                res.on("data", on_data)
                send()

            req = https.request(at(port, method="POST", reject_unauthorized=False),
                                on_response)
            req.write("a")
            counts["sent"] += 1

        common.listen(server, go)

    common.run(main, timeout=30)
    assert counts["sent"] == counts["received"]
