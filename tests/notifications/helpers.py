from __future__ import annotations

from claims.models import NotificationPreference
from tests.factories import ArticleFactory, FlagFactory, UserFactory, editor

AR_BODY = (
    "أكد الوزير في الرباع من نيسان 2019 أن التدخل التركيا والروسي زاد التوتر.\n\n"
    "وقال بحسب بعض الدبلوماسيين إن القرار 2259 صدر عام 2016."
)
EN_BODY = "The minister said on Monday that the resolution 2259 was adopted in 2016."


def arabic_article(**kwargs):
    return ArticleFactory(title="وقف إطلاق النار في ليبيا", body=AR_BODY, language="ar", **kwargs)


def flag_on(article, word: str, **kwargs):
    start = article.body.index(word)
    return FlagFactory(article=article, start=start, end=start + len(word), **kwargs)


def subscribed_editor(username: str, **prefs):
    user = editor(username=username)
    if prefs:
        NotificationPreference.objects.create(user=user, **prefs)
    return user


__all__ = ["UserFactory", "arabic_article", "flag_on", "subscribed_editor"]
