"""Reads for notifications: who is subscribed, and which flags an e-mail is about."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q, QuerySet

from claims.models import Flag, NotificationPreference
from claims.roles import EDITOR

SEVERITY_RANK = {Flag.Severity.INFO: 0, Flag.Severity.WARNING: 1, Flag.Severity.ERROR: 2}
_DEFAULTS = NotificationPreference()


@dataclass(frozen=True)
class Subscriber:
    user_id: int
    email: str
    categories: frozenset[str]
    min_severity: str
    language: str

    def wants(self, flag: Flag) -> bool:
        if self.categories and flag.category not in self.categories:
            return False
        return SEVERITY_RANK.get(flag.severity, 0) >= SEVERITY_RANK[self.min_severity]

    def severities(self) -> list[str]:
        floor = SEVERITY_RANK[self.min_severity]
        return [s for s, rank in SEVERITY_RANK.items() if rank >= floor]


def subscriber_list(*, frequency: str) -> list[Subscriber]:
    """Active editors with a usable address who chose this frequency.

    An editor who never saved preferences gets the defaults (immediate e-mails).
    """
    wanted = Q(notification_preference__frequency=frequency)
    if frequency == _DEFAULTS.frequency:
        wanted |= Q(notification_preference__isnull=True)
    users = (
        get_user_model()
        .objects.filter(wanted, is_active=True, groups__name=EDITOR)
        .exclude(email="")
        .select_related("notification_preference")
        .distinct()
        .order_by("pk")
    )
    out = []
    for user in users:
        try:
            validate_email(user.email)
        except ValidationError:
            continue
        pref = getattr(user, "notification_preference", None) or _DEFAULTS
        out.append(
            Subscriber(
                user_id=user.pk,
                email=user.email,
                categories=frozenset(pref.categories or ()),
                min_severity=pref.min_severity,
                language=pref.language,
            )
        )
    return out


def flags_open(*, article_id: int | None = None) -> QuerySet[Flag]:
    qs = Flag.objects.filter(status=Flag.Status.OPEN, is_current=True)
    if article_id is not None:
        qs = qs.filter(article_id=article_id)
    return qs.order_by("article_id", "category", "start", "pk")


def flags_for_digest(*, subscriber: Subscriber, since: datetime, until: datetime) -> QuerySet[Flag]:
    qs = flags_open().filter(
        created_at__gt=since, created_at__lte=until, severity__in=subscriber.severities()
    )
    if subscriber.categories:
        qs = qs.filter(category__in=subscriber.categories)
    return qs
