"""Reproducible zip packages (DOCX, EPUB): fixed entry times and attributes."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Collection, Sequence

ZipTime = tuple[int, int, int, int, int, int]


def rezip(data: bytes, date_time: ZipTime, *, first: Sequence[str] = (),
          stored: Collection[str] = (), compresslevel: int | None = None) -> bytes:
    """The same package with fixed entry times and attributes, so equal input gives equal
    bytes (python-docx and ebooklib stamp the clock). Entries keep their order, except that
    those named in `first` come first; those in `stored` are not compressed, the rest are
    deflated at `compresslevel` (None: zlib's default)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        names = source.namelist()
        rank = {name: k for k, name in enumerate(first)}
        names.sort(key=lambda name: rank.get(name, len(rank)))  # stable: keeps the rest
        for name in names:
            if name in stored:
                target.writestr(zip_entry(name, date_time, zipfile.ZIP_STORED), source.read(name))
            else:
                target.writestr(zip_entry(name, date_time, zipfile.ZIP_DEFLATED),
                                source.read(name), compresslevel=compresslevel)
    return buffer.getvalue()


def zip_entry(name: str, date_time: ZipTime, compress_type: int) -> zipfile.ZipInfo:
    """A zip entry that carries no clock and no host: fixed time, a regular rw-r--r-- file."""
    entry = zipfile.ZipInfo(name, date_time=date_time)
    entry.create_system = 3  # Unix, whatever the host
    entry.external_attr = 0o100644 << 16
    entry.compress_type = compress_type
    return entry
