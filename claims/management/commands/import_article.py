from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.models import Language
from claims.services import article_submit
from factcheck.errors import ValidationFailed


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--published takes a date as YYYY-MM-DD, not {value!r}.") from None


class Command(BaseCommand):
    help = "Submit an article from a UTF-8 text file; its analysis is queued."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--title", default="")
        parser.add_argument("--url", default="")
        parser.add_argument("--outlet", default="")
        parser.add_argument("--published", default=None, help="YYYY-MM-DD")
        parser.add_argument("--language", choices=Language.values, default=None)

    def handle(self, *args, path, title, url, outlet, published, language, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from None
        try:
            article, created = article_submit(
                text=data,
                title=title,
                url=url,
                outlet=outlet,
                published=_date(published) if published else None,
                language=language,
            )
        except ValidationFailed as exc:
            raise CommandError(f"{path}: {exc.message}") from None
        article.refresh_from_db()
        if created:
            self.stdout.write(f"Article {article.pk} created: {article.title}")
        else:
            self.stdout.write(
                f"Article {article.pk} already exists with the same text: {article.title}"
            )
        self.stdout.write(f"Analysis: {article.get_analysis_status_display()}")
