"""Keeping Python's cyclic garbage collector out of the way of bulk work.

An import allocates millions of small objects that form no reference cycles; reference counting
frees them all, and the collector's passes over them are pure cost:

- while files are parsed and stored, its young-generation passes (every 700 allocations by
  default) took a fifth of the import's CPU, so imports run it every 50,000 instead;
- derive() builds facts, clusters and ties that all stay alive until it returns, and the full
  collections that walk every one of them took over half of its time, so it pauses the
  collector outright.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["collect_less_often", "paused_gc"]


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic collector inside the block (nested blocks are fine)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextlib.contextmanager
def collect_less_often(threshold: int = 50_000) -> Iterator[None]:
    """Run the collector's young-generation pass every ``threshold`` allocations inside the
    block; the previous thresholds come back afterwards."""
    before = gc.get_threshold()
    gc.set_threshold(threshold, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
