"""Pausing Python's cyclic garbage collector around bulk work.

An import or a re-derive allocates millions of small objects that all stay alive until the end
(records, facts, ties). Each full collection walks every one of them, and CPython runs full
collections often enough while the heap grows that they took over half of derive()'s time. These
objects form no reference cycles worth collecting early, so the collector is paused for the bulk
step and runs once at the end; reference counting still frees everything as usual meanwhile.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["paused_gc"]


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
