"""Claim search over 100,000 claims on PostgreSQL: with the indexes, and without, side by side.

    .venv/bin/python bench/search.py [--claims 100000] [--rounds 10]

Fills a fresh database (`fc_bench_search`) with claims built from the project's own texts
(the seed article's and the test texts' sentences, each joined with a resolution and a
country from seeds/reference/, so words range from common to rare), then times the queries
the workbench runs, each for a dozen searches taken from the same texts:

- review queue: `claims.selectors.claim_search` on the admin's queue, as the changelist runs
  it (the count by the admin's own paginator, and the first page of 100, ordered by
  check-worthiness);
- the whole admin page: `GET /admin/claims/claim/?q=…` through Django's test client (no
  network), as a fact-checker sees it: the status counts, the filters, the count, the rows
  and the template;
- full-text: its `to_tsvector('simple', text_folded) @@ plainto_tsquery(…)` branch alone;
- typo-tolerant: the query's words against the vocabulary of claim words (trigram), then
  the claims by full text;
- trigram substring (`text_folded LIKE '%…%'`) alone;
- API: `GET /api/v1/claims/?search=…`'s query (the filter, the first page of 50);
- before: the typo-tolerant branch as it was (`text_folded %> query`, word similarity with
  every candidate claim's whole text), for comparison.

Each is run with the planner free to use the indexes, then again with index and bitmap scans
switched off (a sequential scan: the same query without the indexes); p50 and p99 of each,
the ratio, and the plan's scans (EXPLAIN) are printed.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import re
import statistics
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import ROOT, machine, project_texts, scratch_database  # noqa: E402

PAGE = 100  # the review queue's list_per_page


def sentences() -> list[str]:
    parts = []
    for text in project_texts():
        for part in re.split(r"(?<=[.!?؟])\s+|\n+", text):
            part = " ".join(part.split())
            if len(part) >= 20:
                parts.append(part.rstrip(".،"))
    return parts


def reference_rows() -> tuple[list[tuple[int, int]], list[tuple[str, str]]]:
    with open(ROOT / "seeds" / "reference" / "unsc_resolutions.csv", encoding="utf-8") as f:
        resolutions = [(int(r["number"]), int(r["year"])) for r in csv.DictReader(f)]
    with open(ROOT / "seeds" / "reference" / "countries.tsv", encoding="utf-8") as f:
        countries = [
            (r["name_ar_common"], r["name_en_common"])
            for r in csv.DictReader(f, delimiter="\t")
            if r["name_ar_common"] and r["name_en_common"]
        ]
    return resolutions, countries


def claim_texts(n: int) -> list[str]:
    """n claims: a sentence from the project's texts with a resolution and a country."""
    base = sentences()
    resolutions, countries = reference_rows()
    out = []
    for i in range(n):
        sentence = base[i % len(base)]
        number, year = resolutions[(i * 7919) % len(resolutions)]
        country_ar, country_en = countries[(i * 104729) % len(countries)]
        if re.search(r"[\u0600-\u06ff]", sentence):
            out.append(f"{sentence}، وفق القرار {number} لعام {year} بشأن {country_ar}.")
        else:
            out.append(f"{sentence}, under resolution {number} ({year}) on {country_en}.")
    return out


def populate(n: int, per_article: int = 50) -> None:
    from django.db import connection
    from django.utils import timezone

    from claims.analysis.normalize import fold
    from claims.models import Article, Claim
    from claims.services import article_content_hash, search_words_add

    texts = claim_texts(n)
    groups = [texts[i : i + per_article] for i in range(0, n, per_article)]
    bodies = ["\n".join(g) + f"\n({a})" for a, g in enumerate(groups)]
    Article.objects.bulk_create(
        [
            Article(
                title=f"Search bench {a}",
                body=body,
                language="ar",
                content_hash=article_content_hash(body),
                analysis_status="done",
            )
            for a, body in enumerate(bodies)
        ],
        batch_size=1000,
    )
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    fields = [f for f in Claim._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(f'"{f.column}"' for f in fields)
    now = timezone.now()
    statuses = [s for s, _ in Claim.Status.choices]
    buffer = io.StringIO()
    for article_id, group in zip(ids, groups, strict=True):
        start = 0
        for j, text in enumerate(group):
            row = {
                "article_id": article_id,
                "start": start,
                "end": start + len(text),
                "text": text,
                "text_folded": fold(text),
                "checkworthiness": ((article_id * 31 + j * 17) % 100) / 100,
                "status": statuses[(article_id + j) % len(statuses)],
                "assignee_id": None,
                "origin": "analysis",
                "fingerprint": f"{article_id}-{j}",
                "is_current": True,
                "created_at": now,
                "updated_at": now,
            }
            values = [row[f.attname] for f in fields]
            buffer.write(
                "\t".join(
                    r"\N"
                    if v is None
                    else str(v).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
                    for v in values
                )
                + "\n"
            )
            start += len(text) + 1
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY claims_claim ({columns}) FROM STDIN") as copy,
    ):
        copy.write(buffer.getvalue())
    search_words_add()  # the vocabulary, as the analysis fills it
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE claims_claim")
        cursor.execute("VACUUM ANALYZE claims_searchword")


def searches() -> list[str]:
    """A dozen searches from the same texts: names, places, numbers, a phrase, a typo."""
    resolutions, countries = reference_rows()
    words = [w for s in sentences() for w in re.findall(r"\w{5,}", s)]
    common = max(set(words), key=words.count)
    return [
        common,
        "طرابلس",
        "حفتر",
        "اطلاق النار",  # hamza left out: the folded search still finds «إطلاق»
        "طرابلص",  # a typo: only the trigram similarity finds «طرابلس»
        "الجيش الوطني الليبي",
        str(resolutions[(5 * 7919) % len(resolutions)][0]),
        countries[(3 * 104729) % len(countries)][0],
        countries[(8 * 104729) % len(countries)][1],
        "resolution",
        "Security Council",
        "حكومة الوفاق",
    ]


def queries():
    """(name, function of the search returning the rows the app would show)."""
    from django.contrib import admin
    from django.contrib.auth import get_user_model
    from django.db.models import BooleanField
    from django.db.models.expressions import RawSQL
    from django.test import Client

    from claims import selectors
    from claims.analysis.normalize import fold
    from claims.api import selectors as api_selectors
    from claims.api.filters import ClaimFilter
    from claims.models import Claim

    claim_admin = admin.site._registry[Claim]

    def review_queue(q):
        qs = selectors.claim_search(selectors.claim_list_for_review(), q)
        paginator = claim_admin.get_paginator(None, qs.order_by("-checkworthiness", "pk"), PAGE)
        return paginator.count, list(paginator.page(1).object_list)

    browser = Client()
    browser.force_login(get_user_model().objects.get(username="search-bench-staff"))

    def admin_page(q):
        response = browser.get("/admin/claims/claim/", {"q": q})
        assert response.status_code == 200, response.status_code
        return response.content

    def full_text(q):
        sql = (
            'to_tsvector(\'simple\'::regconfig, "claims_claim"."text_folded") '
            "@@ plainto_tsquery('simple'::regconfig, %s)"
        )
        match = RawSQL(sql, (fold(q),), output_field=BooleanField())  # noqa: S611
        return list(Claim.objects.filter(match).order_by().values_list("pk"))

    def typo_tolerant(q):
        words = fold(q).split()
        rows = Claim.objects.filter(selectors._similar_words(words))
        return list(rows.order_by().values_list("pk"))

    def whole_text_similarity(q):
        rows = Claim.objects.filter(text_folded__trigram_word_similar=fold(q))
        return list(rows.order_by().values_list("pk"))

    def trigram_substring(q):
        rows = Claim.objects.filter(text_folded__contains=fold(q))
        return list(rows.order_by().values_list("pk"))

    reviewer = get_user_model().objects.get(username="search-bench")

    def api_search(q):
        qs = ClaimFilter(queryset=Claim.objects.all()).filter_search(
            api_selectors.claim_list(user=reviewer), "search", q
        )
        return list(qs.order_by("-updated_at", "-id")[:51])

    return [
        ("review queue search (count + page of 100)", review_queue),
        ("admin page (GET /admin/claims/claim/?q=…)", admin_page),
        ("full-text branch (to_tsvector @@ …)", full_text),
        ("typo branch (vocabulary %>, then full text)", typo_tolerant),
        ("substring branch (trigram LIKE %…%)", trigram_substring),
        ("API ?search= (page of 50)", api_search),
        ("before: typos by text_folded %> query", whole_text_similarity),
    ]


def timed(fn, terms: list[str], rounds: int) -> list[float]:
    out = []
    for _ in range(rounds):
        for term in terms:
            t = time.perf_counter()
            fn(term)
            out.append((time.perf_counter() - t) * 1000)
    return out


def p(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def set_scans(on: bool) -> None:
    from django.db import connection

    value = "on" if on else "off"
    with connection.cursor() as cursor:
        cursor.execute(f"SET enable_indexscan = {value}")
        cursor.execute(f"SET enable_bitmapscan = {value}")
        cursor.execute(f"SET enable_indexonlyscan = {value}")


def plan_scans(fn, term: str) -> str:
    """The scans of claims_claim PostgreSQL chose for the queries fn runs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        fn(term)
    plan = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            if 'FROM "claims_claim"' in query["sql"]:
                cursor.execute("EXPLAIN " + query["sql"])
                plan += [row[0] for row in cursor.fetchall()]
    scans = []
    for line in plan:
        match = re.search(
            r"((?:Parallel )?(?:Seq|Index|Index Only|Bitmap Index|Bitmap Heap) Scan)"
            r"(?: using (\S+))? on (\S+)",
            line,
        )
        if match:
            kind, index, name = match.groups()
            name = index or name
            if name.startswith("claims_claim"):
                scans.append(f"{kind} on {name}")
    return ", ".join(dict.fromkeys(scans)) or "(no scan of claims_claim)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=10, help="rounds with the indexes")
    parser.add_argument("--baseline-rounds", type=int, default=2, help="rounds without them")
    args = parser.parse_args()

    db = scratch_database("fc_bench_search", seeds=False)
    os.environ["DATABASE_URL"] = db
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    warnings.filterwarnings("ignore", "No directory at")  # whitenoise: no collectstatic here
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from claims.roles import FACT_CHECKER, roles_ensure

    roles_ensure()
    get_user_model().objects.create_user("search-bench").groups.add(
        Group.objects.get(name=FACT_CHECKER)
    )
    get_user_model().objects.create_user("search-bench-staff", is_staff=True).groups.add(
        Group.objects.get(name=FACT_CHECKER)
    )
    t0 = time.perf_counter()
    populate(args.claims)
    print(f"{args.claims:,} claims written in {time.perf_counter() - t0:.1f} s (COPY)")

    terms = searches()
    from claims import selectors as claim_selectors

    counts = [
        (t, claim_selectors.claim_search(claim_selectors.claim_list_for_review(), t).count())
        for t in terms
    ]
    results = []
    for name, fn in queries():
        before = name.startswith("before:")
        set_scans(True)
        timed(fn, terms, 1)  # warm the cache
        indexed = timed(fn, terms, args.baseline_rounds if before else args.rounds)
        plan = plan_scans(fn, terms[1])
        sequential = []
        if not before:  # the old query is itself the comparison
            set_scans(False)
            sequential = timed(fn, terms, args.baseline_rounds)
            set_scans(True)
        results.append((name, indexed, sequential, plan))
        print(f"  {name}: p99 {p(indexed, 0.99):.1f} ms", flush=True)

    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"machine: {machine()}; load average after the run {load}")
    print(
        f"{args.claims:,} claims, {len(terms)} searches × {args.rounds} rounds with the indexes, "
        f"× {args.baseline_rounds} without (sequential scan); milliseconds"
    )
    header = f"{'query':44} {'p50':>7} {'p99':>7} {'seq p50':>8} {'seq p99':>8} {'p99 ratio':>10}"
    print(header)
    for name, indexed, sequential, _ in results:
        if sequential:
            seq = (
                f"{statistics.median(sequential):8.1f} {p(sequential, 0.99):8.1f} "
                f"{p(sequential, 0.99) / p(indexed, 0.99):9.1f}×"
            )
        else:
            seq = f"{'—':>8} {'—':>8} {'—':>10}"
        print(f"{name:44} {statistics.median(indexed):7.1f} {p(indexed, 0.99):7.1f} {seq}")
    typo = next(r[1] for r in results if r[0].startswith("typo"))
    old = results[-1][1]
    print(
        f"typo branch, vocabulary / before (whole-text similarity): p50 "
        f"{statistics.median(old) / statistics.median(typo):.0f}× faster, p99 "
        f"{p(old, 0.99) / p(typo, 0.99):.0f}× faster"
    )
    print("matches per search (claims): " + ", ".join(f"{t} {n}" for t, n in counts))
    print("plans with the indexes (EXPLAIN, for «طرابلس»):")
    for name, _, _, plan in results:
        print(f"  {name:44} {plan}")


if __name__ == "__main__":
    main()
