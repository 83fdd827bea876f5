"""The fact-checker's admin: review queue, article page, claim page, flags and verdicts.

Nothing here writes workflow state itself: every change goes through claims.workflow (or
claims.services), and the errors they raise become messages on the page, never a 500.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin

from claims import selectors, workflow
from claims.admin_forms import EvidenceForm, FlagResolveForm, ReasonForm, VerdictForm
from claims.display import inert_html, plain
from claims.forms import ArticleSubmitForm
from claims.highlight import Span, highlight
from claims.models import (
    Article,
    Attribution,
    Claim,
    ClaimMatch,
    ClaimValue,
    Flag,
    Rating,
    ReviewerProfile,
    Verdict,
)
from claims.roles import EDITOR, FACT_CHECKER, user_has_role
from claims.services import article_submit
from factcheck.admin_paging import CappedCountAdmin
from factcheck.errors import ApplicationError, ConflictError, PermissionDenied, ValidationFailed


def _error_text(exc: Exception) -> str:
    if isinstance(exc, ApplicationError):
        return exc.message
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


def _status_for(exc: Exception) -> int:
    if isinstance(exc, ConflictError):
        return 409
    if isinstance(exc, PermissionDenied):
        return 403
    return 400


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _text_cell(text: str, limit: int = 160) -> str:
    short = text if len(text) <= limit else text[: limit - 1] + "…"
    return format_html('<span class="fc-text" dir="auto">{}</span>', inert_html(short))


def _inert_column(field: str, description):
    """A list column or read-only field showing article text inert (see claims.display)."""

    @admin.display(description=description)
    def column(self, obj) -> str:
        return _text_cell(str(getattr(obj, field) or ""), 500)

    column.__name__ = f"{field}_shown"
    return column


# ---------------------------------------------------------------- review queue filters


class ValueTypeFilter(admin.SimpleListFilter):
    title = _("value type")
    parameter_name = "value_type"

    def lookups(self, request, model_admin):
        return ClaimValue.Type.choices

    def queryset(self, request, queryset):
        if self.value() in ClaimValue.Type.values:
            return queryset.filter(
                Exists(ClaimValue.objects.filter(claim=OuterRef("pk"), type=self.value()))
            )
        return queryset


class OpenFlagFilter(admin.SimpleListFilter):
    title = _("open flags")
    parameter_name = "open_flag"

    def lookups(self, request, model_admin):
        return [("any", _("Any category")), *Flag.Category.choices]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "any":
            return queryset.filter(
                Exists(
                    Flag.objects.filter(
                        claim=OuterRef("pk"), status=Flag.Status.OPEN, is_current=True
                    )
                )
            )
        if value in Flag.Category.values:
            return queryset.filter(selectors.flag_categories_open_exists(value))
        return queryset


class AssigneeFilter(admin.SimpleListFilter):
    title = _("assignee")
    parameter_name = "assignee"

    def lookups(self, request, model_admin):
        users = (
            get_user_model()
            .objects.filter(Exists(Claim.objects.filter(assignee=OuterRef("pk"))))
            .order_by("username")
        )
        return [("me", _("Me")), ("none", _("Nobody")), *((str(u.pk), str(u)) for u in users)]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "me":
            return queryset.filter(assignee=request.user)
        if value == "none":
            return queryset.filter(assignee__isnull=True)
        if value and value.isdigit():
            return queryset.filter(assignee_id=int(value))
        return queryset


class RatingFilter(admin.SimpleListFilter):
    title = _("rating")
    parameter_name = "rating"

    def lookups(self, request, model_admin):
        ar = get_language() == "ar"
        return [("none", _("No verdict yet"))] + [
            (r.slug, r.label_ar if ar else r.label_en) for r in Rating.objects.order_by("order")
        ]

    def queryset(self, request, queryset):
        value = self.value()
        current = Verdict.objects.filter(claim=OuterRef("pk")).exclude(
            state=Verdict.State.RETRACTED
        )
        if value == "none":
            return queryset.exclude(Exists(current))
        if value:
            return queryset.filter(Exists(current.filter(rating__slug=value)))
        return queryset


class ArticleFilter(admin.SimpleListFilter):
    title = _("article")
    parameter_name = "article"

    def lookups(self, request, model_admin):
        # Titles only: bodies can be megabytes each.
        recent = Article.objects.values_list("pk", "title").order_by("-created_at")[:15]
        choices = [
            (str(pk), plain(title)[:60] or gettext("Article %(id)s") % {"id": pk})
            for pk, title in recent
        ]
        value = self.value()
        if value and value.isdigit() and value not in {c[0] for c in choices}:
            choices.append((value, gettext("Article %(id)s") % {"id": value}))
        return choices

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(article_id=int(value))
        return queryset


# ---------------------------------------------------------------- articles


@admin.register(Article)
class ArticleAdmin(CappedCountAdmin):
    list_display = ["title_cell", "language", "analysis_status", "published_at", "created_at"]
    list_filter = ["analysis_status", "language"]
    search_fields = ["title", "outlet", "url"]
    # The title is shown, not edited: an input box would show its control characters raw.
    fields = ["title_shown", "outlet", "url", "published_at", "language"]
    readonly_fields = ["title_shown", "language"]
    list_select_related = ["submitted_by"]
    change_form_template = "admin/claims/article/change_form.html"

    @admin.display(description=_("title"))
    def title_shown(self, obj: Article) -> str:
        return _text_cell(obj.title, 500)

    @admin.display(description=_("title"), ordering="title")
    def title_cell(self, obj: Article) -> str:
        return _text_cell(str(obj.title or obj.body), 120)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<int:object_id>/reanalyze/",
                self.admin_site.admin_view(self.reanalyze_view),
                name="{}_{}_reanalyze".format(*info),
            ),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            return super().add_view(request, form_url, extra_context)
        form = ArticleSubmitForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                article, created = article_submit(
                    text=form.article_text(),
                    title=data["title"],
                    url=data["url"],
                    outlet=data["outlet"],
                    published=data["published"],
                    language=data["language"] or None,
                    submitted_by=request.user,
                )
            except ValidationFailed as exc:
                form.add_error(None, exc.message)
            else:
                if created:
                    self.message_user(request, _("Article submitted; its analysis is queued."))
                else:
                    self.message_user(
                        request,
                        _("This text was submitted before; here is that article."),
                        messages.WARNING,
                    )
                return HttpResponseRedirect(
                    reverse("admin:claims_article_change", args=[article.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Submit an article"),
            "form": form,
            "opts": self.model._meta,
            "has_view_permission": self.has_view_permission(request),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/claims/article/submit.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = dict(extra_context or {})
        if object_id and str(object_id).isdigit():
            article = selectors.article_for_review(int(object_id))
            if article is not None:
                extra.update(self.review_context(request, article))
        return super().change_view(request, object_id, form_url, extra)

    def review_context(self, request, article: Article) -> dict:
        spans = [
            Span(
                c.start,
                c.end,
                "claim",
                c.pk,
                reverse("admin:claims_claim_change", args=[c.pk]),
                title=gettext("Claim: %(status)s") % {"status": c.get_status_display()},
                css=f"status-{c.status}",
            )
            for c in article.review_claims
        ]
        spans += [
            Span(
                f.start,
                f.end,
                "flag",
                f.pk,
                f"#flag-{f.pk}",
                title=" — ".join(
                    filter(None, [f"→ {f.suggestion}" if f.suggestion else "", f.message])
                ),
                css=f"sev-{f.severity} flag-{f.status}",
                extra={"suggestion": f.suggestion, "category": f.category},
            )
            for f in article.review_flags
        ]
        running = article.analysis_status in (
            Article.AnalysisStatus.PENDING,
            Article.AnalysisStatus.RUNNING,
        )
        return {
            "article": article,
            "highlighted": highlight(article.body, spans),
            "review_claims": article.review_claims,
            "review_flags": article.review_flags,
            "analysis_running": running,
            "can_review": user_has_role(request.user, FACT_CHECKER)
            or user_has_role(request.user, EDITOR),
        }

    @staticmethod
    def reanalyze_view(request, object_id):
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:claims_article_change", args=[object_id]))
        article = get_object_or_404(Article, pk=object_id)
        try:
            queued = workflow.article_reanalyze(article=article, actor=request.user)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            if queued:
                messages.success(request, gettext("The analysis is queued again."))
            else:
                messages.warning(request, gettext("The analysis is already running."))
        return HttpResponseRedirect(reverse("admin:claims_article_change", args=[object_id]))


# ---------------------------------------------------------------- the review queue and claims


@admin.register(Claim)
class ClaimAdmin(CappedCountAdmin, SimpleHistoryAdmin):
    list_display = [
        "claim_text",
        "status",
        "checkworthiness_cell",
        "open_flags",
        "earlier_fact_checks",
        "rating",
        "assignee",
        "article_link",
        "language",
    ]
    list_display_links = ["claim_text"]
    list_filter = [
        "status",
        ValueTypeFilter,
        OpenFlagFilter,
        AssigneeFilter,
        RatingFilter,
        ArticleFilter,
        ("article__language", admin.ChoicesFieldListFilter),
    ]
    search_fields = ["text_folded"]
    search_help_text = _(
        "Matches any spelling of hamza, alef, ya and ta-marbuta, with or without diacritics."
    )
    ordering = ["-checkworthiness", "pk"]
    list_per_page = 100
    show_full_result_count = False
    actions = ["assign_to_me", "dismiss_not_checkworthy", "rerun_analysis"]
    change_list_template = "admin/claims/claim/change_list.html"
    readonly_fields = ["article", "start", "end", "text", "fingerprint", "origin"]

    def get_queryset(self, request):
        return selectors.claim_list_for_review(super().get_queryset(request))

    def get_search_results(self, request, queryset, search_term):
        return selectors.claim_search(queryset, search_term), False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    # columns

    @admin.display(description=_("claim"))
    def claim_text(self, obj: Claim) -> str:
        return _text_cell(obj.text)

    @admin.display(description=_("check-worthiness"), ordering="checkworthiness")
    def checkworthiness_cell(self, obj: Claim) -> str:
        return f"{obj.checkworthiness:.2f}"

    @admin.display(description=_("open flags"), ordering="open_flag_count")
    def open_flags(self, obj: Claim) -> int:
        return obj.open_flag_count or 0

    @admin.display(description=_("earlier fact-checks"), ordering="open_match_count")
    def earlier_fact_checks(self, obj: Claim) -> int:
        return obj.open_match_count or 0

    @admin.display(description=_("rating"))
    def rating(self, obj: Claim) -> str:
        if not obj.rating_label_en:
            return "—"
        label = obj.rating_label_ar if get_language() == "ar" else obj.rating_label_en
        return format_html(
            '<span class="fc-rating" style="--rating:{}">{}</span> <small>{}</small>',
            obj.rating_colour or "#6e7781",
            label,
            Verdict.State(obj.verdict_state).label if obj.verdict_state else "",
        )

    @admin.display(description=_("article"), ordering="article__created_at")
    def article_link(self, obj: Claim) -> str:
        return format_html(
            '<a href="{}#hl-claim-{}" dir="auto">{}</a>',
            reverse("admin:claims_article_change", args=[obj.article_id]),
            obj.pk,
            inert_html(str(obj.article)[:50]),
        )

    @admin.display(description=_("language"), ordering="article__language")
    def language(self, obj: Claim) -> str:
        return obj.article.language

    # bulk actions: one service call per claim, so each change is in the history

    def _each(self, request, queryset, call, done_message: str) -> None:
        done, failed = 0, []
        for claim in queryset.select_related(None).order_by("pk"):
            try:
                call(claim)
            except (ApplicationError, ValidationError) as exc:
                failed.append(f"«{str(claim)[:40]}»: {_error_text(exc)}")
            else:
                done += 1
        if done:
            self.message_user(request, done_message % {"count": done}, messages.SUCCESS)
        for line in failed[:10]:
            self.message_user(request, line, messages.ERROR)
        if len(failed) > 10:
            self.message_user(
                request,
                gettext("…and %(n)s more refused.") % {"n": len(failed) - 10},
                messages.ERROR,
            )

    @admin.action(description=_("Assign to me"))
    def assign_to_me(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda c: workflow.claim_assign(claim=c, assignee=request.user, actor=request.user),
            gettext("%(count)s claims assigned to you."),
        )

    @admin.action(description=_("Dismiss as not check-worthy"))
    def dismiss_not_checkworthy(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda c: workflow.claim_dismiss(
                claim=c, actor=request.user, reason="dismissed as not check-worthy (bulk)"
            ),
            gettext("%(count)s claims dismissed."),
        )

    @admin.action(description=_("Re-run the analysis of their articles"))
    def rerun_analysis(self, request, queryset):
        article_ids = sorted(set(queryset.values_list("article_id", flat=True)))
        queued = 0
        for article in Article.objects.filter(pk__in=article_ids):
            try:
                queued += workflow.article_reanalyze(article=article, actor=request.user)
            except ApplicationError as exc:
                self.message_user(request, exc.message, messages.ERROR)
                return
        self.message_user(
            request, gettext("%(count)s articles queued for analysis.") % {"count": queued}
        )

    # pages

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "dashboard/",
                self.admin_site.admin_view(self.dashboard_view),
                name="{}_{}_dashboard".format(*info),
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra = {"status_counts": selectors.claim_status_counts(), **(extra_context or {})}
        return super().changelist_view(request, extra)

    def dashboard_view(self, request):
        if not self.has_view_permission(request):
            raise DjangoPermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("Review dashboard"),
            "opts": self.opts,
            "stats": selectors.dashboard_stats(),
            "ar": get_language() == "ar",
        }
        return TemplateResponse(request, "admin/claims/dashboard.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not (object_id and str(object_id).isdigit()):
            return self._get_obj_does_not_exist_redirect(request, self.opts, str(object_id))
        claim = selectors.claim_detail(int(object_id))
        if claim is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, str(object_id))
        if not self.has_view_permission(request, claim):
            raise DjangoPermissionDenied
        forms = {}
        status = 200
        if request.method == "POST":
            if not self.has_change_permission(request, claim):
                raise DjangoPermissionDenied
            action = request.POST.get("action", "")
            try:
                done = self.claim_action(request, claim, action, forms)
            except (ApplicationError, ValidationError) as exc:
                messages.error(request, _error_text(exc))
                status = _status_for(exc)
            else:
                if done:
                    messages.success(request, done)
                    return HttpResponseRedirect(request.path)
                status = 400
            claim = selectors.claim_detail(claim.pk)
        return self.render_claim_page(request, claim, forms, status)

    def claim_action(self, request, claim: Claim, action: str, forms: dict) -> str | None:
        """Carry out one POSTed action; a message on success, None when a form is invalid."""
        user = request.user
        verdict = self._current_verdict(claim)
        if action == "assign_me":
            workflow.claim_assign(claim=claim, assignee=user, actor=user)
            return gettext("The claim is assigned to you.")
        if action == "dismiss":
            form = ReasonForm(request.POST)
            form.is_valid()
            workflow.claim_dismiss(
                claim=claim, actor=user, reason=form.cleaned_data.get("reason", "")
            )
            return gettext("The claim is dismissed as not check-worthy.")
        if action == "evidence_add":
            form = forms["evidence"] = EvidenceForm(request.POST)
            if not form.is_valid():
                return None
            workflow.evidence_add(claim=claim, actor=user, **form.cleaned_data)
            return gettext("Evidence added.")
        if action == "evidence_resolution":
            number = request.POST.get("number", "")
            if not number.isdigit():
                raise ApplicationError(gettext("No resolution number was given."))
            workflow.evidence_add_resolution(claim=claim, number=int(number), actor=user)
            return gettext("The resolution is added as evidence.")
        if action in ("match_confirm", "match_reject"):
            raw = request.POST.get("match", "")
            match = (
                ClaimMatch.objects.filter(pk=raw, claim=claim).first() if raw.isdigit() else None
            )
            if match is None:
                raise ApplicationError(gettext("That suggestion no longer exists."))
            if action == "match_confirm":
                workflow.claim_match_confirm(match=match, actor=user)
                return gettext("The earlier verdict is added as evidence.")
            workflow.claim_match_reject(match=match, actor=user)
            return gettext("The suggestion is hidden.")
        if action in ("verdict_save", "verdict_save_submit"):
            form = forms["verdict"] = VerdictForm(request.POST)
            if not form.is_valid():
                return None
            data = form.cleaned_data
            if verdict is None:
                verdict = workflow.verdict_create(
                    claim=claim, rating=data["rating"], rationale=data["rationale"], author=user
                )
            else:
                verdict = workflow.verdict_update(
                    verdict=verdict,
                    actor=user,
                    version=data["version"],
                    rating=data["rating"],
                    rationale=data["rationale"],
                )
            if action == "verdict_save_submit":
                workflow.verdict_submit(verdict=verdict, actor=user, version=verdict.version)
                return gettext("The verdict is submitted for an editor's approval.")
            return gettext("The verdict draft is saved.")
        if verdict is None:
            raise ApplicationError(gettext("This claim has no verdict yet."))
        version = self._posted_version(request)
        if action == "verdict_submit":
            workflow.verdict_submit(verdict=verdict, actor=user, version=version)
            return gettext("The verdict is submitted for an editor's approval.")
        if action == "verdict_approve":
            workflow.verdict_approve(verdict=verdict, approver=user, version=version)
            return gettext("The verdict is approved.")
        if action == "verdict_publish":
            workflow.verdict_publish(verdict=verdict, actor=user, version=version)
            return gettext("The verdict is published.")
        if action == "verdict_approve_publish":
            verdict = workflow.verdict_approve(verdict=verdict, approver=user, version=version)
            workflow.verdict_publish(verdict=verdict, actor=user, version=verdict.version)
            return gettext("The verdict is approved and published.")
        if action == "verdict_reopen":
            form = ReasonForm(request.POST)
            form.is_valid()
            workflow.verdict_reopen(
                verdict=verdict,
                actor=user,
                version=version,
                reason=form.cleaned_data.get("reason", ""),
            )
            return gettext("The verdict is reopened for editing.")
        raise ApplicationError(gettext("Unknown action."))

    @staticmethod
    def _posted_version(request) -> int | None:
        raw = request.POST.get("version", "")
        return int(raw) if raw.isdigit() else None

    @staticmethod
    def _current_verdict(claim: Claim) -> Verdict | None:
        return next((v for v in claim.verdicts.all() if v.state != Verdict.State.RETRACTED), None)

    def render_claim_page(self, request, claim: Claim, forms: dict, status: int = 200):
        user = request.user
        verdict = self._current_verdict(claim)
        if "verdict" not in forms:
            initial = (
                {
                    "rating": verdict.rating_id,
                    "rationale": verdict.rationale,
                    "version": verdict.version,
                }
                if verdict
                else {}
            )
            forms["verdict"] = VerdictForm(initial=initial)
        forms.setdefault("evidence", EvidenceForm(initial={"stance": "supports"}))
        is_reviewer = user_has_role(user, FACT_CHECKER) or user_has_role(user, EDITOR)
        is_editor = user_has_role(user, EDITOR)
        can_change = self.has_change_permission(request, claim) and is_reviewer
        closed = claim.status in (Claim.Status.PUBLISHED, Claim.Status.DISMISSED)
        editable = verdict is None or verdict.state in (
            Verdict.State.DRAFT,
            Verdict.State.SUBMITTED,
        )
        is_author = verdict is not None and verdict.author_id == user.pk
        article = claim.article
        context = {
            **self.admin_site.each_context(request),
            "title": _("Review a claim"),
            "opts": self.opts,
            "claim": claim,
            "article": article,
            "verdict": verdict,
            "verdict_form": forms["verdict"],
            "evidence_form": forms["evidence"],
            "values": list(claim.values.all()),
            "resolutions": selectors.claim_resolutions(claim),
            "flags": list(claim.flags.all()),
            "evidence": list(claim.evidence.all()),
            "matches": claim.matches_shown,
            "attribution": getattr(claim, "attribution", None),
            "can_change": can_change,
            "can_edit_verdict": can_change and editable and not (closed and verdict is None),
            "can_submit": can_change
            and verdict is not None
            and verdict.state == Verdict.State.DRAFT,
            "can_approve": is_editor
            and verdict is not None
            and not is_author
            and verdict.state == Verdict.State.SUBMITTED,
            "can_publish": is_editor
            and verdict is not None
            and not is_author
            and verdict.state == Verdict.State.APPROVED,
            "can_reopen": is_editor
            and verdict is not None
            and verdict.state in (Verdict.State.APPROVED, Verdict.State.PUBLISHED),
            "is_author": is_author,
            "closed": closed,
            "ar": get_language() == "ar",
            "history_url": reverse("admin:claims_claim_history", args=[claim.pk]),
        }
        return TemplateResponse(request, "admin/claims/claim/review.html", context, status=status)


# ---------------------------------------------------------------- flags


@admin.register(Flag)
class FlagAdmin(CappedCountAdmin, SimpleHistoryAdmin):
    list_display = ["flag_text", "code", "severity", "suggestion_cell", "status", "article_link"]
    list_filter = ["status", "category", "severity", "is_current"]
    search_fields = ["text", "message"]
    list_select_related = ["article"]
    list_per_page = 100
    show_full_result_count = False
    actions = ["accept", "dismiss"]
    readonly_fields = [
        "article",
        "claim",
        "code",
        "category",
        "severity",
        "start",
        "end",
        "text_shown",
        "suggestion_shown",
        "message_shown",
        "details",
        "fingerprint",
        "status",
        "note_shown",
        "resolved_by",
        "resolved_at",
        "is_current",
    ]
    fields = readonly_fields
    text_shown = _inert_column("text", _("text"))
    suggestion_shown = _inert_column("suggestion", _("suggestion"))
    message_shown = _inert_column("message", _("message"))
    note_shown = _inert_column("note", _("reviewer's note"))

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("text"))
    def flag_text(self, obj: Flag) -> str:
        return _text_cell(obj.text, 60)

    @admin.display(description=_("suggestion"))
    def suggestion_cell(self, obj: Flag) -> str:
        return _text_cell(obj.suggestion, 60)

    @admin.display(description=_("article"))
    def article_link(self, obj: Flag) -> str:
        return format_html(
            '<a href="{}#hl-flag-{}" dir="auto">{}</a>',
            reverse("admin:claims_article_change", args=[obj.article_id]),
            obj.pk,
            inert_html(str(obj.article)[:50]),
        )

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<int:object_id>/resolve/",
                self.admin_site.admin_view(require_POST(self.resolve_view)),
                name="{}_{}_resolve".format(*info),
            ),
            *super().get_urls(),
        ]

    def resolve_view(self, request, object_id):
        flag = get_object_or_404(Flag, pk=object_id)
        back = _safe_next(request, reverse("admin:claims_article_change", args=[flag.article_id]))
        if not self.has_change_permission(request, flag):
            messages.error(request, gettext("You may not change flags."))
            return HttpResponseRedirect(back)
        form = FlagResolveForm(request.POST)
        if not form.is_valid():
            messages.error(request, gettext("Choose accept or dismiss."))
            return HttpResponseRedirect(back)
        try:
            workflow.flag_resolve(
                flag=flag,
                actor=request.user,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                expected_status=form.cleaned_data["seen"] or None,
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                gettext("Flag «%(text)s»: %(status)s.")
                % {"text": str(flag.text)[:40], "status": flag.get_status_display()},
            )
        return HttpResponseRedirect(back)

    def _resolve_all(self, request, queryset, status: str) -> None:
        done = 0
        for flag in queryset.order_by("pk"):
            try:
                workflow.flag_resolve(flag=flag, actor=request.user, status=status)
            except ApplicationError as exc:
                self.message_user(request, exc.message, messages.ERROR)
                return
            done += 1
        self.message_user(request, gettext("%(count)s flags updated.") % {"count": done})

    @admin.action(description=_("Accept the selected flags"))
    def accept(self, request, queryset):
        self._resolve_all(request, queryset, Flag.Status.ACCEPTED)

    @admin.action(description=_("Dismiss the selected flags"))
    def dismiss(self, request, queryset):
        self._resolve_all(request, queryset, Flag.Status.DISMISSED)


# ---------------------------------------------------------------- the rest


@admin.register(ClaimValue)
class ClaimValueAdmin(CappedCountAdmin):
    list_display = ["text_shown", "type", "claim"]
    list_filter = ["type"]
    list_select_related = ["claim"]
    # Spans of the article: shown, not edited (offsets must keep pointing at them).
    fields = ["claim", "type", "text_shown", "start", "end", "value"]
    readonly_fields = ["text_shown", "start", "end"]
    raw_id_fields = ["claim"]
    text_shown = _inert_column("text", _("text"))


@admin.register(Attribution)
class AttributionAdmin(CappedCountAdmin):
    list_display = ["speaker_shown", "verb_shown", "vague", "claim"]
    list_filter = ["vague"]
    list_select_related = ["claim"]
    raw_id_fields = ["claim", "entity"]
    fields = ["claim", "speaker_shown", "verb_shown", "vague", "entity", "start", "end"]
    readonly_fields = ["speaker_shown", "verb_shown", "start", "end"]
    speaker_shown = _inert_column("speaker", _("speaker"))
    verb_shown = _inert_column("verb", _("reporting verb"))


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["label_en", "label_ar", "value", "order", "claimreview_name"]


@admin.register(Verdict)
class VerdictAdmin(SimpleHistoryAdmin):
    """Verdicts are written on their claim's page; this list is for finding them."""

    list_display = ["claim", "rating", "state", "author", "approved_by", "published_at"]
    list_filter = ["state", "rating"]
    list_select_related = ["claim", "rating", "author", "approved_by"]
    readonly_fields = [
        "claim",
        "rating",
        "rationale",
        "language",
        "author",
        "state",
        "approved_by",
        "approved_at",
        "published_at",
        "version",
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        verdict = Verdict.objects.filter(pk=object_id).only("claim_id").first()
        if verdict is not None and self.has_view_permission(request, verdict):
            return HttpResponseRedirect(
                reverse("admin:claims_claim_change", args=[verdict.claim_id])
            )
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(ReviewerProfile)
class ReviewerProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "language"]
    list_select_related = ["user"]


# Preferences and the outbox: their admin lives with the notifications.
from claims.api import admin as _api_admin  # noqa: F401, E402  (registers ApiClientAdmin)
from claims.notifications import admin as _notifications_admin  # noqa: E402, F401
