"""Connect only to checked addresses: an httpcore network backend that resolves once.

Checking a URL's host and then letting the HTTP library resolve it again leaves a window for DNS
rebinding (the second answer can be 127.0.0.1). Here the backend that opens sockets does the
lookup itself, judges every answer with the `AddressPolicy`, and connects to the checked IP;
httpcore still passes the host name for TLS SNI and certificate checks, and the Host header comes
from the URL, so virtual hosting and HTTPS are unaffected.
"""

from __future__ import annotations

import asyncio
import functools
import socket
import ssl
import typing
from collections.abc import Awaitable, Callable, Iterable, Sequence

import httpcore
import httpx

from broadsheet.fetch.guard import AddressPolicy, IPAddress, parse_host_literal, parse_ip
from broadsheet.fetch.pool import LinearConnectionPool

Resolver = Callable[[str, int], Awaitable[Sequence[str]]]
"""`await resolver(host, port)` -> the IP addresses (as text) that `host` resolves to."""

SocketOption = (
    tuple[int, int, int] | tuple[int, int, bytes | bytearray] | tuple[int, int, None, int]
)


@functools.cache
def default_ssl_context() -> ssl.SSLContext:
    """The system/certifi trust store, built once: loading it costs ~0.1 s of CPU, and it is
    never modified after this, so every client may share it."""
    return httpx.create_ssl_context()


class AddressRefused(Exception):
    """The guard refused every way to reach a host; the client turns this into a FetchError."""

    def __init__(self, host: str, ip: IPAddress, reason: str) -> None:
        super().__init__(f"{host} resolves to {ip}, a {reason}")
        self.host = host
        self.ip = ip
        self.reason = reason


class ResolveFailed(Exception):
    """The host name has no address."""


async def system_resolver(host: str, port: int) -> list[str]:
    """The operating system's resolver (getaddrinfo), without blocking the event loop."""
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: dict[str, None] = {}
    for _family, _type, _proto, _canon, sockaddr in infos:
        seen[str(sockaddr[0])] = None
    return list(seen)


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """An httpcore backend whose `connect_tcp` resolves, checks, then connects to the IP."""

    def __init__(self, policy: AddressPolicy, resolver: Resolver | None = None) -> None:
        self._policy = policy
        self._resolver: Resolver = resolver or system_resolver
        self._inner = httpcore.AnyIOBackend()

    async def checked_addresses(self, host: str, port: int) -> list[str]:
        """All addresses of `host`, or AddressRefused if any of them is refused.

        Refusing when even one answer is private (rather than skipping it) keeps a name that
        mixes a public and a private answer from reaching the private one on a retry.
        """
        literal = parse_host_literal(host)
        if literal is not None:
            answers: Sequence[str] = [str(literal)]
        else:
            try:
                answers = await self._resolver(host, port)
            except (OSError, UnicodeError) as exc:
                raise ResolveFailed(f"cannot resolve {host}: {exc}") from exc
            if not answers:
                raise ResolveFailed(f"cannot resolve {host}: no address")
        checked: list[str] = []
        for answer in answers:
            ip = parse_ip(answer)
            if ip is None:
                raise ResolveFailed(f"cannot resolve {host}: resolver gave {answer!r}")
            reason = self._policy.refusal(host, ip)
            if reason is not None:
                raise AddressRefused(host, ip, reason)
            checked.append(str(ip))
        return checked

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await self.checked_addresses(host, port)
        last_error: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last_error = exc
        assert last_error is not None
        raise last_error

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are not reachable through the fetch client")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class _ResponseStream(httpx.AsyncByteStream):
    def __init__(self, stream: typing.AsyncIterable[bytes]) -> None:
        self._stream = stream

    async def __aiter__(self) -> typing.AsyncIterator[bytes]:
        async for part in self._stream:
            yield part

    async def aclose(self) -> None:
        close = getattr(self._stream, "aclose", None)
        if close is not None:
            await close()


class GuardedTransport(httpx.AsyncBaseTransport):
    """httpx transport over an httpcore pool that uses `GuardedBackend`.

    httpx's own transport cannot take a network backend, hence this thin copy of its
    request/response conversion. httpcore exceptions pass through unchanged; the client maps them
    to FetchError kinds. No proxy is ever used: a proxy would connect on our behalf, unchecked.
    """

    def __init__(
        self,
        policy: AddressPolicy,
        *,
        resolver: Resolver | None = None,
        ssl_context: ssl.SSLContext | None = None,
        max_connections: int = 100,
    ) -> None:
        self._pool = LinearConnectionPool(
            ssl_context=ssl_context or default_ssl_context(),
            max_connections=max_connections,
            max_keepalive_connections=max_connections,
            keepalive_expiry=30.0,
            network_backend=GuardedBackend(policy, resolver),
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        assert isinstance(request.stream, httpx.AsyncByteStream)
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        response = await self._pool.handle_async_request(core_request)
        assert isinstance(response.stream, typing.AsyncIterable)
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_ResponseStream(response.stream),
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        await self._pool.aclose()
