"""The verdict workflow services: roles, the four-eyes rule, locking, and the history."""

import pytest
from django.utils import translation

from claims import workflow
from claims.models import Claim, Flag, Verdict
from factcheck.errors import ApplicationError, ConflictError, PermissionDenied
from sources.models import Evidence, Source
from tests.factories import (
    ClaimFactory,
    FlagFactory,
    RatingFactory,
    UserFactory,
    editor,
    fact_checker,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # A request in Arabic leaves Arabic active in this thread; messages are asserted in English.
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture
def people(roles):
    return {"checker": fact_checker(), "editor": editor(), "other_editor": editor()}


def _draft(claim, author, rationale="The council's records give another year."):
    return workflow.verdict_create(
        claim=claim, rating=RatingFactory(), rationale=rationale, author=author
    )


def test_it_takes_a_claim_from_new_to_published(people):
    claim = ClaimFactory()
    verdict = _draft(claim, people["checker"])
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW

    verdict = workflow.verdict_submit(verdict=verdict, actor=people["checker"])
    claim.refresh_from_db()
    assert claim.status == Claim.Status.AWAITING_APPROVAL

    verdict = workflow.verdict_approve(verdict=verdict, approver=people["editor"])
    verdict = workflow.verdict_publish(verdict=verdict, actor=people["editor"])
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PUBLISHED
    assert verdict.state == Verdict.State.PUBLISHED
    assert verdict.approved_by == people["editor"]
    assert verdict.published_at is not None


def test_it_never_lets_the_author_approve_even_an_editor(people):
    verdict = _draft(ClaimFactory(), people["editor"])
    verdict = workflow.verdict_submit(verdict=verdict, actor=people["editor"])
    with pytest.raises(PermissionDenied, match="someone other than its author"):
        workflow.verdict_approve(verdict=verdict, approver=people["editor"])
    verdict.refresh_from_db()
    assert verdict.state == Verdict.State.SUBMITTED
    assert verdict.approved_by is None


def test_a_fact_checker_cannot_approve(people):
    verdict = _draft(ClaimFactory(), people["checker"])
    verdict = workflow.verdict_submit(verdict=verdict, actor=people["checker"])
    with pytest.raises(PermissionDenied, match="Only an editor"):
        workflow.verdict_approve(verdict=verdict, approver=fact_checker())


def test_a_user_without_a_role_cannot_write(roles):
    nobody = UserFactory()
    with pytest.raises(PermissionDenied):
        workflow.claim_assign(claim=ClaimFactory(), assignee=nobody, actor=nobody)
    with pytest.raises(PermissionDenied):
        _draft(ClaimFactory(), nobody)
    assert not Verdict.objects.exists()


def test_a_published_verdict_is_locked_until_an_editor_reopens_it(people):
    verdict = _draft(ClaimFactory(), people["checker"])
    verdict = workflow.verdict_submit(verdict=verdict, actor=people["checker"])
    verdict = workflow.verdict_approve(verdict=verdict, approver=people["editor"])
    verdict = workflow.verdict_publish(verdict=verdict, actor=people["editor"])
    with pytest.raises(ApplicationError, match="locked"):
        workflow.verdict_update(
            verdict=verdict, actor=people["checker"], version=verdict.version, rationale="x"
        )
    with pytest.raises(PermissionDenied):
        workflow.verdict_reopen(verdict=verdict, actor=people["checker"])

    verdict = workflow.verdict_reopen(
        verdict=verdict, actor=people["editor"], version=verdict.version, reason="new source"
    )
    assert verdict.state == Verdict.State.DRAFT
    assert verdict.approved_by is None
    assert verdict.claim.status == Claim.Status.IN_REVIEW
    verdict = workflow.verdict_update(
        verdict=verdict, actor=people["checker"], version=verdict.version, rationale="Revised."
    )
    assert verdict.rationale == "Revised."


def test_two_reviewers_never_silently_overwrite_each_other(people):
    verdict = _draft(ClaimFactory(), people["checker"])
    loaded = verdict.version
    workflow.verdict_update(
        verdict=verdict, actor=people["checker"], version=loaded, rationale="First reviewer."
    )
    with pytest.raises(ConflictError, match="changed by someone else"):
        workflow.verdict_update(
            verdict=verdict, actor=people["editor"], version=loaded, rationale="Second reviewer."
        )
    verdict.refresh_from_db()
    assert verdict.rationale == "First reviewer."


def test_every_change_is_in_the_history_with_who_and_what(people):
    claim = ClaimFactory()
    workflow.claim_assign(claim=claim, assignee=people["checker"], actor=people["checker"])
    verdict = _draft(claim, people["checker"])
    workflow.verdict_submit(verdict=verdict, actor=people["checker"])
    reasons = list(verdict.history.order_by("history_id").values_list("history_change_reason"))
    assert [r for (r,) in reasons] == ["draft created", "submitted for approval"]
    assert claim.history.first().history_change_reason == f"assigned to {people['checker']}"


def test_a_flag_is_accepted_with_a_note_and_the_decision_is_recorded(people):
    flag = FlagFactory()
    flag = workflow.flag_resolve(
        flag=flag, actor=people["checker"], status=Flag.Status.ACCEPTED, note="Obvious typo."
    )
    flag.refresh_from_db()
    assert (flag.status, flag.note, flag.resolved_by) == (
        "accepted",
        "Obvious typo.",
        people["checker"],
    )
    assert flag.history.first().history_change_reason == "accepted: Obvious typo."


def test_evidence_from_a_url_finds_or_creates_its_source(people):
    claim = ClaimFactory()
    first = workflow.evidence_add(
        claim=claim,
        actor=people["checker"],
        url="https://press.example/statement",
        title="Statement",
        stance="refutes",
        excerpt="لم يتم توقيع أي اتفاق.",
    )
    second = workflow.evidence_add(
        claim=claim, actor=people["editor"], url="https://press.example/statement", stance="context"
    )
    assert first.source == second.source
    assert Source.objects.count() == 1
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW


@pytest.mark.parametrize(
    ("url", "title", "stance", "message"),
    [
        ("", "", "supports", "give its URL or its title"),
        ("javascript:alert(1)", "x", "supports", "not a web address"),
        ("https://ok.example/", "x", "loves", "Unknown stance"),
    ],
)
def test_bad_evidence_is_refused_and_nothing_is_written(people, url, title, stance, message):
    with pytest.raises(ApplicationError, match=message):
        workflow.evidence_add(
            claim=ClaimFactory(), actor=people["checker"], url=url, title=title, stance=stance
        )
    assert not Evidence.objects.exists()
    assert not Source.objects.exists()


def test_a_registry_resolution_is_added_as_evidence_once(people, seeded):
    claim = ClaimFactory()
    evidence = workflow.evidence_add_resolution(claim=claim, number=2259, actor=people["checker"])
    assert evidence.origin == Evidence.Origin.REFERENCE
    assert evidence.source.kind == Source.Kind.UN_DOCUMENT
    assert "S/RES/2259" in evidence.excerpt and "2015-12-23" in evidence.excerpt
    with pytest.raises(ApplicationError, match="already evidence"):
        workflow.evidence_add_resolution(claim=claim, number=2259, actor=people["checker"])
    with pytest.raises(ApplicationError, match="not in the registry"):
        workflow.evidence_add_resolution(claim=claim, number=99999, actor=people["checker"])


def test_evidence_from_a_url_is_archived_and_its_excerpt_located(
    people, django_capture_on_commit_callbacks
):
    from sources.models import Snapshot

    claim = ClaimFactory()
    archived = Source.objects.create(url="https://press.example/archived", title="Archived")
    Snapshot.objects.create(
        source=archived, sha256="a" * 64, text="قال المتحدث: لم يتم توقيع أي اتفاق حتى الآن."
    )
    found = workflow.evidence_add(
        claim=claim,
        actor=people["checker"],
        url="https://press.example/archived",
        stance="refutes",
        excerpt="لم يتم توقيع أي اتفاق",
    )
    assert found.verified and found.snapshot.source == archived

    with django_capture_on_commit_callbacks(execute=False) as queued:
        fresh = workflow.evidence_add(
            claim=claim,
            actor=people["checker"],
            url="https://press.example/new-page",
            stance="supports",
            excerpt="نص لم يؤرشف بعد",
        )
    # Not archived yet: a fetch is queued, and the excerpt is unverified until it lands.
    assert fresh.source.fetch_status == Source.FetchStatus.QUEUED
    assert len(queued) == 1
    assert not fresh.verified


def test_a_registry_resolution_needs_no_name_lookup(
    people, seeded, monkeypatch, django_capture_on_commit_callbacks
):
    import socket

    looked_up = []

    def refuse(host, *args, **kwargs):
        looked_up.append(host)
        raise socket.gaierror(socket.EAI_NONAME, "no lookups here")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        evidence = workflow.evidence_add_resolution(
            claim=ClaimFactory(), number=2259, actor=people["checker"]
        )
    assert looked_up == []
    assert evidence.source.fetch_status == ""
    assert evidence.source.url.startswith("https://")


def test_a_dismissed_claim_takes_no_evidence(people):
    claim = workflow.claim_dismiss(claim=ClaimFactory(), actor=people["checker"])
    with pytest.raises(ApplicationError, match="closed"):
        workflow.evidence_add(
            claim=claim, actor=people["checker"], title="A report", stance="supports"
        )


def test_reanalysis_is_queued_once(people):
    claim = ClaimFactory()
    article = claim.article
    assert workflow.article_reanalyze(article=article, actor=people["checker"])
    article.refresh_from_db()
    assert article.analysis_status == "pending"
    article.analysis_status = "running"
    article.save()
    assert not workflow.article_reanalyze(article=article, actor=people["checker"])


def test_a_flag_resolution_against_a_stale_status_is_refused(people):
    flag = FlagFactory()
    workflow.flag_resolve(flag=flag, actor=people["editor"], status=Flag.Status.DISMISSED)
    with pytest.raises(ConflictError):
        workflow.flag_resolve(
            flag=flag, actor=people["checker"], status=Flag.Status.ACCEPTED, expected_status="open"
        )
    flag.refresh_from_db()
    assert flag.status == Flag.Status.DISMISSED
