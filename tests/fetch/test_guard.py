"""The SSRF rule on its own: every blocked range, and the public addresses that must pass."""

from __future__ import annotations

import ipaddress

import pytest

from broadsheet.fetch import AddressPolicy, blocked_reason

BLOCKED = {
    # IPv4
    "127.0.0.1": "loopback",
    "127.255.255.254": "loopback",
    "10.1.2.3": "private",
    "172.16.0.1": "private",
    "172.31.255.255": "private",
    "192.168.1.1": "private",
    "169.254.1.1": "link-local",
    "169.254.169.254": "cloud metadata",
    "100.100.100.200": "cloud metadata",
    "100.64.0.1": "carrier-grade NAT",
    "100.127.255.254": "carrier-grade NAT",
    "224.0.0.1": "multicast",
    "239.255.255.250": "multicast",
    "0.0.0.0": "unspecified",
    "0.1.2.3": "unspecified",
    "240.0.0.1": "reserved",
    "255.255.255.255": "reserved",
    "192.0.0.8": "special-purpose",
    "192.0.2.1": "private",  # TEST-NET-1
    "198.18.0.1": "private",  # benchmarking
    "198.51.100.7": "private",
    "203.0.113.9": "private",
    # IPv6
    "::1": "loopback",
    "::": "unspecified",
    "fe80::1": "link-local",
    "fc00::1": "private",
    "fd12:3456::1": "private",
    "fd00:ec2::254": "cloud metadata",
    "ff02::1": "multicast",
    "ff0e::1": "multicast",
    "fec0::1": "site-local",
    "2001:db8::1": "private",  # documentation
    "100::1": "private",  # discard-only
    # IPv4 wrapped in IPv6
    "::ffff:127.0.0.1": "IPv4-mapped",
    "::ffff:10.0.0.1": "IPv4-mapped",
    "::ffff:169.254.169.254": "IPv4-mapped",
    "::ffff:100.64.0.1": "IPv4-mapped",
    "64:ff9b::127.0.0.1": "NAT64",
    "64:ff9b::a00:1": "NAT64",
    "64:ff9b::192.168.0.1": "NAT64",
    "64:ff9b:1::808:808": "local-use NAT64",
    "2002:7f00:1::1": "6to4",  # 127.0.0.1
    "2002:c0a8:101::1": "6to4",  # 192.168.1.1
    "2002:a9fe:a9fe::": "6to4",  # 169.254.169.254
    "2001:0:4136:e378:8000:63bf:3fff:fdd2": "Teredo",
    "2001::80ff:fffe": "Teredo",  # client 127.0.0.1, obfuscated
    "::127.0.0.1": "IPv4-compatible",
    "::10.0.0.1": "IPv4-compatible",
}

PUBLIC = [
    "8.8.8.8",
    "1.1.1.1",
    "93.184.215.14",
    "100.63.255.255",  # just below CGNAT
    "100.128.0.0",  # just above CGNAT
    "172.32.0.1",  # just above 172.16/12
    "2606:4700:4700::1111",
    "2a00:1450:4001:82b::200e",
    "::ffff:8.8.8.8",  # a dual-stack socket connects to 8.8.8.8: as public as that
    "64:ff9b::8.8.8.8",  # DNS64 answer for a public IPv4 site on an IPv6-only network
    "2002:808:808::1",  # 6to4 of 8.8.8.8
]


@pytest.mark.parametrize(("address", "why"), sorted(BLOCKED.items()))
def test_blocked_ranges(address: str, why: str):
    reason = blocked_reason(ipaddress.ip_address(address))
    assert reason is not None, address
    assert why in reason


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_pass(address: str):
    assert blocked_reason(ipaddress.ip_address(address)) is None


def test_allow_list_by_host_name_ip_and_loopback():
    lo = ipaddress.ip_address("127.0.0.1")
    ten = ipaddress.ip_address("10.0.0.5")
    policy = AddressPolicy.from_allow_list(["Intranet.Example.", "10.0.0.5"])
    assert policy.refusal("intranet.example", ten) is None
    assert policy.refusal("intranet.example", lo) is None  # the admin trusts that name
    assert policy.refusal("other.example", ten) is None  # ...and that address
    assert policy.refusal("other.example", lo) is not None
    loop_only = AddressPolicy.from_allow_list(["loopback"])
    assert loop_only.refusal("anything.test", lo) is None
    assert loop_only.refusal("anything.test", ipaddress.ip_address("::1")) is None
    assert loop_only.refusal("anything.test", ten) is not None
    assert AddressPolicy().refusal("x", ipaddress.ip_address("169.254.169.254")) is not None
