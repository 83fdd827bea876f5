"""Writes to the sources app: the reference registry, sources, snapshots and evidence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from claims.analysis.refs import (
    SEED_REFERENCE_DIR,
    read_countries,
    read_entities,
    read_events,
    read_resolutions,
)
from factcheck.errors import PermissionDenied, ValidationFailed
from factcheck.queueing import enqueue_each, enqueue_on_commit
from sources.excerpts import excerpt_locate
from sources.fetching import Extracted, FetchError, FetchResult, extract, fetch, url_check
from sources.models import (
    Country,
    Entity,
    Evidence,
    Publisher,
    ReferenceEvent,
    Reliability,
    Snapshot,
    Source,
    UNResolution,
)

EXCERPT_MAX_CHARS = 5000


@dataclass
class SyncCount:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


def _sync(model: type[models.Model], key: str, rows: list[dict]) -> SyncCount:
    """Insert missing rows and update changed ones; twice in a row changes nothing."""
    count = SyncCount()
    existing = {getattr(obj, key): obj for obj in model.objects.all()}
    to_create, to_update, fields = [], [], set()
    for row in rows:
        obj = existing.get(row[key])
        if obj is None:
            to_create.append(model(**row))
            continue
        changed = [f for f, v in row.items() if getattr(obj, f) != v]
        if changed:
            for f in changed:
                setattr(obj, f, row[f])
            fields.update(changed)
            to_update.append(obj)
        else:
            count.unchanged += 1
    model.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        model.objects.bulk_update(to_update, sorted(fields), batch_size=500)
    count.created, count.updated = len(to_create), len(to_update)
    return count


@transaction.atomic
def registry_load_seeds(folder: Path = SEED_REFERENCE_DIR) -> dict[str, SyncCount]:
    from sources.selectors import references_invalidate

    result = {
        "UN resolutions": _sync(
            UNResolution,
            "number",
            [
                {
                    "number": r.number,
                    "symbol": r.symbol,
                    "adopted_on": r.adopted_on,
                    "year": r.year,
                    "agenda": r.agenda,
                    "countries": list(r.countries),
                    "url": r.url,
                }
                for r in read_resolutions(folder / "unsc_resolutions.csv")
            ],
        ),
        "countries": _sync(
            Country,
            "iso2",
            [
                {
                    "iso2": c.iso2,
                    "iso3": c.iso3,
                    "name_en": c.name_en,
                    "name_ar": c.name_ar,
                    "aliases_en": list(c.aliases_en),
                    "aliases_ar": list(c.aliases_ar),
                    "demonym_en": c.demonym_en,
                }
                for c in read_countries(folder / "countries.tsv")
            ],
        ),
        "entities": _sync(
            Entity,
            "slug",
            [
                {
                    "slug": e.slug,
                    "kind": e.kind,
                    "name_en": e.name_en,
                    "name_ar": e.name_ar,
                    "aliases_en": list(e.aliases_en),
                    "aliases_ar": list(e.aliases_ar),
                    "country": e.country,
                }
                for e in read_entities(folder / "entities.json")
            ],
        ),
        "reference events": _sync(
            ReferenceEvent,
            "slug",
            [
                {
                    "slug": e.slug,
                    "title_en": e.title_en,
                    "title_ar": e.title_ar,
                    "occurred_on": e.occurred_on,
                    "keywords_en": list(e.keywords_en),
                    "keywords_ar": list(e.keywords_ar),
                    "source_url": e.source_url,
                }
                for e in read_events(folder / "events.json")
            ],
        ),
    }
    transaction.on_commit(references_invalidate)
    return result


def ratings_load_seeds(folder: Path = SEED_REFERENCE_DIR) -> SyncCount:
    import json

    from claims.models import Rating

    rows = json.loads((folder / "ratings.json").read_text(encoding="utf-8"))
    return _sync(Rating, "slug", rows)


# --- Sources and snapshots ------------------------------------------------------------


def _validation_message(exc: ValidationError) -> str:
    messages = getattr(exc, "message_dict", None) or {"": exc.messages}
    return "; ".join(f"{k}: {' '.join(v)}" if k else " ".join(v) for k, v in messages.items())


def publisher_for_url(url: str) -> Publisher | None:
    """The publisher whose domain is the URL's host or a parent of it (www.un.org → un.org)."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    if not host:
        return None
    labels = host.split(".")
    candidates = [".".join(labels[i:]) for i in range(len(labels) - 1)]
    by_domain = {p.domain: p for p in Publisher.objects.filter(domain__in=candidates)}
    return next((by_domain[c] for c in candidates if c in by_domain), None)


def source_add_by_url(
    *,
    url: str,
    added_by=None,
    kind: str = Source.Kind.NEWS_REPORT,
    title: str = "",
    queue_fetch: bool = True,
) -> tuple[Source, bool]:
    """Register a source by URL and queue its fetch. Returns (source, created).

    The same URL twice is one source; adding it again re-queues a fetch that failed.
    Bad input raises ValidationFailed and writes nothing.
    """
    try:
        url = url_check(url)
    except FetchError as exc:
        raise ValidationFailed(exc.message) from None
    if kind not in Source.Kind.values:
        raise ValidationFailed(f"Unknown kind of source {kind!r}.")
    with transaction.atomic():
        existing = Source.objects.select_for_update().filter(url=url).first()
        if existing:
            if queue_fetch and existing.fetch_status in ("", Source.FetchStatus.FAILED):
                _source_queue_fetch(existing)
            return existing, False
        source = Source(
            url=url,
            kind=kind,
            title=title[:500],
            publisher_org=publisher_for_url(url),
            created_by=added_by if getattr(added_by, "pk", None) else None,
        )
        try:
            source.full_clean()
            with transaction.atomic():
                source.save()
        except ValidationError as exc:
            raise ValidationFailed(_validation_message(exc)) from None
        except IntegrityError:  # added a moment ago by someone else
            return Source.objects.get(url=url), False
        if queue_fetch:
            _source_queue_fetch(source)
    return source, True


def source_fetch_queue(*, source: Source) -> Source:
    """Fetch a source again (admin action, API): a changed page gets a new snapshot."""
    if not source.url:
        raise ValidationFailed("This source has no URL to fetch.")
    with transaction.atomic():
        _source_queue_fetch(source)
    return source


def _source_queue_fetch(source: Source) -> None:
    Source.objects.filter(pk=source.pk).update(
        fetch_status=Source.FetchStatus.QUEUED, fetch_error="", fetch_due_at=timezone.now()
    )
    source.fetch_status, source.fetch_error = Source.FetchStatus.QUEUED, ""
    pk = source.pk
    enqueue_on_commit(
        "sources.tasks.source_fetch", pk, if_lost="source_fetch_sweep queues it again"
    )


def source_fetch_retry_at(*, source_id: int, when) -> None:
    """A temporary failure: the task comes back at ``when``; the sweep waits for it."""
    Source.objects.filter(pk=source_id).update(fetch_due_at=when)


def source_fetch_stuck_requeue(*, limit: int = 200) -> int:
    """Queue again the fetches still queued or fetching FETCH_STUCK_AFTER_SECONDS after they
    were due: the broker lost the message, or the task gave up on the database."""
    now = timezone.now()
    cutoff = now - timedelta(seconds=settings.FETCH_STUCK_AFTER_SECONDS)
    stuck = list(
        Source.objects.filter(
            fetch_status__in=[Source.FetchStatus.QUEUED, Source.FetchStatus.FETCHING]
        )
        .filter(models.Q(fetch_due_at__lt=cutoff) | models.Q(fetch_due_at=None))
        .exclude(url="")
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    # Due again from now: the next sweep leaves them to these tasks.
    Source.objects.filter(pk__in=stuck).update(fetch_due_at=now)
    return enqueue_each(
        "sources.tasks.source_fetch", stuck, if_lost="the next sweep queues it again"
    )


def source_fetch_run(*, source_id: int) -> tuple[Snapshot, bool] | None:
    """Fetch a source now and store what came back. Network I/O happens outside any
    transaction. A temporary failure is raised (FetchError with ``temporary``) for the
    task to retry; a permanent one is recorded on the source."""
    source = Source.objects.filter(pk=source_id).first()
    if source is None or not source.url:
        return None
    Source.objects.filter(pk=source_id).update(
        fetch_status=Source.FetchStatus.FETCHING, fetch_due_at=timezone.now()
    )
    try:
        result = fetch(source.url)
        extracted = extract(result)
    except FetchError as exc:
        if exc.temporary:
            raise
        source_fetch_fail(source_id=source_id, error=exc.message)
        return None
    return snapshot_store(source=source, result=result, extracted=extracted)


def source_fetch_fail(*, source_id: int, error: str) -> None:
    Source.objects.filter(pk=source_id).update(
        fetch_status=Source.FetchStatus.FAILED,
        fetch_error=error[:2000],
        last_fetched_at=timezone.now(),
    )


@transaction.atomic
def snapshot_store(
    *, source: Source, result: FetchResult, extracted: Extracted
) -> tuple[Snapshot, bool]:
    """Archive a fetched page. Returns (snapshot, created).

    Unchanged content (same sha256 of the extracted text) adds nothing. New content adds a
    snapshot and re-checks every excerpt quoted from this source against it.
    """
    source = Source.objects.select_for_update().get(pk=source.pk)
    now = timezone.now()
    latest = source.snapshots.order_by("-last_seen_at", "-fetched_at").first()
    snapshot = source.snapshots.filter(sha256=extracted.sha256).first()
    created = snapshot is None
    if created:
        snapshot = Snapshot.objects.create(
            source=source,
            final_url=result.final_url[:2000],
            status_code=result.status,
            content_type=result.content_type[:200],
            sha256=extracted.sha256,
            title=extracted.title[:500],
            text=extracted.text,
            metadata={
                **extracted.metadata,
                "language": extracted.language,
                "redirects": result.redirects,
            },
            content=result.body,
            last_seen_at=now,
        )
    else:
        Snapshot.objects.filter(pk=snapshot.pk).update(last_seen_at=now)
    updates = {
        "fetch_status": Source.FetchStatus.OK,
        "fetch_error": "",
        "last_fetched_at": now,
    }
    if not source.title and extracted.title:
        updates["title"] = extracted.title[:500]
    if not source.language and extracted.language:
        updates["language"] = extracted.language[:8]
    if not source.publisher and extracted.metadata.get("sitename"):
        updates["publisher"] = str(extracted.metadata["sitename"])[:200]
    Source.objects.filter(pk=source.pk).update(**updates)
    if latest is None or latest.pk != snapshot.pk:
        # The live page is now this content: every excerpt from the source is re-checked.
        for evidence in source.evidence.select_related("snapshot"):
            _evidence_check(evidence, latest=snapshot)
    return snapshot, created


def source_latest_snapshot(source: Source) -> Snapshot | None:
    return source.snapshots.order_by("-last_seen_at", "-fetched_at").first()


# --- Evidence -------------------------------------------------------------------------


def _evidence_check(evidence: Evidence, *, latest: Snapshot | None) -> Evidence:
    """Locate the excerpt in its own snapshot and note whether the live page still has it."""
    if evidence.snapshot_id is None and latest is not None:
        evidence.snapshot = latest
    span = None
    if evidence.snapshot is not None and evidence.excerpt.strip():
        span = excerpt_locate(evidence.excerpt, evidence.snapshot.text)
    evidence.excerpt_start, evidence.excerpt_end = span if span else (None, None)
    still_there = True
    if latest is not None and latest.pk != evidence.snapshot_id and evidence.excerpt.strip():
        still_there = excerpt_locate(evidence.excerpt, latest.text) is not None
    evidence.missing_from = None if still_there else latest
    if evidence.pk:
        evidence.save(update_fields=["snapshot", "excerpt_start", "excerpt_end", "missing_from"])
    return evidence


def _require(user, perm: str, message: str) -> None:
    if user is None or not getattr(user, "is_authenticated", False) or not user.has_perm(perm):
        raise PermissionDenied(message)


@transaction.atomic
def evidence_add(
    *,
    claim,
    source: Source,
    excerpt: str,
    stance: str = Evidence.Stance.SUPPORTS,
    note: str = "",
    added_by,
    snapshot: Snapshot | None = None,
) -> Evidence:
    """Attach an excerpt of a source to a claim, located in the source's latest snapshot
    (or the one given). An excerpt that cannot be found is kept, marked unverified."""
    _require(added_by, "sources.add_evidence", "You may not add evidence.")
    excerpt = (excerpt or "").strip()
    if len(excerpt) > EXCERPT_MAX_CHARS:
        raise ValidationFailed(
            f"The excerpt is {len(excerpt)} characters; quote at most {EXCERPT_MAX_CHARS}."
        )
    if stance not in Evidence.Stance.values:
        raise ValidationFailed(
            f"Unknown stance {stance!r}: use one of {', '.join(Evidence.Stance.values)}."
        )
    if snapshot is not None and snapshot.source_id != source.pk:
        raise ValidationFailed("That snapshot belongs to another source.")
    latest = source_latest_snapshot(source)
    evidence = Evidence(
        claim=claim,
        source=source,
        snapshot=snapshot or latest,
        stance=stance,
        excerpt=excerpt,
        note=note,
        added_by=added_by,
        origin=Evidence.Origin.MANUAL,
    )
    _evidence_check(evidence, latest=latest)
    try:
        evidence.full_clean()
    except ValidationError as exc:
        raise ValidationFailed(_validation_message(exc)) from None
    evidence.save()
    return evidence


@transaction.atomic
def evidence_verify(*, evidence: Evidence) -> Evidence:
    """Locate the excerpt again (after an edit, or a new snapshot of the source)."""
    evidence = (
        Evidence.objects.select_for_update(of=("self",))
        .select_related("snapshot", "source")
        .get(pk=evidence.pk)
    )
    return _evidence_check(evidence, latest=source_latest_snapshot(evidence.source))


# --- Reference evidence ---------------------------------------------------------------

UN_SECURITY_COUNCIL = "United Nations Security Council"


@transaction.atomic
def evidence_add_reference_resolution(*, claim, number: int, user) -> tuple[Evidence, bool]:
    """Attach the registry's UN document for resolution ``number`` to a claim, once."""
    _require(user, "sources.add_evidence", "You may not add evidence.")
    resolution = UNResolution.objects.filter(number=number).first()
    if resolution is None:
        raise ValidationFailed(f"Resolution {number} is not in the registry.")
    if not resolution.url:
        raise ValidationFailed(f"The registry has no document URL for {resolution.symbol}.")
    title = resolution.symbol
    if resolution.agenda:
        title = f"{resolution.symbol} — {resolution.agenda}"
    source = _reference_source(
        url=resolution.url,
        kind=Source.Kind.UN_DOCUMENT,
        title=title[:500],
        publisher=UN_SECURITY_COUNCIL,
        user=user,
    )
    adopted = f", adopted {resolution.adopted_on:%-d %B %Y}" if resolution.adopted_on else ""
    adopted_on = resolution.adopted_on.isoformat() if resolution.adopted_on else resolution.year
    return _reference_evidence(
        claim=claim,
        source=source,
        # A citation of the registry record (not a quote to find in a snapshot).
        excerpt=f"{resolution.symbol}, adopted {adopted_on}: {resolution.agenda}".strip(" :"),
        note=f"{resolution.symbol}{adopted} (reference registry).",
        user=user,
    )


@transaction.atomic
def evidence_add_reference_event(*, claim, event: ReferenceEvent, user) -> tuple[Evidence, bool]:
    """Attach a reference event's source to a claim, once."""
    _require(user, "sources.add_evidence", "You may not add evidence.")
    if not event.source_url:
        raise ValidationFailed(f"The reference event «{event.title_en}» has no source URL.")
    source = _reference_source(
        url=event.source_url,
        kind=Source.Kind.OTHER,
        title=event.title_en[:500],
        publisher="",
        user=user,
    )
    return _reference_evidence(
        claim=claim,
        source=source,
        note=f"{event.title_en} / {event.title_ar}: {event.occurred_on:%Y-%m-%d} (reference registry).",
        user=user,
    )


def _reference_source(*, url: str, kind: str, title: str, publisher: str, user) -> Source:
    try:
        url = url_check(url)
    except FetchError as exc:
        raise ValidationFailed(exc.message) from None
    source = Source.objects.filter(url=url).first()
    if source is None:
        source = Source.objects.create(
            url=url,
            kind=kind,
            title=title,
            publisher=publisher,
            publisher_org=publisher_for_url(url),
            reliability=Reliability.AUTHORITATIVE
            if kind == Source.Kind.UN_DOCUMENT
            else Reliability.UNKNOWN,
            created_by=user,
        )
    return source


def _reference_evidence(
    *, claim, source: Source, note: str, user, excerpt: str = ""
) -> tuple[Evidence, bool]:
    existing = Evidence.objects.filter(
        claim=claim, source=source, origin=Evidence.Origin.REFERENCE
    ).first()
    if existing:
        return existing, False
    evidence = Evidence.objects.create(
        claim=claim,
        source=source,
        snapshot=source_latest_snapshot(source),
        stance=Evidence.Stance.CONTEXT,
        excerpt=excerpt,
        note=note,
        added_by=user,
        origin=Evidence.Origin.REFERENCE,
    )
    return evidence, True


# --- Earlier verdicts ----------------------------------------------------------------


@transaction.atomic
def evidence_add_earlier_verdict(*, claim, verdict, user, note: str = "") -> tuple[Evidence, bool]:
    """Reuse an earlier published verdict as context evidence for a claim, once.

    The source is the verdict's ClaimReview (its public URL when CLAIMREVIEW_URL_TEMPLATE
    is set): what a reader opening the evidence expects is the earlier fact-check as
    published. It is our own page, so nothing is fetched.
    """
    from claims.api.claimreview import claimreview_url
    from claims.models import Verdict

    _require(user, "sources.add_evidence", "You may not add evidence.")
    existing = Evidence.objects.filter(claim=claim, verdict=verdict).first()
    if existing:
        return existing, False
    if verdict.state != Verdict.State.PUBLISHED:
        raise ValidationFailed("Only a published verdict can be reused as evidence.")
    if verdict.claim_id == claim.pk:
        raise ValidationFailed("A verdict cannot be evidence for its own claim.")
    earlier = verdict.claim
    try:
        url = url_check(claimreview_url(earlier.pk))
    except FetchError as exc:
        raise ValidationFailed(exc.message) from None
    source = Source.objects.filter(url=url).first()
    if source is None:
        source = Source(
            url=url,
            kind=Source.Kind.EARLIER_VERDICT,
            title=f"Fact-check: «{earlier.text[:200]}»"[:500],
            publisher=settings.FACTCHECK_ORGANIZATION["name"][:200],
            language=verdict.language,
            created_by=user,
        )
        try:
            with transaction.atomic():
                source.save()
        except IntegrityError:  # added a moment ago by someone else
            source = Source.objects.get(url=url)
    rating = verdict.rating
    evidence = Evidence(
        claim=claim,
        source=source,
        stance=Evidence.Stance.CONTEXT,
        excerpt=f"{rating.label_en} / {rating.label_ar}: {verdict.rationale}"[:EXCERPT_MAX_CHARS],
        note=note,
        added_by=user,
        origin=Evidence.Origin.VERDICT,
        verdict=verdict,
    )
    try:
        with transaction.atomic():
            evidence.save()
    except IntegrityError:  # confirmed twice at once: one evidence
        return Evidence.objects.get(claim=claim, verdict=verdict), False
    return evidence, True


# --- Articles by URL ------------------------------------------------------------------


def article_submit_from_url(*, url: str, submitted_by=None, language: str | None = None):
    """Fetch a page with the source fetcher and submit its main text as an article.

    Returns (article, created) like ``article_submit``. Fetch problems raise ValidationFailed
    (``extra["temporary"]`` tells whether trying later may help).
    """
    from claims.services import article_submit

    try:
        result = fetch(url)
        page = extract(result)
    except FetchError as exc:
        raise ValidationFailed(exc.message, extra={"temporary": exc.temporary}) from None
    if not page.text.strip():
        raise ValidationFailed("No article text could be found on that page.")
    published = None
    if page.metadata.get("date"):
        from django.utils.dateparse import parse_date

        published = parse_date(str(page.metadata["date"])[:10])
    return article_submit(
        text=page.text,
        title=page.title,
        url=result.final_url,
        outlet=str(page.metadata.get("sitename") or "")[:200],
        published=published,
        language=language or (page.language if page.language in ("ar", "en") else None),
        submitted_by=submitted_by,
    )
