"""schema.org ClaimReview JSON-LD for a published verdict.

https://schema.org/ClaimReview and Google's fact-check markup: the review is the
organisation's; `itemReviewed` is the claim as it appeared in the article, dated when the
claim was made (the article's publication), not when it was checked.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from claims.models import Claim, Verdict
from sources.models import Entity


def claimreview_url(claim_id: int) -> str:
    template = getattr(settings, "CLAIMREVIEW_URL_TEMPLATE", "")
    if template:
        return template.format(id=claim_id)
    return settings.SITE_URL + reverse("api:claim-claimreview", args=[claim_id])


def _organization() -> dict:
    org = settings.FACTCHECK_ORGANIZATION
    out = {"@type": "Organization", "name": org["name"]}
    if org.get("url"):
        out["url"] = org["url"]
    return out


def _claim_author(claim: Claim) -> dict | None:
    try:
        attribution = claim.attribution
    except Claim.attribution.RelatedObjectDoesNotExist:
        attribution = None
    if attribution is not None and not attribution.vague and attribution.speaker.strip():
        entity = attribution.entity
        kind = "Person" if entity and entity.kind == Entity.Kind.PERSON else "Organization"
        return {"@type": kind, "name": attribution.speaker}
    # An unnamed source ("some diplomats") is not an author; the outlet that printed it is.
    if claim.article.outlet:
        return {"@type": "Organization", "name": claim.article.outlet}
    return None


def claimreview(verdict: Verdict, *, scale: tuple[int, int]) -> dict:
    """The JSON-LD object for one published verdict. `scale` is (worst, best)."""
    claim = verdict.claim
    article = claim.article
    worst, best = scale
    item = {"@type": "Claim"}
    author = _claim_author(claim)
    if author:
        item["author"] = author
    if article.published_at:
        item["datePublished"] = article.published_at.date().isoformat()
    if article.url:
        item["appearance"] = [{"@type": "CreativeWork", "url": article.url}]
        item["firstAppearance"] = {"@type": "CreativeWork", "url": article.url}
    published = verdict.published_at or verdict.updated_at
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": claimreview_url(claim.pk),
        "claimReviewed": claim.text,
        "datePublished": published.date().isoformat(),
        "dateModified": verdict.updated_at.isoformat(),
        "inLanguage": verdict.language,
        "author": _organization(),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": verdict.rating.value,
            "bestRating": best,
            "worstRating": worst,
            "alternateName": verdict.rating.label(verdict.language),
        },
        "itemReviewed": item,
        "reviewBody": verdict.rationale,
    }
