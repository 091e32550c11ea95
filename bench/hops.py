"""Counts the hops of one keep-alive hello-world exchange (NodeKit client and
server in one process): calls from one NodeKit module into another (or into
the application), per side. ``python bench/hops.py``"""

from __future__ import annotations

import sys
from collections import Counter

import nodekit
from nodekit import http

PKG = nodekit.__file__.rsplit("/", 1)[0] + "/"
CLIENT = ("http/_client.py", "http/_agent.py")
SERVER = ("http/_server.py",)


def module(frame):
    f = frame.f_code.co_filename
    return f[len(PKG):] if f.startswith(PKG) else ("app" if f == __file__ else None)


hops: Counter[str] = Counter()
pairs: Counter[tuple[str, str]] = Counter()


def profiler(frame, event, arg):
    if event != "call":
        return
    callee = module(frame)
    caller = module(frame.f_back) if frame.f_back is not None else None
    if callee is None or caller is None or callee == caller:
        return
    pairs[caller, callee] += 1
    side = "client" if (caller in CLIENT or callee in CLIENT) else \
        "server" if (caller in SERVER or callee in SERVER) else "shared"
    hops[side] += 1


def main():
    agent = http.Agent(keep_alive=True)
    srv = http.create_server(lambda req, res: res.end("hello world"))
    count = {"n": 0}

    def one(port):
        def on_response(res):
            res.on("end", lambda: after(port))
            res.resume()
        http.get({"host": "127.0.0.1", "port": port, "agent": agent}, on_response)

    def after(port):
        count["n"] += 1
        if count["n"] == 2:  # warm: the second exchange is traced
            sys.setprofile(profiler)
        if count["n"] == 3:
            sys.setprofile(None)
            agent.destroy()
            srv.close()
            return
        one(port)

    srv.listen(0, "127.0.0.1", lambda: one(srv.address()["port"]))


nodekit.run(main)
total = sum(hops.values())
print(f"cross-module calls in one exchange: {total} "
      f"(client {hops['client']}, server {hops['server']}, other {hops['shared']})")
if "-v" in sys.argv:
    for (a, b), n in pairs.most_common():
        print(f"  {a} -> {b}: {n}")
