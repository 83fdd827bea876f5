"""Analysis jobs on a real Celery worker and the real Redis broker."""

import pytest
from django.db.models import Count

from claims.models import Article, Claim, Flag
from claims.services import article_submit
from tests.celery_worker import wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

DATA = __import__("pathlib").Path(__file__).resolve().parent.parent / "data"


def _all_done(ids) -> bool:
    return (
        not Article.objects.filter(pk__in=ids)
        .exclude(analysis_status=Article.AnalysisStatus.DONE)
        .exists()
    )


def test_submitted_articles_are_analysed_by_the_worker(celery_worker):
    ar, _ = article_submit(text=(DATA / "ar_weekday.txt").read_bytes(), language="ar")
    en, _ = article_submit(text=(DATA / "en_resolution.txt").read_bytes(), language="en")
    assert wait_until(lambda: _all_done([ar.pk, en.pk]), timeout=90), celery_worker.log.read_text()[
        -2000:
    ]

    weekday = Flag.objects.get(article=ar, code="date.weekday")
    assert weekday.text in ar.body and "2019" in ar.body[weekday.start - 40 : weekday.end + 40]
    assert Flag.objects.filter(article=en, code="resolution.year").exists()
    assert Claim.objects.filter(article=ar).exists()
    assert ar.claims.filter(values__type="un_resolution", values__value__number=2259).exists()


@pytest.mark.kill9
def test_a_worker_killed_mid_batch_loses_nothing_and_duplicates_nothing(celery_worker):
    base = (DATA / "ar_weekday.txt").read_text(encoding="utf-8")
    ids = [
        article_submit(text=f"{base}\nتحديث رقم {n}.\n", language="ar")[0].pk for n in range(100)
    ]
    assert wait_until(
        lambda: Article.objects.filter(pk__in=ids, analysis_status="done").count() >= 15,
        timeout=90,
    )
    celery_worker.kill()
    done_at_kill = Article.objects.filter(pk__in=ids, analysis_status="done").count()
    assert done_at_kill < 100, "the batch finished before the kill; make it bigger"

    celery_worker.start()
    assert wait_until(lambda: _all_done(ids), timeout=180), (
        list(
            Article.objects.filter(pk__in=ids)
            .exclude(analysis_status=Article.AnalysisStatus.DONE)
            .values_list("pk", "analysis_status", "analysis_error", "analysis_started_at")
        ),
        celery_worker.log.read_text()[-3000:],
    )

    # Every article has exactly the flags its text gives, once each.
    per_article = dict(
        Flag.objects.filter(article_id__in=ids).values_list("article_id").annotate(n=Count("id"))
    )
    assert set(per_article) == set(ids)
    assert len(set(per_article.values())) == 1, per_article
    duplicates = (
        Flag.objects.values("article_id", "code", "start", "end")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert not duplicates.exists()
    claims = Claim.objects.filter(article_id__in=ids).values("article_id").annotate(n=Count("id"))
    assert len({row["n"] for row in claims}) == 1
