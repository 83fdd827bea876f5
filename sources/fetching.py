"""Fetch a web page safely and extract its main text: no ORM here, only settings.

Every hop of a redirect chain is vetted by the SSRF guard and connected to by IP, so
neither a redirect nor a second DNS answer can point the fetcher at an internal address.
"""

from __future__ import annotations

import hashlib
import re
import time
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit

import certifi
import urllib3
from django.conf import settings
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import TimeoutError as Urllib3Timeout

from sources import netguard

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Worth trying again later: the server or the network said "not now", not "never".
TEMPORARY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
PDF = "application/pdf"


class FetchError(Exception):
    """A page could not be fetched; the message is meant for the fact-checker."""

    def __init__(self, message: str, *, temporary: bool = False, status: int | None = None):
        super().__init__(message)
        self.message = message
        self.temporary = temporary
        self.status = status


@dataclass
class FetchResult:
    url: str
    final_url: str
    status: int
    content_type: str
    charset: str | None
    body: bytes
    redirects: list[str] = field(default_factory=list)


@dataclass
class Extracted:
    title: str
    text: str
    language: str
    metadata: dict
    sha256: str


def _setting(name: str, default):
    return getattr(settings, name, default)


def url_check(url: str) -> str:
    """A URL the fetcher accepts (http or https, a host, no credentials), without fragment."""
    url = (url or "").strip()
    if not url:
        raise FetchError("Give the address of the page (a URL starting with https://).")
    if len(url) > 2000:
        raise FetchError("The URL is too long (more than 2000 characters).")
    if any(ch.isspace() or unicodedata.category(ch) == "Cc" for ch in url):
        raise FetchError("The URL contains spaces or control characters.")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchError(f"The URL is not valid: {exc}.") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError("Only http:// and https:// addresses can be fetched.")
    if not parts.hostname:
        raise FetchError("The URL has no host name.")
    if parts.username is not None or parts.password is not None:
        raise FetchError("URLs with a user name or password are not fetched.")
    if port == 0:
        raise FetchError("The URL's port is not valid.")
    # Host names are case-insensitive: one page, one URL, one source.
    netloc = parts.netloc.lower()
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))


def _ascii_host(host: str) -> str:
    try:
        return host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        raise FetchError(f"The host name {host!r} is not valid.") from None


def _content_type(header: str) -> tuple[str, str | None]:
    main, _, params = (header or "").partition(";")
    charset = None
    match = re.search(r"charset\s*=\s*\"?([\w.:-]+)", params, re.I)
    if match:
        charset = match.group(1)
    return main.strip().lower(), charset


class _Deadline:
    def __init__(self, seconds: float):
        self.until = time.monotonic() + seconds

    def left(self) -> float:
        remaining = self.until - time.monotonic()
        if remaining <= 0:
            raise FetchError("The page took too long to download.", temporary=True)
        return remaining


def fetch(url: str, *, allowed_hosts: list[str] | None = None) -> FetchResult:
    """GET a page: vetted address, timeouts, size limit, content-type allowlist.

    Raises FetchError (``temporary`` set when retrying later may help).
    """
    allowlist = netguard.Allowlist.from_setting(
        settings.FETCH_ALLOWED_HOSTS if allowed_hosts is None else allowed_hosts
    )
    max_redirects = _setting("FETCH_MAX_REDIRECTS", 5)
    deadline = _Deadline(_setting("FETCH_TIMEOUT_TOTAL", 30.0))
    start_url = current = url_check(url)
    redirects: list[str] = []
    for _hop in range(max_redirects + 1):
        response, pool = _request(current, allowlist, deadline)
        try:
            if response.status in REDIRECT_STATUSES:
                location = response.headers.get("Location")
                if not location:
                    raise FetchError(f"The page redirects (HTTP {response.status}) to nowhere.")
                redirects.append(current)
                current = url_check(urljoin(current, location))
                continue
            if response.status >= 400:
                raise FetchError(
                    f"The server answered HTTP {response.status} for {current}.",
                    temporary=response.status in TEMPORARY_STATUSES,
                    status=response.status,
                )
            if response.status != 200:
                raise FetchError(f"The server answered HTTP {response.status}, not a page.")
            content_type, charset = _content_type(response.headers.get("Content-Type", ""))
            allowed = _setting(
                "FETCH_CONTENT_TYPES",
                ["text/html", "application/xhtml+xml", "text/plain", PDF],
            )
            if content_type not in allowed:
                raise FetchError(
                    f"The page is {content_type or 'of an unknown type'}; the workbench keeps "
                    f"only {', '.join(allowed)}."
                )
            body = _read_limited(response, deadline)
            return FetchResult(
                url=start_url,
                final_url=current,
                status=response.status,
                content_type=content_type,
                charset=charset,
                body=body,
                redirects=redirects,
            )
        finally:
            response.release_conn()
            pool.close()
    raise FetchError(f"The page redirects more than {max_redirects} times.")


def _request(url: str, allowlist: netguard.Allowlist, deadline: _Deadline):
    parts = urlsplit(url)
    scheme = parts.scheme
    host = _ascii_host(parts.hostname or "")
    port = parts.port or (443 if scheme == "https" else 80)
    try:
        ip = netguard.vet_host(host, port, allowlist=allowlist)
    except netguard.AddressRefused as exc:
        raise FetchError(str(exc)) from None
    timeout = urllib3.Timeout(
        connect=min(_setting("FETCH_TIMEOUT_CONNECT", 5.0), deadline.left()),
        read=min(_setting("FETCH_TIMEOUT_READ", 15.0), deadline.left()),
    )
    default_port = 443 if scheme == "https" else 80
    host_header = host if port == default_port else f"{host}:{port}"
    if ":" in host and not host.startswith("["):
        host_header = f"[{host}]" if port == default_port else f"[{host}]:{port}"
    common = {"port": port, "timeout": timeout, "retries": False, "maxsize": 1}
    if scheme == "https":
        # Connect to the vetted IP, but check the certificate against the name in the URL.
        pool = urllib3.HTTPSConnectionPool(
            str(ip),
            server_hostname=host,
            assert_hostname=host,
            cert_reqs="CERT_REQUIRED",
            ca_certs=certifi.where(),
            **common,
        )
    else:
        pool = urllib3.HTTPConnectionPool(str(ip), **common)
    path = urlunsplit(("", "", parts.path or "/", parts.query, ""))
    headers = {
        "Host": host_header,
        "User-Agent": _setting("FETCH_USER_AGENT", "FactcheckWorkbench/1.0"),
        "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,application/pdf;q=0.8",
        "Accept-Encoding": "gzip, deflate",
    }
    try:
        response = pool.urlopen(
            "GET",
            path,
            headers=headers,
            redirect=False,
            retries=False,
            preload_content=False,
            assert_same_host=False,
        )
    except Urllib3Timeout:
        pool.close()
        raise FetchError(f"{host} did not answer in time.", temporary=True) from None
    except (Urllib3Error, OSError) as exc:
        pool.close()
        raise FetchError(f"Could not connect to {host}: {_reason(exc)}.", temporary=True) from None
    return response, pool


def _reason(exc: Exception) -> str:
    reason = getattr(exc, "reason", None) or exc
    return str(reason).split(": ", 1)[-1][:200]


def _read_limited(response, deadline: _Deadline) -> bytes:
    limit = _setting("FETCH_MAX_BYTES", 5 * 1024 * 1024)
    too_big = f"The page is larger than the {limit / (1024 * 1024):.0f} MB the workbench keeps."
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise FetchError(too_big)
    chunks, size = [], 0
    try:
        while True:
            deadline.left()
            # read1 returns what has arrived, so the deadline is checked as bytes trickle in.
            chunk = response.read1(64 * 1024)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                raise FetchError(too_big)
            chunks.append(chunk)
    except Urllib3Timeout:
        raise FetchError("The page stopped arriving before it was complete.", temporary=True)
    except (Urllib3Error, OSError) as exc:
        raise FetchError(f"The download broke off: {_reason(exc)}.", temporary=True) from None
    return b"".join(chunks)


def _decode(body: bytes, charset: str | None) -> str:
    for encoding in (charset, "utf-8"):
        if not encoding:
            continue
        try:
            return body.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("cp1256" if re.search(rb"[\xc1-\xda]", body) else "latin-1", "replace")


def text_canonical(text: str) -> str:
    """The form a snapshot is hashed in: NFC, Unix newlines, no trailing spaces."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def extract(result: FetchResult) -> Extracted:
    """The main text and metadata of a fetched page (PDFs are kept without text)."""
    if result.content_type == PDF:
        return Extracted(
            title="",
            text="",
            language="",
            metadata={"note": "PDF stored without text extraction."},
            sha256=hashlib.sha256(result.body).hexdigest(),
        )
    if result.content_type == "text/plain":
        text = text_canonical(_decode(result.body, result.charset))
        title = next((line.strip() for line in text.split("\n") if line.strip()), "")[:300]
        return Extracted(title=title, text=text, language="", metadata={}, sha256=_sha(text))
    html = _html_text(result.body, result.charset)
    metadata: dict = {}
    title = text = language = ""
    try:
        import trafilatura

        doc = trafilatura.bare_extraction(
            html, url=result.final_url, with_metadata=True, include_comments=False
        )
    except Exception:  # a page trafilatura chokes on is still archived, as plain text
        doc = None
    if doc is not None:
        data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
        text = data.get("text") or ""
        title = data.get("title") or ""
        language = data.get("language") or ""
        metadata = {
            k: data[k]
            for k in ("author", "sitename", "date", "description", "hostname", "categories", "tags")
            if data.get(k)
        }
    html_lang = re.search(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z-]+)", html[:5000], re.I)
    if not language and html_lang:
        language = html_lang.group(1).split("-")[0].lower()
    if not text.strip():
        text, fallback_title = _lxml_text(html)
        title = title or fallback_title
    text = text_canonical(text)
    return Extracted(
        title=title.strip()[:500],
        text=text,
        language=language[:8],
        metadata=metadata,
        sha256=_sha(text),
    )


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _html_text(body: bytes, charset: str | None) -> str:
    if not charset:
        meta = re.search(rb"<meta[^>]+charset\s*=\s*[\"']?([\w.:-]+)", body[:4096], re.I)
        charset = meta.group(1).decode("ascii") if meta else None
    return _decode(body, charset)


def _lxml_text(html: str) -> tuple[str, str]:
    try:
        import lxml.html

        tree = lxml.html.fromstring(html)
    except Exception:
        return "", ""
    for bad in tree.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    title = (tree.findtext(".//title") or "").strip()
    body = tree.find(".//body")
    text = (body if body is not None else tree).text_content()
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line), title
