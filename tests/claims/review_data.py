"""The seed article with a hand-made analysis, for the review admin's tests.

The real analysis lives on another branch; these claims and flags are what it should find,
placed at their true offsets so the admin's highlighting is tested on the real text.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.conf import settings

from claims.analysis.types import AnalysisResult, Attribution, ClaimSpan, Finding, Value
from claims.models import Article
from claims.services import article_apply_analysis, article_submit

SEED = Path(settings.BASE_DIR) / "seeds" / "articles" / "libya-ceasefire-2020.ar.txt"


def _sentence(text: str, needle: str) -> tuple[int, int]:
    at = text.index(needle)
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return start, (len(text) if end == -1 else end)


def _finding(text, needle, code, category, suggestion, message, severity="warning", n=0):
    start = text.index(needle)
    return Finding(
        code=code,
        category=category,
        severity=severity,
        start=start,
        end=start + len(needle),
        text=needle,
        message=message,
        suggestion=suggestion,
        fingerprint=f"test-{code}-{n}",
    )


def seed_analysis(text: str) -> AnalysisResult:
    claims = []
    s, e = _sentence(text, "2259")
    res = text.index("2259")
    year = text.index("2015", s)
    claims.append(
        ClaimSpan(
            s,
            e,
            text[s:e],
            0.9,
            values=[
                Value("year", year, year + 4, "2015", {"year": 2015}),
                Value("un_resolution", res, res + 4, "2259", {"number": 2259}),
            ],
            attribution=Attribution(
                "البيان الروسي التركي",
                text.index("البيان الروسي التركي"),
                text.index("البيان الروسي التركي") + len("البيان الروسي التركي"),
                verb="أكد",
            ),
        )
    )
    s, e = _sentence(text, "الرباع من نيسان")
    d = text.index("الرباع من نيسان 2019")
    claims.append(
        ClaimSpan(
            s,
            e,
            text[s:e],
            0.8,
            values=[
                Value(
                    "date",
                    d,
                    d + len("الرباع من نيسان 2019"),
                    "الرباع من نيسان 2019",
                    {"date": "2019-04-04"},
                )
            ],
        )
    )
    s, e = _sentence(text, "بحسب بعض الدبلوماسيين")
    v = text.index("بحسب بعض الدبلوماسيين")
    claims.append(
        ClaimSpan(
            s,
            e,
            text[s:e],
            0.6,
            attribution=Attribution(
                "بعض الدبلوماسيين", v + 5, v + len("بحسب بعض الدبلوماسيين"), verb="بحسب", vague=True
            ),
        )
    )
    s, e = _sentence(text, "2000 دولار")
    claims.append(ClaimSpan(s, e, text[s:e], 0.5))
    flags = [
        _finding(
            text,
            "الرباع",
            "grammar.ordinal",
            "grammar",
            "الرابع",
            "An ordinal day word is misspelt.",
        ),
        _finding(
            text,
            "التركيا",
            "grammar.agreement",
            "grammar",
            "التركي",
            "The adjective does not agree with its noun.",
        ),
        _finding(
            text,
            "إلى أنه",
            "grammar.illa",
            "grammar",
            "إلا أنه",
            "After «في الوقت الذي» the contrast needs إلا.",
        ),
        _finding(
            text,
            "انتاج",
            "spelling.hamza",
            "spelling",
            "إنتاج",
            "Hamza is missing under the alef.",
            severity="info",
        ),
        _finding(
            text,
            "بحسب بعض الدبلوماسيين",
            "attribution.vague",
            "attribution",
            "",
            "The source is not named.",
        ),
    ]
    return AnalysisResult(language="ar", claims=claims, flags=flags, version="test-1")


def seed_article() -> Article:
    text = SEED.read_text(encoding="utf-8")
    article, _ = article_submit(text=text, language="ar", published=date(2020, 1, 9))
    article_apply_analysis(article_id=article.pk, result=seed_analysis(article.body))
    article.refresh_from_db()
    return article
