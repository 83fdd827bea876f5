"""Reads for the review screens: each with the joins and prefetches it needs."""

from __future__ import annotations

import re
import statistics
from datetime import timedelta
from functools import cache

from django.db import connection
from django.db.models import BooleanField, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL

from claims.analysis.normalize import fold
from claims.models import Article, Claim, ClaimMatch, ClaimValue, Flag, Verdict


def _current_verdicts() -> QuerySet[Verdict]:
    return Verdict.objects.exclude(state=Verdict.State.RETRACTED)


def claim_list_for_review(queryset: QuerySet[Claim] | None = None) -> QuerySet[Claim]:
    """The review queue: open flag count and current rating in the same query as the rows."""
    queryset = Claim.objects.all() if queryset is None else queryset
    open_flags = (
        Flag.objects.filter(claim=OuterRef("pk"), status=Flag.Status.OPEN, is_current=True)
        .order_by()
        .values("claim")
        .annotate(n=Count("pk"))
        .values("n")
    )
    verdict = _current_verdicts().filter(claim=OuterRef("pk")).order_by("-updated_at")
    return queryset.select_related("article", "assignee").annotate(
        open_flag_count=Subquery(open_flags),
        open_match_count=_open_match_count(),
        rating_label_en=Subquery(verdict.values("rating__label_en")[:1]),
        rating_label_ar=Subquery(verdict.values("rating__label_ar")[:1]),
        rating_colour=Subquery(verdict.values("rating__colour")[:1]),
        verdict_state=Subquery(verdict.values("state")[:1]),
    )


def _open_match_count() -> Subquery:
    """How many earlier fact-checks wait for the reviewer's decision on the claim (OuterRef)."""
    return Subquery(
        ClaimMatch.objects.filter(
            claim=OuterRef("pk"),
            status=ClaimMatch.Status.SUGGESTED,
            verdict__state=Verdict.State.PUBLISHED,
        )
        .order_by()
        .values("claim")
        .annotate(n=Count("pk"))
        .values("n")
    )


def claim_search(queryset: QuerySet[Claim], query: str) -> QuerySet[Claim]:
    """Search that ignores hamza, alef, ya and ta-marbuta forms and diacritics.

    Both sides are folded (claims.analysis.normalize.fold): the stored ``text_folded`` and
    the query. On PostgreSQL, substrings match through the trigram index, words through the
    full-text index, and words close to the query's (typos, either side) through the search
    vocabulary; each branch has its index, so a large table is never scanned whole. SQLite
    matches every word as a substring.
    """
    words = fold(query).split()
    if not words:
        return queryset
    substring = Q()
    for word in words:
        substring &= Q(text_folded__contains=word)
    # A claim written by code that did not fill text_folded is still found by its raw text.
    raw = Q(text_folded="")
    for word in query.split():
        raw &= Q(text__icontains=word)
    substring |= raw
    if connection.vendor != "postgresql":
        return queryset.filter(substring)
    folded = " ".join(words)
    # A condition on the row itself (not `pk IN (subquery)`), so that every branch of the OR
    # has its index and PostgreSQL combines them (BitmapOr) instead of scanning the table.
    full_text = Q(
        RawSQL(  # noqa: S611 (the query is a parameter)
            'to_tsvector(\'simple\'::regconfig, "claims_claim"."text_folded") '
            "@@ plainto_tsquery('simple'::regconfig, %s)",
            (folded,),
            output_field=BooleanField(),
        )
    )
    return queryset.filter(substring | full_text | _similar_words(words))


FUZZY_MIN_LENGTH = 4  # shorter words have too few trigrams to tell a typo from another word
FUZZY_ALTERNATIVES = 50  # per word of the query, the closest words of the vocabulary

_SIMILAR_WORDS_SQL = """
    SELECT q.i, s.word
    FROM unnest(%s::text[]) WITH ORDINALITY AS q(w, i)
    CROSS JOIN LATERAL (
        SELECT word FROM claims_searchword
        WHERE word %%> q.w
        ORDER BY word_similarity(q.w, word) DESC, word
        LIMIT %s
    ) AS s
"""


def _tsquery_lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def _similar_words(words: list[str]) -> Q:
    """Claims with the query's words, each as written or as a word close to it (a typo on
    either side), next to each other in the query's order (a typo-tolerant phrase).

    The query's words are compared with the search vocabulary (claims.SearchWord: short
    strings, trigram index), not with every claim's whole text, which on a large table takes
    seconds; the claims are then found by the full-text index. One query.
    """
    tokens = re.findall(r"\w+", " ".join(words))
    long_words = list(dict.fromkeys(t for t in tokens if len(t) >= FUZZY_MIN_LENGTH))
    if not long_words:
        return Q(pk__in=[])
    alternatives: dict[str, list[str]] = {}
    with connection.cursor() as cursor:
        cursor.execute(_SIMILAR_WORDS_SQL, [long_words, FUZZY_ALTERNATIVES])
        for index, word in cursor.fetchall():
            alternatives.setdefault(long_words[index - 1], []).append(word)
    if len(alternatives) < len(long_words):
        return Q(pk__in=[])  # a word with nothing close to it: no claim has it
    phrase = " <-> ".join(
        "(" + " | ".join(map(_tsquery_lexeme, alternatives.get(t, [t]))) + ")" for t in tokens
    )
    return Q(
        RawSQL(  # noqa: S611 (the query is a parameter)
            'to_tsvector(\'simple\'::regconfig, "claims_claim"."text_folded") @@ %s::tsquery',
            (phrase,),
            output_field=BooleanField(),
        )
    )


# Open for review: a claim whose verdict is published, or that was dismissed, is closed
# (workflow._require_open_claim), and one the latest analysis no longer finds is not current.
CLAIM_CLOSED = (Claim.Status.PUBLISHED, Claim.Status.DISMISSED)


def claim_open_list() -> QuerySet[Claim]:
    return Claim.objects.filter(is_current=True).exclude(status__in=CLAIM_CLOSED)


_LATIN = re.compile(r"[A-Za-zÀ-ɏ]")


@cache
def stem_word_starts(term: str) -> list[str]:
    """Every folded word whose matcher stem is ``term`` starts with one of these.

    tests/claims/test_late_verdicts.py holds the stemmer to it; a change there that breaks it
    would quietly hide late verdicts from some claims.
    """
    if _LATIN.match(term):
        # English "-ies" stems end in "y" ("policies" → "policy"): the word has "polic".
        return [term[:-1] if term.endswith("y") and len(term) > 2 else term]
    # Arabic words, and numbers, which PostgreSQL's parser keeps glued to a و or a ب.
    from claims.matching import ar_stem_prefixes

    return [prefix + term for prefix in ar_stem_prefixes()]


def claim_open_list_sharing_stems(*, text: str, exclude_article_id: int) -> QuerySet[Claim]:
    """Open claims of other articles with a word whose matcher stem is one of ``text``'s: the
    claims the matcher could rank ``text`` for (a superset; the caller scores them).

    On PostgreSQL, a prefix search of the words (full-text index: claims_claim_text_folded_fts)
    for each stem after each prefix the stemmer strips, so only claims with such a word are
    read; elsewhere, a substring scan of the folded text.
    """
    from claims.matching import analyze_terms

    terms = sorted(set(analyze_terms(text)))
    queryset = claim_open_list().exclude(article_id=exclude_article_id)
    if not terms:
        return queryset.none()
    if connection.vendor != "postgresql":
        substring = Q()
        for term in terms:
            substring |= Q(text_folded__contains=stem_word_starts(term)[0])
        return queryset.filter(substring)
    # A one-character term is a word of its own (stems keep two letters): as a prefix it
    # would match a good part of the vocabulary.
    query = " | ".join(
        _tsquery_lexeme(term) if len(term) == 1 else _tsquery_lexeme(start) + ":*"
        for term in terms
        for start in (stem_word_starts(term) if len(term) > 1 else [term])
    )
    return queryset.filter(
        RawSQL(  # noqa: S611 (the query is a parameter)
            'to_tsvector(\'simple\'::regconfig, "claims_claim"."text_folded") '
            "@@ to_tsquery('simple'::regconfig, %s)",
            (query,),
            output_field=BooleanField(),
        )
    )


def claim_status_counts(queryset: QuerySet[Claim] | None = None) -> list[tuple[str, str, int]]:
    """(status, label, count) for every status, zero included, in workflow order."""
    queryset = Claim.objects.all() if queryset is None else queryset
    counts = dict(queryset.order_by().values_list("status").annotate(n=Count("pk")))
    return [(value, label, counts.get(value, 0)) for value, label in Claim.Status.choices]


def claim_matches_shown() -> QuerySet[ClaimMatch]:
    """Earlier fact-checks a reviewer sees: confirmed ones, and open suggestions whose
    earlier verdict is still published (rejected ones stay hidden)."""
    return (
        ClaimMatch.objects.filter(
            Q(status=ClaimMatch.Status.CONFIRMED)
            | Q(status=ClaimMatch.Status.SUGGESTED, verdict__state=Verdict.State.PUBLISHED)
        )
        .select_related("earlier_claim__article", "verdict__rating", "decided_by")
        # Article bodies can be megabytes; the panel shows titles.
        .defer("earlier_claim__article__body")
        .order_by("-score", "pk")
    )


def claim_detail(claim_id: int) -> Claim | None:
    """A claim with everything its page shows, in a fixed number of queries."""
    from sources.models import Evidence

    return (
        Claim.objects.select_related("article", "assignee", "attribution__entity")
        .prefetch_related(
            Prefetch("values", queryset=ClaimValue.objects.order_by("start")),
            Prefetch(
                "flags",
                queryset=Flag.objects.filter(is_current=True)
                .select_related("resolved_by")
                .order_by("start"),
            ),
            Prefetch(
                "evidence",
                queryset=Evidence.objects.select_related("source", "snapshot", "added_by").order_by(
                    "-created_at"
                ),
            ),
            Prefetch(
                "verdicts",
                queryset=Verdict.objects.select_related("rating", "author", "approved_by").order_by(
                    "-updated_at"
                ),
            ),
            Prefetch("matches", queryset=claim_matches_shown(), to_attr="matches_shown"),
        )
        .filter(pk=claim_id)
        .first()
    )


def claim_resolutions(claim: Claim) -> list[tuple[ClaimValue, object | None]]:
    """Each UN-resolution value of the claim with the registry's record (None if unknown)."""
    from sources.models import UNResolution

    values = [v for v in claim.values.all() if v.type == ClaimValue.Type.UN_RESOLUTION]
    numbers = {v.value.get("number") for v in values if isinstance(v.value, dict)}
    numbers = {n for n in numbers if isinstance(n, int)}
    known = (
        {r.number: r for r in UNResolution.objects.filter(number__in=numbers)} if numbers else {}
    )
    return [
        (v, known.get(v.value.get("number") if isinstance(v.value, dict) else None)) for v in values
    ]


def article_for_review(article_id: int) -> Article | None:
    return (
        Article.objects.select_related("submitted_by")
        .prefetch_related(
            Prefetch(
                "claims",
                queryset=Claim.objects.filter(is_current=True)
                .select_related("assignee")
                .annotate(open_match_count=_open_match_count())
                .order_by("start"),
                to_attr="review_claims",
            ),
            Prefetch(
                "flags",
                queryset=Flag.objects.filter(is_current=True)
                .select_related("resolved_by")
                .order_by("start"),
                to_attr="review_flags",
            ),
        )
        .filter(pk=article_id)
        .first()
    )


def dashboard_stats() -> dict:
    """Claims by status and by verdict, open flags by category, median time to publication."""
    from claims.models import Rating

    by_status = claim_status_counts()
    rating_counts = dict(
        _current_verdicts().order_by().values_list("rating").annotate(n=Count("pk"))
    )
    by_rating = [(r, rating_counts.get(r.pk, 0)) for r in Rating.objects.order_by("order")]
    flags = dict(
        Flag.objects.filter(status=Flag.Status.OPEN, is_current=True)
        .order_by()
        .values_list("category")
        .annotate(n=Count("pk"))
    )
    by_category = [(value, label, flags.get(value, 0)) for value, label in Flag.Category.choices]
    published = Verdict.objects.filter(
        state=Verdict.State.PUBLISHED, published_at__isnull=False
    ).values_list("published_at", "claim__article__created_at")
    durations = [pub - sub for pub, sub in published if sub and pub >= sub]
    median = (
        timedelta(seconds=statistics.median(d.total_seconds() for d in durations))
        if durations
        else None
    )
    return {
        "by_status": by_status,
        "by_rating": by_rating,
        "by_category": by_category,
        "open_flags": sum(flags.values()),
        "median_to_published": median,
        "median_hours": round(median.total_seconds() / 3600, 1) if median else None,
        "published_count": len(durations),
    }


def flag_categories_open_exists(category: str):
    return Exists(
        Flag.objects.filter(
            claim=OuterRef("pk"), category=category, status=Flag.Status.OPEN, is_current=True
        )
    )
