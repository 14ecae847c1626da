"""Limits that keep a hostile or broken export from costing unbounded memory or time.

Real address-book exports are small and regular: LinkedIn's data-export ZIP holds a few dozen
files compressed about 5:1, Outlook writes ~90 columns and Google a few hundred at most, a card
without its photo is a few kilobytes. Each limit sits orders of magnitude above that, so only a
crafted or damaged file meets one; it is then refused or rejected with the reason, never
half-processed.
"""

from __future__ import annotations

import zipfile
from pathlib import PurePosixPath, PureWindowsPath

__all__ = [
    "MAX_CARD_CHARS",
    "MAX_COLUMNS",
    "MAX_REJECT_CELLS",
    "MAX_REJECT_VALUE",
    "MAX_ZIP_ENTRIES",
    "MAX_ZIP_RATIO",
    "clip_raw",
    "zip_problem",
]

# A LinkedIn export holds ~40 members; a zip bomb of many tiny entries holds millions.
MAX_ZIP_ENTRIES = 10_000
# Text compresses 5-10:1 and a CSV of repeated columns maybe 50:1; bombs reach 1000:1 and more.
MAX_ZIP_RATIO = 200
# Below this size no ratio matters: a tiny file of blanks compresses absurdly and harmlessly.
_RATIO_FLOOR = 1024 * 1024
# A header this wide is no contact export (Google's widest is a few hundred columns).
MAX_COLUMNS = 5_000
# A card's text without PHOTO/LOGO/SOUND/KEY blobs: real ones are a few KB.
MAX_CARD_CHARS = 1024 * 1024
# What a rejects report keeps of a refused record: enough to recognise it, not a payload.
MAX_REJECT_CELLS = 100
MAX_REJECT_VALUE = 1_000


def zip_problem(archive: zipfile.ZipFile) -> str | None:
    """Return why the archive must not be read (too many entries, a member whose name escapes
    the archive, a member that inflates absurdly), or None when it looks like an export."""
    infos = archive.infolist()
    if len(infos) > MAX_ZIP_ENTRIES:
        return f"the ZIP archive has {len(infos)} entries, more than {MAX_ZIP_ENTRIES}"
    for info in infos:
        name = info.filename
        posix = PurePosixPath(name.replace("\\", "/"))
        if (posix.is_absolute() or ".." in posix.parts or PureWindowsPath(name).drive
                or "\x00" in name):
            return f"the ZIP archive holds a path that leaves the archive: {name[:100]!r}"
        if info.file_size > _RATIO_FLOOR and info.file_size > MAX_ZIP_RATIO * max(
                info.compress_size, 1):
            return (f"{name[:100]} in the ZIP archive would inflate "
                    f"{info.file_size // max(info.compress_size, 1)}-fold "
                    f"(more than {MAX_ZIP_RATIO}:1): a decompression bomb")
    return None


def clip_raw(raw: dict[str, str]) -> dict[str, str]:
    """Return a rejected record's cells cut to what a report needs: the first
    :data:`MAX_REJECT_CELLS` cells, each at most :data:`MAX_REJECT_VALUE` characters."""
    if len(raw) <= MAX_REJECT_CELLS and all(len(v) <= MAX_REJECT_VALUE for v in raw.values()):
        return raw
    clipped: dict[str, str] = {}
    for key, value in raw.items():
        if len(clipped) == MAX_REJECT_CELLS:
            clipped["(more)"] = f"{len(raw) - MAX_REJECT_CELLS} more cells not shown"
            break
        if len(value) > MAX_REJECT_VALUE:
            value = f"{value[:MAX_REJECT_VALUE]}… ({len(value)} characters)"
        clipped[key[:MAX_REJECT_VALUE]] = value
    return clipped
