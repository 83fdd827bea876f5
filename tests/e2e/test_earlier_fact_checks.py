"""A fact-checker sees an earlier published verdict suggested for a new claim and reuses it.

Real headless Chromium against the live server; the analysis and the matching after it run
in-process when the follow-up article is submitted (eager tasks, on commit), as with no broker.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from claims import workflow
from claims.models import Article, ClaimMatch
from claims.services import article_submit
from sources.models import Evidence
from tests.claims.review_data import seed_article
from tests.claims.test_claim_matches import FOLLOW_UP
from tests.e2e.browser import CHROMIUM, login
from tests.factories import approved_verdict, editor, fact_checker

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed"),
]


def test_a_fact_checker_reuses_an_earlier_verdict(live_server, browser, roles, seeded, shots):
    earlier = seed_article().claims.get(text__contains="2259")
    author, chief = fact_checker(username="sara"), editor(username="omar")
    fact_checker(username="huda")
    verdict = approved_verdict(
        earlier,
        author=author,
        approver=chief,
        rationale="اعتُمد القرار 2259 في 23 كانون الأول 2015 بشأن ليبيا.",
    )
    workflow.verdict_publish(verdict=verdict, actor=chief)

    article, _ = article_submit(text=FOLLOW_UP, language="ar", published=date(2020, 1, 20))
    article.refresh_from_db()
    assert article.analysis_status == Article.AnalysisStatus.DONE
    claim = article.claims.get(text__contains="2259")
    match = ClaimMatch.objects.get(claim=claim)

    context = browser.new_context(viewport={"width": 1400, "height": 1100}, locale="en-GB")
    page = context.new_page()
    page.route(re.compile(r"^https?://(?!(127\.0\.0\.1|localhost)[:/]).*"), lambda r: r.abort())
    login(page, live_server.url, "huda")
    page.goto(f"{live_server.url}/admin/claims/claim/{claim.pk}/change/")
    panel = page.locator(f"#match-{match.pk}")
    assert "الاتفاق السياسي الموقع في 2015" in panel.locator("blockquote").inner_text()
    assert panel.locator(".fc-rating").inner_text() == "True"
    assert f"{match.score:.2f}" in panel.inner_text()
    assert "23 كانون الأول 2015" in panel.inner_text()
    page.screenshot(path=str(shots / "claim-earlier-fact-check.png"), full_page=True)

    panel.locator("button[value=match_confirm]").click()
    page.wait_for_selector("text=The earlier verdict is added as evidence.")
    row = page.locator("#evidence tr.fc-evidence")
    assert row.count() == 1
    assert "an earlier verdict of ours" in row.inner_text()
    assert "True / صحيح" in row.inner_text()
    assert page.locator("button[value=match_confirm]").count() == 0
    evidence = Evidence.objects.get(claim=claim)
    assert (evidence.origin, evidence.verdict) == (Evidence.Origin.VERDICT, verdict)
    match.refresh_from_db()
    assert (match.status, match.decided_by.username) == ("confirmed", "huda")
    context.close()
