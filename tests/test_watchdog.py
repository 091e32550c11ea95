"""The test watchdog (conftest.run) ends a run that never goes idle, even when
the test listens for 'uncaughtException' (which would swallow an error raised
through it: the run would hang instead of failing)."""

import pytest
from conftest import Watchdog, run

from nodekit import net, process


def test_watchdog_fires_even_when_uncaught_exceptions_are_listened_for():
    listener = lambda err, origin=None: None
    srv = net.create_server()
    def main():
        process.on("uncaughtException", listener)
        srv.listen(0, "127.0.0.1")  # keeps the run alive: only the watchdog ends it
    try:
        with pytest.raises(Watchdog):
            run(main, timeout=0.5)
    finally:
        process.off("uncaughtException", listener)
        run(srv.close, timeout=5)
