"""HttpClient against a real loopback server: what the pipeline and the scheduler rely on."""

from __future__ import annotations

import asyncio
import gzip
import zlib
from dataclasses import replace

import pytest

from broadsheet.config import Settings
from broadsheet.fetch import (
    BadSchemeError,
    ConnectionFailedError,
    DecodingError,
    FetchError,
    FetchTimeoutError,
    HttpClient,
    HttpStatusError,
    InvalidUrlError,
    TooLargeError,
    TooManyRedirectsError,
)
from support.httpserver import FixtureServer, RecordedRequest, Route

FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'


async def test_get_returns_body_headers_and_final_url(server: FixtureServer, settings: Settings):
    url = server.add("/feed.xml", Route(body=FEED, headers={"Content-Type": "application/rss+xml"}))
    async with HttpClient(settings) as client:
        result = await client.get(url)
    assert result.status == 200
    assert result.content == FEED
    assert result.url == url and result.final_url == url
    assert result.content_type == "application/rss+xml"
    assert not result.not_modified


async def test_sends_identifying_user_agent_and_accept(server: FixtureServer, settings: Settings):
    url = server.add("/a", Route(body=b"ok"))
    async with HttpClient(settings) as client:
        await client.get(url, accept="application/rss+xml")
    (request,) = server.requests_to("/a")
    assert request.headers["user-agent"] == settings.user_agent
    assert request.headers["accept"] == "application/rss+xml"


async def test_conditional_get_gives_not_modified(server: FixtureServer, settings: Settings):
    def feed(request: RecordedRequest) -> Route:
        if request.headers.get("if-none-match") == '"v1"':
            return Route(304, headers={"ETag": '"v1"'})
        return Route(
            body=FEED, headers={"ETag": '"v1"', "Last-Modified": "Sun, 01 Nov 2026 10:00:00 GMT"}
        )

    url = server.add("/feed", feed)
    async with HttpClient(settings) as client:
        first = await client.get(url)
        second = await client.get(url, etag=first.etag, last_modified=first.last_modified)
    assert first.etag == '"v1"' and first.last_modified == "Sun, 01 Nov 2026 10:00:00 GMT"
    assert second.not_modified and second.status == 304 and second.content == b""
    assert second.etag == '"v1"' and second.last_modified == first.last_modified
    sent = server.requests_to("/feed")[1].headers
    assert sent["if-none-match"] == '"v1"'
    assert sent["if-modified-since"] == "Sun, 01 Nov 2026 10:00:00 GMT"


@pytest.mark.parametrize(
    ("status", "reason"), [(404, "Not Found"), (410, "Gone"), (500, "Internal Server Error")]
)
async def test_error_status_raises_with_readable_message(
    server: FixtureServer, settings: Settings, status: int, reason: str
):
    url = server.add("/x", Route(status, b"nope"))
    async with HttpClient(settings) as client:
        with pytest.raises(HttpStatusError) as info:
            await client.get(url)
    err = info.value
    assert err.kind == "http_status" and err.status == status and err.url == url
    assert str(err) == f"HTTP {status} {reason} for {url}"
    assert err.retry_after is None


async def test_retry_after_seconds_and_date(server: FixtureServer, settings: Settings):
    a = server.add("/busy", Route(429, headers={"Retry-After": "120"}))
    b = server.add("/down", Route(503, headers={"Retry-After": "Fri, 01 Jan 2100 00:00:00 GMT"}))
    async with HttpClient(settings) as client:
        with pytest.raises(HttpStatusError) as busy:
            await client.get(a)
        with pytest.raises(HttpStatusError) as down:
            await client.get(b)
    assert busy.value.status == 429 and busy.value.retry_after == 120.0
    assert down.value.status == 503
    assert down.value.retry_after is not None and down.value.retry_after > 365 * 86400


async def test_follows_redirects_relative_and_absolute(server: FixtureServer, settings: Settings):
    final = server.add("/final", Route(body=b"done"))
    server.add("/r2", Route(302, headers={"Location": final}))
    start = server.add("/r1", Route(301, headers={"Location": "/r2"}))
    async with HttpClient(settings) as client:
        result = await client.get(start)
    assert result.content == b"done"
    assert result.url == start and result.final_url == final


async def test_redirect_limit(server: FixtureServer, settings: Settings):
    for i in range(10):
        server.add(f"/hop{i}", Route(302, headers={"Location": f"/hop{i + 1}"}))
    server.add("/hop10", Route(body=b"end"))
    async with HttpClient(replace(settings, fetch_max_redirects=5)) as client:
        with pytest.raises(TooManyRedirectsError) as info:
            await client.get(server.url("/hop0"))
        ok = await client.get(server.url("/hop5"))  # exactly 5 redirects is allowed
    assert info.value.kind == "too_many_redirects"
    assert ok.content == b"end"


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://example.org/feed", "gopher://x/"])
async def test_redirect_to_other_scheme_is_refused(
    server: FixtureServer, settings: Settings, target: str
):
    url = server.add("/r", Route(302, headers={"Location": target}))
    async with HttpClient(settings) as client:
        with pytest.raises(BadSchemeError) as info:
            await client.get(url)
    assert info.value.kind == "bad_scheme"
    assert "only http and https" in str(info.value)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "javascript:alert(1)", "data:,x"])
async def test_non_http_url_is_refused(settings: Settings, url: str):
    async with HttpClient(settings) as client:
        with pytest.raises(BadSchemeError):
            await client.get(url)


@pytest.mark.parametrize("location", ["http://[::1", "http://exa mple.org:99999/", "https://"])
async def test_redirect_to_an_invalid_url(server: FixtureServer, settings: Settings, location: str):
    url = server.add("/r", Route(302, headers={"Location": location}))
    async with HttpClient(settings) as client:
        with pytest.raises(FetchError) as info:
            await client.get(url)
    assert info.value.kind in ("bad_url", "dns", "connection")


async def test_invalid_url(settings: Settings):
    async with HttpClient(settings) as client:
        with pytest.raises(InvalidUrlError):
            await client.get("http://")


async def test_gzip_body_is_decoded(server: FixtureServer, settings: Settings):
    url = server.add("/gz", Route(body=gzip.compress(FEED), headers={"Content-Encoding": "gzip"}))
    async with HttpClient(settings) as client:
        result = await client.get(url)
    assert result.content == FEED
    assert server.requests_to("/gz")[0].headers["accept-encoding"] == "gzip, deflate"


@pytest.mark.parametrize("raw", [False, True])
async def test_deflate_with_or_without_zlib_header(
    server: FixtureServer, settings: Settings, raw: bool
):
    if raw:
        packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
        body = packer.compress(FEED) + packer.flush()
    else:
        body = zlib.compress(FEED)
    url = server.add("/d", Route(body=body, headers={"Content-Encoding": "deflate"}))
    async with HttpClient(settings) as client:
        assert (await client.get(url)).content == FEED


async def test_gzip_bomb_is_capped_after_decompression(server: FixtureServer, settings: Settings):
    bomb = gzip.compress(b"\0" * (50 * 1024 * 1024), compresslevel=9)  # 50 MiB -> ~50 KiB
    assert len(bomb) < settings.fetch_max_bytes  # the wire size alone would pass the cap
    url = server.add("/bomb", Route(body=bomb, headers={"Content-Encoding": "gzip"}))
    async with HttpClient(settings) as client:
        with pytest.raises(TooLargeError) as info:
            await client.get(url)
    assert info.value.kind == "too_large"
    assert "after decompression" in str(info.value)


async def test_plain_body_over_cap(server: FixtureServer, settings: Settings):
    url = server.add("/big", Route(body=b"x" * (settings.fetch_max_bytes + 1)))
    lying = server.add(  # no Content-Length: the cap must hold while streaming
        "/big-chunked",
        Route(
            body=b"x" * (settings.fetch_max_bytes + 10),
            headers={"Connection": "close", "Content-Length": str(settings.fetch_max_bytes * 10)},
        ),
    )
    async with HttpClient(settings) as client:
        with pytest.raises(TooLargeError):
            await client.get(url)
        with pytest.raises(TooLargeError):
            await client.get(lying)
        exact = server.add("/exact", Route(body=b"y" * settings.fetch_max_bytes))
        assert len((await client.get(exact)).content) == settings.fetch_max_bytes


async def test_corrupt_gzip_is_a_decoding_error(server: FixtureServer, settings: Settings):
    url = server.add("/bad", Route(body=b"not gzip at all", headers={"Content-Encoding": "gzip"}))
    async with HttpClient(settings) as client:
        with pytest.raises(DecodingError):
            await client.get(url)


async def test_slow_headers_time_out(server: FixtureServer, settings: Settings):
    url = server.add("/slow", Route(body=b"late", delay_s=3.0))
    async with HttpClient(replace(settings, fetch_timeout_s=0.5)) as client:
        with pytest.raises(FetchTimeoutError) as info:
            await client.get(url)
    assert info.value.kind == "timeout"


async def test_slow_drip_body_hits_the_overall_deadline(server: FixtureServer, settings: Settings):
    # Each chunk arrives well within any read timeout, but the whole body takes ~4 s.
    url = server.add("/drip", Route(body=b"x" * 40, drip=(1, 0.1)))
    async with HttpClient(replace(settings, fetch_timeout_s=0.5)) as client:
        with pytest.raises(FetchTimeoutError):
            await client.get(url)


async def test_connection_refused(settings: Settings):
    with FixtureServer() as srv:
        url = srv.url("/gone")
    async with HttpClient(settings) as client:
        with pytest.raises(ConnectionFailedError) as info:
            await client.get(url)
    assert info.value.kind == "connection"


async def test_per_host_limit_bounds_concurrency(server: FixtureServer, settings: Settings):
    server.add("/slow", Route(body=b"ok", delay_s=0.2))
    limited = replace(settings, fetch_per_host=2, fetch_concurrency=10)
    async with HttpClient(limited) as client:
        results = await asyncio.gather(*(client.get(server.url("/slow")) for _ in range(6)))
    assert all(r.content == b"ok" for r in results)
    assert server.max_in_flight("/slow") == 2


async def test_global_limit_bounds_concurrency(settings: Settings):
    """Several host names (all resolving to loopback) share the global limit."""
    names = [f"site{i}.test" for i in range(6)]

    async def resolver(host: str, port: int) -> list[str]:
        return ["127.0.0.1"]

    with FixtureServer({"/p": Route(body=b"ok", delay_s=0.2)}) as srv:
        limited = replace(
            settings, fetch_per_host=5, fetch_concurrency=3, allow_private_hosts=tuple(names)
        )
        async with HttpClient(limited, resolver=resolver) as client:
            urls = [f"http://{name}:{srv.port}/p" for name in names]
            await asyncio.gather(*(client.get(u) for u in urls))
        assert srv.max_in_flight("/p") == 3
        assert {r.headers["host"] for r in srv.requests} == {f"{n}:{srv.port}" for n in names}


async def test_errors_are_fetch_errors(server: FixtureServer, settings: Settings):
    url = server.add("/x", Route(500))
    async with HttpClient(settings) as client:
        with pytest.raises(FetchError):
            await client.get(url)
