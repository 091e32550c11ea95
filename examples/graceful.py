"""Graceful shutdown: `nodekit examples/graceful.py [port] [deadline_ms]`.

On SIGTERM (or Ctrl-C) the server stops accepting and closes its idle
keep-alive connections (`server.close()`); requests in flight finish, each
connection closes as it goes idle, and the process exits 0 once the last one
is gone. A second signal, or the deadline (10 s by default), forces the rest
closed (`close_all_connections()`) and the process exits 1.

`/slow` streams ten chunks 100 ms apart, to watch an in-flight response finish:
`curl -N http://127.0.0.1:8080/slow & sleep 0.3; kill -TERM <pid>`.
"""

import sys

import nodekit
from nodekit import http, process

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8080
DEADLINE_MS = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000


def on_request(req, res):
    res.write_head(200, {"Content-Type": "text/plain"})
    if req.url != "/slow":
        res.end("hello\n")
        return
    sent = 0

    def next_chunk():
        nonlocal sent
        sent += 1
        res.write(f"chunk {sent}\n")
        if sent == 10:
            nodekit.clear_interval(timer)
            res.end()

    timer = nodekit.set_interval(next_chunk, 100)


def force_close():
    print("deadline passed or second signal: closing every connection", flush=True)
    process.exit_code = 1
    server.close_all_connections()


def on_signal(signal, signo):
    if server.listening:
        server.close(lambda *err: print("closed", flush=True))
        print(f"{signal}: closed to new connections, waiting for requests in flight",
              flush=True)
        # Unref'd: the deadline must not keep a finished server's process alive.
        nodekit.set_timeout(force_close, DEADLINE_MS).unref()
    else:
        force_close()


process.on("SIGTERM", on_signal)
process.on("SIGINT", on_signal)
server = http.create_server(on_request)
server.listen(PORT, "127.0.0.1",
              lambda: print(f"listening on 127.0.0.1:{server.address()['port']}", flush=True))
