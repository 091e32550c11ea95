"""The benchmark client, NodeKit's half: N keep-alive GETs, C in flight (as client.js)."""

import sys
import time

from nodekit import http

PORT, TOTAL, INFLIGHT = (int(a) for a in sys.argv[1:4])
agent = http.Agent(keep_alive=True, max_sockets=INFLIGHT)
state = {"started": 0, "done": 0}
t0 = time.perf_counter()


def one():
    if state["started"] >= TOTAL:
        return
    state["started"] += 1

    def on_response(res):
        def on_end():
            state["done"] += 1
            if state["done"] == TOTAL:
                print(round(TOTAL / (time.perf_counter() - t0)))
                agent.destroy()
            else:
                one()

        res.on("end", on_end)
        res.resume()

    http.get({"port": PORT, "host": "127.0.0.1", "path": "/", "agent": agent}, on_response)


for _ in range(INFLIGHT):
    one()
