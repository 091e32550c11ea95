# Port of Node v20 test/parallel/test-stream-pipe-deadlock.js.
# Deviations: the async IIFE is a coroutine run as a task.
import asyncio

from nodekit import next_tick, set_immediate
from nodekit.stream import Readable, Writable
from tests.node._streams import run_async


def test_pipe_of_ended_paused_source_into_full_writable_finishes(common):
    async def run_test():
        # A src that is internally ended, with buffered data pending.
        src = Readable(read=lambda size: None)
        src.push(bytes(100))
        src.push(None)
        src.pause()
        settled = asyncio.get_running_loop().create_future()
        set_immediate(lambda: settled.set_result(None))
        await settled
        dst = Writable(high_water_mark=1000, write=lambda buf, enc, cb: next_tick(cb))
        dst.write(bytes(1000))  # fill the write buffer
        dst.on("finish", common.must_call())
        src.pipe(dst)

    def main():
        run_async(common, run_test())

    common.run(main)
