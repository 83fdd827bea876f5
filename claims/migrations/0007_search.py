"""The review queue's search on a large table (bench/search.py, docs/performance.md).

- claims.SearchWord: the vocabulary of the claims' folded text, trigram-indexed, so that the
  typo-tolerant part of the search compares the query's words with short words instead of
  every claim's whole text; filled here from the claims already stored.
- A partial index for the search's last branch without one (claims whose text_folded was
  never filled): with it, PostgreSQL combines the branches' indexes instead of scanning the
  table. It holds only those rows, so it stays empty in practice.
"""

from django.db import migrations, models

PG_FORWARD = [
    "CREATE INDEX IF NOT EXISTS claims_searchword_word_trgm "
    "ON claims_searchword USING gin (word gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS claims_claim_unfolded ON claims_claim (id) WHERE text_folded = ''",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS claims_claim_unfolded",
    "DROP INDEX IF EXISTS claims_searchword_word_trgm",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from claims.services import SEARCH_WORDS_SQL

    for sql in PG_FORWARD:
        schema_editor.execute(sql)
    schema_editor.execute(SEARCH_WORDS_SQL.format(where="TRUE"))


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in PG_BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("claims", "0006_claim_match")]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[("word", models.CharField(max_length=100, primary_key=True, serialize=False))],
            options={"verbose_name": "search word", "verbose_name_plural": "search words"},
        ),
        migrations.RunPython(forward, backward),
    ]
