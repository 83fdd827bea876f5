"""The review workflow: claims from new to published, verdicts from draft to published.

Claim:   new → in_review → awaiting_approval → published   (or dismissed)
Verdict: draft → submitted → approved → published → (reopened to draft | retracted)

Every write checks the actor's role and, for verdicts, the version the actor loaded
(optimistic locking), so two reviewers never silently overwrite each other.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from claims.models import Claim, Flag, Rating, Verdict
from claims.roles import EDITOR, FACT_CHECKER, user_has_role
from factcheck.errors import ApplicationError, ConflictError, PermissionDenied


def _require_reviewer(user) -> None:
    if not (user_has_role(user, FACT_CHECKER) or user_has_role(user, EDITOR)):
        raise PermissionDenied("Only fact-checkers and editors can do this.")


def _require_editor(user) -> None:
    if not user_has_role(user, EDITOR):
        raise PermissionDenied("Only an editor can do this.")


@transaction.atomic
def claim_assign(*, claim: Claim, assignee, actor) -> Claim:
    _require_reviewer(actor)
    if claim.status in (Claim.Status.PUBLISHED, Claim.Status.DISMISSED):
        raise ApplicationError("A published or dismissed claim cannot be assigned.")
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
        raise ApplicationError("A published claim cannot be dismissed; reopen its verdict first.")
    claim.status = Claim.Status.DISMISSED
    claim._change_reason = reason or "dismissed as not check-worthy"
    claim.save(update_fields=["status", "updated_at"])
    return claim


def _lock_verdict(verdict: Verdict, version: int | None) -> Verdict:
    current = Verdict.objects.select_for_update().get(pk=verdict.pk)
    if version is not None and current.version != version:
        raise ConflictError(
            "This verdict was changed by someone else since you opened it. Reload and try again."
        )
    return current


def _save_verdict(verdict: Verdict, fields: list[str], reason: str) -> Verdict:
    # The row is locked (select_for_update), so a plain increment is race-free; the history
    # record cannot store an F() expression.
    verdict.version += 1
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
        raise ApplicationError("This claim is closed; reopen it before giving a new verdict.")
    if claim.verdicts.exclude(state=Verdict.State.RETRACTED).exists():
        raise ApplicationError("This claim already has a verdict; edit that one.")
    if not rationale.strip():
        raise ApplicationError("A verdict needs a rationale.")
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
            "A verdict that is approved or published is locked; an editor must reopen it first."
        )
    fields = []
    if rating is not None and rating.pk != current.rating_id:
        current.rating = rating
        fields.append("rating")
    if rationale is not None and rationale != current.rationale:
        if not rationale.strip():
            raise ApplicationError("A verdict needs a rationale.")
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
        raise ApplicationError("Only a draft verdict can be submitted for approval.")
    current.state = Verdict.State.SUBMITTED
    Claim.objects.filter(pk=current.claim_id).update(status=Claim.Status.AWAITING_APPROVAL)
    return _save_verdict(current, ["state"], "submitted for approval")


@transaction.atomic
def verdict_approve(*, verdict: Verdict, approver, version: int | None = None) -> Verdict:
    _require_editor(approver)
    current = _lock_verdict(verdict, version)
    if approver.pk == current.author_id:
        raise PermissionDenied("A verdict is approved by someone other than its author.")
    if current.state != Verdict.State.SUBMITTED:
        raise ApplicationError("Only a submitted verdict can be approved.")
    current.state = Verdict.State.APPROVED
    current.approved_by = approver
    current.approved_at = timezone.now()
    return _save_verdict(current, ["state", "approved_by", "approved_at"], "approved")


@transaction.atomic
def verdict_publish(*, verdict: Verdict, actor, version: int | None = None) -> Verdict:
    _require_editor(actor)
    current = _lock_verdict(verdict, version)
    if current.state != Verdict.State.APPROVED:
        raise ApplicationError("Only an approved verdict can be published.")
    if actor.pk == current.author_id:
        raise PermissionDenied("A verdict is published by someone other than its author.")
    current.state = Verdict.State.PUBLISHED
    current.published_at = timezone.now()
    Claim.objects.filter(pk=current.claim_id).update(
        status=Claim.Status.PUBLISHED, updated_at=timezone.now()
    )
    return _save_verdict(current, ["state", "published_at"], "published")


@transaction.atomic
def verdict_reopen(
    *, verdict: Verdict, actor, version: int | None = None, reason: str = ""
) -> Verdict:
    """An editor unlocks an approved or published verdict for editing (back to draft)."""
    _require_editor(actor)
    current = _lock_verdict(verdict, version)
    if current.state not in (Verdict.State.APPROVED, Verdict.State.PUBLISHED):
        raise ApplicationError("Only an approved or published verdict can be reopened.")
    current.state = Verdict.State.DRAFT
    current.approved_by = None
    current.approved_at = None
    current.published_at = None
    Claim.objects.filter(pk=current.claim_id).update(
        status=Claim.Status.IN_REVIEW, updated_at=timezone.now()
    )
    return _save_verdict(
        current,
        ["state", "approved_by", "approved_at", "published_at"],
        f"reopened: {reason}" if reason else "reopened",
    )


@transaction.atomic
def flag_resolve(*, flag: Flag, actor, status: str, note: str = "") -> Flag:
    _require_reviewer(actor)
    if status not in (Flag.Status.ACCEPTED, Flag.Status.DISMISSED, Flag.Status.OPEN):
        raise ApplicationError(f"Unknown flag status {status!r}.")
    flag.status = status
    flag.note = note
    flag.resolved_by = actor if status != Flag.Status.OPEN else None
    flag.resolved_at = timezone.now() if status != Flag.Status.OPEN else None
    flag._change_reason = f"{status}: {note}" if note else status
    flag.save(update_fields=["status", "note", "resolved_by", "resolved_at", "updated_at"])
    return flag
