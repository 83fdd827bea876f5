"""A batch of articles for the worker, and what "analysed exactly once" means for it."""

from __future__ import annotations

import time
from pathlib import Path

from django.conf import settings
from django.db.models import Count

from claims.models import Article, Claim, Flag, OutboxEmail

DATA = Path(__file__).resolve().parent.parent / "data"


def batch_submit(n: int) -> list[int]:
    from claims.services import article_submit

    base = (DATA / "ar_weekday.txt").read_text(encoding="utf-8")
    return [article_submit(text=f"{base}\nتحديث رقم {i}.\n", language="ar")[0].pk for i in range(n)]


def done_count(ids: list[int]) -> int:
    return Article.objects.filter(pk__in=ids, analysis_status=Article.AnalysisStatus.DONE).count()


def wait_until(predicate, timeout: float, interval: float = 0.25) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


def expected_analysis(text: str):
    """What the worker must store for this text: the analysis run here, in-process."""
    from claims.analysis import analyze
    from claims.services import claim_fingerprint
    from sources.selectors import references_load

    result = analyze(
        text,
        language="ar",
        published=None,
        refs=references_load(),
        disabled_checks=frozenset(settings.FACTCHECK_DISABLED_CHECKS),
    )
    claims = {claim_fingerprint(c.start, c.end, c.text) for c in result.claims}
    flags = {f.fingerprint for f in result.flags if 0 <= f.start < f.end <= len(text)}
    return claims, flags


def assert_analysed_exactly_once(ids: list[int]) -> None:
    """Every article done, with exactly the claims and flags its text gives, once each."""
    from claims.analysis import ANALYSIS_VERSION

    articles = list(Article.objects.filter(pk__in=ids))
    assert len(articles) == len(ids)
    left = [
        (a.pk, a.analysis_status, a.analysis_error) for a in articles if a.analysis_status != "done"
    ]
    assert not left, f"articles not analysed: {left[:10]}"
    assert {a.analysis_version for a in articles} == {ANALYSIS_VERSION}
    assert all(a.analyzed_at and not a.analysis_error for a in articles)

    claims = {}
    for article_id, fp in Claim.objects.filter(article_id__in=ids).values_list(
        "article_id", "fingerprint"
    ):
        claims.setdefault(article_id, []).append(fp)
    flags = {}
    for article_id, fp in Flag.objects.filter(article_id__in=ids).values_list(
        "article_id", "fingerprint"
    ):
        flags.setdefault(article_id, []).append(fp)
    for article in articles:
        want_claims, want_flags = expected_analysis(article.body)
        assert want_claims and want_flags, "the batch text must give claims and flags"
        got_claims = claims.get(article.pk, [])
        got_flags = flags.get(article.pk, [])
        assert sorted(got_claims) == sorted(want_claims), article.pk
        assert sorted(got_flags) == sorted(want_flags), article.pk
    duplicates = (
        Flag.objects.filter(article_id__in=ids)
        .values("article_id", "code", "start", "end")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert not duplicates.exists()


def assert_one_email_per_article(ids: list[int], editor) -> None:
    """The editor's flag e-mail for each article: one row each, all sent."""
    rows = list(OutboxEmail.objects.filter(recipient=editor).values_list("article_id", "status"))
    per_article = {}
    for article_id, status in rows:
        per_article.setdefault(article_id, []).append(status)
    assert sorted(per_article) == sorted(ids), f"{len(per_article)} of {len(ids)} articles"
    assert all(statuses == ["sent"] for statuses in per_article.values()), per_article
