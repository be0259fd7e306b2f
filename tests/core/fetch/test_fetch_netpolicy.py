"""The private-address rule: a fetch that starts on a public address never reaches a private one.

Names are answered by a patched resolver and a tripwire refuses any connection off loopback, so nothing here
leaves the machine. ``public_loopback`` lets the loopback server stand for a public site (127.0.0.1 counts as
public); every other address, 127.0.0.2 included, keeps its real class.
"""
from __future__ import annotations

from urllib.parse import quote

import pytest

from curator_gui.core import fetch_metadata
from curator_gui.core.fetch.http import fetch_page, fetch_result
from curator_gui.core.fetch.netpolicy import AddressPolicy, PrivateAddressError, address_kind, is_public_address

TITLE = "Hospital network adopts remote monitoring"


@pytest.mark.parametrize("address, kind", [
    ("127.0.0.1", "loopback"), ("127.255.0.9", "loopback"), ("::1", "loopback"),
    ("169.254.169.254", "link-local"), ("fe80::1", "link-local"), ("fe80::1%eth0", "link-local"),
    ("10.1.2.3", "private"), ("172.16.0.1", "private"), ("172.31.255.255", "private"), ("192.168.1.1", "private"),
    ("fc00::1", "private"), ("fd12:3456::1", "private"), ("fec0::1", "private"),
    ("100.64.0.1", "shared (carrier-grade NAT)"), ("100.127.255.254", "shared (carrier-grade NAT)"),
    ("0.0.0.0", "unspecified"), ("0.1.2.3", "unspecified"), ("::", "unspecified"),
    ("::ffff:127.0.0.1", "loopback"), ("::ffff:10.0.0.1", "private"), ("::ffff:a9fe:a9fe", "link-local"),
    ("::7f00:1", "loopback"), ("64:ff9b::a9fe:a9fe", "link-local"), ("2002:c0a8:101::1", "private"),
    ("224.0.0.1", "multicast"), ("ff02::1", "multicast"), ("192.0.2.1", "reserved"),
    ("255.255.255.255", "reserved"), ("240.0.0.1", "reserved"), ("2001:db8::1", "reserved"),
    ("intranet", "not an address"),
])
def test_addresses_that_are_not_public(address, kind):
    assert address_kind(address) == kind
    assert not is_public_address(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700::1111", "::ffff:8.8.8.8",
                                     "172.32.0.1", "100.128.0.1", "11.0.0.1", "2002:808:808::1"])
def test_public_addresses(address):
    assert is_public_address(address) and address_kind(address) == ""


def _port(server) -> str:
    return server.base.rsplit(":", 1)[1]


def _redirect(server, host: str, target: str, close: bool = False) -> str:
    return f"http://{host}:{_port(server)}/redirect?{'close=1&' if close else ''}to={quote(target, safe='')}"


@pytest.mark.parametrize("target, refused, kind", [
    ("http://127.0.0.2:{port}/pages/og_complete.html", "127.0.0.2", "loopback"),
    ("http://[::ffff:127.0.0.2]:{port}/", "::ffff:127.0.0.2", "loopback"),
    ("http://2130706434:{port}/", "127.0.0.2", "loopback"),  # 127.0.0.2 written as one number
    ("http://0x7f.0.0.2:{port}/", "127.0.0.2", "loopback"),
    ("http://0.0.0.0:{port}/", "0.0.0.0", "unspecified"),
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254", "link-local"),
    ("http://10.0.0.5/admin", "10.0.0.5", "private"),
    ("http://100.64.0.1/", "100.64.0.1", "shared (carrier-grade NAT)"),
    ("http://[fe80::1]/", "fe80::1", "link-local"),
    ("http://[fc00::1]/", "fc00::1", "private"),
    ("http://intranet.example:{port}/", "192.168.1.10", "private"),
    ("http://localhost:{port}/pages/og_complete.html", "::1", "loopback"),
])
def test_a_public_page_may_not_redirect_into_a_private_network(server, resolver, public_loopback, target, refused,
                                                                kind):
    resolver.answer("news.example", "127.0.0.1")
    resolver.answer("intranet.example", "192.168.1.10")
    resolver.answer("localhost", ["::1", "127.0.0.2"])
    start = _redirect(server, "news.example", target.format(port=_port(server)))
    with pytest.raises(PrivateAddressError) as caught:
        fetch_metadata(start, timeout=5)
    message = str(caught.value)
    assert message.startswith("refused to follow the redirect from http://news.example:")
    assert f": {refused} is a" in message and f" {kind} address, and a page on a public address may not" in message
    assert caught.value.address == refused and caught.value.kind == kind
    assert set(resolver.connects) == {"127.0.0.1"}  # not one packet towards the refused address


def test_a_name_that_turns_private_on_the_next_lookup_is_refused(server, resolver, public_loopback):
    # DNS rebinding: public for the first connection, private for the next one to the same name.
    resolver.answer("rebind.example", "127.0.0.1", "127.0.0.2")
    start = f"http://rebind.example:{_port(server)}/redirect?close=1&to=/pages/og_complete.html"
    with pytest.raises(PrivateAddressError, match=r"127\.0\.0\.2 is a loopback address"):
        fetch_metadata(start, timeout=5)
    assert resolver.lookups.count("rebind.example") == 2 and resolver.connects == ["127.0.0.1"]


def test_only_the_public_addresses_of_a_mixed_answer_are_connected_to(server, resolver, public_loopback):
    resolver.answer("news.example", "127.0.0.1")
    resolver.answer("mixed.example", ["127.0.0.2", "127.0.0.1"])
    start = _redirect(server, "news.example", f"http://mixed.example:{_port(server)}/pages/og_complete.html")
    assert fetch_metadata(start, timeout=5)["title"] == TITLE
    assert set(resolver.connects) == {"127.0.0.1"}


def test_a_public_start_decides_a_policy_that_refuses_private_images(server, resolver, public_loopback):
    resolver.answer("news.example", "127.0.0.1")
    result = fetch_result(f"http://news.example:{_port(server)}/pages/og_complete.html", timeout=5)
    assert result.policy.allow_private is False
    # What an image downloader does with the page's policy: a private image address is refused.
    with pytest.raises(PrivateAddressError, match=r"^127\.0\.0\.2 is a loopback address"):
        fetch_page(f"http://127.0.0.2:{_port(server)}/pages/og_complete.html", timeout=5, policy=result.policy)
    assert "127.0.0.2" not in resolver.connects


def test_an_address_typed_by_the_user_that_is_private_may_lead_anywhere_private(server, resolver):
    resolver.answer("localhost", "127.0.0.1")
    start = server.url("/redirect?to=" + quote(f"http://localhost:{_port(server)}/pages/og_complete.html"))
    result = fetch_result(start, timeout=5)
    assert result.fragment["title"] == TITLE and result.policy.allow_private is True


def test_a_decided_policy_is_kept():
    policy = AddressPolicy(allow_private=False)
    policy.admit("93.184.216.34", "news.example")
    with pytest.raises(PrivateAddressError, match=r"^files\.example \(10\.0\.0\.1\) is a private address"):
        policy.admit("10.0.0.1", "files.example")
    AddressPolicy(allow_private=True).admit("10.0.0.1")


def test_through_a_proxy_the_rule_applies_to_the_names(server, resolver, public_loopback, monkeypatch):
    resolver.answer("news.example", "127.0.0.1")
    resolver.answer("intranet.example", "10.0.0.5")
    monkeypatch.setenv("HTTP_PROXY", server.base)
    monkeypatch.setenv("http_proxy", server.base)
    assert fetch_metadata("http://news.example/pages/og_complete.html", timeout=5)["title"] == TITLE
    refused = r"to http://intranet\.example/admin: 10\.0\.0\.5 is a private address"
    with pytest.raises(PrivateAddressError, match=refused):
        fetch_metadata(_redirect(server, "news.example", "http://intranet.example/admin").replace(
            f":{_port(server)}", ""), timeout=5)
    assert not any(path.startswith("http://intranet.example") for _m, path, _h in server.requests)


def test_the_address_actually_connected_to_decides_not_the_first_one_tried(server, resolver, public_loopback):
    # A name whose first answer is a dead private address must not open the private network to its redirects.
    resolver.answer("news.example", ["127.0.0.2", "127.0.0.1"])
    with pytest.raises(PrivateAddressError, match=r"127\.0\.0\.2 is a loopback address"):
        fetch_metadata(_redirect(server, "news.example", f"http://127.0.0.2:{_port(server)}/"), timeout=5)
    assert resolver.connects == ["127.0.0.2", "127.0.0.1"]  # tried first (nothing listens there), never again
