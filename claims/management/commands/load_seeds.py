import json
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from claims.roles import roles_ensure
from claims.services import article_submit
from factcheck.errors import ValidationFailed
from sources.services import ratings_load_seeds, registry_load_seeds

SEED_ARTICLES = Path(settings.BASE_DIR) / "seeds" / "articles"


class Command(BaseCommand):
    help = (
        "Load the reference registry (UN resolutions, countries, entities, events), the verdict "
        "scale, the roles and the seed articles. Safe to run again: twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-articles", action="store_true", help="Skip the seed articles.")

    def handle(self, *args, no_articles=False, **options):
        for name, count in registry_load_seeds().items():
            self.stdout.write(f"{name}: {count}")
        self.stdout.write(f"verdict scale: {ratings_load_seeds()}")
        roles_ensure()
        self.stdout.write("roles: fact-checker, editor, api-client")
        if no_articles:
            return
        for meta_path in sorted(SEED_ARTICLES.glob("*.json")):
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            data = (meta_path.parent / meta["file"]).read_bytes()
            try:
                article, created = article_submit(
                    text=data,
                    title=meta.get("title", ""),
                    url=meta.get("url", ""),
                    outlet=meta.get("outlet", ""),
                    language=meta.get("language"),
                    published=date.fromisoformat(meta["published"])
                    if meta.get("published")
                    else None,
                )
            except ValidationFailed as exc:
                self.stderr.write(f"{meta['file']}: {exc.message}")
                continue
            state = "loaded" if created else "already there"
            self.stdout.write(f"seed article {meta['file']}: {state} (id {article.pk})")
