"""The registry's JSON as a binary stream, whatever it comes as (a path, a file object, chunks), and how far into it
the parser has read."""

import os
from collections.abc import Iterable
from contextlib import contextmanager
from typing import IO


class _ChunkReader:
    """A binary file-like object over an iterable of str/bytes chunks (a generator, a network stream)."""

    def __init__(self, chunks: Iterable[str | bytes]):
        self._chunks = iter(chunks)
        self._buffer = b""

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self._buffer) < size:
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            self._buffer += chunk.encode("utf-8") if isinstance(chunk, str) else chunk
            if size >= 0:
                break  # hand over what arrived; the parser asks again
        if size < 0:
            data, self._buffer = self._buffer, b""
        else:
            data, self._buffer = self._buffer[:size], self._buffer[size:]
        return data


class _TextReader:
    """A text file opened without "b" read as UTF-8 bytes."""

    def __init__(self, handle: IO[str]):
        self._handle = handle

    def read(self, size: int = -1) -> bytes:
        return self._handle.read(size).encode("utf-8")


@contextmanager
def binary_stream(source):
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as handle:
            yield handle
    elif hasattr(source, "read"):
        yield _TextReader(source) if isinstance(source.read(0), str) else source
    else:
        yield _ChunkReader(source)


class Estimate:
    """How many items a file holds, estimated from how far into it the parser has read (None: a stream of unknown
    length)."""

    def __init__(self, stream):
        self.stream = stream
        try:
            self.size = os.fstat(stream.fileno()).st_size
        except (AttributeError, OSError, ValueError):
            self.size = None

    def total(self, done: int) -> int | None:
        if not self.size:
            return None
        try:
            position = self.stream.tell()
        except (AttributeError, OSError, ValueError):
            return None
        return max(done, round(done * self.size / position)) if position else None
