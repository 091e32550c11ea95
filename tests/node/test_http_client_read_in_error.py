# Port of Node v20 test/parallel/test-http-client-read-in-error.js.
# Deviations: the hook takes Node's (options, callback) (NodeKit's Agent calls
# it with both, as Node does; a JS function may ignore the second).
from nodekit import http, net, next_tick


class _Agent(http.Agent):
    def create_connection(self, options, callback=None):
        socket = net.Socket()
        socket.on("error", lambda *_: socket.push(b"HTTP/1.1 200\r\n\r\n"))

        def on_new_listener(name, *_):
            if name != "error":
                return
            socket.remove_listener("newListener", on_new_listener)
            # Let other listeners be set up too.
            next_tick(lambda: self.break_socket(socket))

        socket.on("newListener", on_new_listener)
        return socket

    def break_socket(self, socket):
        socket.emit("error", Exception("Intentional error"))


def test_data_pushed_after_the_socket_error_is_not_read(common):
    def main():
        req = http.request({"agent": _Agent()})

        def on_error(*_):
            req.on("data", common.must_not_call())

        req.once("error", common.must_call(on_error))

    common.run(main)
