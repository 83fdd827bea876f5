"""A fact-checker and an editor take the seed article from flagged to published, in Chromium.

Real headless Chromium (Debian's) against pytest-django's live server. Screenshots of the
article and claim pages go to docs/screenshots/ when FC_SCREENSHOTS=1 (to keep the docs'
images current), otherwise to the test's temporary folder.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from claims.models import Claim, Flag, Verdict
from tests.claims.review_data import seed_article
from tests.e2e.browser import CHROMIUM
from tests.e2e.browser import login as _login
from tests.factories import editor, fact_checker

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed"),
]


def test_a_fact_checker_and_an_editor_publish_a_verdict(live_server, browser, roles, seeded, shots):
    article = seed_article()
    fact_checker(username="huda")
    editor(username="omar")
    claim = article.claims.get(text__contains="2259")
    base = live_server.url
    context = browser.new_context(viewport={"width": 1400, "height": 1100}, locale="en-GB")
    page = context.new_page()
    # Nothing but the live server: no fonts, analytics or anything else from outside.
    page.route(re.compile(r"^https?://(?!(127\.0\.0\.1|localhost)[:/]).*"), lambda r: r.abort())

    _login(page, base, "huda")
    page.goto(f"{base}/admin/claims/claim/")
    _assert_the_queue_fits(page)
    page.goto(f"{base}/admin/claims/article/{article.pk}/change/")
    body = page.locator("#article-body")
    assert body.get_attribute("dir") == "rtl"
    flag_marks = page.locator("#article-body mark.flag")
    assert flag_marks.count() == 6  # the four slips and the two unnamed sources
    wrong_day = page.locator("#article-body mark.flag", has_text="الرباع")
    assert wrong_day.get_attribute("title").startswith("→ الرابع")
    assert page.locator("#article-body mark.claim").count() >= 4
    page.screenshot(path=str(shots / "article-page.png"), full_page=True)

    # Accept the agreement flag inline, with a note.
    flag = Flag.objects.get(article=article, text="التركيا")
    row = page.locator(f"#flag-{flag.pk}")
    row.locator("input[name=note]").fill("التدخل التركي")
    with page.expect_navigation():
        row.locator("button[value=accepted]").click()
    assert "Accepted" in page.locator(f"#flag-{flag.pk}").inner_text()
    flag.refresh_from_db()
    assert (flag.status, flag.note) == ("accepted", "التدخل التركي")

    # From the highlighted claim to its page.
    page.locator(f"#hl-claim-{claim.pk} a").click()
    page.wait_for_selector("#claim-review")
    assert "S/RES/2259" in page.locator("#resolutions").inner_text()
    page.click("button[value=evidence_resolution]")
    page.wait_for_selector("text=The resolution is added as evidence.")

    page.click(".fc-add-evidence summary")
    page.fill("#id_url", "https://press.example/libya/statement")
    page.fill("#id_title", "Joint Russian-Turkish statement")
    page.select_option("#id_kind", "official_statement")
    page.select_option("#id_stance", "supports")
    page.fill("#id_excerpt", "دعا البيان إلى العودة إلى الاتفاق السياسي والقرار 2259.")
    page.click("#evidence-form button[value=evidence_add]")
    page.wait_for_selector("text=Evidence added.")
    assert page.locator("#evidence tr.fc-evidence").count() == 2

    page.check(f"input[name=rating][value='{_rating_pk('true')}']")
    page.fill("#id_rationale", "القرار 2259 اعتُمد في 23 كانون الأول 2015 بشأن ليبيا.")
    page.click("button[value=verdict_save_submit]")
    page.wait_for_selector("text=submitted for an editor")
    assert page.locator("button[value=verdict_approve]").count() == 0
    assert page.locator("#author-note").is_visible()
    page.screenshot(path=str(shots / "claim-page.png"), full_page=True)

    # The author cannot approve even by posting the form by hand.
    verdict = Verdict.objects.get(claim=claim)
    status = page.evaluate(
        """async ([url, version]) => {
            const token = document.querySelector('[name=csrfmiddlewaretoken]').value;
            const body = new URLSearchParams({csrfmiddlewaretoken: token,
                action: 'verdict_approve', version: String(version)});
            const r = await fetch(url, {method: 'POST', body, credentials: 'same-origin'});
            return r.status;
        }""",
        [f"/admin/claims/claim/{claim.pk}/change/", verdict.version],
    )
    assert status == 403
    verdict.refresh_from_db()
    assert verdict.state == Verdict.State.SUBMITTED

    # The editor approves and publishes.
    context.clear_cookies()
    _login(page, base, "omar")
    page.goto(f"{base}/admin/claims/claim/{claim.pk}/change/")
    page.click("button[value=verdict_approve_publish]")
    page.wait_for_selector("text=The verdict is approved and published.")
    assert "Published" in page.locator("#verdict-state").inner_text()
    assert page.locator("#verdict-form").count() == 0
    page.screenshot(path=str(shots / "claim-published.png"), full_page=True)
    verdict.refresh_from_db()
    claim.refresh_from_db()
    assert verdict.state == Verdict.State.PUBLISHED
    assert verdict.approved_by.username == "omar"
    assert claim.status == Claim.Status.PUBLISHED
    context.close()


def _rating_pk(slug: str) -> int:
    from claims.models import Rating

    return Rating.objects.get(slug=slug).pk


def _assert_the_queue_fits(page) -> None:
    """The claim is readable in a few lines, not a column two words wide; the repeated article
    title takes one line; and every column is in view, none behind a horizontal scroll."""
    claim_cell = page.locator("#result_list .field-claim_text").first.bounding_box()
    title_link = page.locator("#result_list .field-article_link a").first.bounding_box()
    assert claim_cell["width"] >= 288, claim_cell
    assert title_link["height"] < 2 * 16 * 1.5, title_link
    overflow = page.evaluate(
        "() => { const r = document.querySelector('#changelist .results');"
        " return r.scrollWidth - r.clientWidth; }"
    )
    widths = page.evaluate(
        "() => Array.from(document.querySelectorAll('#result_list thead th')).map("
        "th => [th.className, Math.round(th.getBoundingClientRect().width)])"
    )
    assert overflow <= 0, f"the list is {overflow}px wider than its box {widths}"


def test_the_arabic_interface_is_right_to_left(live_server, browser, roles, seeded, shots):
    article = seed_article()
    fact_checker(username="huda")
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ar")
    page = context.new_page()
    page.route(re.compile(r"^https?://(?!(127\.0\.0\.1|localhost)[:/]).*"), lambda r: r.abort())
    _login(page, live_server.url, "huda")
    # Choosing a language submits the form; wait for that navigation, not the current page.
    with page.expect_navigation():
        page.select_option("select[name=language]", "ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.goto(f"{live_server.url}/admin/claims/claim/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "قائمة المراجعة" in page.locator("#user-tools").inner_text()
    assert "جديد" in page.locator("#status-counts").inner_text()
    _assert_the_queue_fits(page)
    page.screenshot(path=str(shots / "review-queue-ar.png"), full_page=True)
    page.goto(f"{live_server.url}/admin/claims/article/{article.pk}/change/")
    assert "التنبيهات" in page.locator("#flags h2").inner_text()
    context.close()
