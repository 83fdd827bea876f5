"""What an editor's e-mail says: subject, plain text and HTML, in Arabic or English.

Everything taken from an article is untrusted: the HTML template escapes it, invisible and
bidi control characters are shown as visible code points, and the subject is one clean line.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from email.utils import parseaddr

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from claims.models import Article, Flag, Language
from claims.notifications.tokens import unsubscribe_token_make

CONTEXT_CHARS = 60
SUBJECT_TITLE_CHARS = 80

STRINGS = {
    Language.ENGLISH: {
        "brand": "Fact-check",
        "flags_subject": "{n} flagged issues in “{title}”",
        "flags_subject_one": "1 flagged issue in “{title}”",
        "digest_subject": "Daily digest: {n} flagged issues in {m} articles",
        "intro_flags": "The analysis found new issues in this article.",
        "intro_digest": "Flagged issues found since the last digest.",
        "open_article": "Open the article",
        "original": "Original",
        "suggestion": "Suggestion",
        "resolve": "Resolve",
        "more": "…and {n} more in the workbench.",
        "why": "You get this because you subscribed to flagged-issue e-mails.",
        "preferences": "Change what you receive",
        "unsubscribe": "Unsubscribe",
        "untitled": "Untitled article",
    },
    Language.ARABIC: {
        "brand": "تدقيق",
        "flags_subject": "{n} ملاحظات في «{title}»",
        "flags_subject_one": "ملاحظة واحدة في «{title}»",
        "digest_subject": "الملخص اليومي: {n} ملاحظات في {m} مقالات",
        "intro_flags": "وجد التحليل ملاحظات جديدة في هذا المقال.",
        "intro_digest": "الملاحظات التي ظهرت منذ الملخص السابق.",
        "open_article": "افتح المقال",
        "original": "المصدر الأصلي",
        "suggestion": "الاقتراح",
        "resolve": "معالجة",
        "more": "…و{n} ملاحظات أخرى في منصة التدقيق.",
        "why": "تصلك هذه الرسالة لأنك مشترك في رسائل الملاحظات.",
        "preferences": "غيّر ما يصلك",
        "unsubscribe": "إلغاء الاشتراك",
        "untitled": "مقال بلا عنوان",
    },
}

CATEGORY_LABELS = {
    Language.ENGLISH: {value: str(label) for value, label in Flag.Category.choices},
    Language.ARABIC: {
        Flag.Category.SPELLING: "الإملاء",
        Flag.Category.GRAMMAR: "النحو",
        Flag.Category.DATE: "التواريخ",
        Flag.Category.RESOLUTION: "قرارات مجلس الأمن",
        Flag.Category.NUMBER: "الأرقام",
        Flag.Category.ATTRIBUTION: "الإسناد",
        Flag.Category.ENTITY: "الأسماء والكيانات",
        Flag.Category.ENCODING: "الترميز والمحارف الخفية",
    },
}
SEVERITY_LABELS = {
    Language.ENGLISH: {value: str(label) for value, label in Flag.Severity.choices},
    Language.ARABIC: {
        Flag.Severity.INFO: "معلومة",
        Flag.Severity.WARNING: "تنبيه",
        Flag.Severity.ERROR: "خطأ",
    },
}


@dataclass
class ArticleSection:
    article: Article
    flags: list[Flag]
    more: int = 0


@dataclass
class RenderedEmail:
    subject: str
    text: str
    html: str
    headers: dict[str, str] = field(default_factory=dict)


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def visible_controls(text: str) -> str:
    """Invisible and bidi control characters as «⟨U+202E⟩», so they can neither hide
    nor reorder what surrounds them, and the editor sees that they are there."""
    return "".join(
        f"⟨U+{ord(ch):04X}⟩"
        if unicodedata.category(ch) in ("Cf", "Cc") and ch not in "\n\t"
        else ch
        for ch in text
    )


def header_safe(text: str, limit: int) -> str:
    """One line of printable text: no CR/LF to inject headers with, no bidi tricks."""
    cleaned = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in text
    )
    cleaned = re.sub(r"\s+", " ", cleaned).strip()
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1].rstrip() + "…"


def _excerpt(article: Article, flag: Flag) -> dict[str, str]:
    body = article.body
    start, end = flag.start, min(flag.end, len(body))
    # Some context either side, within the flag's paragraph.
    para_start = body.rfind("\n", 0, start) + 1
    para_end = body.find("\n", end)
    para_end = len(body) if para_end < 0 else para_end
    lo, hi = max(para_start, start - CONTEXT_CHARS), min(para_end, end + CONTEXT_CHARS)
    return {
        "before": ("…" if lo > para_start else "") + visible_controls(body[lo:start]),
        "flagged": visible_controls(body[start:end] or flag.text),
        "after": visible_controls(body[end:hi]) + ("…" if hi < para_end else ""),
    }


def _flag_item(article: Article, flag: Flag, language: str) -> dict:
    return {
        "excerpt": _excerpt(article, flag),
        "suggestion": visible_controls(flag.suggestion),
        "message": visible_controls(flag.message),
        "severity": SEVERITY_LABELS[language].get(flag.severity, flag.severity),
        "code": flag.code,
        "resolve_url": absolute_url(reverse("admin:claims_flag_change", args=[flag.pk])),
    }


def _section_context(section: ArticleSection, language: str) -> dict:
    article = section.article
    groups: dict[str, list[dict]] = {}
    for flag in sorted(section.flags, key=lambda f: (f.category, f.start)):
        groups.setdefault(flag.category, []).append(_flag_item(article, flag, language))
    original = article.url if article.url.startswith(("https://", "http://")) else ""
    return {
        "title": visible_controls(article.title) or STRINGS[language]["untitled"],
        "dir": article.direction,
        "lang": article.language,
        "url": absolute_url(reverse("admin:claims_article_change", args=[article.pk])),
        "original_url": original,
        "groups": [
            {"label": CATEGORY_LABELS[language].get(cat, cat), "flags": items}
            for cat, items in groups.items()
        ],
        "more": STRINGS[language]["more"].format(n=section.more) if section.more else "",
    }


def message_id(dedupe_key: str) -> str:
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return f"<{hashlib.sha256(dedupe_key.encode()).hexdigest()[:32]}@{domain}>"


def email_render(
    *,
    user_id: int,
    language: str,
    sections: list[ArticleSection],
    digest: bool,
    dedupe_key: str,
) -> RenderedEmail:
    language = language if language in STRINGS else Language.ENGLISH
    s = STRINGS[language]
    total = sum(len(sec.flags) + sec.more for sec in sections)
    if digest:
        subject = s["digest_subject"].format(n=total, m=len(sections))
    else:
        title = header_safe(sections[0].article.title, SUBJECT_TITLE_CHARS) or s["untitled"]
        template = s["flags_subject_one"] if total == 1 else s["flags_subject"]
        subject = template.format(n=total, title=title)
    subject = header_safe(f"[{s['brand']}] {subject}", 250)
    unsubscribe_url = absolute_url(
        reverse("notifications:unsubscribe", args=[unsubscribe_token_make(user_id)])
    )
    context = {
        "s": s,
        "lang": language,
        "dir": "rtl" if language == Language.ARABIC else "ltr",
        "subject": subject,
        "intro": s["intro_digest"] if digest else s["intro_flags"],
        "sections": [_section_context(sec, language) for sec in sections],
        "unsubscribe_url": unsubscribe_url,
        "preferences_url": absolute_url(reverse("notifications:preferences")),
    }
    return RenderedEmail(
        subject=subject,
        text=render_to_string("claims/email/flags.txt", context),
        html=render_to_string("claims/email/flags.html", context),
        headers={
            "Message-ID": message_id(dedupe_key),
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
            "X-Auto-Response-Suppress": "All",
        },
    )
