"""Swagger UI renders the API in a real headless Chromium, with nothing from outside."""

from __future__ import annotations

import os
import shutil
from urllib.parse import urlparse

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _chromium() -> str | None:
    return (
        os.environ.get("CHROMIUM_PATH")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


def test_swagger_ui_lists_the_endpoints(live_server):
    from playwright.sync_api import sync_playwright

    outside = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_chromium(), headless=True)
        try:
            page = browser.new_page()

            def only_loopback(route):
                host = urlparse(route.request.url).hostname
                if host in ("127.0.0.1", "localhost", "::1"):
                    route.continue_()
                else:
                    outside.append(route.request.url)
                    route.abort()

            page.route("**/*", only_loopback)
            page.goto(f"{live_server.url}/api/docs/")
            page.wait_for_selector(".opblock", timeout=20_000)
            text = page.inner_text("body")
        finally:
            browser.close()

    assert "/api/v1/verdicts/" in text
    assert "/api/v1/claims/{id}/claimreview" in text
    assert outside == []
