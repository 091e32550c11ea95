# Port of Node v20 test/parallel/test-http-client-spurious-aborted.js.
# Deviations: Node wraps the socket's internal `_handle.close` to set
# `res.readable = true` on a complete response before the close; NodeKit has
# no handle to wrap, so the port checks the rest: a response cut short is
# 'aborted' with ECONNRESET, a complete one ends without 'aborted' or 'error'.
from nodekit import http, next_tick
from nodekit.stream import Writable
from tests.node._common import HOST

N = 2


def test_only_the_cut_response_is_aborted(common):
    def main():
        state = {"abort": True, "finished": 0, "reqs": 0}

        def handler(req, res):
            socket = res.socket
            res.write_head(200, {"Content-Type": "text/plain", "Connection": "close",
                                 "Content-Length": 50})
            res.write("aaaaaaaaaabbbbbbbbbbccccccccccdddddddddd")
            if state["abort"]:
                next_tick(socket.destroy)
            else:
                next_tick(lambda: res.end("eeeeeeeeee"))

        server = http.Server(common.must_call(handler, N))
        done = common.must_call(server.close)
        req_done = common.must_call()

        def req_dec():
            state["reqs"] += 1
            if state["reqs"] == N:
                req_done()

        def download():
            req = http.get({"host": HOST, "port": server.address()["port"], "path": "/"})
            req.on("error", common.must_not_call())

            def on_response(res):
                assert res.status_code == 200
                assert res.headers["connection"] == "close"
                aborted = [False]
                writable = Writable(write=lambda chunk, enc, cb: cb())
                res.pipe(writable)
                if not state["abort"]:
                    res.on("end", common.must_call(req_dec))
                    res.on("error", common.must_not_call())
                else:
                    def on_aborted():
                        aborted[0] = True
                        req_dec()
                        writable.end()

                    res.on("aborted", common.must_call(on_aborted))
                    res.on("error", common.expects_error(code="ECONNRESET"))

                def on_finish():
                    assert aborted[0] == state["abort"]
                    state["finished"] += 1
                    if state["finished"] == N:
                        done()
                        return
                    state["abort"] = False  # the next one is a good response
                    download()

                writable.on("finish", on_finish)

            req.on("response", on_response)
            req.end()

        common.listen(server, lambda port: download())

    common.run(main)
