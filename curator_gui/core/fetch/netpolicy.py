"""The only place that decides which network addresses a fetch may connect to: the private-address rule.

A fetched curation is published, so nothing internal may leak into it: once a fetch has started on a public
address, every later step (a redirect, an image found on the page) must stay on public addresses too. Whatever
is reached from an address the user typed that is itself private (a page on 127.0.0.1 and its images there)
is allowed: the first address a connection succeeds to decides. The rule is applied to the address a socket is
about to connect to, after name resolution, so a name that resolves to a public address once and to a private
one later (DNS rebinding) gains nothing.
"""
from __future__ import annotations

import ipaddress
import socket
import threading

from curator_gui.core.errors import FetchError

_Address = ipaddress.IPv4Address | ipaddress.IPv6Address

#: Ranges that are never public, each with the word a message uses for it. Checked before ``is_global``, whose
#: answers vary between Python versions (3.11 calls fec0::/10, ff02::1 and 64:ff9b::7f00:1 global).
_NOT_PUBLIC: tuple[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, str], ...] = tuple(
    (ipaddress.ip_network(net), kind) for net, kind in (
        ("127.0.0.0/8", "loopback"),
        ("::1/128", "loopback"),
        ("169.254.0.0/16", "link-local"),
        ("fe80::/10", "link-local"),
        ("10.0.0.0/8", "private"),
        ("172.16.0.0/12", "private"),
        ("192.168.0.0/16", "private"),
        ("fc00::/7", "private"),
        ("fec0::/10", "private"),  # site-local: deprecated, but still routed inside some networks
        ("100.64.0.0/10", "shared (carrier-grade NAT)"),
        ("0.0.0.0/8", "unspecified"),
        ("::/128", "unspecified"),
        ("224.0.0.0/4", "multicast"),
        ("ff00::/8", "multicast"),
        ("240.0.0.0/4", "reserved"),
        ("64:ff9b:1::/48", "private"),  # local-use NAT64
    ))


class PrivateAddressError(FetchError):
    """A connection refused by the private-address rule. ``address`` is the refused IP address, ``host`` the
    name it was resolved from, ``kind`` a word for its range (``loopback``, ``link-local``, ``private``…)."""

    def __init__(self, message: str, *, address: str = "", host: str = "", kind: str = ""):
        super().__init__(message)
        self.address = address
        self.host = host
        self.kind = kind


def _parse(address: str) -> _Address | None:
    try:
        return ipaddress.ip_address(str(address).split("%", 1)[0])  # drop an IPv6 zone (fe80::1%eth0)
    except ValueError:
        return None


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for, if it carries one a connection could end up at."""
    if ip.ipv4_mapped is not None:  # ::ffff:a.b.c.d
        return ip.ipv4_mapped
    if ip.sixtofour is not None:  # 2002:AABB:CCDD::/48
        return ip.sixtofour
    packed = int(ip)
    if packed >> 32 == 0 and packed > 1:  # ::a.b.c.d, the deprecated IPv4-compatible form
        return ipaddress.IPv4Address(packed & 0xFFFFFFFF)
    if packed >> 32 == int(ipaddress.IPv6Address("64:ff9b::")) >> 32:  # 64:ff9b::/96, NAT64
        return ipaddress.IPv4Address(packed & 0xFFFFFFFF)
    return None


def address_kind(address: str) -> str:
    """'' for a public address, else a word for its range: ``loopback``, ``link-local``, ``private``,
    ``shared (carrier-grade NAT)``, ``unspecified``, ``multicast``, ``reserved`` or ``not an address``."""
    ip = _parse(address)
    if ip is None:
        return "not an address"
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_ipv4(ip)
        if inner is not None:
            return address_kind(str(inner))
    for network, kind in _NOT_PUBLIC:
        if ip.version == network.version and ip in network:
            return kind
    if not ip.is_global or ip.is_multicast:
        return "reserved"
    return ""


def is_public_address(address: str) -> bool:
    """True for an IP address (text, IPv4 or IPv6) that is on the public internet.

    Loopback, link-local, private (RFC 1918, fc00::/7), shared (100.64.0.0/10), unspecified, multicast and
    reserved ranges are not, nor is an IPv6 address that embeds one of them (``::ffff:127.0.0.1``, 6to4,
    NAT64). A name that is not an address is not public either.
    """
    return address_kind(address) == ""


class AddressPolicy:
    """Which addresses the connections of one fetch may reach (one policy for a page and all it leads to).

    ``allow_private`` is None until the first connection succeeds: that address, the one the user asked for,
    decides (:meth:`settle`); an address merely tried first does not, so a dead private address in a name's
    answer cannot open the private network. A public first address forbids every private one afterwards; a
    private one allows everything. Pass the policy a page fetch ended with (``FetchResult.policy``) to the
    download of that page's images. Thread-safe: several downloads may share one policy.
    """

    def __init__(self, allow_private: bool | None = None):
        self.allow_private = allow_private
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"AddressPolicy(allow_private={self.allow_private!r})"

    def admit(self, address: str, host: str = "") -> None:
        """Allow a connection to ``address`` (resolved from ``host``) or raise :class:`PrivateAddressError`.
        Before the policy is settled anything is allowed: it is the user's own first step."""
        kind = address_kind(address)
        with self._lock:
            if self.allow_private is not False or not kind:
                return
        shown = host if not host or host == address else f"{host} ({address})"
        article = "an" if kind[:1] in "aeiou" else "a"
        raise PrivateAddressError(f"{shown or address} is {article} {kind} address, and a page on a public address "
                                  f"may not lead into a private network", address=address, host=host, kind=kind)

    def settle(self, address: str) -> None:
        """Record that a connection to ``address`` succeeded: the first one decides what the policy allows."""
        with self._lock:
            if self.allow_private is None:
                self.allow_private = bool(address_kind(address))

    def check_name(self, host: str, port: int = 443) -> None:
        """Apply the rule to a host name as this computer resolves it (for a request that goes through a proxy,
        where the connected address is the proxy's). A name that does not resolve here passes: the proxy may
        know it, and a literal address is always checked. Raises :class:`PrivateAddressError`."""
        host = (host or "").strip("[]")
        if _parse(host) is not None:
            addresses = [host]
        else:
            try:
                addresses = [sockaddr[0] for *_rest, sockaddr in socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)]
            except (OSError, UnicodeError):
                addresses = []
        for address in addresses:
            self.admit(address, host)
        with self._lock:
            if self.allow_private is None:  # the proxy picks the address: private only if every one is
                self.allow_private = bool(addresses) and all(address_kind(address) for address in addresses)
