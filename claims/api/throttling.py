"""Throttling per API token (per user for sessions, per address for anonymous requests)."""

from __future__ import annotations

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from claims.models import ApiClient


class _LiveRates:
    # DRF binds the rates at import; reading them per request lets settings overrides apply.
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class ApiClientRateThrottle(_LiveRates, UserRateThrottle):
    """Counts requests, or what a view says a request weighs (a batch: its articles)."""

    scope = "client"

    def allow_request(self, request, view):
        weight = getattr(view, "throttle_weight", None)
        self.weight = max(1, weight(request)) if weight else 1
        if self.weight == 1:
            return super().allow_request(request, view)
        if self.rate is None or (key := self.get_cache_key(request, view)) is None:
            return True
        self.key = key
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        if len(self.history) + self.weight > self.num_requests:
            return self.throttle_failure()
        return self.throttle_success()

    def throttle_success(self):
        self.history[:0] = [self.now] * self.weight
        self.cache.set(self.key, self.history, self.duration)
        return True

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiClient):
            ident = f"client-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            return None  # the anonymous throttle covers these
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AnonymousRateThrottle(_LiveRates, AnonRateThrottle):
    pass
