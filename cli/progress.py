"""A progress bar on stderr when it is a terminal; nothing at all when output is piped."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator

from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

__all__ = ["progress_bar", "stage_of"]


@contextlib.contextmanager
def progress_bar(
    description: str, *, in_bytes: bool = False, enabled: bool | None = None
) -> Iterator[Callable[[int, int], None] | None]:
    """Yield a ``progress(done, total)`` callback for library code, or None when not shown;
    its ``stage(text)`` names a step that follows without a measure (pass it as ``on_stage``)."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        yield None
        return
    columns = [TextColumn("{task.description}"), BarColumn()]
    columns.append(DownloadColumn() if in_bytes else TextColumn("{task.completed}/{task.total}"))
    columns.append(TimeRemainingColumn())
    with Progress(*columns, transient=True) as bar:
        task = bar.add_task(description, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        def stage(text: str) -> None:
            # A step with no measure of its own follows the bytes (resolving a million records
            # takes minutes): name it, so a full bar is not taken for a hang.
            bar.update(task, description=text)

        update.stage = stage  # type: ignore[attr-defined]
        yield update


def stage_of(progress: Callable[[int, int], None] | None) -> Callable[[str], None] | None:
    """Return the ``stage`` of a callback :func:`progress_bar` gave, or None."""
    return getattr(progress, "stage", None)
