"""The constraints the data demands hold in the database itself, not only in forms."""

import pytest
from django.db import IntegrityError, transaction

from claims.models import Article, Claim, Flag, Verdict
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    FlagFactory,
    RatingFactory,
    UserFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db


def test_the_same_content_hash_is_one_article():
    first = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(body=first.body, language="ar", content_hash=first.content_hash)
    assert Article.objects.count() == 1


def test_a_flag_fingerprint_is_unique_per_article():
    flag = FlagFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        FlagFactory(article=flag.article, fingerprint=flag.fingerprint)
    # The same fingerprint on another article is a different flag.
    FlagFactory(fingerprint=flag.fingerprint)
    assert Flag.objects.count() == 2


def test_a_claims_text_must_be_the_span_it_claims_to_be():
    article = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.create(article=article, start=0, end=10, text="short", fingerprint="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.create(article=article, start=10, end=10, text="", fingerprint="y")
    assert not Claim.objects.exists()


def test_a_verdicts_approver_is_never_its_author():
    verdict = VerdictFactory(state=Verdict.State.SUBMITTED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Verdict.objects.filter(pk=verdict.pk).update(
            approved_by=verdict.author, state=Verdict.State.APPROVED
        )
    other = UserFactory()
    Verdict.objects.filter(pk=verdict.pk).update(approved_by=other, state=Verdict.State.APPROVED)
    verdict.refresh_from_db()
    assert verdict.approved_by == other


def test_an_approved_verdict_has_an_approver():
    with pytest.raises(IntegrityError), transaction.atomic():
        VerdictFactory(state=Verdict.State.PUBLISHED, approved_by=None)


def test_verdict_changes_are_kept_in_history():
    verdict = VerdictFactory(rating=RatingFactory())
    verdict.rationale = "Checked against the UN registry."
    verdict.save()
    assert verdict.history.count() == 2
    assert verdict.history.first().rationale == "Checked against the UN registry."


def test_claim_offsets_slice_the_article_body():
    claim = ClaimFactory()
    assert claim.article.body[claim.start : claim.end] == claim.text
