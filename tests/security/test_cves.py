"""One regression test per peer advisory in ../shared/bench/security/CVES.md that applies to what
Broadsheet has today. Each test names its advisory; what it asserts is what users rely on.

Not covered here because the feature does not exist yet: media/image proxy and favicon cache
(CVE-2025-31483, CVE-2025-31136, CVE-2025-46339, CVE-2026-21885, CVE-2020-25787..89),
trusted-proxy identity headers (CVE-2025-46341). The sanitizer's srcdoc/formaction/ping
(CVE-2025-32015) and mutation XSS (bleach CVE-2021-23980) are in test_sanitizer.py and
test_xss_browser.py; feedparser's CVEs in test_xml_limits.py and test_properties.py.
"""

from __future__ import annotations

import functools
import ipaddress
import logging
import re
import socket
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from fastapi.testclient import TestClient

from broadsheet.auth.passwords import hash_password
from broadsheet.config import Settings
from broadsheet.fetch import (
    BadSchemeError,
    BlockedAddressError,
    FetchError,
    HttpClient,
    blocked_reason,
)
from broadsheet.store import Store, open_store
from broadsheet.web import create_app
from support.httpserver import FixtureServer, Route

PASSWORD = "correct horse battery staple"
SECRET = "Sup3r-Secret-Passw0rd-4711"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@functools.cache
def _hash() -> str:
    return hash_password(PASSWORD)


@pytest.fixture
def web_store(tmp_path: Path) -> Iterator[Store]:
    store = open_store(f"sqlite:///{tmp_path / 'cve.db'}")
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def client(settings: Settings, web_store: Store) -> Iterator[TestClient]:
    app = create_app(settings, web_store, poll=False)
    with TestClient(app, headers={"accept": "text/html"}) as c:
        yield c


def csrf_of(client: TestClient, path: str = "/signin") -> str:
    found = _CSRF.search(client.get(path).text)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def sign_in(client: TestClient, name: str, next_path: str = "/") -> object:
    return client.post(
        "/signin",
        data={"name": name, "password": PASSWORD, "next": next_path, "csrf_token": csrf_of(client)},
        follow_redirects=False,
    )


# -- SSRF: CPython CVE-2024-4032, Stringer GHSA-496x-437q-h35q, ikiwiki CVE-2019-9187 -------------
# Ranges that Python's ipaddress tables got wrong before 3.12.4 (is_private / is_global), and
# other special-purpose ranges (IANA registries), each with one address inside.
CVE_2024_4032 = [
    "192.0.0.1",
    "192.0.0.7",
    "192.0.0.8",
    "192.0.0.9",
    "192.0.0.10",
    "192.0.0.170",
    "192.0.0.171",
    "192.0.2.1",
    "198.18.0.1",
    "198.19.255.254",
    "198.51.100.1",
    "203.0.113.1",
    "240.0.0.1",
    "255.255.255.255",
    "0.0.0.0",
    "100.64.0.1",
    "2001:db8::1",
    "2001:10::1",
    "2001:2::1",
    "2001::1",
    "2002::1",
    "fc00::1",
    "100::1",
    "::ffff:192.0.0.170",
    "::ffff:198.18.0.1",
    "64:ff9b::c000:2aa",
    "64:ff9b:1::1",
]


@pytest.mark.parametrize("address", CVE_2024_4032)
def test_cve_2024_4032_special_ranges_are_blocked_on_this_python(address: str):
    assert blocked_reason(ipaddress.ip_address(address)) is not None


class StubDns:
    def __init__(self, table: dict[str, list[str]]) -> None:
        self.table = table

    async def __call__(self, host: str, port: int) -> list[str]:
        if host not in self.table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return self.table[host]


LOOPBACK_SPELLINGS = [
    "2130706433",
    "0x7f.1",
    "017700000001",
    "0x7f000001",
    "0177.0.0.1",
    "127.1",
    "127.0.1",
    "0x7f.0.0.1",
    "[::ffff:127.0.0.1]",
    "[::ffff:7f00:1]",
    "[0:0:0:0:0:ffff:127.0.0.1]",
    "[::1]",
    "[64:ff9b::7f00:1]",
    "[::127.0.0.1]",
    "0",
    "0.0.0.0",
]


@pytest.mark.parametrize("host", LOOPBACK_SPELLINGS)
async def test_alternative_ip_notations_never_open_a_socket(settings: Settings, host: str):
    """A live server on 127.0.0.1 never sees a request, whatever the spelling of its address."""
    with FixtureServer({"/": Route(body=b"internal")}) as server:
        async with HttpClient(
            replace(settings, allow_private_hosts=()), resolver=StubDns({})
        ) as client:
            with pytest.raises(FetchError) as info:
                await client.get(f"http://{host}:{server.port}/")
        assert server.requests == []
    assert info.value.kind in ("blocked_address", "bad_url", "invalid_url", "bad_scheme")


@pytest.mark.parametrize("host", ["2130706433", "0x7f.1", "[::ffff:127.0.0.1]", "017700000001"])
async def test_redirect_to_an_alternative_notation_is_refused(settings: Settings, host: str):
    """The first hop is allowed (a named intranet host); its redirect to loopback is not."""
    with FixtureServer() as server:
        server.add(
            "/start", Route(status=302, headers={"Location": f"http://{host}:{server.port}/secret"})
        )
        server.add("/secret", Route(body=b"internal"))
        allowed = replace(settings, allow_private_hosts=("intranet.example",))
        dns = StubDns({"intranet.example": ["127.0.0.1"]})
        async with HttpClient(allowed, resolver=dns) as client:
            with pytest.raises(BlockedAddressError):
                await client.get(f"http://intranet.example:{server.port}/start")
        assert [r.path for r in server.requests] == ["/start"]


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://ftp.example/x",
        "gopher://127.0.0.1:70/_x",
        "dict://x:11211/",
        "data:text/xml,<rss/>",
        "jar:http://x/y!/z",
        "netdoc:///etc/passwd",
        "ldap://x/",
    ],
)
async def test_only_http_and_https_are_fetched(settings: Settings, url: str):
    async with HttpClient(settings) as client:
        with pytest.raises(FetchError) as info:
            await client.get(url)
    assert info.value.kind in ("bad_scheme", "invalid_url")


@pytest.mark.parametrize("target", ["file:///etc/passwd", "gopher://127.0.0.1:6379/_INFO"])
async def test_redirect_to_another_scheme_is_refused(settings: Settings, target: str):
    with FixtureServer({"/r": Route(status=301, headers={"Location": target})}) as server:
        async with HttpClient(settings) as client:
            with pytest.raises(BadSchemeError):
                await client.get(server.url("/r"))


# -- Miniflux CVE-2023-27591: /metrics behind spoofed forwarding headers ---------------------------
def test_cve_2023_27591_spoofed_forwarding_headers_do_not_open_metrics(
    settings: Settings, web_store: Store
):
    from broadsheet.ops.routes import install

    app = create_app(settings, web_store, poll=False)
    install(app, settings, web_store)
    spoofs = [
        {"X-Forwarded-For": "127.0.0.1"},
        {"X-Real-IP": "127.0.0.1"},
        {"Forwarded": "for=127.0.0.1"},
        {"X-Forwarded-For": "10.0.0.1, 127.0.0.1"},
        {"Client-IP": "127.0.0.1"},
        {"True-Client-IP": "127.0.0.1"},
    ]
    with TestClient(app) as c:
        for headers in spoofs:
            reply = c.get("/metrics", headers=headers)
            assert reply.status_code in (401, 403), headers
            assert "broadsheet_" not in reply.text


# -- Miniflux CVE-2023-27592: error pages escape what they echo and carry the CSP ------------------
PROBE = "<script>alert('bs')</script><img src=x onerror=alert(1)>"


@pytest.mark.parametrize(
    "path",
    [
        "/articles/999999",
        "/stories/999999",
        "/no/such/page/" + PROBE,
        "/publishers/" + PROBE,
        "/topics/" + PROBE,
        "/search?q=" + PROBE,
        "/signin?next=" + PROBE,
        "/articles/not-a-number" + PROBE,
    ],
)
def test_cve_2023_27592_error_and_echo_pages_escape_input_and_carry_csp(
    client: TestClient, path: str
):
    reply = client.get(path)
    assert "<script>alert" not in reply.text and "<img src=x" not in reply.text
    if reply.headers.get("content-type", "").startswith("text/html"):
        policy = reply.headers.get("content-security-policy", "")
        assert "default-src" in policy and "script-src" in policy
        assert reply.headers.get("x-content-type-options") == "nosniff"


# -- Miniflux CVE-2025-67713 / GHSA-m999-j542-5w3r: open redirect after sign-in ------------------
@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example",
        "/\\/evil.example",
        "https://evil.example/",
        "http:evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "//evil.example@testserver/",
        "/%2F/evil.example",
        "/%5Cevil.example",
        " //evil.example",
        "javascript:alert(1)",
        "///evil.example",
    ],
)
def test_redirect_after_sign_in_stays_on_this_site(
    client: TestClient, web_store: Store, target: str
):
    web_store.create_user("alice", _hash())
    reply = sign_in(client, "alice", target)
    assert reply.status_code == 303  # type: ignore[attr-defined]
    location = reply.headers["location"]  # type: ignore[attr-defined]
    # What a browser does with the header: strip tabs/newlines, resolve against the page.
    browser_view = re.sub(r"[\t\n\r]", "", location).replace("\\", "/")
    resolved = urlsplit(urljoin("http://testserver/signin", browser_view))
    assert resolved.scheme == "http" and resolved.netloc == "testserver", location


# -- FreshRSS CVE-2025-31482: logout by GET -------------------------------------------------
def test_cve_2025_31482_sign_out_is_post_only(client: TestClient, web_store: Store):
    web_store.create_user("alice", _hash())
    sign_in(client, "alice")
    assert client.get("/account", follow_redirects=False).status_code == 200
    reply = client.get("/signout", follow_redirects=False)
    assert reply.status_code in (404, 405)
    assert client.get("/account", follow_redirects=False).status_code == 200, "GET signed out"
    no_token = client.post("/signout", follow_redirects=False)
    assert no_token.status_code == 403, (
        "sign-out without the CSRF token (an <img>/<form> in a feed)"
    )
    assert client.get("/account", follow_redirects=False).status_code == 200


# -- FreshRSS CVE-2025-54592: session fixation -----
def test_cve_2025_54592_session_id_changes_at_sign_in_and_sign_out(
    client: TestClient, web_store: Store
):
    web_store.create_user("alice", _hash())
    before_token = csrf_of(client)  # an anonymous session exists now
    before = client.cookies.get("bs_session")
    assert before
    sign_in(client, "alice")
    after = client.cookies.get("bs_session")
    assert after and after != before
    assert csrf_of(client, "/account") != before_token, "the session id did not change"
    # The pre-sign-in cookie (what an attacker could have planted) is not signed in.
    with TestClient(client.app, headers={"accept": "text/html"}) as other:
        other.cookies.set("bs_session", before)
        assert other.get("/account", follow_redirects=False).status_code in (302, 303, 307)
    client.post(
        "/signout", data={"csrf_token": csrf_of(client, "/account")}, follow_redirects=False
    )
    assert client.get("/account", follow_redirects=False).status_code in (302, 303, 307)


# -- FreshRSS CVE-2025-54875: no form or API field grants admin -----
def test_cve_2025_54875_no_form_field_makes_an_admin(client: TestClient, web_store: Store):
    web_store.create_user("root", _hash(), is_admin=True)  # the first account is the admin
    fields = {
        "is_admin": "1",
        "admin": "true",
        "role": "admin",
        "new_user_is_admin": "1",
        "isAdmin": "on",
        "user[is_admin]": "1",
    }
    reply = client.post(
        "/signup",
        data={
            "name": "mallory",
            "password": PASSWORD,
            "confirm": PASSWORD,
            "csrf_token": csrf_of(client, "/signup"),
            **fields,
        },
        follow_redirects=False,
    )
    assert reply.status_code in (303, 403, 422)
    user = web_store.get_user_by_name("mallory")
    assert user is None or not user.is_admin
    if user is not None:  # and as that user, the REST API cannot promote itself either
        for path in ("/api/v1/me", "/api/v1/account"):
            for method in ("PATCH", "PUT", "POST"):
                client.request(method, path, json={"is_admin": True, "role": "admin"})
        refreshed = web_store.get_user_by_name("mallory")
        assert refreshed is not None and not refreshed.is_admin


# -- FreshRSS CVE-2022-23497 / CVE-2025-31134: no file served by a user-supplied path --------------
@pytest.mark.parametrize(
    "path",
    [
        "/static/../../../../etc/passwd",
        "/static/..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/static/....//....//etc/passwd",
        "/static/..%5c..%5c..%5cconfig.py",
        "/static/%2e%2e/%2e%2e/config.py",
        "/static/../web/app.py",
        "/static/%2e%2e/app.py",
        "/static//etc/passwd",
        "/static/..;/..;/config.py",
    ],
)
def test_no_route_serves_a_file_by_user_supplied_path(client: TestClient, path: str):
    reply = client.get(path)
    assert "root:x:0:0" not in reply.text
    assert "def create_app" not in reply.text and "class Settings" not in reply.text
    assert reply.status_code != 200 or "html" in reply.headers.get("content-type", "")


# -- FreshRSS CVE-2023-22481: no password in logs on failed API logins -----------------------------
def test_cve_2023_22481_failed_api_logins_never_log_the_password(
    client: TestClient, web_store: Store, caplog: pytest.LogCaptureFixture
):
    web_store.create_user("alice", _hash())
    caplog.set_level(logging.DEBUG)
    client.post("/accounts/ClientLogin", data={"Email": "alice", "Passwd": SECRET})
    client.get("/accounts/ClientLogin", params={"Email": "alice", "Passwd": SECRET})
    client.post("/fever/?api", data={"api_key": SECRET})
    client.get("/fever/", params={"api": "", "api_key": SECRET})
    client.get("/reader/api/0/user-info", headers={"Authorization": f"GoogleLogin auth={SECRET}"})
    client.get("/api/v1/me", headers={"Authorization": f"Bearer {SECRET}"})
    client.get("/api/v1/me", auth=("alice", SECRET))
    client.post(
        "/signin", data={"name": "alice", "password": SECRET, "csrf_token": csrf_of(client)}
    )
    # The test's own HTTP client (httpx) logs the URLs it requests; only the app's logs count.
    app_records = [r for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))]
    logged = [f"{r.name}: {r.getMessage()}" for r in app_records if SECRET in r.getMessage()]
    assert not logged, logged
