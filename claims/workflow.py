"""The review workflow: claims from new to published, verdicts from draft to published.

Claim:   new → in_review → awaiting_approval → published   (or dismissed)
Verdict: draft → submitted → approved → published → (reopened to draft | retracted)

Every write checks the actor's role and, for verdicts, the version the actor loaded
(optimistic locking), so two reviewers never silently overwrite each other.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.models import Claim, ClaimMatch, Flag, Rating, Verdict
from claims.roles import EDITOR, FACT_CHECKER, user_has_role
from factcheck.errors import ApplicationError, ConflictError, PermissionDenied
from factcheck.queueing import enqueue_on_commit


def _require_reviewer(user) -> None:
    if not (user_has_role(user, FACT_CHECKER) or user_has_role(user, EDITOR)):
        raise PermissionDenied(_("Only fact-checkers and editors can do this."))


def _require_editor(user) -> None:
    if not user_has_role(user, EDITOR):
        raise PermissionDenied(_("Only an editor can do this."))


@transaction.atomic
def claim_assign(*, claim: Claim, assignee, actor) -> Claim:
    _require_reviewer(actor)
    if claim.status in (Claim.Status.PUBLISHED, Claim.Status.DISMISSED):
        raise ApplicationError(_("A published or dismissed claim cannot be assigned."))
    claim.assignee = assignee
    if claim.status == Claim.Status.NEW:
        claim.status = Claim.Status.IN_REVIEW
    claim._change_reason = f"assigned to {assignee}"
    claim.save(update_fields=["assignee", "status", "updated_at"])
    return claim


@transaction.atomic
def claim_dismiss(*, claim: Claim, actor, reason: str = "") -> Claim:
    _require_reviewer(actor)
    if claim.status == Claim.Status.PUBLISHED:
        raise ApplicationError(
            _("A published claim cannot be dismissed; reopen its verdict first.")
        )
    claim.status = Claim.Status.DISMISSED
    claim._change_reason = reason or "dismissed as not check-worthy"
    claim.save(update_fields=["status", "updated_at"])
    return claim


def _lock_verdict(verdict: Verdict, version: int | None) -> Verdict:
    current = Verdict.objects.select_for_update().get(pk=verdict.pk)
    if version is not None and current.version != version:
        raise ConflictError(
            _("This verdict was changed by someone else since you opened it. Reload and try again.")
        )
    return current


def _save_verdict(verdict: Verdict, fields: list[str], reason: str) -> Verdict:
    # The row is locked (_lock_verdict), so a plain increment is safe; the history needs a
    # concrete value (an F() expression cannot be inserted into the historical table).
    verdict.version = verdict.version + 1
    verdict._change_reason = reason
    verdict.save(update_fields=[*fields, "version", "updated_at"])
    verdict.refresh_from_db()
    return verdict


@transaction.atomic
def verdict_create(
    *, claim: Claim, rating: Rating, rationale: str, author, language: str = ""
) -> Verdict:
    _require_reviewer(author)
    if claim.status in (Claim.Status.PUBLISHED, Claim.Status.DISMISSED):
        raise ApplicationError(_("This claim is closed; reopen it before giving a new verdict."))
    if claim.verdicts.exclude(state=Verdict.State.RETRACTED).exists():
        raise ApplicationError(_("This claim already has a verdict; edit that one."))
    if not rationale.strip():
        raise ApplicationError(_("A verdict needs a rationale."))
    verdict = Verdict(
        claim=claim,
        rating=rating,
        rationale=rationale,
        author=author,
        language=language or claim.article.language,
    )
    verdict.full_clean()
    verdict._change_reason = "draft created"
    verdict.save()
    if claim.status == Claim.Status.NEW:
        Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.IN_REVIEW)
    return verdict


@transaction.atomic
def verdict_update(
    *,
    verdict: Verdict,
    actor,
    version: int | None,
    rating: Rating | None = None,
    rationale: str | None = None,
) -> Verdict:
    _require_reviewer(actor)
    current = _lock_verdict(verdict, version)
    if current.state not in (Verdict.State.DRAFT, Verdict.State.SUBMITTED):
        raise ApplicationError(
            _("A verdict that is approved or published is locked; an editor must reopen it first.")
        )
    fields = []
    if rating is not None and rating.pk != current.rating_id:
        current.rating = rating
        fields.append("rating")
    if rationale is not None and rationale != current.rationale:
        if not rationale.strip():
            raise ApplicationError(_("A verdict needs a rationale."))
        current.rationale = rationale
        fields.append("rationale")
    if not fields:
        return current
    return _save_verdict(current, fields, "edited")


@transaction.atomic
def verdict_submit(*, verdict: Verdict, actor, version: int | None = None) -> Verdict:
    _require_reviewer(actor)
    current = _lock_verdict(verdict, version)
    if current.state != Verdict.State.DRAFT:
        raise ApplicationError(_("Only a draft verdict can be submitted for approval."))
    current.state = Verdict.State.SUBMITTED
    Claim.objects.filter(pk=current.claim_id).update(status=Claim.Status.AWAITING_APPROVAL)
    return _save_verdict(current, ["state"], "submitted for approval")


@transaction.atomic
def verdict_approve(*, verdict: Verdict, approver, version: int | None = None) -> Verdict:
    _require_editor(approver)
    current = _lock_verdict(verdict, version)
    if approver.pk == current.author_id:
        raise PermissionDenied(_("A verdict is approved by someone other than its author."))
    if current.state != Verdict.State.SUBMITTED:
        raise ApplicationError(_("Only a submitted verdict can be approved."))
    current.state = Verdict.State.APPROVED
    current.approved_by = approver
    current.approved_at = timezone.now()
    return _save_verdict(current, ["state", "approved_by", "approved_at"], "approved")


@transaction.atomic
def verdict_publish(*, verdict: Verdict, actor, version: int | None = None) -> Verdict:
    _require_editor(actor)
    current = _lock_verdict(verdict, version)
    if current.state != Verdict.State.APPROVED:
        raise ApplicationError(_("Only an approved verdict can be published."))
    if actor.pk == current.author_id:
        raise PermissionDenied(_("A verdict is published by someone other than its author."))
    current.state = Verdict.State.PUBLISHED
    current.published_at = timezone.now()
    Claim.objects.filter(pk=current.claim_id).update(
        status=Claim.Status.PUBLISHED, updated_at=timezone.now()
    )
    _match_verdict_after_commit(current)
    return _save_verdict(current, ["state", "published_at", "late_match_due"], "published")


@transaction.atomic
def verdict_reopen(
    *, verdict: Verdict, actor, version: int | None = None, reason: str = ""
) -> Verdict:
    """An editor unlocks an approved or published verdict for editing (back to draft)."""
    _require_editor(actor)
    current = _lock_verdict(verdict, version)
    if current.state not in (Verdict.State.APPROVED, Verdict.State.PUBLISHED):
        raise ApplicationError(_("Only an approved or published verdict can be reopened."))
    current.state = Verdict.State.DRAFT
    current.approved_by = None
    current.approved_at = None
    current.published_at = None
    Claim.objects.filter(pk=current.claim_id).update(
        status=Claim.Status.IN_REVIEW, updated_at=timezone.now()
    )
    _match_verdict_after_commit(current)
    return _save_verdict(
        current,
        ["state", "approved_by", "approved_at", "published_at", "late_match_due"],
        f"reopened: {reason}" if reason else "reopened",
    )


def _match_verdict_after_commit(verdict: Verdict) -> None:
    """Claims analysed before the verdict was published get it as a suggestion (or lose it
    once it is reopened) without being analysed again: claims.tasks.match_verdict.

    The caller saves ``late_match_due`` with the verdict, so a task the broker loses is
    queued again by verdict_match_sweep."""
    verdict.late_match_due = True
    enqueue_on_commit(
        "claims.tasks.match_verdict",
        verdict.pk,
        if_lost="verdict_match_sweep queues it again",
    )


@transaction.atomic
def flag_resolve(
    *, flag: Flag, actor, status: str, note: str = "", expected_status: str | None = None
) -> Flag:
    """Accept, dismiss or reopen a flag. With ``expected_status`` (the status the reviewer
    saw), a flag someone else decided in the meantime is refused rather than overwritten."""
    _require_reviewer(actor)
    if status not in (Flag.Status.ACCEPTED, Flag.Status.DISMISSED, Flag.Status.OPEN):
        raise ApplicationError(_("Unknown flag status %(status)r.") % {"status": status})
    current = Flag.objects.select_for_update().get(pk=flag.pk)
    if expected_status is not None and current.status != expected_status:
        raise ConflictError(
            _("Someone else has already marked this flag %(status)s. Reload to see it.")
            % {"status": current.get_status_display()}
        )
    flag.status = status
    flag.note = note
    flag.resolved_by = actor if status != Flag.Status.OPEN else None
    flag.resolved_at = timezone.now() if status != Flag.Status.OPEN else None
    flag._change_reason = f"{status}: {note}" if note else status
    flag.save(update_fields=["status", "note", "resolved_by", "resolved_at", "updated_at"])
    return flag


def _require_open_claim(claim: Claim) -> None:
    if claim.status in (Claim.Status.PUBLISHED, Claim.Status.DISMISSED):
        raise ApplicationError(_("This claim is closed; an editor must reopen its verdict first."))


@transaction.atomic
def evidence_add(
    *,
    claim: Claim,
    actor,
    url: str = "",
    title: str = "",
    stance: str,
    excerpt: str = "",
    note: str = "",
    kind: str = "",
):
    """Attach evidence from a source (found or created by its URL) to a claim.

    A source with a URL goes through the sources app: it is archived (a fetch is queued) and
    the excerpt is located in its snapshot, or marked unverified until one exists.
    """
    from django.core.exceptions import ValidationError
    from django.core.validators import URLValidator

    from sources import services as sources
    from sources.models import Evidence, Source

    _require_reviewer(actor)
    _require_open_claim(claim)
    url, title = url.strip(), title.strip()
    if not url and not title:
        raise ApplicationError(_("Evidence needs a source: give its URL or its title."))
    if stance not in Evidence.Stance.values:
        raise ApplicationError(_("Unknown stance %(stance)r.") % {"stance": stance})
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise ApplicationError(
                _("%(url)r is not a web address (http:// or https://).") % {"url": url}
            )
    kind = kind if kind in Source.Kind.values else Source.Kind.OTHER
    if url:
        source, _created = sources.source_add_by_url(
            url=url, added_by=actor, kind=kind, title=title
        )
    else:  # a source without an address (a printed report, an interview): nothing to fetch
        source = Source(title=title[:500], kind=kind, created_by=actor)
        source.full_clean()
        source.save()
    evidence = sources.evidence_add(
        claim=claim,
        source=source,
        excerpt=excerpt,
        stance=stance,
        note=note.strip(),
        added_by=actor,
    )
    _claim_mark_in_review(claim)
    return evidence


def _claim_mark_in_review(claim: Claim) -> None:
    if claim.status == Claim.Status.NEW:
        Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.IN_REVIEW)


@transaction.atomic
def evidence_add_resolution(*, claim: Claim, number: int, actor):
    """One click: the registry's UN resolution as context evidence for the claim."""
    from sources import services as sources

    _require_reviewer(actor)
    _require_open_claim(claim)
    evidence, created = sources.evidence_add_reference_resolution(
        claim=claim, number=number, user=actor
    )
    if not created:
        raise ApplicationError(
            _("%(symbol)s is already evidence for this claim.")
            % {"symbol": evidence.source.title.split(" — ", 1)[0]}
        )
    _claim_mark_in_review(claim)
    return evidence


def _lock_match(match: ClaimMatch) -> ClaimMatch:
    return (
        ClaimMatch.objects.select_for_update(of=("self",))
        .select_related("claim", "verdict", "verdict__rating", "verdict__claim")
        .get(pk=match.pk)
    )


@transaction.atomic
def claim_match_confirm(*, match: ClaimMatch, actor):
    """The claim restates or alters the earlier one: its published verdict becomes context
    evidence on the claim. Twice is once (one evidence)."""
    from sources import services as sources

    _require_reviewer(actor)
    current = _lock_match(match)
    _require_open_claim(current.claim)
    evidence, _created = sources.evidence_add_earlier_verdict(
        claim=current.claim,
        verdict=current.verdict,
        user=actor,
        note=_("Earlier fact-check confirmed as a match (similarity %(score).2f).")
        % {"score": current.score},
    )
    _claim_match_decide(current, ClaimMatch.Status.CONFIRMED, actor)
    _claim_mark_in_review(current.claim)
    return evidence


def _claim_match_decide(match: ClaimMatch, status: str, actor) -> None:
    """Record the reviewer's decision once; deciding the same again changes nothing."""
    if match.status == status:
        return
    match.status = status
    match.decided_by = actor
    match.decided_at = timezone.now()
    match._change_reason = str(status)  # "confirmed", "rejected"
    match.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])


@transaction.atomic
def claim_match_reject(*, match: ClaimMatch, actor) -> ClaimMatch:
    """Not the same claim: the suggestion is hidden, and stays so after re-analysis."""
    _require_reviewer(actor)
    current = _lock_match(match)
    if current.status == ClaimMatch.Status.CONFIRMED:
        raise ApplicationError(
            _("This earlier fact-check is confirmed and is evidence; remove that evidence first.")
        )
    _claim_match_decide(current, ClaimMatch.Status.REJECTED, actor)
    return current


def article_reanalyze(*, article, actor) -> bool:
    """Queue the analysis again (reviewers' decisions survive it). False if already queued."""
    from claims.models import Article
    from claims.services import _analysis_enqueue_on_commit

    _require_reviewer(actor)
    with transaction.atomic():
        updated = (
            Article.objects.filter(pk=article.pk)
            .exclude(analysis_status=Article.AnalysisStatus.RUNNING)
            .update(
                analysis_status=Article.AnalysisStatus.PENDING,
                analysis_version="",
                analysis_error="",
            )
        )
        if updated:
            _analysis_enqueue_on_commit(article.pk)
    return bool(updated)


@transaction.atomic
def reviewer_language_set(*, user, language: str):
    from django.conf import settings

    from claims.models import ReviewerProfile

    if language not in dict(settings.LANGUAGES):
        raise ApplicationError(_("Unknown language %(language)r.") % {"language": language})
    profile, _created = ReviewerProfile.objects.update_or_create(
        user=user, defaults={"language": language}
    )
    return profile
