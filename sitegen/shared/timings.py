"""Phase times and peak memory on standard error, when SITEGEN_TIMINGS is set."""

from __future__ import annotations

import os
import resource
import sys
import time


class Clock:
    """Phase times on standard error when SITEGEN_TIMINGS is set (for profiling)."""

    def __init__(self) -> None:
        self.on = bool(os.environ.get("SITEGEN_TIMINGS"))
        self.last = time.perf_counter()

    def __call__(self, phase: str) -> None:
        if self.on:
            now = time.perf_counter()
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
            print(f"  {phase}: {now - self.last:.3f}s (peak {peak} MB)", file=sys.stderr)
            self.last = now
