"""The workbench's roles as Django groups, kept in step with the code after every migrate."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

FACT_CHECKER = "fact-checker"
EDITOR = "editor"
API_CLIENT = "api-client"

_REVIEW = {
    "claims": {
        "article": "add change view",
        "claim": "add change view",
        "claimvalue": "add change delete view",
        "attribution": "add change delete view",
        "flag": "change view",
        "rating": "view",
        "verdict": "add change view",
        "notificationpreference": "view",
    },
    "sources": {
        "source": "add change view",
        "snapshot": "view",
        "evidence": "add change delete view",
        "unresolution": "view",
        "country": "view",
        "entity": "add change view",
        "referenceevent": "view",
        "publisher": "view",
    },
}
_EDITOR_EXTRA = {
    "claims": {
        "verdict": "approve_verdict reopen_verdict",
        "rating": "add change",
        "notificationpreference": "add change",
        "outboxemail": "view",
        "article": "delete",
    },
    "sources": {
        "unresolution": "add change",
        "country": "add change",
        "entity": "delete",
        "referenceevent": "add change delete",
        "publisher": "add change",
    },
}
_API_CLIENT = {"claims": {"verdict": "view", "claim": "view", "rating": "view"}}


def _codenames(spec: dict[str, dict[str, str]]) -> set[tuple[str, str]]:
    out = set()
    for app, models in spec.items():
        for model, actions in models.items():
            for action in actions.split():
                codename = action if "_" in action else f"{action}_{model}"
                out.add((app, codename))
    return out


ROLE_PERMISSIONS = {
    FACT_CHECKER: _codenames(_REVIEW),
    EDITOR: _codenames(_REVIEW) | _codenames(_EDITOR_EXTRA),
    API_CLIENT: _codenames(_API_CLIENT),
}


def roles_ensure() -> None:
    """Create the groups and give them exactly their permissions (idempotent)."""
    perms = {
        (p.content_type.app_label, p.codename): p
        for p in Permission.objects.filter(
            content_type__app_label__in=["claims", "sources"]
        ).select_related("content_type")
    }
    for name, wanted in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set([perms[key] for key in sorted(wanted) if key in perms])


def user_has_role(user, role: str) -> bool:
    if not user or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=role).exists()
