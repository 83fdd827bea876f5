"""The review admin as reviewers use it: queue, article page, claim page, dashboard."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from claims import services, workflow
from claims.analysis.normalize import fold
from claims.models import (
    Article,
    Attribution,
    Claim,
    ClaimValue,
    Flag,
    ReviewerProfile,
    SearchWord,
    Verdict,
)
from claims.services import article_content_hash
from sources.models import Evidence
from tests.claims.review_data import seed_article
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    FlagFactory,
    RatingFactory,
    UserFactory,
    VerdictFactory,
    editor,
    fact_checker,
)

pytestmark = pytest.mark.django_db

QUEUE = "/admin/claims/claim/"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # A request in Arabic leaves Arabic active in this thread; messages are asserted in English.
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture
def checker(roles):
    return fact_checker(username="huda")


@pytest.fixture
def chief(roles):
    return editor(username="omar")


@pytest.fixture
def article(seeded):
    return seed_article()


def claim_page(claim):
    return reverse("admin:claims_claim_change", args=[claim.pk])


def article_page(article):
    return reverse("admin:claims_article_change", args=[article.pk])


def html(response) -> str:
    return response.content.decode()


def _claim(article, needle):
    return article.claims.get(text__contains=needle)


# ---------------------------------------------------------------- review queue


def test_the_queue_lists_claims_by_check_worthiness_with_counts_per_status(
    client, checker, article
):
    client.force_login(checker)
    workflow.claim_dismiss(claim=_claim(article, "2000 دولار"), actor=checker)
    response = client.get(QUEUE)
    assert response.status_code == 200
    rows = [c.pk for c in response.context["cl"].result_list]
    # Ties in check-worthiness are broken by pk, as ClaimAdmin.ordering says.
    expected = list(article.claims.order_by("-checkworthiness", "pk").values_list("pk", flat=True))
    assert rows == expected
    counts = {value: n for value, _label, n in response.context["status_counts"]}
    assert counts == {
        "new": article.claims.count() - 1,
        "in_review": 0,
        "awaiting_approval": 0,
        "published": 0,
        "dismissed": 1,
    }
    assert 'id="status-counts"' in html(response)


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("الإمارات", "الدبلوماسيين"),  # as written
        ("الامارات", "الدبلوماسيين"),  # without hamza
        ("الإِمَارَات", "الدبلوماسيين"),  # with diacritics
        ("الامم المتحده", "2259"),  # no hamza, ha for ta-marbuta
        ("عوده الليبيين الي", "2259"),  # ya for alef maqsura, ha for ta-marbuta
        ("مجلس الأمن 2259", "2259"),
    ],
)
def test_search_folds_hamza_alef_ya_ta_marbuta_and_diacritics(
    client, checker, article, query, found
):
    client.force_login(checker)
    response = client.get(QUEUE, {"q": query})
    assert response.status_code == 200
    texts = [c.text for c in response.context["cl"].result_list]
    assert len(texts) == 1 and found in texts[0], f"{query!r} found {texts}"


def test_search_for_something_absent_finds_nothing(client, checker, article):
    client.force_login(checker)
    response = client.get(QUEUE, {"q": "بطيخ"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []


@pytest.mark.parametrize(
    ("params", "needles"),
    [
        ({"value_type": "un_resolution"}, ["2259"]),
        # The three grammar slips of the seed article sit in three claims.
        ({"open_flag": "grammar"}, ["إلى أنه", "الرباع", "التركيا"]),
        ({"open_flag": "spelling"}, ["انتاج"]),
        ({"article__language__exact": "ar"}, None),
    ],
)
def test_filters_narrow_the_queue(client, checker, article, params, needles):
    client.force_login(checker)
    response = client.get(QUEUE, params)
    assert response.status_code == 200
    texts = [c.text for c in response.context["cl"].result_list]
    if needles is None:
        assert len(texts) == article.claims.count()
    else:
        assert len(texts) == len(needles)
        assert all(any(n in t for t in texts) for n in needles), texts


def test_filters_by_assignee_rating_and_article(client, checker, chief, article):
    other = ArticleFactory()
    ClaimFactory(article=other)
    mine = _claim(article, "2259")
    workflow.claim_assign(claim=mine, assignee=checker, actor=checker)
    workflow.verdict_create(
        claim=mine, rating=RatingFactory(), rationale="Registry checked.", author=checker
    )
    client.force_login(checker)
    assert [c.pk for c in client.get(QUEUE, {"assignee": "me"}).context["cl"].result_list] == [
        mine.pk
    ]
    assert [c.pk for c in client.get(QUEUE, {"rating": "false"}).context["cl"].result_list] == [
        mine.pk
    ]
    unrated = client.get(QUEUE, {"rating": "none"}).context["cl"].result_list
    assert len(unrated) == article.claims.count() + 1 - 1  # the other article's claim, not mine
    by_article = client.get(QUEUE, {"article": str(other.pk)}).context["cl"].result_list
    assert [c.article_id for c in by_article] == [other.pk]
    row = client.get(QUEUE, {"assignee": "me"})
    assert "False" in html(row) and "Draft" in html(row)


def test_assign_to_me_is_a_bulk_action_recorded_in_each_claims_history(client, checker, article):
    client.force_login(checker)
    ids = list(article.claims.values_list("pk", flat=True)[:2])
    response = client.post(QUEUE, {"action": "assign_to_me", "_selected_action": ids}, follow=True)
    assert "2 claims assigned to you." in html(response)
    for claim in Claim.objects.filter(pk__in=ids):
        assert claim.assignee == checker
        assert claim.status == Claim.Status.IN_REVIEW
        latest = claim.history.first()
        assert latest.history_user == checker
        assert latest.history_change_reason == f"assigned to {checker}"


def test_dismiss_action_refuses_published_claims_with_a_message(client, checker, chief, article):
    published = _claim(article, "2259")
    verdict = workflow.verdict_create(
        claim=published, rating=RatingFactory(), rationale="Checked.", author=checker
    )
    verdict = workflow.verdict_submit(verdict=verdict, actor=checker)
    verdict = workflow.verdict_approve(verdict=verdict, approver=chief)
    workflow.verdict_publish(verdict=verdict, actor=chief)
    other = _claim(article, "2000 دولار")
    client.force_login(checker)
    response = client.post(
        QUEUE,
        {"action": "dismiss_not_checkworthy", "_selected_action": [published.pk, other.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "1 claims dismissed." in html(response)
    assert "cannot be dismissed" in html(response)
    published.refresh_from_db()
    other.refresh_from_db()
    assert (published.status, other.status) == ("published", "dismissed")
    assert other.history.first().history_user == checker


def test_rerun_analysis_action_queues_the_article_again(client, checker, article):
    client.force_login(checker)
    response = client.post(
        QUEUE,
        {"action": "rerun_analysis", "_selected_action": [article.claims.first().pk]},
        follow=True,
    )
    assert "1 articles queued for analysis." in html(response)
    article.refresh_from_db()
    assert article.analysis_status == "pending"


def _article_with_many_claims(n: int) -> Article:
    sentences = [f"قال المتحدث إن عدد الزوار بلغ {i} ألفاً في العام الماضي." for i in range(n)]
    body = "\n".join(sentences)
    article = ArticleFactory(body=body, content_hash=article_content_hash(body))
    claims, flags, at = [], [], 0
    user = UserFactory()
    for i, s in enumerate(sentences):
        claims.append(
            Claim(
                article=article,
                start=at,
                end=at + len(s),
                text=s,
                text_folded=fold(s),
                checkworthiness=(i % 97) / 100,
                fingerprint=hashlib.sha256(f"{at}".encode()).hexdigest()[:40],
                assignee=user if i % 3 else None,
            )
        )
        at += len(s) + 1
    Claim.objects.bulk_create(claims)
    claims = list(article.claims.all())
    for i, c in enumerate(claims):
        flags.append(
            Flag(
                article=article,
                claim=c,
                code="number.inconsistent",
                category="number",
                start=c.start + 4,
                end=c.start + 11,
                text=c.text[4:11],
                suggestion="المتحدثة",
                fingerprint=f"many-{i}",
            )
        )
    Flag.objects.bulk_create(flags)
    rating = RatingFactory()
    Verdict.objects.bulk_create(
        Verdict(claim=c, rating=rating, rationale="…", author=user) for c in claims[::5]
    )
    return article


def test_the_queue_takes_a_fixed_number_of_queries_with_500_claims(
    client, checker, django_assert_num_queries
):
    _article_with_many_claims(500)
    client.force_login(checker)
    client.get(QUEUE)  # warm the content-type and permission caches
    # session, user, status counts, the user's own and group permissions (actions), filter
    # lookups (assignees, ratings, recent articles), the result count, the page's rows.
    with django_assert_num_queries(10):
        response = client.get(QUEUE)
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 100
    # On PostgreSQL the search adds one: the query's words against the search vocabulary.
    with django_assert_num_queries(10 + (connection.vendor == "postgresql")):
        client.get(QUEUE, {"q": "الزوار", "open_flag": "number", "o": "4"})


def test_the_article_page_takes_a_fixed_number_of_queries_with_500_claims(
    client, checker, django_assert_num_queries
):
    article = _article_with_many_claims(500)
    client.force_login(checker)
    client.get(article_page(article))
    # session, user, the article (ModelAdmin), the article with its submitter (review),
    # its claims with assignees, its flags with resolvers, group permissions, user roles (2).
    with django_assert_num_queries(9):
        response = client.get(article_page(article))
    body = html(response)
    assert body.count('class="hl claim') >= 500
    assert body.count("data-flag=") == 500


# ---------------------------------------------------------------- the article page


def test_the_article_page_shows_the_text_right_to_left_with_claims_and_flags_marked(
    client, checker, article
):
    client.force_login(checker)
    body = html(client.get(article_page(article)))
    assert 'id="article-body" dir="rtl" lang="ar"' in body
    flag = article.flags.get(text="الرباع")
    mark = re.search(rf'<mark class="hl flag[^"]*" id="hl-flag-{flag.pk}"[^>]*>', body).group(0)
    assert 'title="→ الرابع' in mark
    assert f'<a href="#flag-{flag.pk}">الرباع</a></mark>' in body
    claim = _claim(article, "2259")
    assert f'<a href="{claim_page(claim)}">وأكد البيان الروسي التركي' in body
    assert "Analysis" in body and "Done" in body
    assert 'http-equiv="refresh"' not in body


def test_highlights_cover_whole_words_so_arabic_letters_keep_joining(client, checker, article):
    # A finding on part of a word («رباع» inside «الرباع») is marked on the whole word.
    start = article.body.index("الرباع") + 2
    FlagFactory(article=article, start=start, end=start + 4, suggestion="رابع", code="spelling.x")
    client.force_login(checker)
    body = html(client.get(article_page(article)))
    assert ">الرباع</a></mark>" in body
    assert ">رباع</a></mark>" not in body


def test_the_page_refreshes_itself_while_the_analysis_runs_and_shows_a_failure(client, checker):
    article = ArticleFactory(analysis_status=Article.AnalysisStatus.RUNNING)
    client.force_login(checker)
    body = html(client.get(article_page(article)))
    assert '<meta http-equiv="refresh" content="5">' in body
    assert "Running" in body
    Article.objects.filter(pk=article.pk).update(
        analysis_status="failed", analysis_error="The analysis took too long."
    )
    body = html(client.get(article_page(article)))
    assert "Failed" in body and "The analysis took too long." in body
    assert 'http-equiv="refresh"' not in body


def test_a_flag_is_accepted_inline_with_a_note(client, checker, article):
    flag = article.flags.get(text="التركيا")
    client.force_login(checker)
    response = client.post(
        reverse("admin:claims_flag_resolve", args=[flag.pk]),
        {"status": "accepted", "note": "صفة: التركي", "next": article_page(article)},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == article_page(article)
    flag.refresh_from_db()
    assert (flag.status, flag.note, flag.resolved_by) == ("accepted", "صفة: التركي", checker)
    assert "Accepted" in html(response)


def test_resolving_a_flag_never_redirects_off_site(client, checker, article):
    flag = article.flags.first()
    client.force_login(checker)
    response = client.post(
        reverse("admin:claims_flag_resolve", args=[flag.pk]),
        {"status": "dismissed", "next": "https://evil.example/"},
    )
    assert response["Location"] == article_page(article)


def test_an_api_client_cannot_resolve_flags(client, article, roles):
    api = UserFactory(roles=["api-client"])
    flag = article.flags.first()
    client.force_login(api)
    response = client.post(
        reverse("admin:claims_flag_resolve", args=[flag.pk]), {"status": "accepted"}
    )
    assert response.status_code in (302, 403)
    flag.refresh_from_db()
    assert flag.status == "open"


# ---------------------------------------------------------------- the claim page


def test_the_claim_page_shows_values_attribution_flags_and_the_registry_record(
    client, checker, article
):
    claim = _claim(article, "2259")
    client.force_login(checker)
    body = html(client.get(claim_page(claim)))
    assert "S/RES/2259" in body and "2015-12-23" in body
    assert "number=2259" in body
    assert "البيان الروسي التركي" in body
    assert 'value="evidence_resolution"' in body
    assert "خاطئ / False" in body  # the verdict scale, in both languages


def test_one_click_adds_the_resolution_as_evidence(client, checker, article):
    claim = _claim(article, "2259")
    client.force_login(checker)
    response = client.post(
        claim_page(claim), {"action": "evidence_resolution", "number": "2259"}, follow=True
    )
    assert "The resolution is added as evidence." in html(response)
    evidence = claim.evidence.get()
    assert evidence.source.url.startswith("https://")
    assert "S/RES/2259" in html(response)


def test_evidence_is_added_inline_and_bad_input_keeps_what_was_typed(client, checker, article):
    claim = _claim(article, "الرباع")
    client.force_login(checker)
    response = client.post(
        claim_page(claim),
        {
            "action": "evidence_add",
            "url": "not a url",
            "title": "",
            "kind": "news_report",
            "stance": "supports",
            "excerpt": "بدأ الهجوم في 4 نيسان 2019.",
        },
    )
    assert response.status_code == 400
    assert "بدأ الهجوم في 4 نيسان 2019." in html(response)
    assert not Evidence.objects.exists()
    response = client.post(
        claim_page(claim),
        {
            "action": "evidence_add",
            "url": "https://news.example/tripoli-offensive",
            "title": "Offensive on Tripoli",
            "kind": "news_report",
            "stance": "supports",
            "excerpt": "بدأ الهجوم في 4 نيسان 2019.",
        },
        follow=True,
    )
    assert "Evidence added." in html(response)
    evidence = claim.evidence.get()
    assert (evidence.stance, evidence.added_by) == ("supports", checker)
    assert "Offensive on Tripoli" in html(response)


def test_the_verdict_goes_from_draft_to_published_through_the_page(client, checker, chief, article):
    claim = _claim(article, "الرباع")
    rating = RatingFactory()
    client.force_login(checker)
    response = client.post(
        claim_page(claim),
        {"action": "verdict_save_submit", "rating": rating.pk, "rationale": "التاريخ صحيح."},
        follow=True,
    )
    assert "submitted for an editor" in html(response)
    verdict = claim.verdicts.get()
    assert verdict.state == "submitted"
    # The author sees no approve button, and a forged POST is refused.
    assert 'value="verdict_approve"' not in html(response)
    assert "its author cannot" in html(response)
    response = client.post(
        claim_page(claim), {"action": "verdict_approve", "version": verdict.version}
    )
    assert response.status_code == 403
    assert "Only an editor can do this." in html(response)

    client.force_login(chief)
    body = html(client.get(claim_page(claim)))
    assert 'value="verdict_approve"' in body
    response = client.post(
        claim_page(claim),
        {"action": "verdict_approve_publish", "version": verdict.version},
        follow=True,
    )
    assert "approved and published" in html(response)
    verdict.refresh_from_db()
    claim.refresh_from_db()
    assert (verdict.state, verdict.approved_by, claim.status) == ("published", chief, "published")
    assert "This verdict is locked" in html(response)
    assert 'id="verdict-form"' not in html(response)


def test_an_editor_who_wrote_the_verdict_cannot_approve_it(client, chief, article):
    claim = _claim(article, "الرباع")
    client.force_login(chief)
    client.post(
        claim_page(claim),
        {"action": "verdict_save_submit", "rating": RatingFactory().pk, "rationale": "صحيح."},
    )
    verdict = claim.verdicts.get()
    body = html(client.get(claim_page(claim)))
    assert 'value="verdict_approve"' not in body
    response = client.post(
        claim_page(claim), {"action": "verdict_approve", "version": verdict.version}
    )
    assert response.status_code == 403
    assert "someone other than its author" in html(response)
    verdict.refresh_from_db()
    assert verdict.state == "submitted"


def test_a_stale_edit_is_refused_and_the_text_is_kept(client, checker, chief, article):
    claim = _claim(article, "2259")
    verdict = VerdictFactory(claim=claim, author=checker, rationale="Version one.")
    loaded = verdict.version
    workflow.verdict_update(verdict=verdict, actor=chief, version=loaded, rationale="Editor's.")
    client.force_login(checker)
    response = client.post(
        claim_page(claim),
        {
            "action": "verdict_save",
            "rating": verdict.rating_id,
            "rationale": "Reviewer's careful text.",
            "version": loaded,
        },
    )
    assert response.status_code == 409
    assert "changed by someone else" in html(response)
    assert "Reviewer&#x27;s careful text." in html(response)
    verdict.refresh_from_db()
    assert verdict.rationale == "Editor's."


def test_an_unknown_action_or_garbage_is_a_clear_error_not_a_500(client, checker, article):
    claim = _claim(article, "2259")
    client.force_login(checker)
    assert client.post(claim_page(claim), {"action": "drop_tables"}).status_code == 400
    assert client.post(claim_page(claim), {"action": "verdict_approve"}).status_code == 400
    response = client.post(claim_page(claim), {"action": "verdict_save", "rating": "x"})
    assert response.status_code == 400
    assert client.get("/admin/claims/claim/999999/change/").status_code == 302
    assert client.get("/admin/claims/claim/abc/change/").status_code == 302


def test_a_verdict_link_opens_its_claim_page(client, checker, article):
    verdict = VerdictFactory(claim=_claim(article, "2259"), author=checker)
    client.force_login(checker)
    response = client.get(reverse("admin:claims_verdict_change", args=[verdict.pk]))
    assert response["Location"] == claim_page(verdict.claim)


def test_the_history_page_shows_who_changed_the_claim(client, checker, article):
    claim = _claim(article, "2259")
    client.force_login(checker)
    client.post(claim_page(claim), {"action": "assign_me"})
    response = client.get(reverse("admin:claims_claim_history", args=[claim.pk]))
    assert response.status_code == 200
    assert "huda" in html(response)


# ---------------------------------------------------------------- hostile text


HOSTILE = (
    'بيان <script>alert("x")</script> رسمي <img src=x onerror=alert(1)> '
    "\u202eلاقتسا\u202c نهاية الجملة."
)


def test_hostile_article_text_renders_inert_everywhere(client, checker, chief, roles):
    body = f"{HOSTILE}\n\nجملة ثانية عادية."
    article = ArticleFactory(title=HOSTILE, body=body, content_hash=article_content_hash(body))
    claim = ClaimFactory(article=article, start=0, end=len(HOSTILE))
    img = body.index("<img")
    FlagFactory(article=article, claim=claim, start=img, end=img + 10, suggestion="<b>x</b>")
    FlagFactory(
        article=article,
        claim=claim,
        start=body.index("\u202e"),
        end=body.index("\u202e") + 1,
        code="encoding.bidi",
        category="encoding",
        suggestion="",
    )
    verdict = VerdictFactory(claim=claim, author=checker, rationale="<script>bad()</script>")
    attribution = Attribution.objects.create(
        claim=claim, speaker=HOSTILE[:40], verb="\u202eقال", start=0, end=5
    )
    value = ClaimValue.objects.create(claim=claim, type="year", text="\u202e2019", start=0, end=5)
    workflow.evidence_add(
        claim=claim,
        actor=checker,
        title="<script>t()</script>",
        stance="context",
        excerpt="<img src=y onerror=z()>",
    )
    client.force_login(chief)
    pages = [
        QUEUE,
        f"{QUEUE}?q=script",
        article_page(article),
        "/admin/claims/article/",
        claim_page(claim),
        "/admin/claims/flag/",
        reverse("admin:claims_claim_history", args=[claim.pk]),
        *(reverse("admin:claims_flag_change", args=[f.pk]) for f in claim.flags.all()),
        "/admin/claims/attribution/",
        "/admin/claims/claimvalue/",
        reverse("admin:claims_attribution_change", args=[attribution.pk]),
        reverse("admin:claims_claimvalue_change", args=[value.pk]),
        "/admin/claims/verdict/",
        reverse("admin:claims_claim_dashboard"),
    ]
    assert verdict.pk
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        text = html(response)
        assert "<script>alert" not in text, url
        assert "<script>bad" not in text and "<script>t()" not in text, url
        assert "<img src=x" not in text and "<img src=y" not in text, url
        assert "\u202e" not in text, url
    page = html(client.get(article_page(article)))
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "[U+202E]" in page


# ---------------------------------------------------------------- roles, language, dashboard


def test_roles_exist_with_their_permissions(roles):
    from django.contrib.auth.models import Group

    groups = {g.name: g for g in Group.objects.prefetch_related("permissions")}
    assert set(groups) >= {"fact-checker", "editor", "api-client"}
    codenames = {name: {p.codename for p in g.permissions.all()} for name, g in groups.items()}
    assert "approve_verdict" in codenames["editor"]
    assert "approve_verdict" not in codenames["fact-checker"]
    assert "change_claim" not in codenames["api-client"]


def test_an_api_client_only_views_a_claim(client, article, roles):
    api = UserFactory(roles=["api-client"])
    claim = _claim(article, "2259")
    client.force_login(api)
    response = client.get(claim_page(claim))
    assert response.status_code == 200
    assert 'id="verdict-form"' not in html(response)
    assert client.post(claim_page(claim), {"action": "assign_me"}).status_code == 403
    claim.refresh_from_db()
    assert claim.assignee is None


def test_the_admin_speaks_arabic_right_to_left(client, checker, article, settings):
    settings.LANGUAGE_CODE = "ar"
    client.force_login(checker)
    body = html(client.get(claim_page(_claim(article, "2259")), HTTP_ACCEPT_LANGUAGE="ar"))
    assert '<html lang="ar" dir="rtl"' in body
    assert "الأدلة" in body  # "Evidence"
    assert "الحكم" in body  # "Verdict"
    assert "منصة التحقق من الأخبار" in body  # the site's name


def test_each_reviewer_chooses_their_language(client, checker, article):
    client.force_login(checker)
    response = client.post(
        "/review/language/", {"language": "ar", "next": QUEUE}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response["Location"] == QUEUE
    assert ReviewerProfile.objects.get(user=checker).language == "ar"
    body = html(client.get(QUEUE, HTTP_ACCEPT_LANGUAGE="en"))
    assert 'dir="rtl"' in body
    # A new session (another browser) gets the choice back at login.
    client.logout()
    client.cookies.clear()
    client.post(
        "/admin/login/",
        {"username": "huda", "password": "correct-horse-battery-staple"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert 'dir="rtl"' in html(client.get(QUEUE, HTTP_ACCEPT_LANGUAGE="en"))
    assert client.post("/review/language/", {"language": "xx"}).status_code == 302
    assert ReviewerProfile.objects.get(user=checker).language == "ar"


def test_the_dashboard_counts_claims_flags_and_the_median_time_to_publish(
    client, checker, chief, article
):
    claim = _claim(article, "2259")
    verdict = workflow.verdict_create(
        claim=claim, rating=RatingFactory(), rationale="Checked.", author=checker
    )
    verdict = workflow.verdict_submit(verdict=verdict, actor=checker)
    verdict = workflow.verdict_approve(verdict=verdict, approver=chief)
    verdict = workflow.verdict_publish(verdict=verdict, actor=chief)
    Article.objects.filter(pk=article.pk).update(
        created_at=verdict.published_at - timedelta(hours=3)
    )
    client.force_login(checker)
    response = client.get(reverse("admin:claims_claim_dashboard"))
    stats = response.context["stats"]
    assert dict((v, n) for v, _l, n in stats["by_status"])["published"] == 1
    assert dict((v, n) for v, _l, n in stats["by_category"]) == {
        "spelling": 1,
        "grammar": 3,
        "date": 0,
        "resolution": 0,
        "number": 0,
        "attribution": 2,
        "entity": 0,
        "encoding": 0,
    }
    assert [n for r, n in stats["by_rating"] if r.slug == "false"] == [1]
    assert stats["published_count"] == 1
    assert stats["median_to_published"] == timedelta(hours=3)
    assert "3.0 hours" in html(response)


def test_workflow_refusals_are_shown_in_the_reviewers_language(client, checker, article):
    claim = _claim(article, "الرباع")
    verdict = VerdictFactory(claim=claim, author=checker, state="submitted")
    client.force_login(checker)
    client.post("/review/language/", {"language": "ar", "next": QUEUE})
    response = client.post(
        claim_page(claim), {"action": "verdict_approve", "version": verdict.version}
    )
    assert response.status_code == 403
    assert "لا يقوم بهذا إلا محرر." in html(response)


def test_a_flag_decided_by_someone_else_meanwhile_is_not_overwritten(client, checker, article):
    flag = article.flags.get(text="انتاج")
    workflow.flag_resolve(flag=flag, actor=editor(), status="dismissed", note="Style only.")
    client.force_login(checker)
    response = client.post(
        reverse("admin:claims_flag_resolve", args=[flag.pk]),
        {"status": "accepted", "note": "", "seen": "open", "next": article_page(article)},
        follow=True,
    )
    assert "Someone else has already marked this flag Dismissed" in html(response)
    flag.refresh_from_db()
    assert (flag.status, flag.note) == ("dismissed", "Style only.")


def test_the_flag_list_takes_a_fixed_number_of_queries_with_500_flags(
    client, checker, django_assert_num_queries
):
    _article_with_many_claims(500)
    client.force_login(checker)
    client.get("/admin/claims/flag/")
    # session, user, the user's own and group permissions, the count, the page's rows.
    with django_assert_num_queries(6):
        response = client.get("/admin/claims/flag/")
    assert len(response.context["cl"].result_list) == 100


def test_the_claim_page_takes_a_fixed_number_of_queries(
    client, checker, article, django_assert_num_queries
):
    claim = _claim(article, "2259")
    for i in range(30):
        workflow.evidence_add(
            claim=claim, actor=checker, url=f"https://agency.example/{i}", stance="context"
        )
    client.force_login(checker)
    client.get(claim_page(claim))
    # session, user, the claim with its article, assignee and attribution; its values,
    # flags, evidence (with sources, snapshots, authors) and verdicts; the registry's
    # resolutions; the earlier fact-checks (with their claims, articles, verdicts and
    # ratings); the ratings for the form; the user's own and group permissions; the two
    # role checks (fact-checker, editor).
    with django_assert_num_queries(14):
        response = client.get(claim_page(claim))
    assert html(response).count('class="fc-evidence') == 30


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="trigram similarity needs PostgreSQL (pg_trgm)"
)
def test_on_postgresql_a_misspelt_word_still_finds_its_claim(client, checker, article):
    client.force_login(checker)
    # «الدبلوماسين» is missing a ya: no substring match, but a close trigram match.
    response = client.get(QUEUE, {"q": "الدبلوماسين"})
    texts = [c.text for c in response.context["cl"].result_list]
    assert len(texts) == 1 and "بحسب بعض الدبلوماسيين" in texts[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the vocabulary is PostgreSQL's")
def test_on_postgresql_a_misspelt_claim_is_found_by_the_right_spelling(client, checker, article):
    # The claim has the typo; the reviewer searches the word as it should be written.
    body = "وقال بعض الدبلوماسين إن المحادثات ستستأنف قريبا.\n\nنص آخر."
    typo = ClaimFactory(article=ArticleFactory(body=body, content_hash=article_content_hash(body)))
    services.search_words_add(article_id=typo.article_id)
    client.force_login(checker)
    response = client.get(QUEUE, {"q": "بعض الدبلوماسيين"})
    texts = {c.text for c in response.context["cl"].result_list}
    assert typo.text in texts
    assert any("بحسب بعض الدبلوماسيين" in t for t in texts)
    assert all("الدبلوماسي" in t or "الدبلوماسين" in t for t in texts)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the vocabulary is PostgreSQL's")
def test_on_postgresql_the_analysis_adds_its_claims_words_to_the_search_vocabulary(article):
    words = set(SearchWord.objects.values_list("word", flat=True))
    assert {"طرابلس", "2259", fold("الدبلوماسيين")} <= words
    # Only what the claims say: nothing from outside them.
    assert "بطيخ" not in words


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the indexes are PostgreSQL's")
def test_on_postgresql_every_branch_of_the_queue_search_has_an_index(checker, article):
    # With sequential scans priced out, any branch without an index would still force one.
    from claims import selectors

    queryset = selectors.claim_search(selectors.claim_list_for_review(), "الدبلوماسين 2259")
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan on claims_claim" not in plan, plan
    assert "claims_claim_text_folded_trgm" in plan and "claims_claim_text_folded_fts" in plan


def test_an_editor_reopens_a_published_verdict_and_the_author_edits_it_again(
    client, checker, chief, article
):
    claim = _claim(article, "2259")
    verdict = workflow.verdict_create(
        claim=claim, rating=RatingFactory(), rationale="Checked.", author=checker
    )
    verdict = workflow.verdict_submit(verdict=verdict, actor=checker)
    verdict = workflow.verdict_approve(verdict=verdict, approver=chief)
    verdict = workflow.verdict_publish(verdict=verdict, actor=chief)
    client.force_login(checker)
    body = html(client.get(claim_page(claim)))
    assert 'value="verdict_reopen"' not in body and 'id="verdict-form"' not in body
    client.force_login(chief)
    response = client.post(
        claim_page(claim),
        {"action": "verdict_reopen", "version": verdict.version, "reason": "مصدر جديد"},
        follow=True,
    )
    assert "reopened for editing" in html(response)
    verdict.refresh_from_db()
    assert verdict.state == "draft"
    assert verdict.history.first().history_change_reason == "reopened: مصدر جديد"
    client.force_login(checker)
    response = client.post(
        claim_page(claim),
        {
            "action": "verdict_save",
            "rating": verdict.rating_id,
            "rationale": "Checked again.",
            "version": verdict.version,
        },
        follow=True,
    )
    assert "The verdict draft is saved." in html(response)
    verdict.refresh_from_db()
    assert verdict.rationale == "Checked again."


def test_a_claim_without_folded_text_is_still_found_by_its_own_words(client, checker, article):
    claim = ClaimFactory(article=ArticleFactory(), text_folded="")
    client.force_login(checker)
    response = client.get(QUEUE, {"q": "للإسكان"})
    assert [c.pk for c in response.context["cl"].result_list] == [claim.pk]


# ---------------------------------------------------------------- large lists: a bounded count


def _paginator(body: str) -> str:
    return re.search(r'<p class="paginator">(.*?)</p>', body, re.S).group(1)


def _page_links(body: str) -> list[int]:
    return [int(p) for p in re.findall(r'href="\?(?:[^"]*&amp;)?p=(\d+)', _paginator(body))]


def _list_counts(queries) -> list[str]:
    """The counts of the list's rows (the status pills' GROUP BY is not one of them)."""
    return [q["sql"] for q in queries if "COUNT(*)" in q["sql"]]


@pytest.mark.parametrize(("cap", "shown"), [(500, "500 claims"), (499, "more than 499 claims")])
def test_the_queue_counts_exactly_up_to_the_cap_and_says_more_than_above_it(
    client, checker, settings, cap, shown
):
    settings.ADMIN_COUNT_CAP = cap
    _article_with_many_claims(500)
    client.force_login(checker)
    with CaptureQueriesContext(connection) as queries:
        body = html(client.get(QUEUE))
    assert shown in _paginator(body)
    assert ("more than" in body) == (cap < 500)
    # One count of the list, and it stops after cap + 1 rows.
    (count,) = _list_counts(queries.captured_queries)
    assert f"LIMIT {cap + 1}" in count


def test_a_capped_queue_offers_only_real_pages_and_a_page_past_them_is_no_error(
    client, checker, settings
):
    settings.ADMIN_COUNT_CAP = 250
    _article_with_many_claims(500)
    in_order = list(Claim.objects.order_by("-checkworthiness", "pk").values_list("pk", flat=True))
    client.force_login(checker)
    body = html(client.get(QUEUE))
    assert "more than 250 claims" in body
    # Pages up to the cap, each full; no "Show all", which would list all 500.
    assert _page_links(body) == [2, 3]
    assert 'class="showall"' not in body
    for page in (2, 3):
        response = client.get(QUEUE, {"p": page})
        rows = [c.pk for c in response.context["cl"].result_list]
        assert rows == in_order[(page - 1) * 100 : page * 100]
        assert f'<span class="this-page">{page}</span>' in html(response)
    response = client.get(QUEUE, {"all": ""})
    assert len(response.context["cl"].result_list) == 100
    # A page past the last offered one (a typed URL, a stale link): the admin's usual answer,
    # back to the first page with ?e=1, never a 500.
    response = client.get(QUEUE, {"p": 4})
    assert (response.status_code, response["Location"]) == (302, QUEUE + "?e=1")
    assert client.get(response["Location"]).status_code == 200
    # Select all across the pages says it is more than the cap.
    assert "Select all claims (more than 250)" in body
    assert "All selected (more than 250)" in body


def test_a_broad_search_says_more_than_the_cap_in_english_and_arabic(client, checker, settings):
    settings.ADMIN_COUNT_CAP = 250
    _article_with_many_claims(500)
    client.force_login(checker)
    body = html(client.get(QUEUE, {"q": "الزوار"}))
    assert "more than 250 results" in body
    assert "more than 250 claims" in body
    settings.LANGUAGE_CODE = "ar"
    body = html(client.get(QUEUE, {"q": "الزوار"}, HTTP_ACCEPT_LANGUAGE="ar"))
    assert "أكثر من 250 نتيجة" in body
    assert "أكثر من 250 من الادعاءات" in body
    assert "اختيار كل الادعاءات (أكثر من 250)" in body


def test_a_narrow_search_below_the_cap_is_counted_exactly(client, checker, settings):
    settings.ADMIN_COUNT_CAP = 250
    _article_with_many_claims(500)
    client.force_login(checker)
    # «بلغ 7»: the claims whose number has a 7 in it.
    expected = sum("7" in str(i) for i in range(500))
    response = client.get(QUEUE, {"q": "بلغ 7"})
    body = html(response)
    assert f"{expected} results" in body
    assert f"{expected} claims" in body
    assert "more than" not in body
    assert len(response.context["cl"].result_list) == expected == 95


def test_the_full_result_count_is_bounded_too(client, checker, settings, monkeypatch):
    from claims.admin import ClaimAdmin

    settings.ADMIN_COUNT_CAP = 250
    monkeypatch.setattr(ClaimAdmin, "show_full_result_count", True)
    _article_with_many_claims(500)
    client.force_login(checker)
    with CaptureQueriesContext(connection) as queries:
        body = html(client.get(QUEUE, {"q": "بلغ 7"}))
    assert "95 results (" in body and "more than 250 total</a>)" in body
    counts = _list_counts(queries.captured_queries)
    assert len(counts) == 2 and all("LIMIT 251" in sql for sql in counts), counts


def test_the_flag_list_is_capped_too(client, checker, settings):
    settings.ADMIN_COUNT_CAP = 250
    _article_with_many_claims(300)  # 300 flags
    client.force_login(checker)
    with CaptureQueriesContext(connection) as queries:
        body = html(client.get("/admin/claims/flag/"))
    (count,) = _list_counts(queries.captured_queries)
    assert "LIMIT 251" in count
    assert "more than 250 flags" in body
    assert _page_links(body) == [2, 3]
    assert len(client.get("/admin/claims/flag/", {"p": 3}).context["cl"].result_list) == 100


def test_the_article_list_is_capped_too(client, checker, settings):
    settings.ADMIN_COUNT_CAP = 2
    articles = ArticleFactory.create_batch(3)
    client.force_login(checker)
    response = client.get("/admin/claims/article/")
    assert "more than 2 articles" in html(response)
    # The page holds up to 100 rows: all three are listed.
    assert {a.pk for a in response.context["cl"].result_list} == {a.pk for a in articles}
    # This list shows the total by the search box: counted up to the cap as well.
    body = html(client.get("/admin/claims/article/", {"q": "Article"}))
    assert "more than 2 results (" in body and "more than 2 total</a>)" in body
