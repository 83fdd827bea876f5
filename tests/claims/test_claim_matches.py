"""Earlier fact-checks suggested after analysis: computed, thresholds, decisions, evidence."""

from datetime import date

import pytest

from claims import workflow
from claims.models import Article, Claim, ClaimMatch, Verdict
from claims.services import article_submit, claim_matches_refresh
from claims.tasks import analyze_article
from factcheck.errors import ApplicationError, PermissionDenied
from sources.models import Evidence, Source
from tests.claims.review_data import seed_article
from tests.factories import UserFactory, approved_verdict

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("match_settings")]

# A follow-up report, written for these tests: a restatement of the seed article's claim on
# resolution 2259, an altered version of its claim on the mercenaries' pay (3000, not 2000
# dollars), and an unrelated claim about the wheat harvest.
FOLLOW_UP = (
    "متابعة للأزمة الليبية\n\n"
    "وشدد البيان المشترك لروسيا وتركيا على أهمية رجوع الليبيين إلى الاتفاق السياسي الموقع "
    "عام 2015 وإلى قرار مجلس الأمن رقم 2259، من أجل إطلاق عملية سياسية شاملة ترعاها الأمم "
    "المتحدة.\n\n"
    "وتقوم الدولة التركية بتجنيد آلاف المرتزقة من الفصائل التابعة لها للقتال في ليبيا مقابل "
    "مبالغ تصل إلى 3000 دولار في الشهر.\n\n"
    "وقال متحدث باسم وزارة الزراعة إن محصول القمح هذا الموسم تجاوز مليوني طن بفضل الأمطار "
    "الغزيرة.\n"
)


def _publish(claim: Claim, people, slug: str = "false", rationale: str = "") -> Verdict:
    verdict = approved_verdict(
        claim,
        author=people["checker"],
        approver=people["editor"],
        rating=slug,
        rationale=rationale or "The council's records say otherwise.",
    )
    return workflow.verdict_publish(verdict=verdict, actor=people["editor"])


@pytest.fixture
def earlier(seeded, people):
    """The seed article with published verdicts on its 2259 and mercenaries claims."""
    article = seed_article()
    resolution = article.claims.get(text__contains="2259")
    mercenaries = article.claims.get(text__contains="المرتزقة في الفصائل")
    return {
        "article": article,
        "resolution": resolution,
        "resolution_verdict": _publish(
            resolution, people, "true", "Resolution 2259 was adopted on 23 December 2015."
        ),
        "mercenaries": mercenaries,
        "mercenaries_verdict": _publish(mercenaries, people, "misleading"),
    }


def _follow_up(django_capture_on_commit_callbacks) -> Article:
    article, _ = article_submit(text=FOLLOW_UP, language="ar", published=date(2020, 1, 20))
    # The analysis queues the matching after it commits; run both, as the worker would.
    with django_capture_on_commit_callbacks(execute=True):
        analyze_article.run(article.pk)
    article.refresh_from_db()
    assert article.analysis_status == Article.AnalysisStatus.DONE, article.analysis_error
    return article


def _claim(article, needle) -> Claim:
    return article.claims.get(text__contains=needle)


def test_after_analysis_each_claim_is_shown_the_earlier_verdicts_it_resembles(
    earlier, django_capture_on_commit_callbacks
):
    article = _follow_up(django_capture_on_commit_callbacks)

    restated = _claim(article, "2259").matches.get()
    assert restated.earlier_claim == earlier["resolution"]
    assert restated.verdict == earlier["resolution_verdict"]
    assert restated.status == ClaimMatch.Status.SUGGESTED
    assert 0.3 <= restated.score < 1

    altered = _claim(article, "3000 دولار").matches.get()
    assert altered.earlier_claim == earlier["mercenaries"]
    assert altered.verdict.rating.slug == "misleading"

    assert not _claim(article, "القمح").matches.exists()


def test_the_thresholds_come_from_the_settings(
    earlier, settings, django_capture_on_commit_callbacks
):
    article = _follow_up(django_capture_on_commit_callbacks)
    claim = _claim(article, "2259")
    score = claim.matches.get().score

    settings.FACTCHECK_MATCH_MIN_SCORE = score + 0.01
    stats = claim_matches_refresh(article_id=article.pk)
    assert not claim.matches.exists()
    assert stats.withdrawn >= 1

    settings.FACTCHECK_MATCH_MIN_SCORE = score
    claim_matches_refresh(article_id=article.pk)
    assert claim.matches.get().score == score

    settings.FACTCHECK_MATCH_MIN_SCORE = 0.0
    settings.FACTCHECK_MATCH_TOP = 1
    claim_matches_refresh(article_id=article.pk)
    assert all(c.matches.count() <= 1 for c in article.claims.all())
    assert ClaimMatch.objects.filter(claim__article=article).count() == article.claims.count()


def test_a_claim_is_never_matched_with_its_own_article(earlier, people):
    article = earlier["article"]
    # Its other claims share words with the published ones («البيان», «الجيش الوطني الليبي»).
    stats = claim_matches_refresh(article_id=article.pk)
    assert stats.suggested == 0
    assert not ClaimMatch.objects.exists()


def test_the_same_sentence_in_another_article_scores_one(earlier):
    sentence = earlier["resolution"].text
    article, _ = article_submit(text=f"عنوان آخر\n\n{sentence}\n", language="ar")
    analyze_article.run(article.pk)
    claim_matches_refresh(article_id=article.pk)
    match = ClaimMatch.objects.get(claim__article=article)
    assert (match.earlier_claim, match.score) == (earlier["resolution"], 1.0)


def test_reopening_the_earlier_verdict_withdraws_open_suggestions(
    earlier, people, django_capture_on_commit_callbacks
):
    article = _follow_up(django_capture_on_commit_callbacks)
    claim = _claim(article, "2259")
    assert claim.matches.exists()

    verdict = workflow.verdict_reopen(verdict=earlier["resolution_verdict"], actor=people["editor"])
    claim_matches_refresh(article_id=article.pk)
    assert not claim.matches.exists()

    verdict = workflow.verdict_submit(verdict=verdict, actor=people["checker"])
    verdict = workflow.verdict_approve(verdict=verdict, approver=people["editor"])
    workflow.verdict_publish(verdict=verdict, actor=people["editor"])
    claim_matches_refresh(article_id=article.pk)
    assert claim.matches.get().earlier_claim == earlier["resolution"]


def test_confirming_reuses_the_earlier_verdict_as_evidence_once(
    earlier, people, django_capture_on_commit_callbacks
):
    article = _follow_up(django_capture_on_commit_callbacks)
    claim = _claim(article, "2259")
    match = claim.matches.get()

    evidence = workflow.claim_match_confirm(match=match, actor=people["checker"])
    again = workflow.claim_match_confirm(match=match, actor=people["editor"])

    assert evidence == again
    assert claim.evidence.count() == 1
    assert evidence.origin == Evidence.Origin.VERDICT
    assert evidence.verdict == earlier["resolution_verdict"]
    assert evidence.stance == Evidence.Stance.CONTEXT
    assert evidence.excerpt.startswith("True / ")
    assert "23 December 2015" in evidence.excerpt
    source = evidence.source
    assert source.kind == Source.Kind.EARLIER_VERDICT
    assert source.url.endswith(f"/api/v1/claims/{earlier['resolution'].pk}/claimreview")
    assert source.fetch_status == ""  # our own page: nothing is fetched
    match.refresh_from_db()
    assert (match.status, match.decided_by) == ("confirmed", people["checker"])
    assert match.history.first().history_change_reason == "confirmed"
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW

    with pytest.raises(ApplicationError, match="confirmed and is evidence"):
        workflow.claim_match_reject(match=match, actor=people["checker"])

    # Once reopened, an earlier verdict is not offered again, and nobody reuses it anew.
    workflow.verdict_reopen(verdict=earlier["resolution_verdict"], actor=people["editor"])
    assert workflow.claim_match_confirm(match=match, actor=people["checker"]) == evidence
    altered = _claim(article, "3000 دولار").matches.get()
    workflow.verdict_reopen(verdict=earlier["mercenaries_verdict"], actor=people["editor"])
    with pytest.raises(ApplicationError, match="Only a published verdict"):
        workflow.claim_match_confirm(match=altered, actor=people["checker"])
    assert Evidence.objects.count() == 1


def test_reviewers_decisions_survive_reanalysis(
    earlier, people, django_capture_on_commit_callbacks
):
    article = _follow_up(django_capture_on_commit_callbacks)
    confirmed = _claim(article, "2259").matches.get()
    rejected = _claim(article, "3000 دولار").matches.get()
    workflow.claim_match_confirm(match=confirmed, actor=people["checker"])
    workflow.claim_match_reject(match=rejected, actor=people["checker"])

    assert workflow.article_reanalyze(article=article, actor=people["checker"])
    with django_capture_on_commit_callbacks(execute=True):
        analyze_article.run(article.pk)

    rows = {m.pk: m.status for m in ClaimMatch.objects.filter(claim__article=article)}
    assert rows == {confirmed.pk: "confirmed", rejected.pk: "rejected"}
    assert Evidence.objects.filter(claim__article=article).count() == 1


def test_a_rejected_suggestion_keeps_its_claim_through_reanalysis(
    earlier, people, django_capture_on_commit_callbacks
):
    article = _follow_up(django_capture_on_commit_callbacks)
    claim = _claim(article, "3000 دولار")
    workflow.claim_match_reject(match=claim.matches.get(), actor=people["checker"])
    from claims.analysis.types import AnalysisResult
    from claims.services import article_apply_analysis

    # An analysis that finds no claims at all: a claim with a reviewer's decision is kept.
    article_apply_analysis(
        article_id=article.pk, result=AnalysisResult(language="ar", claims=[], flags=[])
    )
    claim.refresh_from_db()
    assert claim.is_current is False
    assert claim.matches.get().status == "rejected"


def test_only_reviewers_decide_and_nothing_is_written_when_refused(
    earlier, people, django_capture_on_commit_callbacks
):
    article = _follow_up(django_capture_on_commit_callbacks)
    match = _claim(article, "2259").matches.get()
    outsider = UserFactory()  # staff, but neither fact-checker nor editor
    with pytest.raises(PermissionDenied):
        workflow.claim_match_confirm(match=match, actor=outsider)
    with pytest.raises(PermissionDenied):
        workflow.claim_match_reject(match=match, actor=outsider)
    match.refresh_from_db()
    assert match.status == "suggested"
    assert not Evidence.objects.exists()


def test_a_closed_claim_takes_no_earlier_verdict(
    earlier, people, django_capture_on_commit_callbacks
):
    article = _follow_up(django_capture_on_commit_callbacks)
    claim = _claim(article, "2259")
    workflow.claim_dismiss(claim=claim, actor=people["checker"])
    with pytest.raises(ApplicationError, match="closed"):
        workflow.claim_match_confirm(match=claim.matches.get(), actor=people["checker"])
    assert not Evidence.objects.exists()


# ---------------------------------------------------------------- the claim page


HOUSING = "أعلنت الحكومة <script>alert(1)</script> عن خطة جديدة للإسكان تشمل ألفي وحدة سكنية."


@pytest.fixture
def suggested(seeded, people):
    """An earlier claim whose text carries markup, published; a new claim that restates it."""
    from tests.factories import ArticleFactory, ClaimFactory

    old = ClaimFactory(
        article=ArticleFactory(title="Housing <i>plan</i>", body=f"{HOUSING}\n\nتتمة.")
    )
    verdict = _publish(old, people, "false", "The ministry's plan <b>names 500 units</b>.")
    new = ClaimFactory(
        article=ArticleFactory(
            body="أعلنت الحكومة عن خطة جديدة للإسكان تشمل ألفي وحدة سكنية في العاصمة.\n\nتتمة."
        )
    )
    claim_matches_refresh(article_id=new.article_id)
    return {"old": old, "verdict": verdict, "new": new, "match": new.matches.get()}


def _page(claim) -> str:
    from django.urls import reverse

    return reverse("admin:claims_claim_change", args=[claim.pk])


def test_the_claim_page_shows_the_earlier_fact_check_with_its_verdict_escaped(
    client, people, suggested
):
    client.force_login(people["checker"])
    body = client.get(_page(suggested["new"])).content.decode()
    panel = body[body.index('id="matches"') : body.index('id="evidence"')]
    assert "Earlier fact-checks" in panel
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in panel
    assert "<script>alert" not in body and "<b>names" not in body and "<i>plan" not in body
    assert "names 500 units" in panel
    assert "False" in panel  # the earlier verdict's rating
    assert f"{suggested['match'].score:.2f}" in panel
    assert 'value="match_confirm"' in panel and 'value="match_reject"' in panel


def test_confirm_on_the_claim_page_adds_the_earlier_verdict_as_evidence(client, people, suggested):
    client.force_login(people["checker"])
    form = {"action": "match_confirm", "match": suggested["match"].pk}
    response = client.post(_page(suggested["new"]), form, follow=True)
    body = response.content.decode()
    assert "The earlier verdict is added as evidence." in body
    assert "an earlier verdict of ours" in body
    assert 'value="match_confirm"' not in body  # decided: no buttons left
    client.post(_page(suggested["new"]), form, follow=True)
    assert suggested["new"].evidence.get().verdict == suggested["verdict"]


def test_reject_on_the_claim_page_hides_the_suggestion(client, people, suggested):
    client.force_login(people["checker"])
    response = client.post(
        _page(suggested["new"]),
        {"action": "match_reject", "match": suggested["match"].pk},
        follow=True,
    )
    body = response.content.decode()
    assert "The suggestion is hidden." in body
    assert f'id="match-{suggested["match"].pk}"' not in body
    assert "No earlier fact-check resembles this claim." in body


def test_users_who_may_not_edit_the_claim_are_refused(client, people, suggested):
    from claims.roles import API_CLIENT

    viewer = UserFactory(roles=[API_CLIENT])  # may view claims, not change them
    client.force_login(viewer)
    body = client.get(_page(suggested["new"])).content.decode()
    assert "&lt;script&gt;alert(1)" in body
    assert 'value="match_confirm"' not in body
    response = client.post(
        _page(suggested["new"]), {"action": "match_confirm", "match": suggested["match"].pk}
    )
    assert response.status_code == 403
    suggested["match"].refresh_from_db()
    assert suggested["match"].status == "suggested"
    assert not Evidence.objects.exists()


def test_a_suggestion_of_another_claim_is_refused_plainly(client, people, suggested):
    client.force_login(people["checker"])
    response = client.post(
        _page(suggested["old"]), {"action": "match_confirm", "match": suggested["match"].pk}
    )
    assert response.status_code == 400
    assert "That suggestion no longer exists." in response.content.decode()
    assert not Evidence.objects.exists()


# ---------------------------------------------------------------- the API


def test_reviewers_get_the_earlier_fact_checks_with_the_articles_claims(people, suggested):
    from django.core.cache import cache

    from tests.claims.api.helpers import api_client_user, client_for

    cache.clear()  # throttle counters
    article_id = suggested["new"].article_id
    body = client_for(people["checker"]).get(f"/api/v1/articles/{article_id}/").json()
    (claim,) = [c for c in body["claims"] if c["id"] == suggested["new"].pk]
    (earlier,) = claim["earlier_fact_checks"]
    assert earlier["earlier_claim"] == suggested["old"].pk
    assert earlier["earlier_text"] == HOUSING  # JSON: the text as it is, markup and all
    assert earlier["verdict"]["rating"] == "false"
    assert earlier["verdict"]["state"] == "published"
    assert (earlier["status"], earlier["score"]) == ("suggested", suggested["match"].score)

    # API clients (the public verdict list's readers) never see suggestions.
    public = client_for(api_client_user()).get(f"/api/v1/claims/{suggested['old'].pk}/")
    assert public.status_code == 200
    assert "earlier_fact_checks" not in public.json()


def test_the_queue_and_the_article_page_count_open_suggestions(client, people, suggested):
    from django.urls import reverse

    client.force_login(people["checker"])
    queue = client.get("/admin/claims/claim/", {"article": suggested["new"].article_id})
    (row,) = queue.context["cl"].result_list
    assert row.open_match_count == 1
    assert '<td class="field-earlier_fact_checks">1</td>' in queue.content.decode()
    page = client.get(reverse("admin:claims_article_change", args=[suggested["new"].article_id]))
    assert "1 earlier fact-check<" in page.content.decode()

    workflow.claim_match_reject(match=suggested["match"], actor=people["checker"])
    page = client.get(reverse("admin:claims_article_change", args=[suggested["new"].article_id]))
    assert "earlier fact-check<" not in page.content.decode()


def test_the_panel_speaks_arabic(client, people, suggested):
    workflow.reviewer_language_set(user=people["checker"], language="ar")
    client.force_login(people["checker"])
    body = client.get(_page(suggested["new"])).content.decode()
    assert "تحققات سابقة" in body
    assert "تأكيد: استخدام هذا الحكم دليلاً" in body
    assert "خاطئ" in body  # the earlier verdict's rating, in Arabic
