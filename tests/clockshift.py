"""Shift this interpreter's wall clock by TEST_CLOCK_SHIFT_DAYS days, for the test run only.

`./check` puts a one-line `.pth` file in the test environment that runs this file when the
variable is set, so every Python process of the run (pytest, its xdist workers, the servers and
workers the tests start, their forks) sees the same shifted, ticking wall clock, while the
tests' own frozen dates stay as written. time-machine patches the wall clock only; monotonic
timers (durations, subprocess waits) are untouched, which is why it is used and libfaketime is
not. This is the one place besides bot/clock.py that reads the wall clock (tests/test_clock.py).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import types

DAYS = float(os.environ.get("TEST_CLOCK_SHIFT_DAYS") or 0)
MARK = "styrbot_clockshift"  # site may read the .pth twice (lib and its lib64 link): shift once

if DAYS and MARK not in sys.modules:
    import time_machine

    sys.modules[MARK] = types.ModuleType(MARK)
    time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=DAYS), tick=True).start()
