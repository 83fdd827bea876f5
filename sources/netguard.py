"""Which addresses the fetcher may connect to: the SSRF guard.

A fact-checker pastes any URL; without this, a URL could make the server read its own
admin, the cloud metadata service or a neighbour on the private network. Only globally
routable unicast addresses pass, unless FETCH_ALLOWED_HOSTS lists the host (tests list
127.0.0.1 to reach their local server).

The classifier (``parse_host_ip``, ``address_refusal``) is pure: no DNS, no sockets.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Iterable
from dataclasses import dataclass

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Metadata services answer on addresses some clouds route like ordinary ones.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254")
)
# IPv6 prefixes that carry an IPv4 address inside them: the inner address is what is reached.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")
_SIX_TO_FOUR = ipaddress.ip_network("2002::/16")

# inet_aton accepts 1 to 4 parts, each decimal, octal (leading 0) or hex (0x): "127.1",
# "2130706433", "0x7f000001" and "0177.0.0.1" all mean 127.0.0.1 to a C resolver.
_NUMERIC_PART = re.compile(r"^(0[xX][0-9a-fA-F]*|0[0-7]*|[1-9][0-9]*)$")


class AddressRefused(Exception):
    """The host is not one the fetcher may connect to; the message says why."""


def _parse_inet_aton(host: str) -> ipaddress.IPv4Address | None:
    parts = host.split(".")
    if parts and parts[-1] == "":
        parts = parts[:-1]  # a trailing dot is still the same address
    if not 1 <= len(parts) <= 4 or not all(_NUMERIC_PART.match(p) for p in parts):
        return None
    values = []
    for p in parts:
        if p[:2].lower() == "0x":
            values.append(int(p[2:] or "0", 16))
        elif len(p) > 1 and p.startswith("0"):
            values.append(int(p, 8))
        else:
            values.append(int(p))
    *head, last = values
    if any(v > 255 for v in head) or last >= 256 ** (4 - len(head)):
        raise AddressRefused(f"{host!r} is not a valid IPv4 address.")
    number = 0
    for v in head:
        number = number * 256 + v
    number = number * 256 ** (4 - len(head)) + last
    return ipaddress.IPv4Address(number)


def parse_host_ip(host: str) -> IPAddress | None:
    """The IP a host string denotes literally (every form a resolver accepts), or None."""
    host = host.strip()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if ":" in host:
        # A zone id (fe80::1%eth0) names an interface: link-local whatever follows.
        address = host.split("%", 1)[0]
        try:
            return ipaddress.IPv6Address(address)
        except ValueError:
            raise AddressRefused(f"{host!r} is not a valid IPv6 address.") from None
    return _parse_inet_aton(host)


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped:
        return ip.ipv4_mapped
    if ip in _NAT64 or ip in _NAT64_LOCAL:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.sixtofour:
        return ip.sixtofour
    if ip.teredo:
        return ip.teredo[1]
    # IPv4-compatible (::a.b.c.d, deprecated) still reaches the IPv4 host on some stacks.
    if int(ip) >> 32 == 0 and int(ip) > 1:
        return ipaddress.IPv4Address(int(ip))
    return None


def address_refusal(ip: IPAddress) -> str | None:
    """Why the fetcher must not connect to this address, or None when it may."""
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_ipv4(ip)
        if inner is not None:
            reason = address_refusal(inner)
            return f"{reason} (inside the IPv6 address {ip})" if reason else None
    if ip in METADATA_ADDRESSES:
        return f"{ip} is a cloud metadata address"
    checks = [
        ("is_unspecified", "unspecified"),
        ("is_loopback", "a loopback address"),
        ("is_link_local", "link-local"),
        ("is_multicast", "multicast"),
        ("is_reserved", "reserved"),
        ("is_private", "a private address"),
        ("is_site_local", "site-local"),
    ]
    for attr, label in checks:
        if getattr(ip, attr, False):
            return f"{ip} is {label}"
    if not ip.is_global:
        return f"{ip} is not a public address"
    return None


@dataclass(frozen=True)
class Allowlist:
    """Hosts and networks opened explicitly (FETCH_ALLOWED_HOSTS)."""

    names: frozenset[str]
    networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]

    @classmethod
    def from_setting(cls, entries: Iterable[str]) -> Allowlist:
        names, networks = set(), []
        for entry in entries:
            entry = entry.strip().lower()
            if not entry:
                continue
            try:
                networks.append(ipaddress.ip_network(entry.strip("[]"), strict=False))
            except ValueError:
                names.add(entry.rstrip("."))
        return cls(frozenset(names), tuple(networks))

    def allows_name(self, host: str) -> bool:
        return host.lower().rstrip(".") in self.names

    def allows_ip(self, ip: IPAddress) -> bool:
        return any(ip.version == net.version and ip in net for net in self.networks)


def vet_host(host: str, port: int, *, allowlist: Allowlist, resolve=None) -> IPAddress:
    """Resolve a host once and return the one address to connect to, or raise AddressRefused.

    Every address the name resolves to must pass: a name with one public and one private
    address is refused, so the choice cannot be steered. The caller connects to the
    returned IP itself, so a second lookup (DNS rebinding) cannot switch it.
    """
    if not host:
        raise AddressRefused("The URL has no host.")
    literal = parse_host_ip(host)
    if literal is not None:
        addresses = [literal]
    else:
        if not re.fullmatch(r"[A-Za-z0-9._-]+", host) or len(host) > 253:
            raise AddressRefused(f"{host!r} is not a valid host name.")
        try:
            infos = (resolve or socket.getaddrinfo)(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:
            raise AddressRefused(f"The host {host!r} could not be resolved ({exc}).") from None
        addresses = []
        for info in infos:
            ip = ipaddress.ip_address(info[4][0].split("%", 1)[0])
            if ip not in addresses:
                addresses.append(ip)
        if not addresses:
            raise AddressRefused(f"The host {host!r} has no address.")
    named = allowlist.allows_name(host)
    for ip in addresses:
        if named or allowlist.allows_ip(ip):
            continue
        reason = address_refusal(ip)
        if reason:
            raise AddressRefused(
                f"Refusing to fetch from {host}: {reason}. Only public addresses are fetched."
            )
    return addresses[0]
