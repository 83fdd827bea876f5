"""Who may see and do what through the API.

- api-client: published verdicts, their claims, the rating scale and ClaimReview. Read only.
- fact-checker and editor: everything the review needs; writes go through the workflow
  services, which check the role again (an editor approves and publishes).
"""

from __future__ import annotations

from rest_framework import permissions

from claims.roles import API_CLIENT, EDITOR, FACT_CHECKER


def user_roles(user) -> frozenset[str]:
    """The user's roles, read once per request (cached on the user object)."""
    if not user or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_api_roles", None)
    if cached is None:
        if user.is_superuser:
            cached = frozenset({API_CLIENT, FACT_CHECKER, EDITOR})
        else:
            cached = frozenset(user.groups.values_list("name", flat=True))
        user._api_roles = cached
    return cached


def remember_roles(user, roles: set[str]) -> None:
    """Roles read along with the user (token authentication does it in the same query)."""
    if user.is_superuser:
        roles = {API_CLIENT, FACT_CHECKER, EDITOR}
    user._api_roles = frozenset(roles)


def is_reviewer(user) -> bool:
    return bool(user_roles(user) & {FACT_CHECKER, EDITOR})


def can_read_published(user) -> bool:
    return bool(user_roles(user) & {API_CLIENT, FACT_CHECKER, EDITOR})


class IsReviewer(permissions.BasePermission):
    """Fact-checkers and editors only."""

    message = "Only fact-checkers and editors can use this endpoint."

    def has_permission(self, request, view):
        return is_reviewer(request.user)


class CanReadPublished(permissions.BasePermission):
    """API clients read; fact-checkers and editors read and write."""

    message = "Your account has no API role (api-client, fact-checker or editor)."

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return can_read_published(request.user)
        if not is_reviewer(request.user):
            self.message = "API clients can read published verdicts; they cannot change them."
            return False
        return True
