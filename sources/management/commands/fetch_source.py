"""Add a source by URL and fetch it now, printing what was archived."""

from django.core.management.base import BaseCommand, CommandError

from factcheck.errors import ApplicationError
from sources import services
from sources.fetching import FetchError
from sources.models import Source


class Command(BaseCommand):
    help = "Add a source by URL (or re-fetch it) and archive a snapshot, in this process."

    def add_arguments(self, parser):
        parser.add_argument("url")
        parser.add_argument("--kind", default=Source.Kind.NEWS_REPORT, choices=Source.Kind.values)

    def handle(self, *args, url, kind, **options):
        try:
            # The fetch runs here rather than on a worker: the caller wants the outcome.
            source, _ = services.source_add_by_url(url=url, kind=kind, queue_fetch=False)
            stored = services.source_fetch_run(source_id=source.pk)
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        except FetchError as exc:
            services.source_fetch_fail(source_id=source.pk, error=exc.message)
            raise CommandError(f"{exc.message} (temporary: try again later)") from None
        source.refresh_from_db()
        if stored is None:
            raise CommandError(source.fetch_error or "Nothing was stored.")
        snapshot, created = stored
        state = "new snapshot" if created else "unchanged"
        self.stdout.write(
            f"source {source.pk}: {state} {snapshot.pk}, sha256 {snapshot.sha256[:12]}, "
            f"{len(snapshot.text)} characters — {source.title}"
        )
