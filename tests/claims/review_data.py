"""The seed article, submitted and analysed for real, for the review admin's tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.conf import settings

from claims.models import Article
from claims.services import article_submit
from claims.tasks import analyze_article

SEED = Path(settings.BASE_DIR) / "seeds" / "articles" / "libya-ceasefire-2020.ar.txt"


def seed_article() -> Article:
    """Submitted as a fact-checker would; the analysis runs in-process (eager tasks)."""
    text = SEED.read_text(encoding="utf-8")
    article, _ = article_submit(text=text, language="ar", published=date(2020, 1, 9))
    article.refresh_from_db()
    if article.analysis_status == Article.AnalysisStatus.PENDING:
        # Inside a test transaction the on-commit queueing never fires: run the task here.
        analyze_article.run(article.pk)
        article.refresh_from_db()
    assert article.analysis_status == Article.AnalysisStatus.DONE, article.analysis_error
    return article
