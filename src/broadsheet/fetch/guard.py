"""The SSRF guard's rule: which resolved addresses a fetch may connect to.

Broadsheet fetches URLs that strangers type (feed URLs, article links, redirects they control),
so every connection is checked against the address it will really use, after DNS. Python's
`ipaddress.is_global` alone is not enough: it calls `::ffff:127.0.0.1` and `64:ff9b::10.0.0.1`
global (they are "reserved" IPv6, not private), yet a dual-stack socket or a NAT64 gateway turns
them into loopback and private IPv4. So IPv4 wrapped in IPv6 is unwrapped and judged as IPv4.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Iterable
from dataclasses import dataclass

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_METADATA = frozenset(
    {
        ipaddress.ip_address("169.254.169.254"),  # AWS, GCP, Azure, OpenStack, DigitalOcean
        ipaddress.ip_address("fd00:ec2::254"),  # AWS over IPv6
        ipaddress.ip_address("100.100.100.200"),  # Alibaba Cloud
    }
)
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_THIS_NETWORK = ipaddress.ip_network("0.0.0.0/8")
_IETF_PROTOCOL = ipaddress.ip_network("192.0.0.0/24")  # Python's tables vary by patch release
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
_TEREDO = ipaddress.ip_network("2001::/32")


def parse_ip(text: str) -> IPAddress | None:
    """An IP literal as written in a URL host or a resolver answer; None for a host name."""
    text = text.strip("[]").split("%", 1)[0]  # brackets of URL literals, IPv6 zone ids
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


_LEGACY_V4 = re.compile(r"[0-9a-fx.]+", re.IGNORECASE)


def parse_host_literal(host: str) -> IPAddress | None:
    """A URL host that is an address, including the legacy IPv4 spellings that resolvers accept
    (`2130706433`, `0x7f.1`, `127.1`, `0177.0.0.1`), so they are judged without any DNS."""
    ip = parse_ip(host)
    if ip is not None or not _LEGACY_V4.fullmatch(host) or not any(c.isdigit() for c in host):
        return ip
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


def blocked_reason(ip: IPAddress) -> str | None:
    """Why a connection to `ip` must be refused, or None when it is a public address."""
    if ip in _METADATA:
        return "cloud metadata address"
    if isinstance(ip, ipaddress.IPv6Address):
        return _blocked_v6(ip)
    return _blocked_v4(ip)


def _blocked_v4(ip: ipaddress.IPv4Address) -> str | None:
    if ip.is_loopback:
        return "loopback address"
    if ip.is_link_local:
        return "link-local address"
    if ip in _CGNAT:
        return "carrier-grade NAT address"
    if ip.is_multicast:
        return "multicast address"
    if ip.is_unspecified or ip in _THIS_NETWORK:
        return "unspecified address"
    if ip.is_reserved:
        return "reserved address"
    if ip.is_private:
        return "private address"
    if ip in _IETF_PROTOCOL:
        return "special-purpose address"
    if not ip.is_global:
        return "address that is not globally routable"
    return None


def _wrapped_v4(ip: ipaddress.IPv6Address) -> tuple[str, ipaddress.IPv4Address] | None:
    if ip.ipv4_mapped is not None:
        return "IPv4-mapped", ip.ipv4_mapped
    if ip in _NAT64:
        return "NAT64", ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.sixtofour is not None:
        return "6to4", ip.sixtofour
    return None


def _blocked_v6(ip: ipaddress.IPv6Address) -> str | None:
    wrapped = _wrapped_v4(ip)
    if wrapped is not None:
        form, inner = wrapped
        reason = blocked_reason(inner)
        return None if reason is None else f"{form} IPv6 form of a {reason} ({inner})"
    if ip in _TEREDO:
        return "Teredo tunnel address (IPv4 wrapped in IPv6)"
    if ip in _NAT64_LOCAL:
        return "local-use NAT64 address (IPv4 wrapped in IPv6)"
    if ip in _IPV4_COMPATIBLE and not ip.is_loopback and not ip.is_unspecified:
        return "IPv4-compatible IPv6 address (deprecated, IPv4 wrapped in IPv6)"
    if ip.is_loopback:
        return "loopback address"
    if ip.is_link_local:
        return "link-local address"
    if ip.is_multicast:
        return "multicast address"
    if ip.is_unspecified:
        return "unspecified address"
    if ip.is_site_local:
        return "site-local address"
    if ip.is_private:
        return "private address"
    if ip.is_reserved:
        return "reserved address"
    if not ip.is_global:
        return "address that is not globally routable"
    return None


@dataclass(frozen=True, slots=True)
class AddressPolicy:
    """The guard with its admin exceptions (`Settings.allow_private_hosts`).

    An entry is an exact host name, an IP literal (trusting that address whatever name leads to
    it), or the word "loopback" (any host on this machine: the demo's fixture site). `enabled`
    False turns the guard off entirely; only tests of the guard itself should want that.
    """

    allowed_hosts: frozenset[str] = frozenset()
    allowed_ips: frozenset[IPAddress] = frozenset()
    allow_loopback: bool = False
    enabled: bool = True

    @classmethod
    def from_allow_list(cls, entries: Iterable[str], *, enabled: bool = True) -> AddressPolicy:
        hosts: set[str] = set()
        ips: set[IPAddress] = set()
        loopback = False
        for raw in entries:
            entry = raw.strip().lower().rstrip(".")
            if not entry:
                continue
            if entry == "loopback":
                loopback = True
                continue
            ip = parse_ip(entry)
            if ip is not None:
                ips.add(ip)
            else:
                hosts.add(entry)
        return cls(frozenset(hosts), frozenset(ips), loopback, enabled)

    def refusal(self, host: str, ip: IPAddress) -> str | None:
        """Why connecting to `ip` for `host` is refused, or None when it is allowed."""
        if not self.enabled:
            return None
        reason = blocked_reason(ip)
        if reason is None:
            return None
        if host.lower().rstrip(".") in self.allowed_hosts or ip in self.allowed_ips:
            return None
        if self.allow_loopback and _is_loopback(ip):
            return None
        return reason


def _is_loopback(ip: IPAddress) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped.is_loopback
    return ip.is_loopback
