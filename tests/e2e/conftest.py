import os
from pathlib import Path

import pytest
from django.conf import settings

from tests.e2e.browser import ARGS, CHROMIUM


@pytest.fixture
def browser(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the ORM calls in the test
    # are still plain synchronous ones.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def shots(tmp_path) -> Path:
    """docs/screenshots/ when FC_SCREENSHOTS=1 (to keep the docs' images current)."""
    if os.environ.get("FC_SCREENSHOTS") == "1":
        return Path(settings.BASE_DIR) / "docs" / "screenshots"
    return tmp_path


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
