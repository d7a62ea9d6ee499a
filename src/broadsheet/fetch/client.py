"""HttpClient: the one way Broadsheet talks to publishers' servers.

Every fetch, whatever asked for it (feed poll, article page, discovery, OPML by URL, images),
goes through `HttpClient.get`, so the limits live in one place: the SSRF guard (in the transport),
an overall deadline that also covers slow-drip bodies, a byte cap counted after decompression,
manual redirects with each hop re-checked, conditional GET, and per-host politeness.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from contextlib import AsyncExitStack
from dataclasses import dataclass
from types import TracebackType

import httpcore
import httpx

from broadsheet.config import Settings
from broadsheet.fetch.decode import ACCEPT_ENCODING, BodyTooLarge, BoundedDecoder
from broadsheet.fetch.decode import UnsupportedEncoding as _UnsupportedEncoding
from broadsheet.fetch.errors import (
    BadSchemeError,
    BlockedAddressError,
    ConnectionFailedError,
    DecodingError,
    DnsError,
    FetchError,
    FetchTimeoutError,
    HttpStatusError,
    InvalidUrlError,
    TlsError,
    TooLargeError,
    TooManyRedirectsError,
)
from broadsheet.fetch.guard import AddressPolicy
from broadsheet.fetch.limits import HostLimiter
from broadsheet.fetch.retry_after import parse_retry_after
from broadsheet.fetch.transport import AddressRefused, GuardedTransport, ResolveFailed, Resolver
from broadsheet.models import FetchResult

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_SCHEMES = frozenset({"http", "https"})


@dataclass(slots=True)
class _Redirect:
    location: httpx.URL


class HttpClient:
    """Async HTTP GET with Broadsheet's safety limits; use as `async with HttpClient(s) as c`.

    `resolver` replaces DNS (tests make any name resolve to any address with it);
    `ssl_context` replaces the default certificate store (tests with a self-signed server).
    """

    def __init__(
        self,
        settings: Settings,
        *,
        resolver: Resolver | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self._settings = settings
        policy = AddressPolicy.from_allow_list(settings.allow_private_hosts)
        transport = GuardedTransport(
            policy,
            resolver=resolver,
            ssl_context=ssl_context,
            max_connections=max(1, settings.fetch_concurrency),
        )
        self._http = httpx.AsyncClient(
            transport=transport,
            follow_redirects=False,
            trust_env=False,
            timeout=httpx.Timeout(settings.fetch_timeout_s),
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
        )
        self._limiter = HostLimiter(settings.fetch_per_host, settings.fetch_concurrency)

    async def __aenter__(self) -> HttpClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    async def get(
        self,
        url: str,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str | None = None,
    ) -> FetchResult:
        """GET `url` (following redirects) or raise FetchError; 304 gives `not_modified=True`."""
        started = time.monotonic()
        headers = {"Accept": accept or "*/*"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = _parse_url(url, url)
        try:
            result = await self._follow(url, current, headers)
        except FetchError:
            raise
        except TimeoutError as exc:
            raise FetchTimeoutError(
                f"timed out after {self._settings.fetch_timeout_s:g} s fetching {url}", url=url
            ) from exc
        except AddressRefused as exc:
            raise BlockedAddressError(
                f"refused to fetch {url}: {exc} (only public addresses are fetched; an admin"
                " can allow a private host with the allow_private_hosts setting)",
                url=url,
            ) from exc
        except ResolveFailed as exc:
            raise DnsError(f"{exc} (fetching {url})", url=url) from exc
        except (httpcore.TimeoutException, httpx.TimeoutException) as exc:
            raise FetchTimeoutError(f"timed out fetching {url}", url=url) from exc
        except (httpcore.ConnectError, httpx.ConnectError, ssl.SSLError, OSError) as exc:
            raise _connect_error(url, exc) from exc
        except (httpcore.ProtocolError, httpcore.NetworkError, httpx.HTTPError) as exc:
            raise ConnectionFailedError(
                f"connection failed fetching {url}: {_describe(exc)}", url=url
            ) from exc
        result.elapsed_s = time.monotonic() - started
        if result.not_modified:
            result.etag = result.etag or etag
            result.last_modified = result.last_modified or last_modified
        return result

    async def _follow(self, url: str, current: httpx.URL, headers: dict[str, str]) -> FetchResult:
        loop = asyncio.get_running_loop()
        deadline: float | None = None
        max_redirects = self._settings.fetch_max_redirects
        for _hop in range(max_redirects + 1):
            async with AsyncExitStack() as stack:
                if deadline is not None:
                    await stack.enter_async_context(asyncio.timeout_at(deadline))
                await stack.enter_async_context(self._limiter.slot(current.host))
                if deadline is None:  # time waiting for a first slot is not the server's fault
                    deadline = loop.time() + self._settings.fetch_timeout_s
                    await stack.enter_async_context(asyncio.timeout_at(deadline))
                outcome = await self._exchange(url, current, headers)
            if isinstance(outcome, FetchResult):
                return outcome
            current = _parse_url(url, str(outcome.location))
        raise TooManyRedirectsError(
            f"more than {max_redirects} redirects fetching {url} (last: {current})", url=url
        )

    async def _exchange(
        self, url: str, current: httpx.URL, headers: dict[str, str]
    ) -> FetchResult | _Redirect:
        request = self._http.build_request("GET", current, headers=headers)
        response = await self._http.send(request, stream=True)
        try:
            status = response.status_code
            if status in _REDIRECTS and "location" in response.headers:
                location = response.headers["location"]
                try:
                    return _Redirect(current.join(location))
                except (httpx.InvalidURL, ValueError, TypeError) as exc:
                    raise InvalidUrlError(
                        f"{current} redirected to an invalid URL {location!r} ({exc})", url=url
                    ) from exc
            if status != 304 and not 200 <= status < 300:
                raise _status_error(url, current, response)
            if status == 304:
                # Nothing to read, but the (empty) body must still be consumed: a response
                # closed before its end closes the connection, and every re-poll would then
                # pay a new TCP (and TLS) handshake.
                async for _ in response.aiter_raw():
                    pass
                body = b""
            else:
                body = await self._read_body(url, response)
        finally:
            await response.aclose()
        return FetchResult(
            url=url,
            final_url=str(current),
            status=status,
            content=body,
            headers={k.lower(): v for k, v in response.headers.items()},
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
            not_modified=status == 304,
        )

    async def _read_body(self, url: str, response: httpx.Response) -> bytes:
        cap = self._settings.fetch_max_bytes
        too_large = TooLargeError(
            f"response from {response.url} is larger than {cap:,} bytes (after decompression)",
            url=url,
        )
        try:
            decoder = BoundedDecoder(response.headers.get("content-encoding", ""), cap)
        except _UnsupportedEncoding as exc:
            raise DecodingError(f"cannot decode {response.url}: {exc}", url=url) from exc
        length = response.headers.get("content-length", "")
        if not response.headers.get("content-encoding") and length.isdigit() and int(length) > cap:
            raise too_large
        parts: list[bytes] = []
        try:
            async for chunk in response.aiter_raw():
                parts.append(decoder.feed(chunk))
            parts.append(decoder.flush())
        except BodyTooLarge:
            raise too_large from None
        except _UnsupportedEncoding as exc:
            raise DecodingError(f"cannot decode {response.url}: {exc}", url=url) from exc
        return b"".join(parts)


def _parse_url(url: str, target: str) -> httpx.URL:
    try:
        parsed = httpx.URL(target)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise InvalidUrlError(f"not a valid URL: {target!r} ({exc})", url=url) from exc
    if parsed.scheme not in _SCHEMES:
        where = "" if target == url else f" (redirected from {url})"
        scheme = parsed.scheme or "no scheme"
        raise BadSchemeError(
            f"refused to fetch {target}{where}: only http and https URLs are fetched, not {scheme}",
            url=url,
        )
    if not parsed.host:
        raise InvalidUrlError(f"not a valid URL: {target!r} has no host", url=url)
    return parsed


def _status_error(url: str, current: httpx.URL, response: httpx.Response) -> HttpStatusError:
    status = response.status_code
    reason = response.reason_phrase or httpx.codes.get_reason_phrase(status)
    retry_after = None
    if status in (429, 503):
        retry_after = parse_retry_after(response.headers.get("retry-after"))
    where = str(current) if str(current) == url else f"{current} (redirected from {url})"
    message = f"HTTP {status} {reason} for {where}".replace("  ", " ")
    if retry_after is not None:
        message += f" (retry after {retry_after:.0f} s)"
    return HttpStatusError(message, url=url, status=status, retry_after=retry_after)


def _connect_error(url: str, exc: BaseException) -> FetchError:
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ssl.SSLError | ssl.CertificateError):
            return TlsError(f"TLS failed for {url}: {_describe(cause)}", url=url)
        cause = cause.__cause__ or cause.__context__
    return ConnectionFailedError(f"cannot connect to fetch {url}: {_describe(exc)}", url=url)


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return text or type(exc).__name__
