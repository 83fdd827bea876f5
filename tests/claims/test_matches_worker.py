"""Earlier fact-checks computed by a real worker (Redis broker), its index kept fresh."""

from datetime import date

import pytest

from claims import workflow
from claims.models import Article, ClaimMatch
from claims.services import article_submit
from tests.celery_worker import wait_until
from tests.claims.review_data import SEED
from tests.claims.test_claim_matches import FOLLOW_UP
from tests.factories import approved_verdict, editor, fact_checker

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _analysed(article) -> bool:
    return Article.objects.get(pk=article.pk).analysis_status == Article.AnalysisStatus.DONE


def _log(worker) -> str:
    return worker.log.read_text()[-2000:]


def test_the_worker_suggests_earlier_verdicts_and_follows_a_reopened_one(
    celery_worker, roles, seeded
):
    checker, chief = fact_checker(), editor()
    seed, _ = article_submit(
        text=SEED.read_text(encoding="utf-8"), language="ar", published=date(2020, 1, 9)
    )
    # The follow-up is analysed before any verdict exists: nothing to suggest yet.
    follow_up, _ = article_submit(text=FOLLOW_UP, language="ar", published=date(2020, 1, 20))
    assert wait_until(lambda: _analysed(seed) and _analysed(follow_up), timeout=90), _log(
        celery_worker
    )
    suggested = ClaimMatch.objects.filter(claim__article=follow_up)
    assert not suggested.exists()
    earlier = seed.claims.get(text__contains="2259")
    verdict = approved_verdict(earlier, author=checker, approver=chief, rationale="Adopted 2015.")

    # Published later: the worker brings it to the claim analysed before, no new analysis.
    verdict = workflow.verdict_publish(verdict=verdict, actor=chief)
    assert wait_until(suggested.exists, timeout=90), _log(celery_worker)
    match = suggested.get()
    assert (match.earlier_claim, match.verdict) == (earlier, verdict)

    # Reopened: the worker withdraws it, again without a new analysis.
    verdict = workflow.verdict_reopen(verdict=verdict, actor=chief)
    assert wait_until(lambda: not suggested.exists(), timeout=90), _log(celery_worker)

    # Published again: back.
    verdict = workflow.verdict_submit(verdict=verdict, actor=checker)
    verdict = workflow.verdict_approve(verdict=verdict, approver=chief)
    verdict = workflow.verdict_publish(verdict=verdict, actor=chief)
    assert wait_until(suggested.exists, timeout=90), _log(celery_worker)
    assert suggested.get().earlier_claim == earlier
