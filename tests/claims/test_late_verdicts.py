"""Late verdicts: a verdict published after an article was analysed reaches its open claims
without a new analysis (claims.tasks.match_verdict), and leaves them when it is reopened."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import settings as examples
from hypothesis import strategies as st

from claims import workflow
from claims.analysis.normalize import fold
from claims.analysis.tokenize import WORD_RE
from claims.matching import STOPWORDS, stem
from claims.models import Article, Claim, ClaimMatch, Verdict
from claims.selectors import claim_open_list_sharing_stems, stem_word_starts
from claims.services import article_submit, claim_matches_refresh, verdict_matches_refresh
from claims.tasks import analyze_article, match_verdict, verdict_match_sweep
from tests.claims.review_data import SEED, seed_article
from tests.claims.test_claim_matches import FOLLOW_UP
from tests.factories import ArticleFactory, ClaimFactory, approved_verdict

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("match_settings")]


def _approved(claim: Claim, people, slug: str = "false") -> Verdict:
    return approved_verdict(claim, author=people["checker"], approver=people["editor"], rating=slug)


def _publish(verdict: Verdict, people, capture) -> Verdict:
    """Publish as the editor does; what is queued on commit runs (tasks are eager here)."""
    with capture(execute=True):
        return workflow.verdict_publish(verdict=verdict, actor=people["editor"])


def _reopen(verdict: Verdict, people, capture) -> Verdict:
    with capture(execute=True):
        return workflow.verdict_reopen(verdict=verdict, actor=people["editor"])


@pytest.fixture
def analysed(seeded, people, django_capture_on_commit_callbacks):
    """The seed article and the follow-up report, both analysed before any verdict exists."""
    seed = seed_article()
    follow_up, _ = article_submit(text=FOLLOW_UP, language="ar", published=date(2020, 1, 20))
    with django_capture_on_commit_callbacks(execute=True):
        analyze_article.run(follow_up.pk)
    follow_up.refresh_from_db()
    assert follow_up.analysis_status == Article.AnalysisStatus.DONE, follow_up.analysis_error
    assert not ClaimMatch.objects.exists()  # nothing published yet: nothing suggested
    return {
        "seed": seed,
        "follow_up": follow_up,
        "resolution": seed.claims.get(text__contains="2259"),
        "mercenaries": seed.claims.get(text__contains="المرتزقة في الفصائل"),
        "restated": follow_up.claims.get(text__contains="2259"),
        "altered": follow_up.claims.get(text__contains="3000 دولار"),
        "wheat": follow_up.claims.get(text__contains="القمح"),
    }


def _rows(article) -> dict:
    return {
        (m.claim_id, m.earlier_claim_id): (m.pk, m.status, m.score, m.verdict_id, m.updated_at)
        for m in ClaimMatch.objects.filter(claim__article=article)
    }


def test_a_verdict_published_after_the_analysis_reaches_the_claims_that_restate_it(
    analysed, people, django_capture_on_commit_callbacks
):
    verdict = _publish(
        _approved(analysed["resolution"], people, "true"),
        people,
        django_capture_on_commit_callbacks,
    )

    match = analysed["restated"].matches.get()
    assert (match.earlier_claim, match.verdict) == (analysed["resolution"], verdict)
    assert match.status == ClaimMatch.Status.SUGGESTED
    assert 0.3 <= match.score < 1
    assert match.history.get().history_change_reason == "suggested"
    assert not analysed["wheat"].matches.exists()
    # The mercenaries' claim's verdict is not published: nothing about it yet.
    assert not analysed["altered"].matches.exists()

    mercenaries = _publish(
        _approved(analysed["mercenaries"], people, "misleading"),
        people,
        django_capture_on_commit_callbacks,
    )
    altered = analysed["altered"].matches.get()
    assert (altered.earlier_claim, altered.verdict) == (analysed["mercenaries"], mercenaries)
    assert not analysed["wheat"].matches.exists()

    # Exactly what a new analysis of the follow-up would store now: it changes nothing.
    before = _rows(analysed["follow_up"])
    stats = claim_matches_refresh(article_id=analysed["follow_up"].pk)
    assert (stats.suggested, stats.updated, stats.withdrawn) == (0, 0, 0)
    assert _rows(analysed["follow_up"]) == before


def test_the_claims_page_shows_the_late_verdict(
    client, analysed, people, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    _publish(
        _approved(analysed["resolution"], people, "true"),
        people,
        django_capture_on_commit_callbacks,
    )
    client.force_login(people["checker"])
    page = reverse("admin:claims_claim_change", args=[analysed["restated"].pk])
    body = client.get(page).content.decode()
    panel = body[body.index('id="matches"') : body.index('id="evidence"')]
    assert "The council&#x27;s records say otherwise." in panel
    assert 'value="match_confirm"' in panel


def test_claims_whose_own_verdict_is_published_or_that_are_dismissed_get_nothing(
    analysed, people, django_capture_on_commit_callbacks
):
    own = _publish(
        _approved(analysed["restated"], people, "true"), people, django_capture_on_commit_callbacks
    )
    workflow.claim_dismiss(claim=analysed["altered"], actor=people["checker"])

    _publish(
        _approved(analysed["resolution"], people, "true"),
        people,
        django_capture_on_commit_callbacks,
    )
    _publish(
        _approved(analysed["mercenaries"], people, "misleading"),
        people,
        django_capture_on_commit_callbacks,
    )

    assert not ClaimMatch.objects.filter(claim__article=analysed["follow_up"]).exists()
    # The follow-up's verdict came first, while the seed's claim was still open: it got it.
    (match,) = ClaimMatch.objects.filter(claim__article=analysed["seed"])
    assert (match.claim, match.verdict) == (analysed["resolution"], own)


def _publish_both(analysed, people, capture) -> tuple[Verdict, Verdict]:
    """Verdicts on the seed's resolution claim and its mercenaries claim, published late."""
    return (
        _publish(_approved(analysed["resolution"], people, "true"), people, capture),
        _publish(_approved(analysed["mercenaries"], people, "misleading"), people, capture),
    )


def test_a_rejected_suggestion_stays_rejected_and_running_again_changes_nothing(
    analysed, people, django_capture_on_commit_callbacks
):
    verdict, mercenaries = _publish_both(analysed, people, django_capture_on_commit_callbacks)
    rejected = analysed["altered"].matches.get()
    workflow.claim_match_reject(match=rejected, actor=people["checker"])
    before = _rows(analysed["follow_up"])
    history = ClaimMatch.history.count()

    for v in (verdict, mercenaries):
        match_verdict.delay(v.pk)
        match_verdict.delay(v.pk)
    assert _rows(analysed["follow_up"]) == before
    assert ClaimMatch.history.count() == history

    # Published a second time (reopened, published again): the rejection holds, the row too.
    for v in (verdict, mercenaries):
        v = _reopen(v, people, django_capture_on_commit_callbacks)
        v = workflow.verdict_submit(verdict=v, actor=people["checker"])
        v = workflow.verdict_approve(verdict=v, approver=people["editor"])
        _publish(v, people, django_capture_on_commit_callbacks)
    after = _rows(analysed["follow_up"])
    key = (analysed["altered"].pk, analysed["mercenaries"].pk)
    assert after[key][:2] == (rejected.pk, "rejected")
    restated = analysed["restated"].matches.get()
    assert (restated.earlier_claim, restated.status) == (analysed["resolution"], "suggested")
    assert set(after) == set(before)


def test_reopening_the_verdict_withdraws_its_open_suggestions(
    analysed, people, django_capture_on_commit_callbacks
):
    verdict, mercenaries = _publish_both(analysed, people, django_capture_on_commit_callbacks)
    confirmed = analysed["altered"].matches.get()
    workflow.claim_match_confirm(match=confirmed, actor=people["checker"])
    assert analysed["restated"].matches.exists()

    _reopen(verdict, people, django_capture_on_commit_callbacks)
    _reopen(mercenaries, people, django_capture_on_commit_callbacks)

    # The open suggestion is gone, with no new analysis; the confirmed one is evidence and stays.
    assert not analysed["restated"].matches.exists()
    assert analysed["altered"].matches.get().status == ClaimMatch.Status.CONFIRMED
    withdrawn = ClaimMatch.history.filter(history_type="-").get()
    assert withdrawn.claim_id == analysed["restated"].pk


def test_a_verdict_published_through_the_api_reaches_earlier_claims(
    analysed, people, django_capture_on_commit_callbacks
):
    from tests.claims.api.helpers import client_for

    verdict = _approved(analysed["resolution"], people, "true")
    api = client_for(people["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            f"/api/v1/verdicts/{verdict.pk}/publish/",
            HTTP_IF_MATCH=f'"{verdict.pk}-{verdict.version}"',
        )
    assert response.status_code == 200, response.content
    assert analysed["restated"].matches.get().verdict == verdict


def test_a_publish_or_reopen_whose_task_was_lost_is_caught_up_by_the_sweep(
    analysed, people, settings, django_capture_on_commit_callbacks
):
    # The broker was down when the editor published: nothing ran after the commit.
    verdict = workflow.verdict_publish(
        verdict=_approved(analysed["resolution"], people, "true"), actor=people["editor"]
    )
    assert not analysed["restated"].matches.exists()
    assert verdict_match_sweep() == 0  # published moments ago: its task may be on its way

    settings.LATE_MATCH_SWEEP_AFTER_SECONDS = 0
    assert verdict_match_sweep() == 1  # eager here: the task runs now
    assert analysed["restated"].matches.get().verdict == verdict
    assert verdict_match_sweep() == 0  # caught up: nothing left to re-queue

    # The reopen's task lost too: the sweep withdraws the suggestion.
    workflow.verdict_reopen(verdict=verdict, actor=people["editor"])
    assert analysed["restated"].matches.exists()
    assert verdict_match_sweep() == 1
    assert not analysed["restated"].matches.exists()

    # When the task does run after the commit, the sweep finds nothing to do.
    _publish(_approved(analysed["mercenaries"], people), people, django_capture_on_commit_callbacks)
    assert analysed["altered"].matches.exists()
    assert verdict_match_sweep() == 0


# ---------------------------------------------------------------- the shortlist and its cost

HOUSING = "أعلنت الحكومة عن خطة جديدة للإسكان تشمل ألفي وحدة سكنية في العاصمة"
RESTATED = [
    "الحكومة تعلن خطة جديدة للإسكان تشمل ألفي وحدة سكنية",
    "خطة الحكومة الجديدة للإسكان تشمل ألفي وحدة سكنية في العاصمة",
    "أعلنت الحكومة خطة للإسكان بألفي وحدة سكنية جديدة",
    "وأعلنت الحكومة عن خطتها الجديدة للإسكان وتشمل ألفي وحدة",
]
UNRELATED = "وقال متحدث باسم وزارة الزراعة إن محصول القمح هذا الموسم تجاوز مليوني طن"


def _claim(text: str, n: int) -> Claim:
    return ClaimFactory(article=ArticleFactory(body=f"{text}\n\nتتمة {n}."))


# Per article changed: claim_matches_refresh's claims, own claims, the index stamp, the article
# lock, the open suggestions, the live claims (6), the new suggestion and its history (2), and
# its transaction's savepoint and release inside the test's transaction (2).
PER_ARTICLE = 10


def test_the_task_reads_a_fixed_number_of_queries_plus_a_few_per_article_it_changes(seeded, people):
    published = _claim(HOUSING, 0)
    verdict = _approved(published, people)
    Verdict.objects.filter(pk=verdict.pk).update(state=Verdict.State.PUBLISHED)
    for n in range(30):
        _claim(UNRELATED, 100 + n)  # open claims that share no word with it

    def run(k: int) -> int:
        """The task's queries with k articles to change, the index already built."""
        ClaimMatch.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            stats = verdict_matches_refresh(verdict_id=verdict.pk)
        assert (stats.articles, stats.suggested) == (k, k)
        assert ClaimMatch.objects.filter(earlier_claim=published).count() == k
        return len(queries)

    _claim(RESTATED[0], 1)
    run(1)
    one = run(1)
    for n, text in enumerate(RESTATED[1:], start=2):
        _claim(text, n)
    four = run(4)
    # Whatever the number of articles: the verdict with its claim, the shortlist, the
    # published claims of the shortlisted articles, the index's stamp, the claim's open
    # suggestions, the open claims of the articles to refresh, the verdict marked done (7).
    assert one == 7 + PER_ARTICLE
    assert four == 7 + 4 * PER_ARTICLE


def test_the_shortlist_finds_inflected_words_and_only_open_claims_of_other_articles(seeded):
    published = ClaimFactory(article=ArticleFactory(body=f"{HOUSING}\n{RESTATED[0]}\n"))
    start = len(HOUSING) + 1
    sibling = ClaimFactory(  # in the published claim's own article: never
        article=published.article, start=start, end=start + len(RESTATED[0])
    )
    inflected = _claim("وبالإسكان والحكوميين", 1)  # «الإسكان» with و and ب glued to it
    dismissed = _claim(RESTATED[0], 2)
    Claim.objects.filter(pk=dismissed.pk).update(status=Claim.Status.DISMISSED)
    done = _claim(RESTATED[1], 3)
    Claim.objects.filter(pk=done.pk).update(status=Claim.Status.PUBLISHED)
    stale = _claim(RESTATED[2], 4)
    Claim.objects.filter(pk=stale.pk).update(is_current=False)
    in_review = _claim(RESTATED[3], 5)
    Claim.objects.filter(pk=in_review.pk).update(status=Claim.Status.AWAITING_APPROVAL)
    unrelated = _claim(UNRELATED, 6)

    found = set(
        claim_open_list_sharing_stems(
            text=published.text, exclude_article_id=published.article_id
        ).values_list("pk", flat=True)
    )
    assert {inflected.pk, in_review.pk} <= found
    assert not found & {sibling.pk, dismissed.pk, done.pk, stale.pk}
    if connection.vendor == "postgresql":
        # Only claims with a word that starts like one of its stems (SQLite reads more: any
        # substring; the task then keeps the claims that share a stem).
        assert unrelated.pk not in found

    # English, apostrophes and a number with a comma: quoted for the full-text query.
    english = ClaimFactory(
        article=ArticleFactory(
            body="Mr O'Brien's office denied sending 3,000 troops.\n", language="en"
        )
    )
    found = claim_open_list_sharing_stems(
        text="O'Brien: 3,000 troops? \\ & | ! (denied)", exclude_article_id=published.article_id
    )
    assert english in found


def test_the_budget_scores_the_claims_made_most_of_its_words_first(seeded, people, settings):
    published = _claim(HOUSING, 0)
    verdict = _approved(published, people)
    Verdict.objects.filter(pk=verdict.pk).update(state=Verdict.State.PUBLISHED)
    close = [_claim(RESTATED[0], 1), _claim(RESTATED[2], 2)]
    # It restates the plan too, but half of its words are about something else.
    diluted = _claim(f"{RESTATED[1]} وقال متحدث باسم وزارة الزراعة إن محصول القمح تضاعف", 3)

    settings.FACTCHECK_LATE_MATCH_CANDIDATES = 2
    stats = verdict_matches_refresh(verdict_id=verdict.pk)
    assert (stats.shortlisted, stats.searched) == (3, 2)
    assert set(ClaimMatch.objects.values_list("claim", flat=True)) == {c.pk for c in close}

    # Within the budget it gets it too: it was left out by the budget, not by its score.
    settings.FACTCHECK_LATE_MATCH_CANDIDATES = 3
    verdict_matches_refresh(verdict_id=verdict.pk)
    assert diluted.matches.get().earlier_claim == published


_ARABIC_LETTERS = "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي"
_AFFIXY = "الوبكفيهنتم"


def _words(texts: list[str]) -> set[str]:
    return {w for text in texts for w in WORD_RE.findall(fold(text)) if w not in STOPWORDS}


def test_every_word_of_the_project_texts_starts_as_its_stem_says():
    from django.conf import settings

    texts = [SEED.read_text(encoding="utf-8"), FOLLOW_UP, HOUSING, *RESTATED]
    texts += [
        p.read_text(encoding="utf-8") for p in (settings.BASE_DIR / "tests" / "data").glob("*.txt")
    ]
    words = _words(texts)
    assert len(words) > 300
    missed = [w for w in words if not w.startswith(tuple(stem_word_starts(stem(w))))]
    assert missed == []


@examples(max_examples=400, deadline=None)
@given(
    st.text(alphabet=_AFFIXY, max_size=4),
    st.text(alphabet=_ARABIC_LETTERS, min_size=1, max_size=6),
    st.text(alphabet=_AFFIXY, max_size=5),
)
def test_any_arabic_word_starts_as_its_stem_says(front, core, back):
    # Words made to carry the affixes the stemmer strips, in any order and number.
    word = fold(front + core + back)
    for w in WORD_RE.findall(word):
        assert w.startswith(tuple(stem_word_starts(stem(w)))), (w, stem(w))
