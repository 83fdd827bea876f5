from django.core.management.base import BaseCommand

from claims.models import Article


class Command(BaseCommand):
    help = "Queue analysis of articles analysed by an older version of the analysis (or never)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="Every article, whatever its version."
        )
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, all=False, dry_run=False, **options):
        from claims.analysis import ANALYSIS_VERSION
        from claims.tasks import analyze_article

        articles = Article.objects.all()
        if not all:
            articles = articles.exclude(
                analysis_status=Article.AnalysisStatus.DONE, analysis_version=ANALYSIS_VERSION
            )
        ids = list(articles.order_by("pk").values_list("pk", flat=True))
        if not dry_run:
            if all:
                # Force: mark them pending so the task does not skip them as up to date.
                Article.objects.filter(pk__in=ids).update(
                    analysis_status=Article.AnalysisStatus.PENDING
                )
            for pk in ids:
                analyze_article.delay(pk)
        verb = "Would queue" if dry_run else "Queued"
        self.stdout.write(f"{verb} {len(ids)} article(s) for analysis version {ANALYSIS_VERSION}.")
