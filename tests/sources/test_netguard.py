"""The SSRF address classifier, with no network: literals only, and a fake resolver."""

import ipaddress
import socket

import pytest

from sources.netguard import AddressRefused, Allowlist, address_refusal, parse_host_ip, vet_host

NOBODY = Allowlist.from_setting([])


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "127.1",  # short form
        "2130706433",  # decimal
        "0x7f000001",  # hex
        "0x7f.0.0.1",
        "0177.0.0.1",  # octal
        "127.0.0.1.",
        "::1",
        "[::1]",
        "::ffff:127.0.0.1",  # IPv4-mapped
        "::ffff:7f00:1",
        "64:ff9b::7f00:1",  # NAT64 of loopback
        "2002:7f00:1::",  # 6to4 of loopback
    ],
)
def test_every_spelling_of_loopback_is_refused(host):
    ip = parse_host_ip(host)
    assert ip is not None
    assert "loopback" in address_refusal(ip)


@pytest.mark.parametrize(
    ("host", "word"),
    [
        ("10.1.2.3", "private"),
        ("172.16.0.9", "private"),
        ("192.168.0.1", "private"),
        ("3232235521", "private"),  # 192.168.0.1 in decimal
        ("0xc0a80001", "private"),
        ("fd12:3456::1", "private"),
        ("::ffff:10.0.0.1", "private"),
        ("169.254.169.254", "metadata"),
        ("fd00:ec2::254", "metadata"),
        ("100.100.100.200", "metadata"),
        ("169.254.1.1", "link-local"),
        ("fe80::1", "link-local"),
        ("fe80::1%eth0", "link-local"),
        ("0.0.0.0", "unspecified"),  # noqa: S104 - classified, never bound
        ("0", "unspecified"),
        ("::", "unspecified"),
        ("224.0.0.251", "multicast"),
        ("ff02::1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "not a public address"),  # carrier-grade NAT
    ],
)
def test_internal_addresses_are_refused_with_the_reason(host, word):
    assert word in address_refusal(parse_host_ip(host))


@pytest.mark.parametrize(
    "host", ["8.8.8.8", "134217729", "2001:4860:4860::8888", "::ffff:8.8.8.8", "[2a00:1450::1]"]
)
def test_public_addresses_pass(host):
    assert address_refusal(parse_host_ip(host)) is None


@pytest.mark.parametrize("host", ["news.example", "1.2.3.4.5", "un.org", "127.0.0.1x", "0x7g"])
def test_names_are_not_mistaken_for_addresses(host):
    assert parse_host_ip(host) is None


@pytest.mark.parametrize("host", ["256.0.0.1", "1.2.3.256", "0x100000000", "::g", "1:2:3"])
def test_malformed_addresses_are_refused(host):
    with pytest.raises(AddressRefused):
        parse_host_ip(host)


def _resolver(*addresses):
    def resolve(host, port, type=0):  # noqa: A002 - getaddrinfo's name
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, type, 6, "", (a, port))
            for a in addresses
        ]

    return resolve


def test_a_name_resolving_to_a_private_address_is_refused():
    with pytest.raises(AddressRefused, match="private"):
        vet_host("intranet.example", 80, allowlist=NOBODY, resolve=_resolver("10.0.0.5"))


def test_one_internal_answer_among_public_ones_refuses_the_name():
    with pytest.raises(AddressRefused, match="loopback"):
        vet_host("mixed.example", 80, allowlist=NOBODY, resolve=_resolver("8.8.8.8", "127.0.0.1"))


def test_a_public_name_gives_the_address_to_connect_to():
    ip = vet_host("news.example", 443, allowlist=NOBODY, resolve=_resolver("93.184.216.34"))
    assert ip == ipaddress.ip_address("93.184.216.34")


def test_unresolvable_names_get_a_clear_message():
    def fail(*args, **kwargs):
        raise socket.gaierror(-2, "Name or service not known")

    with pytest.raises(AddressRefused, match="could not be resolved"):
        vet_host("nowhere.example", 80, allowlist=NOBODY, resolve=fail)


def test_literals_are_never_sent_to_the_resolver():
    def must_not_resolve(*args, **kwargs):
        raise AssertionError("resolved a literal address")

    with pytest.raises(AddressRefused):
        vet_host("0x7f000001", 80, allowlist=NOBODY, resolve=must_not_resolve)


def test_the_allowlist_opens_listed_hosts_and_networks_only():
    allow = Allowlist.from_setting(["127.0.0.1", "localhost", "10.9.0.0/16"])
    assert vet_host("127.0.0.1", 80, allowlist=allow) == ipaddress.ip_address("127.0.0.1")
    assert vet_host("2130706433", 80, allowlist=allow) == ipaddress.ip_address("127.0.0.1")
    assert vet_host("10.9.8.7", 80, allowlist=allow) == ipaddress.ip_address("10.9.8.7")
    with pytest.raises(AddressRefused):
        vet_host("127.0.0.2", 80, allowlist=allow)
    with pytest.raises(AddressRefused):
        vet_host("169.254.169.254", 80, allowlist=allow)
