"""The editor's own preference page and the no-login unsubscribe link."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from claims.models import NotificationPreference
from claims.notifications.forms import NotificationPreferenceForm
from claims.notifications.services import (
    notification_preference_update,
    notification_unsubscribe,
)
from claims.notifications.tokens import unsubscribe_token_read
from claims.roles import EDITOR, user_has_role
from factcheck.errors import ValidationFailed


def _context(request, **extra) -> dict:
    return {**admin.site.each_context(request), **extra}


@login_required(login_url=reverse_lazy("admin:login"))
@require_http_methods(["GET", "POST"])
def preferences(request):
    if not user_has_role(request.user, EDITOR):
        return render(
            request,
            "claims/notifications/message.html",
            _context(
                request,
                title=_("E-mail notifications"),
                message=_("Flagged-issue e-mails go to editors; your account is not an editor."),
            ),
            status=403,
        )
    pref = NotificationPreference.objects.filter(user=request.user).first()
    form = NotificationPreferenceForm(request.POST or None, instance=pref)
    if request.method == "POST" and form.is_valid():
        try:
            notification_preference_update(user=request.user, **form.cleaned_data)
        except ValidationFailed as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your e-mail preferences are saved."))
            return HttpResponseRedirect(reverse("notifications:preferences"))
    return render(
        request,
        "claims/notifications/preferences.html",
        _context(request, title=_("E-mail notifications"), form=form),
    )


# The signed token is the credential; mail clients' one-click POST carries no CSRF token.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    user_id = unsubscribe_token_read(token)
    if user_id is None:
        return render(
            request,
            "claims/notifications/message.html",
            _context(
                request,
                title=_("Unsubscribe"),
                message=_(
                    "This unsubscribe link is not valid. Copy the whole link from the e-mail, "
                    "or change your e-mails on your preference page."
                ),
            ),
            status=400,
        )
    if request.method == "GET":
        # Link scanners open every link in a mail; only a deliberate POST unsubscribes.
        return render(
            request,
            "claims/notifications/unsubscribe.html",
            _context(request, title=_("Unsubscribe")),
        )
    notification_unsubscribe(user_id=user_id)
    return render(
        request,
        "claims/notifications/message.html",
        _context(
            request,
            title=_("Unsubscribed"),
            message=_("You will get no more flagged-issue e-mails."),
            preferences_link=True,
        ),
    )
