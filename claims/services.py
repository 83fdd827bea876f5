"""Every write to articles, claims and flags goes through here."""

from __future__ import annotations

import hashlib
import logging
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from claims.analysis.normalize import fold
from claims.analysis.types import AnalysisResult
from claims.models import (
    Article,
    Attribution,
    Claim,
    ClaimMatch,
    ClaimValue,
    Flag,
    Language,
    Verdict,
)
from factcheck.errors import ValidationFailed
from factcheck.queueing import enqueue_on_commit

logger = logging.getLogger(__name__)

# Control characters other than tab, newline and carriage return mark a binary file.
_CONTROL = {chr(c) for c in range(32) if chr(c) not in "\t\n\r\f\v"} | {"\x7f"}


def article_content_hash(text: str) -> str:
    """The same text twice is one article: NFC, Unix newlines, outer whitespace ignored."""
    canonical = unicodedata.normalize("NFC", text).replace("\r\n", "\n").strip()
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def article_text_decode(data: bytes) -> str:
    """Bytes from a file or upload to text, or a clear error."""
    if b"\x00" in data[:8192]:
        raise ValidationFailed("This looks like a binary file, not text: it contains NUL bytes.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationFailed(
            f"The file is not valid UTF-8 text (invalid byte at position {exc.start}). "
            "Save it as UTF-8 and submit it again."
        ) from None


def _human_size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f}".removesuffix(".0") + " MB"
    return f"{n / 1024:.1f}".removesuffix(".0") + " KB"


def _too_large_message(size: int) -> str:
    return (
        f"The article is {_human_size(size)}; "
        f"the limit is {_human_size(settings.ARTICLE_MAX_BYTES)} of text."
    )


def article_text_validate(text: str) -> None:
    if not text.strip():
        raise ValidationFailed("The article is empty: there is no text to check.")
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > settings.ARTICLE_MAX_BYTES:
        raise ValidationFailed(_too_large_message(size))
    if "\x00" in text:
        raise ValidationFailed("This looks like a binary file, not text: it contains NUL bytes.")
    if any("\ud800" <= ch <= "\udfff" for ch in text):
        raise ValidationFailed("The text contains invalid characters (unpaired surrogates).")
    sample = text[:20000]
    controls = sum(ch in _CONTROL for ch in sample)
    if controls > max(3, len(sample) // 100):
        raise ValidationFailed(
            "This looks like a binary file, not text: it is full of control characters."
        )


def article_language_detect(text: str) -> str:
    arabic = latin = 0
    for ch in text[:5000]:
        if "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f":
            arabic += 1
        elif ch.isascii() and ch.isalpha():
            latin += 1
    return Language.ARABIC if arabic >= latin else Language.ENGLISH


def _as_datetime(value: date | datetime | None) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return timezone.make_aware(
        datetime.combine(value, time(12, 0)), timezone.get_default_timezone()
    )


def article_submit(
    *,
    text: str | bytes,
    title: str = "",
    url: str = "",
    outlet: str = "",
    published: date | datetime | None = None,
    language: str | None = None,
    submitted_by=None,
) -> tuple[Article, bool]:
    """Store an article and queue its analysis. Returns (article, created).

    The same text twice is one article: the second call returns the first, unchanged.
    Bad input raises ValidationFailed and writes nothing.
    """
    if isinstance(text, bytes):
        if len(text) > settings.ARTICLE_MAX_BYTES:
            raise ValidationFailed(_too_large_message(len(text)))
        text = article_text_decode(text)
    article_text_validate(text)
    if language and language not in Language.values:
        raise ValidationFailed(
            f"Unknown language {language!r}: use one of {', '.join(Language.values)}."
        )
    content_hash = article_content_hash(text)
    existing = Article.objects.filter(content_hash=content_hash).first()
    if existing:
        return existing, False
    if not title:
        first_line = text.strip().splitlines()[0].strip()
        title = first_line[:200]
    article = Article(
        title=title[:500],
        body=text,
        language=language or article_language_detect(text),
        outlet=outlet[:200],
        url=url,
        published_at=_as_datetime(published),
        content_hash=content_hash,
        submitted_by=submitted_by if getattr(submitted_by, "pk", None) else None,
    )
    try:
        article.full_clean(exclude=["content_hash"])
    except Exception as exc:  # ValidationError: report field messages plainly
        messages = getattr(exc, "message_dict", None) or {"text": [str(exc)]}
        raise ValidationFailed(
            "; ".join(f"{k}: {' '.join(v)}" for k, v in messages.items())
        ) from None
    try:
        with transaction.atomic():
            article.save()
    except IntegrityError:
        # Someone submitted the same text a moment ago.
        return Article.objects.get(content_hash=content_hash), False
    _analysis_enqueue_on_commit(article.pk)
    return article, True


def _analysis_enqueue_on_commit(article_id: int) -> None:
    enqueue_on_commit(
        "claims.tasks.analyze_article", article_id, if_lost="the analysis sweeper will retry"
    )


def article_analysis_claim(*, article_id: int, version: str) -> Article | None:
    """Mark an article running, unless it is already analysed at this version."""
    from django.db.models import Q

    now = timezone.now()
    updated = (
        Article.objects.filter(pk=article_id)
        .exclude(Q(analysis_status=Article.AnalysisStatus.DONE) & Q(analysis_version=version))
        .update(analysis_status=Article.AnalysisStatus.RUNNING, analysis_started_at=now)
    )
    if not updated:
        return None
    return Article.objects.get(pk=article_id)


def article_analysis_fail(*, article_id: int, error: str) -> None:
    Article.objects.filter(pk=article_id).update(
        analysis_status=Article.AnalysisStatus.FAILED, analysis_error=error[:2000]
    )


@dataclass
class ApplyStats:
    claims_created: int = 0
    claims_updated: int = 0
    claims_retired: int = 0
    flags_created: list[int] = field(default_factory=list)
    flags_updated: int = 0
    flags_retired: int = 0


def claim_fingerprint(start: int, end: int, text: str) -> str:
    # The body never changes, so the span and its text identify the claim across re-analysis.
    return hashlib.sha256(f"{start}:{end}:{fold(text)}".encode()).hexdigest()[:40]


@transaction.atomic
def article_apply_analysis(*, article_id: int, result: AnalysisResult) -> ApplyStats:
    """Store an analysis: claims, values, attributions and flags, in one transaction.

    Idempotent: claims and flags are upserted by fingerprint. Reviewers' decisions on flags,
    manual claims and claims under review survive; what the analysis no longer finds is
    marked not current rather than deleted when someone has worked on it.
    """
    from sources.models import Entity

    article = Article.objects.select_for_update().get(pk=article_id)
    body = article.body
    stats = ApplyStats()

    existing = {c.fingerprint: c for c in article.claims.filter(origin=Claim.Origin.ANALYSIS)}
    entity_ids = dict(Entity.objects.values_list("slug", "pk"))
    seen: set[str] = set()
    claim_spans: list[tuple[int, int, Claim]] = []
    for span in result.claims:
        if (
            not (0 <= span.start < span.end <= len(body))
            or body[span.start : span.end] != span.text
        ):
            logger.warning("Dropping a claim whose offsets do not match article %s", article.pk)
            continue
        fp = claim_fingerprint(span.start, span.end, span.text)
        if fp in seen:
            continue
        seen.add(fp)
        claim = existing.get(fp)
        if claim is None:
            claim = Claim.objects.create(
                article=article,
                start=span.start,
                end=span.end,
                text=span.text,
                text_folded=fold(span.text),
                checkworthiness=span.checkworthiness,
                fingerprint=fp,
            )
            stats.claims_created += 1
        else:
            if claim.checkworthiness != span.checkworthiness or not claim.is_current:
                claim.checkworthiness = span.checkworthiness
                claim.is_current = True
                claim.save(update_fields=["checkworthiness", "is_current", "updated_at"])
            stats.claims_updated += 1
            claim.values.all().delete()
            Attribution.objects.filter(claim=claim).delete()
        ClaimValue.objects.bulk_create(
            ClaimValue(
                claim=claim,
                type=v.type,
                start=v.start,
                end=v.end,
                text=v.text[:500],
                value=_json_safe(v.fields),
            )
            for v in span.values
            if v.type in ClaimValue.Type.values and 0 <= v.start < v.end <= len(body)
        )
        a = span.attribution
        if a and 0 <= a.start < a.end <= len(body):
            Attribution.objects.create(
                claim=claim,
                speaker=a.speaker[:500],
                verb=a.verb[:100],
                vague=a.vague,
                start=a.start,
                end=a.end,
                entity_id=entity_ids.get(a.entity or ""),
            )
        claim_spans.append((span.start, span.end, claim))

    for fp, claim in existing.items():
        if fp in seen:
            continue
        worked_on = (
            claim.status != Claim.Status.NEW
            or claim.verdicts.exists()
            or claim.evidence.exists()
            or claim.matches.exclude(status=ClaimMatch.Status.SUGGESTED).exists()
        )
        if worked_on:
            if claim.is_current:
                claim.is_current = False
                claim.save(update_fields=["is_current", "updated_at"])
        else:
            claim.delete()
        stats.claims_retired += 1

    all_claims = claim_spans + [
        (c.start, c.end, c) for c in article.claims.filter(origin=Claim.Origin.MANUAL)
    ]

    def claim_for(start: int, end: int) -> Claim | None:
        for s, e, c in all_claims:
            if s <= start and end <= e:
                return c
        return None

    flags = {f.fingerprint: f for f in article.flags.all()}
    seen_flags: set[str] = set()
    for finding in result.flags:
        if not (0 <= finding.start < finding.end <= len(body)) or finding.fingerprint in seen_flags:
            continue
        seen_flags.add(finding.fingerprint)
        values = {
            "claim": claim_for(finding.start, finding.end),
            "code": finding.code[:60],
            "category": finding.category,
            "severity": finding.severity,
            "start": finding.start,
            "end": finding.end,
            "text": body[finding.start : finding.end][:500],
            "suggestion": (finding.suggestion or "")[:500],
            "message": finding.message,
            "details": _json_safe(finding.details),
            "is_current": True,
        }
        flag = flags.get(finding.fingerprint)
        if flag is None:
            flag = Flag.objects.create(article=article, fingerprint=finding.fingerprint, **values)
            stats.flags_created.append(flag.pk)
        else:
            changed = [k for k, v in values.items() if getattr(flag, k) != v]
            if changed:
                for k in changed:
                    setattr(flag, k, values[k])
                flag.save(update_fields=[*changed, "updated_at"])
            stats.flags_updated += 1
    for fp, flag in flags.items():
        if fp not in seen_flags and flag.is_current:
            flag.is_current = False
            flag.save(update_fields=["is_current", "updated_at"])
            stats.flags_retired += 1

    Article.objects.filter(pk=article.pk).update(
        analysis_status=Article.AnalysisStatus.DONE,
        analysis_version=result.version,
        analysis_error="",
        analyzed_at=timezone.now(),
        language=result.language if result.language in Language.values else article.language,
    )
    search_words_add(article_id=article.pk)
    if stats.flags_created:
        _notify_editors(article.pk, list(stats.flags_created))
    return stats


@dataclass
class MatchStats:
    suggested: int = 0
    updated: int = 0
    withdrawn: int = 0


def claim_matches_refresh(
    *, article_id: int, claim_ids: Collection[int] | None = None
) -> MatchStats:
    """Suggest, for each current claim of an article, the claims of other articles whose
    verdict is published and that it may restate or alter (FACTCHECK_MATCH_TOP of them
    scoring at least FACTCHECK_MATCH_MIN_SCORE).

    Safe to run twice. Suggestions still open follow the new scores (and are withdrawn when
    they no longer qualify); confirmed and rejected ones are the reviewers' and are kept.
    With ``claim_ids``, only those claims of the article are refreshed, each exactly as a
    refresh of the whole article would (verdict_matches_refresh).
    """
    from claims.match_index import published_claim_index

    stats = MatchStats()
    mine = Claim.objects.filter(article_id=article_id)
    if claim_ids is not None:
        mine = mine.filter(pk__in=claim_ids)
    claims = list(mine.filter(is_current=True).order_by("pk").values_list("pk", "text"))
    # .order_by(): the claims' default ordering would join the articles for nothing.
    own = set(Claim.objects.filter(article_id=article_id).order_by().values_list("pk", flat=True))
    # Searching happens outside the transaction: it is CPU work and takes no row locks.
    found = published_claim_index().search(
        claims,
        exclude=own,
        top=settings.FACTCHECK_MATCH_TOP,
        min_score=settings.FACTCHECK_MATCH_MIN_SCORE,
    )
    with transaction.atomic():
        # One refresh per article at a time (the analysis holds the same lock).
        if not Article.objects.select_for_update().filter(pk=article_id).exists():
            return stats
        existing = {
            (m.claim_id, m.earlier_claim_id): m
            for m in ClaimMatch.objects.filter(claim__in=mine.values("pk"))
        }
        live_claims = set(
            Claim.objects.filter(article_id=article_id).order_by().values_list("pk", flat=True)
        )
        for claim_id, hits in found.items():
            if claim_id not in live_claims:  # re-analysed away in the meantime
                continue
            for hit in hits:
                match = existing.pop((claim_id, hit.earlier_claim_id), None)
                if match is None:
                    match = ClaimMatch(
                        claim_id=claim_id,
                        earlier_claim_id=hit.earlier_claim_id,
                        verdict_id=hit.verdict_id,
                        score=hit.score,
                    )
                    match._change_reason = "suggested"
                    match.save()
                    stats.suggested += 1
                elif match.status == ClaimMatch.Status.SUGGESTED and (
                    match.score != hit.score or match.verdict_id != hit.verdict_id
                ):
                    match.score, match.verdict_id = hit.score, hit.verdict_id
                    match._change_reason = "rescored"
                    match.save(update_fields=["score", "verdict", "updated_at"])
                    stats.updated += 1
        withdrawn = [m.pk for m in existing.values() if m.status == ClaimMatch.Status.SUGGESTED]
        if withdrawn:
            ClaimMatch.objects.filter(pk__in=withdrawn).delete()
            stats.withdrawn = len(withdrawn)
    return stats


@dataclass
class VerdictMatchStats:
    shortlisted: int = 0  # open claims of other articles sharing a word stem with it
    searched: int = 0  # of them, scored against the published claims
    claims: int = 0  # open claims refreshed, in the articles where it qualifies or did before
    articles: int = 0
    suggested: int = 0
    updated: int = 0
    withdrawn: int = 0


def verdict_matches_refresh(*, verdict_id: int) -> VerdictMatchStats:
    """Bring the open claims analysed before a verdict was published (or reopened) up to date
    with it: each ends up with the suggestions a new analysis of its article would store now.

    A published verdict: the open claims of other articles that rank its claim among their
    suggestions (open_claims_reached) are refreshed, with the other open claims of their
    articles. Whatever the verdict's state, the articles of claims that have it as an open
    suggestion are refreshed too (those claims whatever their status, as an analysis would),
    which withdraws it once reopened. Closed claims (published, dismissed) are not searched
    for it. Safe to run twice.
    """
    from claims.selectors import claim_open_list

    stats = VerdictMatchStats()
    verdict = Verdict.objects.select_related("claim").filter(pk=verdict_id).first()
    if verdict is None:
        return stats
    earlier = verdict.claim
    refresh: dict[int, set[int]] = {}  # article id → its claims to refresh
    if verdict.state == Verdict.State.PUBLISHED:
        reached = open_claims_reached(earlier=earlier)
        refresh = reached.claims
        stats.shortlisted, stats.searched = reached.shortlisted, reached.searched
    for claim_id, article_id in ClaimMatch.objects.filter(
        earlier_claim=earlier, status=ClaimMatch.Status.SUGGESTED
    ).values_list("claim_id", "claim__article_id"):
        refresh.setdefault(article_id, set()).add(claim_id)
    if refresh:
        # The other open claims of those articles too: the new verdict moves every score a
        # little (the corpus grew), and a reviewer sees the article's claims side by side.
        for article_id, claim_id in (
            claim_open_list()
            .filter(article_id__in=list(refresh))
            .order_by()
            .values_list("article_id", "pk")
        ):
            refresh[article_id].add(claim_id)
    for article_id, claim_ids in sorted(refresh.items()):
        done = claim_matches_refresh(article_id=article_id, claim_ids=claim_ids)
        stats.suggested += done.suggested
        stats.updated += done.updated
        stats.withdrawn += done.withdrawn
        stats.claims += len(claim_ids)
    stats.articles = len(refresh)
    # Done for this version of the verdict; a publish or reopen since then stays due.
    Verdict.objects.filter(pk=verdict.pk, version=verdict.version, late_match_due=True).update(
        late_match_due=False
    )
    return stats


@dataclass
class Reached:
    claims: dict[int, set[int]]  # article id → its open claims that rank the earlier claim
    shortlisted: int
    searched: int


def open_claims_reached(*, earlier: Claim) -> Reached:
    """The open claims of other articles whose suggestions, as claim_matches_refresh computes
    them now, hold ``earlier`` (a claim with a published verdict).

    Only claims sharing a word stem with it can score (the database's index finds them:
    claim_open_list_sharing_stems); the FACTCHECK_LATE_MATCH_CANDIDATES of them that share the
    largest part of their own stems with it are scored, as claim_matches_refresh scores them.
    """
    from claims.match_index import published_claim_index
    from claims.matching import analyze_terms
    from claims.selectors import claim_open_list_sharing_stems

    terms = set(analyze_terms(earlier.text))
    rows = (
        claim_open_list_sharing_stems(text=earlier.text, exclude_article_id=earlier.article_id)
        .order_by()
        .values_list("pk", "article_id", "text")
    )
    ranked = []
    for pk, article_id, text in rows:
        theirs = set(analyze_terms(text))
        shared = len(terms & theirs)
        if shared:  # the database's prefix search reads a few more (a longer word)
            # The matcher weighs what the new claim has of its own words: a short claim made
            # of the earlier one's words scores high, a long one sharing a word or two low.
            ranked.append((shared / len(theirs), shared, pk, article_id, text))
    ranked.sort(reverse=True)
    candidates = ranked[: settings.FACTCHECK_LATE_MATCH_CANDIDATES]
    reached: dict[int, set[int]] = {}
    if candidates:
        own: dict[int, set[int]] = {}  # article id → its claims with a published verdict
        for article_id, claim_id in Verdict.objects.filter(
            state=Verdict.State.PUBLISHED,
            claim__article_id__in={row[3] for row in candidates},
        ).values_list("claim__article_id", "claim_id"):
            own.setdefault(article_id, set()).add(claim_id)
        # The same search as claim_matches_refresh's, each claim leaving out its own article.
        found = published_claim_index().search_each(
            ((pk, text, own.get(article_id, ())) for _, _, pk, article_id, text in candidates),
            top=settings.FACTCHECK_MATCH_TOP,
            min_score=settings.FACTCHECK_MATCH_MIN_SCORE,
        )
        for _, _, pk, article_id, _ in candidates:
            if any(hit.earlier_claim_id == earlier.pk for hit in found[pk]):
                reached.setdefault(article_id, set()).add(pk)
    return Reached(claims=reached, shortlisted=len(ranked), searched=len(candidates))


# The words (lexemes) of claims' folded text, as PostgreSQL's 'simple' full-text parser splits
# them: exactly what the full-text index matches. Sorted, in one statement: two analyses adding
# the same new words take their locks in the same order, so they wait but never deadlock.
SEARCH_WORDS_SQL = """
    INSERT INTO claims_searchword (word)
    SELECT DISTINCT w.lexeme
    FROM claims_claim c, unnest(to_tsvector('simple'::regconfig, c.text_folded)) AS w
    WHERE {where} AND length(w.lexeme) <= 100
    ORDER BY 1
    ON CONFLICT DO NOTHING
"""


def search_words_add(*, article_id: int | None = None) -> None:
    """Add an article's claim words (all claims' words with no article) to the vocabulary."""
    if connection.vendor != "postgresql":
        return  # SQLite's search matches substrings only
    with connection.cursor() as cursor:
        if article_id is None:
            cursor.execute(SEARCH_WORDS_SQL.format(where="TRUE"))
        else:
            cursor.execute(SEARCH_WORDS_SQL.format(where="c.article_id = %s"), [article_id])


def _notify_editors(article_id: int, flag_ids: list[int]) -> None:
    """Write the editors' e-mails to the outbox in the analysis's own transaction.

    A transactional outbox: the rows commit with the flags or not at all, so no broker outage
    between the two can lose a notification (the outbox sweeper sends what was not queued).
    Should writing them fail, the analysis still commits and a task retries them later.
    """
    from claims.notifications.services import notify_flags_enqueue

    try:
        with transaction.atomic():
            notify_flags_enqueue(article_id=article_id, flag_ids=flag_ids)
    except Exception:
        logger.exception("Could not write notifications for article %s; queued a retry", article_id)
        enqueue_on_commit(
            "claims.tasks.notify_editors",
            article_id,
            flag_ids,
            if_lost="these flags are not e-mailed",
        )


def _json_safe(data: dict) -> dict:
    """Dates and other non-JSON values as strings, so JSONField stores the contract as is."""
    import json

    return json.loads(json.dumps(data, default=str, ensure_ascii=False))
