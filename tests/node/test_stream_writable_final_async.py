# Port of Node v20 test/parallel/test-stream-writable-final-async.js.
# Deviations: `async _final` awaits asyncio.sleep(0.001) (Node:
# timers/promises setTimeout(1)).
import asyncio

from nodekit.stream import Duplex


class Foo(Duplex):
    async def _final(self, callback):
        await asyncio.sleep(0.001)
        callback()

    def _read(self, size):
        pass


def test_async_final(common):
    def main():
        foo = Foo()
        foo._write = common.must_call(lambda chunk, encoding, cb: cb())
        foo.end("test", common.must_call())
        foo.on("error", common.must_not_call("error"))

    common.run(main)
