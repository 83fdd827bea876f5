"""The admin speaks each reviewer's chosen language, whatever the browser asks for."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation

# The choice is copied into the session at login and on change, so no request pays a query.
SESSION_KEY = "reviewer_language"


class ReviewerLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = dict(settings.LANGUAGES)

    def __call__(self, request):
        session = getattr(request, "session", None)
        language = session.get(SESSION_KEY) if session is not None else None
        if language not in self.languages:
            return self.get_response(request)
        request.LANGUAGE_CODE = language
        with translation.override(language):
            return self.get_response(request)


@receiver(user_logged_in, dispatch_uid="reviewer_language_on_login")
def _language_on_login(sender, request, user, **kwargs) -> None:
    from claims.models import ReviewerProfile

    language = ReviewerProfile.objects.filter(user=user).values_list("language", flat=True).first()
    if language and request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = language
