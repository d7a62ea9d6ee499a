"""The fetch package's small parts: public API, Retry-After, host slots, bounded decoding."""

from __future__ import annotations

import asyncio
import gzip
from datetime import UTC, datetime

import pytest

import broadsheet.fetch as fetch
from broadsheet.fetch.decode import BodyTooLarge, BoundedDecoder, UnsupportedEncoding
from broadsheet.fetch.limits import HostLimiter
from broadsheet.fetch.retry_after import parse_retry_after


def test_public_api_is_what_all_exports():
    assert set(fetch.__all__) == {
        "AddressPolicy", "BadSchemeError", "BlockedAddressError", "ConnectionFailedError",
        "DecodingError", "DnsError", "FetchError", "FetchTimeoutError", "HttpClient",
        "HttpStatusError", "InvalidUrlError", "Resolver", "TlsError", "TooLargeError",
        "TooManyRedirectsError", "blocked_reason", "parse_retry_after", "system_resolver",
    }  # fmt: skip
    for name in fetch.__all__:
        assert hasattr(fetch, name)
    kinds = {
        getattr(fetch, n).kind for n in fetch.__all__ if n.endswith("Error") and n != "FetchError"
    }
    assert {"timeout", "http_status", "too_large", "too_many_redirects", "bad_scheme",
            "blocked_address", "dns", "connection", "tls"} <= kinds  # fmt: skip


NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("120", 120.0),
        (" 5 ", 5.0),
        ("0", 0.0),
        ("-3", 0.0),
        ("Sun, 29 Nov 2026 12:01:30 GMT", 90.0),
        ("Sun, 29 Nov 2026 11:00:00 GMT", 0.0),  # in the past: retry now
        ("soon", None),
        ("", None),
        (None, None),
        ("inf", None),
        ("nan", None),
    ],
)
def test_retry_after(header: str | None, seconds: float | None):
    assert parse_retry_after(header, now=NOW) == seconds


async def test_host_limiter_forgets_idle_hosts():
    limiter = HostLimiter(per_host=1, total=4)
    async with limiter.slot("A.example"), limiter.slot("b.example"):
        assert limiter.in_use() == 2
    assert limiter.in_use() == 0


async def test_host_limiter_queues_beyond_the_limit():
    limiter = HostLimiter(per_host=2, total=10)
    running = peak = 0

    async def job() -> None:
        nonlocal running, peak
        async with limiter.slot("x.example"):
            running += 1
            peak = max(peak, running)
            await asyncio.sleep(0.01)
            running -= 1

    await asyncio.gather(*(job() for _ in range(8)))
    assert peak == 2


def test_bounded_decoder_stops_at_the_cap_whatever_the_chunking():
    body = gzip.compress(b"a" * 1_000_000)
    for size in (1, 1000, len(body)):
        decoder = BoundedDecoder("gzip", 100_000)
        with pytest.raises(BodyTooLarge):
            for start in range(0, len(body), size):
                decoder.feed(body[start : start + size])


def test_bounded_decoder_roundtrip_and_unknown_codings():
    decoder = BoundedDecoder("GZIP", 10_000)
    data = decoder.feed(gzip.compress(b"hello")) + decoder.flush()
    assert data == b"hello"
    assert BoundedDecoder("identity", 10).feed(b"plain") == b"plain"
    for coding in ("br", "zstd", "gzip, gzip", "compress"):
        with pytest.raises(UnsupportedEncoding):
            BoundedDecoder(coding, 10)
