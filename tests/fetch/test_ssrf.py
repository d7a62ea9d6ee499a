"""The SSRF guard inside HttpClient: DNS answers we control, a loopback redirector."""

from __future__ import annotations

import socket
from dataclasses import replace

import pytest

from broadsheet.config import Settings
from broadsheet.fetch import BlockedAddressError, DnsError, HttpClient
from support.httpserver import FixtureServer, Route

from .test_guard import BLOCKED


class StubDns:
    """Resolves names from a table and counts lookups; unknown names do not exist."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        self.table = table
        self.lookups: list[str] = []

    async def __call__(self, host: str, port: int) -> list[str]:
        self.lookups.append(host)
        if host not in self.table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return self.table[host]


@pytest.mark.parametrize("address", sorted(BLOCKED))
async def test_every_blocked_range_is_refused_through_dns(settings: Settings, address: str):
    dns = StubDns({"evil.example": [address]})
    async with HttpClient(replace(settings, allow_private_hosts=()), resolver=dns) as client:
        with pytest.raises(BlockedAddressError) as info:
            await client.get("http://evil.example/feed")
    assert info.value.kind == "blocked_address"
    assert info.value.url == "http://evil.example/feed"
    assert "allow_private_hosts" in str(info.value)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/",
        "http://[::1]:9/",
        "http://[::ffff:127.0.0.1]:9/",
        "http://2130706433:9/",
    ],
)
async def test_ip_literals_are_checked_without_dns(settings: Settings, url: str):
    dns = StubDns({})
    async with HttpClient(replace(settings, allow_private_hosts=()), resolver=dns) as client:
        with pytest.raises(BlockedAddressError):
            await client.get(url)


async def test_one_private_answer_among_public_ones_is_refused(settings: Settings):
    dns = StubDns({"mixed.example": ["93.184.215.14", "10.0.0.1"]})
    async with HttpClient(settings, resolver=dns) as client:
        with pytest.raises(BlockedAddressError):
            await client.get("http://mixed.example/")


async def test_connects_to_the_checked_address_with_one_lookup(
    server: FixtureServer, settings: Settings
):
    """The name resolves only through our resolver (no system DNS knows it), once per fetch,
    and the request still carries the name in its Host header."""
    server.add("/feed", Route(body=b"hello"))
    dns = StubDns({"news.fixture.test": ["127.0.0.1"]})
    allowed = replace(settings, allow_private_hosts=("news.fixture.test",))
    async with HttpClient(allowed, resolver=dns) as client:
        result = await client.get(f"http://news.fixture.test:{server.port}/feed")
    assert result.content == b"hello"
    assert dns.lookups == ["news.fixture.test"]
    assert server.requests_to("/feed")[0].headers["host"] == f"news.fixture.test:{server.port}"


async def test_redirect_to_loopback_is_refused_when_not_allowed(
    server: FixtureServer, settings: Settings
):
    secret = server.add("/secret", Route(body=b"internal admin page"))
    server.add("/redirect", Route(302, headers={"Location": secret}))  # http://127.0.0.1:…
    dns = StubDns({"public.fixture.test": ["127.0.0.1"]})
    # Only the public-facing name is allowed to be on loopback; 127.0.0.1 itself is not.
    only_name = replace(settings, allow_private_hosts=("public.fixture.test",))
    async with HttpClient(only_name, resolver=dns) as client:
        with pytest.raises(BlockedAddressError) as info:
            await client.get(f"http://public.fixture.test:{server.port}/redirect")
    assert "127.0.0.1" in str(info.value)
    assert server.requests_to("/secret") == []


@pytest.mark.parametrize("target", ["10.0.0.7", "169.254.169.254", "64:ff9b::7f00:1"])
async def test_redirect_to_a_name_resolving_to_a_blocked_range(
    server: FixtureServer, settings: Settings, target: str
):
    server.add("/r", Route(302, headers={"Location": "http://metadata.internal/latest/"}))
    dns = StubDns({"metadata.internal": [target]})
    async with HttpClient(settings, resolver=dns) as client:
        with pytest.raises(BlockedAddressError):
            await client.get(server.url("/r"))
    assert dns.lookups == ["metadata.internal"]


async def test_loopback_keyword_allows_the_demo_site(server: FixtureServer, settings: Settings):
    server.add("/x", Route(body=b"demo"))
    dns = StubDns({"demo.localhost": ["127.0.0.1"]})
    demo = replace(settings, allow_private_hosts=("loopback",))
    async with HttpClient(demo, resolver=dns) as client:
        assert (await client.get(f"http://demo.localhost:{server.port}/x")).content == b"demo"


async def test_unknown_name_is_a_dns_error(settings: Settings):
    async with HttpClient(settings, resolver=StubDns({})) as client:
        with pytest.raises(DnsError) as info:
            await client.get("http://no-such-host.example/feed")
    assert info.value.kind == "dns"
    assert "no-such-host.example" in str(info.value)


async def test_guard_is_on_by_default(server: FixtureServer):
    url = server.add("/x", Route(body=b"private"))
    async with HttpClient(Settings(data_dir="/nonexistent")) as client:
        with pytest.raises(BlockedAddressError):
            await client.get(url)
    assert server.requests_to("/x") == []
