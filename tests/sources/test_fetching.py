"""The fetcher against a real HTTP server on 127.0.0.1 (never any other address)."""

import time

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from sources.fetching import FetchError, FetchResult, extract, fetch


def test_guard_on_refuses_loopback_and_the_server_sees_nothing(site, settings):
    settings.FETCH_ALLOWED_HOSTS = []
    with pytest.raises(FetchError, match="loopback") as exc:
        fetch(site.url("/en"))
    assert not exc.value.temporary
    assert site.requests == []


@pytest.mark.parametrize(
    "spelling", ["localhost", "127.1", "2130706433", "0x7f000001", "[::ffff:127.0.0.1]"]
)
def test_guard_on_refuses_other_spellings_of_loopback(site, settings, spelling):
    settings.FETCH_ALLOWED_HOSTS = []
    port = site.base.rsplit(":", 1)[1]
    with pytest.raises(FetchError, match="loopback"):
        fetch(f"http://{spelling}:{port}/en")
    assert site.requests == []


def test_arabic_page_text_and_metadata(open_site):
    result = fetch(open_site.url("/ar"))
    page = extract(result)
    assert result.status == 200
    assert page.title == "وزير الخارجية: المفاوضات تستأنف في جنيف"
    assert "القرار 2259 الصادر عام 2015" in page.text
    assert "الرئيسية | سياسة" not in page.text  # navigation is not the article
    assert page.language == "ar"
    assert page.metadata["sitename"] == "صحيفة الاختبار"
    assert len(page.sha256) == 64


def test_english_page_text(open_site):
    page = extract(fetch(open_site.url("/en")))
    assert page.title == "Harbour reopens after three-week closure"
    assert "about 40 ships" in page.text
    assert page.language == "en"


def test_the_request_names_the_host_and_goes_to_the_vetted_address(open_site):
    fetch(open_site.url("/en"))
    assert open_site.hosts == [open_site.base.removeprefix("http://")]


def test_redirect_chain_is_followed_hop_by_hop(open_site):
    result = fetch(open_site.url("/redirect/3"))
    assert result.final_url == open_site.url("/en")
    assert open_site.requests == ["/redirect/3", "/redirect/2", "/redirect/1", "/en"]
    assert len(result.redirects) == 3


def test_too_many_redirects_stop(open_site, settings):
    settings.FETCH_MAX_REDIRECTS = 2
    with pytest.raises(FetchError, match="more than 2 times"):
        fetch(open_site.url("/redirect/5"))
    assert len(open_site.requests) == 3


def test_a_redirect_to_the_metadata_address_is_refused_before_connecting(open_site):
    with pytest.raises(FetchError, match="metadata"):
        fetch(open_site.url("/to-metadata"))
    assert open_site.requests == ["/to-metadata"]


def test_each_redirect_is_rechecked_against_the_guard(open_site, settings):
    settings.FETCH_ALLOWED_HOSTS = ["127.0.0.1/32"]
    # The allowlist is by address, so the decimal spelling of 127.0.0.1 is the same host.
    assert fetch(open_site.url("/to-decimal-loopback")).final_url.endswith("/en")


def test_404_is_a_permanent_failure(open_site):
    with pytest.raises(FetchError, match="HTTP 404") as exc:
        fetch(open_site.url("/404"))
    assert exc.value.status == 404
    assert not exc.value.temporary


def test_503_is_temporary(open_site):
    with pytest.raises(FetchError, match="HTTP 503") as exc:
        fetch(open_site.url("/down"))
    assert exc.value.temporary


def test_slow_page_times_out_as_temporary(open_site):
    began = time.monotonic()
    with pytest.raises(FetchError, match="did not answer in time") as exc:
        fetch(open_site.url("/slow"))
    assert exc.value.temporary
    assert time.monotonic() - began < 2.5


def test_huge_page_is_cut_off_while_streaming(open_site):
    with pytest.raises(FetchError, match="larger than"):
        fetch(open_site.url("/huge"))


def test_huge_declared_length_is_refused_before_reading(open_site):
    with pytest.raises(FetchError, match="larger than"):
        fetch(open_site.url("/huge-declared"))


def test_content_types_outside_the_allowlist_are_refused(open_site):
    with pytest.raises(FetchError, match="image/png"):
        fetch(open_site.url("/image"))


def test_pdf_is_kept_without_text(open_site):
    result = fetch(open_site.url("/doc.pdf"))
    page = extract(result)
    assert result.body.startswith(b"%PDF")
    assert page.text == ""


def test_plain_text_is_kept_as_is(open_site):
    page = extract(fetch(open_site.url("/plain")))
    assert page.title == "بيان رسمي"
    assert "نص البيان هنا." in page.text


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "Give the address"),
        ("ftp://files.example/a.txt", "Only http"),
        ("file:///etc/passwd", "Only http"),
        ("javascript:alert(1)", "Only http"),
        ("http://user:pw@news.example/", "user name or password"),
        ("http:///nohost", "no host"),
        ("http://news.example/a b", "spaces"),
        ("http://news.example:99999/", "not valid"),
    ],
)
def test_bad_urls_get_a_clear_message_and_no_traffic(url, message):
    with pytest.raises(FetchError, match=message):
        fetch(url, allowed_hosts=[])


def test_unchanged_page_hashes_the_same(open_site):
    first = extract(fetch(open_site.url("/en")))
    second = extract(fetch(open_site.url("/en")))
    assert first.sha256 == second.sha256


def test_the_address_is_resolved_once_so_dns_rebinding_cannot_switch_it(
    open_site, settings, monkeypatch
):
    """The first answer is vetted and connected to; a later, internal answer is never used."""
    import socket

    real = socket.getaddrinfo
    answers = iter(["127.0.0.1", "10.0.0.1", "10.0.0.1"])
    lookups = []

    def rebinding_dns(host, port, *args, **kwargs):
        if host != "rebind.test":
            return real(host, port, *args, **kwargs)
        lookups.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding_dns)
    port = open_site.base.rsplit(":", 1)[1]
    result = fetch(f"http://rebind.test:{port}/en")
    assert result.status == 200
    assert lookups == ["rebind.test"]
    assert open_site.hosts == [f"rebind.test:{port}"]


def test_a_compressed_page_is_measured_after_inflating(open_site):
    with pytest.raises(FetchError, match="larger than"):
        fetch(open_site.url("/gzip-bomb"))


def test_ipv6_loopback_when_allowed(settings):
    """The fetcher connects to IPv6 addresses too (a server on ::1, opened explicitly)."""
    import socket
    import threading
    from http.server import ThreadingHTTPServer

    from tests.sources.conftest import FakeSite, _Handler

    if not socket.has_ipv6:
        pytest.skip("no IPv6 on this machine")

    class V6Server(ThreadingHTTPServer):
        address_family = socket.AF_INET6
        daemon_threads = True

    fake = FakeSite()
    try:
        server = V6Server(("::1", 0), type("H", (_Handler,), {"site": fake}))
    except OSError:
        pytest.skip("cannot listen on ::1 here")
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}).start()
    try:
        settings.FETCH_ALLOWED_HOSTS = ["::1"]
        url = f"http://[::1]:{server.server_port}/en"
        assert fetch(url).status == 200
        assert fake.hosts == [f"[::1]:{server.server_port}"]
        settings.FETCH_ALLOWED_HOSTS = []
        with pytest.raises(FetchError, match="loopback"):
            fetch(url)
        assert len(fake.requests) == 1
    finally:
        server.shutdown()
        server.server_close()


@hypothesis_settings(max_examples=60, deadline=None)
@given(
    body=st.binary(max_size=2000) | st.text(max_size=500).map(lambda t: t.encode("utf-8")),
    content_type=st.sampled_from(["text/html", "text/plain", "application/xhtml+xml"]),
    charset=st.sampled_from([None, "utf-8", "windows-1256", "no-such-charset"]),
)
def test_extraction_never_raises_on_any_bytes(body, content_type, charset):
    result = FetchResult(
        url="http://127.0.0.1/x",
        final_url="http://127.0.0.1/x",
        status=200,
        content_type=content_type,
        charset=charset,
        body=body,
    )
    page = extract(result)
    assert len(page.sha256) == 64
    assert isinstance(page.text, str)


def test_a_trickling_page_is_stopped_by_the_total_deadline(open_site, settings):
    settings.FETCH_TIMEOUT_TOTAL = 0.8
    began = time.monotonic()
    with pytest.raises(FetchError, match="took too long") as exc:
        fetch(open_site.url("/trickle"))
    assert exc.value.temporary
    assert time.monotonic() - began < 2
