"""Safe HTTP out: the only package that opens sockets to publishers.

Public API: `HttpClient` (async, `get(url, etag=, last_modified=, accept=) -> FetchResult`) and
the `FetchError` family (see `broadsheet.fetch.errors` for the tree and each `kind`).
"""

from broadsheet.fetch.client import HttpClient
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
from broadsheet.fetch.guard import AddressPolicy, blocked_reason
from broadsheet.fetch.retry_after import parse_retry_after
from broadsheet.fetch.transport import Resolver, system_resolver

__all__ = [
    "AddressPolicy",
    "BadSchemeError",
    "BlockedAddressError",
    "ConnectionFailedError",
    "DecodingError",
    "DnsError",
    "FetchError",
    "FetchTimeoutError",
    "HttpClient",
    "HttpStatusError",
    "InvalidUrlError",
    "Resolver",
    "TlsError",
    "TooLargeError",
    "TooManyRedirectsError",
    "blocked_reason",
    "parse_retry_after",
    "system_resolver",
]
