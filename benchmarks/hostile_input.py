"""Time and memory each hostile or broken export costs the loaders, and what comes of it.

    .venv/bin/python benchmarks/hostile_input.py [--photo-mb 50]

Each case is loaded through ``load_bytes`` (detection included), one at a time, with Python's
tracemalloc measuring the peak of memory allocated while loading. Targets: every case a few
seconds at most, peak memory a small multiple of the input, and each bad part named in a reject
or the refusal (never a traceback, never a silent drop). The table goes to stdout.
"""

from __future__ import annotations

import argparse
import io
import time
import tracemalloc
import zipfile

from intrograph.errors import InputError
from intrograph.loaders import load_bytes

HEADER = b"Name,E-mail 1 - Value,Notes\n"
GOOD = b"Cara,cara@x.example,hi\n"


def _bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Connections.csv", b"\n" * (500 * 1024 * 1024))
    return buf.getvalue()


def cases(photo_mb: int) -> dict[str, tuple[str, bytes]]:
    line = b"QUFB" * 19
    photo = b"\r\n ".join([line] * (photo_mb * 1024 * 1024 // len(line)))
    return {
        "20 MB field": ("x.csv", HEADER + b"Bob,bob@x.example," + b"A" * (20 << 20) + b"\n" + GOOD),
        "1M columns in the header": ("x.csv", b"Name," + b",".join(b"c%d" % i for i in
                                                                 range(1_000_000)) + b"\n"),
        "1M cells in a row": ("x.csv", HEADER + b"Bob,bob@x.example," + b"x," * 1_000_000 +
                              b"\n" + GOOD),
        "2M nested quotes": ("x.csv", HEADER + b"Bob,bob@x.example," + b'"' * 2_000_000 +
                             b"\n" + GOOD),
        "NUL after 64 KB": ("x.csv", HEADER + GOOD * 5000 + b"N\x00l,n@x.example,\n"),
        "invalid UTF-8": ("x.csv", HEADER + b"B\xff\xfeob,bob@x.example,\xc3\x28\n"),
        f"vCard, {photo_mb} MB photo": (
            "x.vcf", b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bob\r\nEMAIL:bob@x.example\r\n"
            b"PHOTO;ENCODING=b;TYPE=JPEG:" + photo + b"\r\nEND:VCARD\r\n"),
        "ZIP bomb (500 MB of newlines)": ("export.zip", _bomb()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--photo-mb", type=int, default=50)
    args = parser.parse_args()
    print("| case | input | seconds | peak memory | outcome |")
    print("|---|---|---|---|---|")
    for name, (file, data) in cases(args.photo_mb).items():
        tracemalloc.start()
        started = time.perf_counter()
        try:
            result = load_bytes(data, file)
            reasons = sorted({r.reason for r in result.rejects})
            outcome = f"{len(result.records)} records, {len(result.rejects)} rejects"
            if reasons:
                outcome += f" ({'; '.join(reasons)[:90]})"
        except InputError as exc:
            outcome = f"refused: {str(exc)[:90]}"
        took = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"| {name} | {len(data) / 1e6:.1f} MB | {took:.2f} | {peak / 1e6:.0f} MB | "
              f"{outcome} |", flush=True)


if __name__ == "__main__":
    main()
