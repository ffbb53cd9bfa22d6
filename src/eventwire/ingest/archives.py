"""Gzip and zip inputs read in memory without unpacking bombs.

Decompresses in chunks and stops as soon as the output passes the size limit or the
compression ratio passes ``MAX_RATIO``: a 10 MB gzip of zeros never becomes 10 GB in memory.
Never writes to disk; never raises for a bad archive except ``InputError`` with one line.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from eventwire.errors import InputError

#: Real text and HTML compress 3-15x; anything past this is a bomb, not an article.
MAX_RATIO = 100
#: Members of a zip read at most; a zip of a million empty files is refused.
MAX_MEMBERS = 10_000
_CHUNK = 64 * 1024


def gunzip_limited(data: bytes, *, name: str, max_bytes: int) -> bytes:
    """Decompress gzip data, refusing output over max_bytes or over MAX_RATIO times the input."""
    return _inflate(zlib.decompressobj(wbits=16 + zlib.MAX_WBITS), data, name=name, max_bytes=max_bytes)


def zip_members(path: Path, *, max_bytes: int) -> Iterator[tuple[str, bytes | InputError]]:
    """Yield (name, bytes) of each file in a zip, or (name, the error) for a member over the limits."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise InputError(f"{path} is not a readable zip file ({error}).") from None
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if len(members) > MAX_MEMBERS:
            raise InputError(f"{path} holds {len(members)} files, over the {MAX_MEMBERS} limit: unpack it first.")
        for info in sorted(members, key=lambda member: member.filename):
            try:
                yield info.filename, _read_member(archive, info, name=f"{path}!{info.filename}", max_bytes=max_bytes)
            except InputError as error:
                yield info.filename, error


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, *, name: str, max_bytes: int) -> bytes:
    if info.file_size > max_bytes:
        raise InputError(f"{name} unpacks to {info.file_size} bytes, over the {max_bytes}-byte limit.")
    limit = min(max_bytes, max(info.compress_size, 1) * MAX_RATIO)
    try:
        with archive.open(info) as handle:
            data = handle.read(limit + 1)  # the declared size may lie: read at most one byte past it
    except (zipfile.BadZipFile, OSError, RuntimeError, zlib.error) as error:
        raise InputError(f"{name} cannot be unpacked ({error}).") from None
    if len(data) > limit:
        raise InputError(f"{name} unpacks past {limit} bytes (size or compression-ratio limit): a zip bomb?")
    return data


def _inflate(engine: zlib._Decompress, data: bytes, *, name: str, max_bytes: int) -> bytes:
    limit = min(max_bytes, max(len(data), 1) * MAX_RATIO)
    out = bytearray()
    pending = data
    try:
        while pending:
            out += engine.decompress(pending, _CHUNK)
            if len(out) > limit:
                raise InputError(f"{name} unpacks past {limit} bytes (size or compression-ratio limit): a gzip bomb?")
            pending = engine.unconsumed_tail
            if engine.eof and engine.unused_data:  # concatenated gzip members
                pending, engine = engine.unused_data, zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        out += engine.flush()
    except zlib.error as error:
        raise InputError(f"{name} is not valid gzip ({error}).") from None
    if len(out) > limit:
        raise InputError(f"{name} unpacks past {limit} bytes (size or compression-ratio limit): a gzip bomb?")
    return bytes(out)
