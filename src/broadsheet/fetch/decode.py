"""Content-Encoding decoding that never holds more than the byte cap in memory.

httpx decodes each network chunk in one `decompress` call, so a 64 KiB chunk of a gzip bomb can
become hundreds of MiB before any cap is checked. Decoding here asks zlib for at most the bytes
still allowed (`max_length`) and stops as soon as the cap is passed, so a bomb costs at most the
cap. Only the encodings the client advertises (gzip, deflate) are accepted.
"""

from __future__ import annotations

import zlib


class BodyTooLarge(Exception):
    """The decoded body passed the cap."""


class UnsupportedEncoding(Exception):
    """A Content-Encoding the client did not ask for, or a corrupt stream."""


ACCEPT_ENCODING = "gzip, deflate"


class BoundedDecoder:
    """Feed raw body chunks in, get decoded bytes out, capped at `max_bytes` in total."""

    def __init__(self, content_encoding: str, max_bytes: int) -> None:
        self._max = max_bytes
        self._out = 0
        self._raw_deflate = False
        codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        if len(codings) > 1:
            raise UnsupportedEncoding(f"stacked content encodings {content_encoding!r}")
        self._coding = codings[0] if codings else "identity"
        self._zlib: zlib._Decompress | None
        if self._coding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif self._coding == "deflate":
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS)
        elif self._coding == "identity":
            self._zlib = None
        else:
            raise UnsupportedEncoding(f"unsupported content encoding {content_encoding!r}")
        self._started = False

    def feed(self, chunk: bytes) -> bytes:
        if self._zlib is None:
            return self._count(chunk)
        if self._coding == "deflate" and not self._started and chunk:
            # Servers disagree on whether "deflate" has a zlib header; sniff the first byte.
            self._started = True
            if (chunk[0] & 0x0F) != 8:
                self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
        parts: list[bytes] = []
        data = chunk
        try:
            while data:
                if self._zlib.eof:
                    break  # trailing garbage after the stream end: ignore, like browsers
                out = self._zlib.decompress(data, self._max - self._out + 1)
                parts.append(self._count(out))
                data = self._zlib.unconsumed_tail
        except zlib.error as exc:
            raise UnsupportedEncoding(f"corrupt {self._coding} body: {exc}") from exc
        return b"".join(parts)

    def flush(self) -> bytes:
        if self._zlib is None:
            return b""
        try:
            return self._count(self._zlib.flush())
        except zlib.error as exc:
            raise UnsupportedEncoding(f"corrupt {self._coding} body: {exc}") from exc

    def _count(self, data: bytes) -> bytes:
        self._out += len(data)
        if self._out > self._max:
            raise BodyTooLarge
        return data
