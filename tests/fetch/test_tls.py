"""HTTPS through the guarded backend: connect to the checked IP, verify the certificate for the
host name (SNI), and report certificate problems as kind "tls"."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from broadsheet.config import Settings
from broadsheet.fetch import HttpClient, TlsError
from support.httpserver import FixtureServer, Route

CERTS = Path(__file__).parent / "fixtures"
NAME = "secure.fixture.test"  # the only name the test certificate is valid for


@pytest.fixture
def https_server() -> Iterator[FixtureServer]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(CERTS / "server.pem", CERTS / "server.key")
    with FixtureServer({"/feed": Route(body=b"secure feed")}, tls=context) as srv:
        yield srv


def _trusting_test_ca() -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(CERTS / "ca.pem"))


async def _loopback(host: str, port: int) -> list[str]:
    return ["127.0.0.1"]


def _allowing(settings: Settings, *names: str) -> Settings:
    return replace(settings, allow_private_hosts=names)


async def test_https_verifies_the_name_while_connecting_to_the_ip(
    https_server: FixtureServer, settings: Settings
):
    client = HttpClient(
        _allowing(settings, NAME), resolver=_loopback, ssl_context=_trusting_test_ca()
    )
    async with client:
        result = await client.get(f"https://{NAME}:{https_server.port}/feed")
    assert result.content == b"secure feed"
    assert https_server.requests_to("/feed")[0].headers["host"] == f"{NAME}:{https_server.port}"


async def test_untrusted_certificate_is_a_tls_error(
    https_server: FixtureServer, settings: Settings
):
    async with HttpClient(_allowing(settings, NAME), resolver=_loopback) as client:
        with pytest.raises(TlsError) as info:
            await client.get(f"https://{NAME}:{https_server.port}/feed")
    assert info.value.kind == "tls"
    assert "certificate" in str(info.value).lower()


async def test_certificate_for_another_name_is_a_tls_error(
    https_server: FixtureServer, settings: Settings
):
    other = "other.fixture.test"
    client = HttpClient(
        _allowing(settings, other), resolver=_loopback, ssl_context=_trusting_test_ca()
    )
    async with client:
        with pytest.raises(TlsError):
            await client.get(f"https://{other}:{https_server.port}/feed")
