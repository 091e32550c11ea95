"""The cluster benchmark server: `cluster.py PORT WORKERS [reuse_port]`.

The hello world of server.py on WORKERS workers. The policy is the
environment's (NODEKIT_CLUSTER_SCHED_POLICY=rr|none); `reuse_port` makes
each worker bind its own socket (SO_REUSEPORT) instead. The primary prints
"ready" once every worker listens, and on SIGUSR1 asks every worker how many
connections it has accepted and prints `counts {"1": n, ...}`.
"""

import json
import sys

from nodekit import cluster, http, process

PORT = int(sys.argv[1])
WORKERS = int(sys.argv[2])
REUSE_PORT = len(sys.argv) > 3 and sys.argv[3] == "reuse_port"


def primary():
    listening = set()
    counts = {}

    def on_message(worker, message):
        if message == "listening":  # a reuse_port listen is the worker's own: no 'listening'
            listening.add(worker.id)
            if len(listening) == WORKERS:
                print("ready", flush=True)
            return
        counts[str(worker.id)] = message["connections"]
        if len(counts) == WORKERS:
            print("counts", json.dumps(counts), flush=True)
            counts.clear()

    def ask(*_):
        for worker in cluster.workers.values():
            worker.send("count")

    cluster.on("message", on_message)
    process.on("SIGUSR1", ask)
    process.on("SIGTERM", lambda *_: cluster.disconnect())
    for _ in range(WORKERS):
        cluster.fork()


def worker():
    connections = 0

    def on_connection(sock):
        nonlocal connections
        connections += 1

    def on_request(req, res):
        res.write_head(200, {"Content-Type": "text/plain"})
        res.end("Hello, World!")

    server = http.create_server(on_request)
    server.on("connection", on_connection)
    process.on("message", lambda message: process.send({"connections": connections}))
    server.listen(PORT, "127.0.0.1", reuse_port=REUSE_PORT,
                  callback=lambda: process.send("listening"))


if cluster.is_primary:
    primary()
else:
    worker()
