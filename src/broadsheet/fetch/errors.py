"""The one exception family the HTTP client raises.

Callers (the pipeline, the scheduler, the web app's add-feed form) need a single thing to catch
and a short machine-readable `kind` to record on a feed and to decide on back-off, so every
failure is a `FetchError`; the subclasses only exist so code can catch one kind by type::

    FetchError                      kind
    ├── FetchTimeoutError           "timeout"            overall deadline passed (slow drip too)
    ├── HttpStatusError             "http_status"        any status outside 2xx/304; .status set
    ├── TooLargeError               "too_large"          body over the cap after decompression
    ├── TooManyRedirectsError       "too_many_redirects"
    ├── BadSchemeError              "bad_scheme"         not http/https (first URL or a redirect)
    ├── BlockedAddressError         "blocked_address"    SSRF guard refused the resolved address
    ├── DnsError                    "dns"                the name does not resolve
    ├── ConnectionFailedError       "connection"         refused, reset, protocol error
    ├── TlsError                    "tls"                certificate or handshake failure
    ├── DecodingError               "decoding"           broken or unsupported content-encoding
    └── InvalidUrlError             "bad_url"            not a URL one can fetch
"""

from __future__ import annotations


class FetchError(Exception):
    """A fetch that gave no usable response; `str(err)` is written for the person reading it."""

    kind = "error"

    def __init__(
        self,
        message: str,
        *,
        url: str,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.url = url
        self.status = status
        self.retry_after = retry_after

    @property
    def message(self) -> str:
        return str(self)


class FetchTimeoutError(FetchError):
    kind = "timeout"


class HttpStatusError(FetchError):
    kind = "http_status"


class TooLargeError(FetchError):
    kind = "too_large"


class TooManyRedirectsError(FetchError):
    kind = "too_many_redirects"


class BadSchemeError(FetchError):
    kind = "bad_scheme"


class BlockedAddressError(FetchError):
    kind = "blocked_address"


class DnsError(FetchError):
    kind = "dns"


class ConnectionFailedError(FetchError):
    kind = "connection"


class TlsError(FetchError):
    kind = "tls"


class DecodingError(FetchError):
    kind = "decoding"


class InvalidUrlError(FetchError):
    kind = "bad_url"
