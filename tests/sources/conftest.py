"""A real HTTP server on 127.0.0.1 that plays the remote websites the fetcher meets."""

from __future__ import annotations

import contextlib
import gzip
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

ARABIC_PAGE = """<!doctype html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>وزير الخارجية: المفاوضات تستأنف في جنيف</title>
<meta property="og:site_name" content="صحيفة الاختبار">
<meta name="author" content="مراسل الصحيفة">
</head><body><nav>الرئيسية | سياسة | اقتصاد</nav>
<article><h1>وزير الخارجية: المفاوضات تستأنف في جنيف</h1>
<p>قال وزير الخارجية يوم الثلاثاء إنّ المفاوضات ستُستأنف الأسبوع المقبل في جنيف
بحضور ممثلين عن الأطراف كافة، وإن الهدنة صامدة منذ ثلاثة أسابيع.</p>
<p>وأضاف أن مجلس الأمن أكد في القرار 2259 الصادر عام 2015 دعمه لحكومة الوفاق الوطني.</p>
<p>وأشار إلى أن إنتاج النفط عاد إلى مستواه السابق بعد إعادة فتح الموانئ الشرقية.</p>
</article><footer>جميع الحقوق محفوظة</footer></body></html>"""

ENGLISH_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Harbour reopens after three-week closure</title>
<meta property="og:site_name" content="The Test Gazette">
</head><body><nav>Home | World | Business</nav>
<article><h1>Harbour reopens after three-week closure</h1>
<p>The port authority said on Tuesday that the northern harbour would reopen to cargo
ships next week, after a closure that lasted three weeks.</p>
<p>Officials expect about 40 ships to call in the first month, the authority added.</p>
<p>Local traders welcomed the decision but warned that prices would take time to fall.</p>
</article><footer>All rights reserved</footer></body></html>"""

CHANGED_ENGLISH_PAGE = ENGLISH_PAGE.replace(
    "Officials expect about 40 ships to call in the first month, the authority added.",
    "Officials now expect fewer ships than first announced.",
)


class FakeSite:
    """What the server serves and what it received; tests adjust ``pages`` freely."""

    def __init__(self):
        self.requests: list[str] = []
        self.hosts: list[str] = []
        self.counts: dict[str, int] = {}
        self.slow_seconds = 3.0
        self.pages: dict[str, tuple[int, str, bytes]] = {
            "/ar": (200, "text/html; charset=utf-8", ARABIC_PAGE.encode()),
            "/en": (200, "text/html; charset=utf-8", ENGLISH_PAGE.encode()),
            "/plain": (200, "text/plain; charset=utf-8", "بيان رسمي\n\nنص البيان هنا.".encode()),
            "/doc.pdf": (200, "application/pdf", b"%PDF-1.4\n%fake test pdf\n%%EOF\n"),
            "/image": (200, "image/png", b"\x89PNG\r\n\x1a\n"),
            "/404": (404, "text/html", b"<h1>Not found</h1>"),
        }
        self.base = ""

    def url(self, path: str) -> str:
        return f"{self.base}{path}"


class _Handler(BaseHTTPRequestHandler):
    site: FakeSite

    def log_message(self, *args):  # keep the test output clean
        pass

    def do_GET(self):  # noqa: N802 - the stdlib's name
        site = self.site
        path = self.path.split("?", 1)[0]
        site.requests.append(self.path)
        site.hosts.append(self.headers.get("Host", ""))
        site.counts[path] = site.counts.get(path, 0) + 1
        if path == "/slow":
            time.sleep(site.slow_seconds)
            return self._send(200, "text/html", b"<p>late</p>")
        if path == "/huge":
            # No Content-Length: the limit must hold while streaming.
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            chunk = b"<p>" + b"x" * 8190 + b"</p>"
            try:
                for _ in range(512):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        if path == "/trickle":
            # A byte at a time: each read is quick, the whole never ends in time.
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                for _ in range(100):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.05)
            return
        if path == "/huge-declared":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(50 * 1024 * 1024))
            self.end_headers()
            return
        if path.startswith("/redirect/"):
            left = int(path.rsplit("/", 1)[1])
            target = f"/redirect/{left - 1}" if left > 1 else "/en"
            return self._redirect(target)
        if path == "/to-metadata":
            return self._redirect("http://169.254.169.254/latest/meta-data/")
        if path == "/to-decimal-loopback":
            return self._redirect(f"http://2130706433:{self.server.server_port}/en")
        if path == "/gzip-bomb":
            # A few kilobytes on the wire, megabytes once inflated.
            body = gzip.compress(b"<p>" + b"0" * (4 * 1024 * 1024) + b"</p>")
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)
            return
        if path == "/flaky":
            if site.counts[path] == 1:
                return self._send(503, "text/html", b"<h1>Try again later</h1>")
            return self._send(200, "text/html; charset=utf-8", ENGLISH_PAGE.encode())
        if path == "/down":
            return self._send(503, "text/html", b"<h1>Down for maintenance</h1>")
        status, content_type, body = site.pages.get(path, (404, "text/html", b"<h1>No</h1>"))
        return self._send(status, content_type, body)

    def _send(self, status: int, content_type: str, body: bytes):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def _redirect(self, location: str):
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False


@pytest.fixture
def site():
    """The fake remote site on 127.0.0.1 (random port). The fetcher may NOT reach it yet."""
    fake = FakeSite()
    handler = type("Handler", (_Handler,), {"site": fake})
    server = _Server(("127.0.0.1", 0), handler)
    fake.base = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    yield fake
    server.shutdown()
    server.server_close()


@pytest.fixture
def open_site(site, settings):
    """The fake site with loopback opened explicitly, as the guard requires."""
    settings.FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.FETCH_TIMEOUT_READ = 0.5
    settings.FETCH_MAX_BYTES = 512 * 1024
    return site


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The factories set real passwords; the default hasher's slowness buys nothing here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
