"""One HTTP server per core, with rolling restarts: `nodekit examples/cluster.py [port] [workers]`.

The primary forks the workers (fresh processes running this same program)
and their `listen(port)` shares its port: by default the primary accepts and
hands connections to the workers in turn (cluster.SCHED_RR);
NODEKIT_CLUSTER_SCHED_POLICY=none lets the kernel spread them instead.

`kill -HUP <primary pid>` restarts the workers one at a time without
dropping a request: a replacement is forked, and once it listens the old
worker is disconnected (it stops taking connections, finishes its requests,
tells its keep-alive clients `Connection: close` so they reconnect to
another worker, and exits) before the next one. A worker that dies is replaced at once.
SIGTERM or SIGINT disconnects every worker and the primary exits when they
are gone.
"""

import os
import sys

from nodekit import cluster, http, process

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8080
WORKERS = int(sys.argv[2]) if len(sys.argv) > 2 else (os.cpu_count() or 1)


def primary():
    state = {"restarting": False, "stopping": False}

    def on_listening(worker, address):
        print(f"worker {worker.id} (pid {worker.process.pid}) listening on "
              f":{address['port']}", flush=True)

    def on_exit(worker, code, signal):
        if not worker.exited_after_disconnect and not state["stopping"]:
            print(f"worker {worker.id} died ({signal or code}): forking a replacement",
                  flush=True)
            cluster.fork()

    def restart_one(old_workers):
        if not old_workers:
            state["restarting"] = False
            print("rolling restart done", flush=True)
            return
        old = old_workers.pop(0)
        if old.is_dead():
            restart_one(old_workers)
            return
        new = cluster.fork()
        # Only once the replacement takes connections does the old one leave.
        new.once("listening", lambda address: old.disconnect())
        old.once("exit", lambda code, signal: restart_one(old_workers))

    def on_sighup(signal, signo):
        if state["restarting"] or state["stopping"]:
            return
        state["restarting"] = True
        print("SIGHUP: rolling restart", flush=True)
        restart_one(list(cluster.workers.values()))

    def on_stop(signal, signo):
        state["stopping"] = True
        print(f"{signal}: disconnecting the workers", flush=True)
        process.off("SIGHUP", on_sighup)
        process.off("SIGTERM", on_stop)
        process.off("SIGINT", on_stop)
        cluster.disconnect(lambda: print("all workers gone", flush=True))

    cluster.on("listening", on_listening)
    cluster.on("exit", on_exit)
    process.on("SIGHUP", on_sighup)
    process.on("SIGTERM", on_stop)
    process.on("SIGINT", on_stop)
    for _ in range(WORKERS):
        cluster.fork()


def worker():
    def on_request(req, res):
        res.write_head(200, {"Content-Type": "text/plain"})
        res.end(f"hello from worker {cluster.worker.id} (pid {process.pid})\n")

    http.create_server(on_request).listen(PORT)


if cluster.is_primary:
    primary()
else:
    worker()
