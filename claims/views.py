"""Views outside the ModelAdmins: the reviewer's language choice."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from claims import workflow
from claims.middleware import SESSION_KEY
from factcheck.errors import ApplicationError


@require_POST
@staff_member_required
def reviewer_language(request):
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/admin/"
    language = request.POST.get("language", "")
    try:
        workflow.reviewer_language_set(user=request.user, language=language)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return HttpResponseRedirect(target)
    request.session[SESSION_KEY] = language
    response = HttpResponseRedirect(target)
    # The cookie keeps the login page in the same language after logging out.
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax"
    )
    return response
