#!/usr/bin/env python3
"""Late verdicts on PostgreSQL: which open claims a newly published verdict's shortlist reads,
whether it holds every claim the verdict must reach, and what it costs.

    .venv/bin/python bench/late_verdicts.py ../shared/eval/matching-ar-dev [--filler 100000]

Fills a fresh database (`fc_bench_late`) with the set's earlier claims, each with a published
verdict, its new claims, open (articles of 10 claims each), and FILLER claims from the
project's own texts as bench/search.py writes them (3 in 5 of them open), the bulk of a claims
table that is not about the set's news. Then, for a sample of the earlier claims, as if each
had just been published:

- must reach: the open claims whose suggestions (top FACTCHECK_MATCH_TOP, scoring at least
  FACTCHECK_MATCH_MIN_SCORE) hold it — each open claim searched against all the published
  ones with ClaimMatcher, as claim_matches_refresh does, no shortlist;
- the claims sharing a word stem with it: `claims.selectors.claim_open_list_sharing_stems`
  (the full-text index), then the stems in Python; how many, the index query's time and plan;
- for each budget (FACTCHECK_LATE_MATCH_CANDIDATES: how many of the claims sharing a stem
  are scored), its recall of "must reach" and its time (`services.open_claims_reached`);
- the whole task (`verdict_matches_refresh`, the refreshes included) on a smaller sample, run
  twice (the first run also fills in claims never matched here; the second is timed), and
  what scoring every open claim would cost instead of the shortlist.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import machine, scratch_database  # noqa: E402

PER_ARTICLE = 10


def read_lines(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def write_articles(texts: list[str], prefix: str) -> list[int]:
    """Articles of PER_ARTICLE claims, one claim per text; the claims' ids, in order."""
    from claims.analysis.normalize import fold
    from claims.models import Article, Claim
    from claims.services import article_content_hash, claim_fingerprint

    ids: list[int] = []
    for a in range(0, len(texts), PER_ARTICLE):
        group = texts[a : a + PER_ARTICLE]
        body = "\n".join(group) + f"\n({prefix} {a})"
        article = Article.objects.create(
            title=f"{prefix} {a}",
            body=body,
            language="ar",
            content_hash=article_content_hash(body),
            analysis_status="done",
        )
        claims, start = [], 0
        for text in group:
            claims.append(
                Claim(
                    article=article,
                    start=start,
                    end=start + len(text),
                    text=text,
                    text_folded=fold(text),
                    fingerprint=claim_fingerprint(start, start + len(text), text),
                )
            )
            start += len(text) + 1
        ids += [c.pk for c in Claim.objects.bulk_create(claims)]
    return ids


def publish_all(claim_ids: list[int]) -> dict[int, int]:
    from django.contrib.auth import get_user_model

    from claims.models import Claim, Rating, Verdict

    users = get_user_model().objects
    author, approver = users.create_user("late-author"), users.create_user("late-editor")
    rating = Rating.objects.get(slug="false")
    verdicts = Verdict.objects.bulk_create(
        Verdict(
            claim_id=pk,
            rating=rating,
            rationale="Bench.",
            author=author,
            approved_by=approver,
            state=Verdict.State.PUBLISHED,
        )
        for pk in claim_ids
    )
    Claim.objects.filter(pk__in=claim_ids).update(status=Claim.Status.PUBLISHED)
    return {v.claim_id: v.pk for v in verdicts}


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, nargs="?", default="../shared/eval/matching-ar-dev")
    parser.add_argument("--filler", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=150, help="earlier claims published")
    parser.add_argument("--tasks", type=int, default=40, help="of them, run as the whole task")
    parser.add_argument("--candidates", default="200,500,1000", help="budgets compared")
    args = parser.parse_args()

    corpus = [t for t in read_lines(args.folder / "corpus.txt") if t.strip()]
    queries = [t for t in read_lines(args.folder / "queries.txt") if t.strip()]

    db = scratch_database("fc_bench_late")
    os.environ["DATABASE_URL"] = db
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.search import populate
    from claims.match_index import published_claim_index
    from claims.matching import ClaimMatcher
    from claims.models import Claim
    from claims.selectors import claim_open_list, claim_open_list_sharing_stems
    from claims.services import open_claims_reached, search_words_add, verdict_matches_refresh

    top, min_score = settings.FACTCHECK_MATCH_TOP, settings.FACTCHECK_MATCH_MIN_SCORE
    t0 = time.perf_counter()
    if args.filler:
        populate(args.filler)
    earlier = write_articles(corpus, "earlier")
    write_articles(queries, "new")
    search_words_add()
    verdicts = publish_all(earlier)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE claims_claim")
    open_claims = list(claim_open_list().order_by("pk").values_list("pk", "text"))
    print(
        f"{len(earlier):,} published claims, {len(open_claims):,} open claims "
        f"({len(queries):,} new claims of the set, the rest filler); "
        f"written in {time.perf_counter() - t0:.0f} s",
        flush=True,
    )

    # Must reach: every open claim searched against every published one (no article shares
    # published and open claims here, so no claim leaves anything out).
    t0 = time.perf_counter()
    matcher = ClaimMatcher(zip(earlier, corpus, strict=True))
    reach: dict[int, set[int]] = {}
    for pk, text in open_claims:
        for m in matcher.search(text, top=top, min_score=min_score):
            reach.setdefault(m.id, set()).add(pk)
    every = time.perf_counter() - t0
    per_search = every / len(open_claims)
    print(f"every open claim searched once: {every:.0f} s ({per_search * 1000:.2f} ms each)")

    index = published_claim_index()
    index.search_each([], top=top, min_score=min_score)  # built once, as in a worker
    step = max(1, len(earlier) // args.sample)
    sample = earlier[::step][: args.sample]
    budgets = [int(k) for k in args.candidates.split(",")]
    must = sum(len(reach.get(pk, ())) for pk in sample)
    figures = []
    for budget in budgets:
        settings.FACTCHECK_LATE_MATCH_CANDIDATES = budget
        found, shortlisted, searched, times = 0, [], [], []
        for pk in sample:
            claim = Claim.objects.get(pk=pk)
            t = time.perf_counter()
            reached = open_claims_reached(earlier=claim)
            times.append((time.perf_counter() - t) * 1000)
            got = set().union(*reached.claims.values())
            assert got <= reach.get(pk, set()), "scored as claim_matches_refresh scores"
            found += len(got)
            shortlisted.append(reached.shortlisted)
            searched.append(reached.searched)
        figures.append((budget, found, shortlisted, searched, times))
        print(f"  budget {budget}: {found}/{must}", flush=True)

    # The index query alone, and its plan.
    sql_ms = []
    for pk in sample:
        claim = Claim.objects.get(pk=pk)
        t = time.perf_counter()
        rows = claim_open_list_sharing_stems(
            text=claim.text, exclude_article_id=claim.article_id
        ).order_by()
        list(rows.values_list("pk", "article_id", "text"))
        sql_ms.append((time.perf_counter() - t) * 1000)
    # The plans PostgreSQL chose for the verdict sharing stems with the median number of
    # claims, and with the most.
    _, _, shortlisted, _, _ = figures[0]
    order = sorted(range(len(sample)), key=shortlisted.__getitem__)
    plans = []
    for i in (order[len(order) // 2], order[-1]):
        claim = Claim.objects.get(pk=sample[i])
        with connection.cursor() as cursor:
            sql, params = (
                claim_open_list_sharing_stems(text=claim.text, exclude_article_id=claim.article_id)
                .order_by()
                .values_list("pk", "article_id", "text")
                .query.sql_with_params()
            )
            cursor.execute("EXPLAIN " + sql, params)
            scans = [r[0].split("  (cost")[0].strip().lstrip("-> ") for r in cursor.fetchall()]
        plans.append(f"{shortlisted[i]} claims: " + "; ".join(x for x in scans if "Scan" in x))

    settings.FACTCHECK_LATE_MATCH_CANDIDATES = budgets[len(budgets) // 2]
    task_ms, task_queries, articles = [], [], []
    for pk in sample[: args.tasks]:
        # The first run also fills in the suggestions of claims this database never matched
        # (no analysis ran here); the second is the task's cost on claims already matched.
        verdict_matches_refresh(verdict_id=verdicts[pk])
        with CaptureQueriesContext(connection) as captured:
            t = time.perf_counter()
            stats = verdict_matches_refresh(verdict_id=verdicts[pk])
            task_ms.append((time.perf_counter() - t) * 1000)
        task_queries.append(len(captured))
        articles.append(stats.articles)

    n_open = len(open_claims)
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\n{machine()}; load average {load}")
    print(
        f"{len(sample)} earlier claims published one at a time; {n_open:,} open claims; "
        f"{must} (open claim, earlier claim) pairs to reach"
    )
    print(
        f"  sharing a stem (index query, then the stems): median "
        f"{statistics.median(shortlisted):.0f}, p95 {pct(shortlisted, 0.95):.0f}, "
        f"max {max(shortlisted)} ({statistics.mean(shortlisted) / n_open:.2%} of the open "
        f"claims on average); index query p50 {pct(sql_ms, 0.5):.0f} ms, "
        f"p95 {pct(sql_ms, 0.95):.0f} ms"
    )
    for plan in plans:
        print(f"  plan for a verdict sharing stems with {plan}")
    print("  budget  reached  recall   searched p50/p95   ms p50    p95    max")
    for budget, found, _, searched, times in figures:
        print(
            f"  {budget:>6}  {found:>7}  {found / must if must else 1:.4f}  "
            f"{pct(searched, 0.5):>8.0f}/{pct(searched, 0.95):<6.0f}  "
            f"{pct(times, 0.5):>7.0f} {pct(times, 0.95):>6.0f} {max(times):>6.0f}"
        )
    print(
        f"whole task (budget {settings.FACTCHECK_LATE_MATCH_CANDIDATES}, {len(task_ms)} "
        f"verdicts): p50 {pct(task_ms, 0.5):.0f} ms, p95 {pct(task_ms, 0.95):.0f} ms, "
        f"max {max(task_ms):.0f} ms; queries p50 {pct(task_queries, 0.5)}, "
        f"max {max(task_queries)}; articles refreshed p50 {pct(articles, 0.5)}, "
        f"max {max(articles)}"
    )
    print(f"without a shortlist (every open claim searched): {n_open * per_search:.1f} s a verdict")


if __name__ == "__main__":
    main()
