"""OpenAPI pieces drf-spectacular cannot infer: JSON-LD shapes and the shared error body."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema

_THING = {
    "type": "object",
    "properties": {"@type": {"type": "string"}, "name": {"type": "string"}},
    "required": ["@type", "name"],
}
_WORK = {
    "type": "object",
    "properties": {"@type": {"type": "string"}, "url": {"type": "string", "format": "uri"}},
    "required": ["@type", "url"],
}

CLAIMREVIEW_SCHEMA = {
    "type": "object",
    "description": "schema.org ClaimReview (JSON-LD).",
    "properties": {
        "@context": {"type": "string", "enum": ["https://schema.org"]},
        "@type": {"type": "string", "enum": ["ClaimReview"]},
        "url": {"type": "string", "format": "uri"},
        "claimReviewed": {"type": "string"},
        "datePublished": {"type": "string", "format": "date"},
        "dateModified": {"type": "string", "format": "date-time"},
        "inLanguage": {"type": "string"},
        "author": _THING,
        "reviewRating": {
            "type": "object",
            "properties": {
                "@type": {"type": "string", "enum": ["Rating"]},
                "ratingValue": {"type": "integer"},
                "bestRating": {"type": "integer"},
                "worstRating": {"type": "integer"},
                "alternateName": {"type": "string"},
            },
            "required": ["@type", "ratingValue", "bestRating", "worstRating", "alternateName"],
        },
        "itemReviewed": {
            "type": "object",
            "properties": {
                "@type": {"type": "string", "enum": ["Claim"]},
                "author": _THING,
                "datePublished": {"type": "string", "format": "date"},
                "appearance": {"type": "array", "items": _WORK},
                "firstAppearance": _WORK,
            },
            "required": ["@type"],
        },
        "reviewBody": {"type": "string"},
    },
    "required": [
        "@context",
        "@type",
        "url",
        "claimReviewed",
        "datePublished",
        "author",
        "reviewRating",
        "itemReviewed",
    ],
}

ERROR_SCHEMA = {
    "type": "object",
    "description": "Every 4xx answer has this shape.",
    "properties": {
        "status": {"type": "integer"},
        "code": {"type": "string"},
        "detail": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": True},
    },
    "required": ["status", "code", "detail"],
}

_ERROR_STATUSES = {
    "400": "The request is malformed or a field is not valid.",
    "401": "No valid credentials (token missing, wrong or revoked).",
    "403": "Your role does not allow this.",
    "404": "Not found, or not visible to you.",
    "413": "The body is larger than the limit.",
    "429": "Too many requests for this token; see Retry-After.",
}


class ApiAutoSchema(AutoSchema):
    """Documents the shared error body on every operation."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        # The API's views (this app's and the sources archive's) promise this shape.
        if not type(self.view).__module__.startswith(("claims.api", "sources.api")):
            return responses
        for code, description in _ERROR_STATUSES.items():
            if code in responses:
                continue
            if code == "413" and self.method not in ("POST", "PATCH", "PUT"):
                continue
            responses[code] = {
                "description": description,
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/ApiError"}}
                },
            }
        return responses


def add_error_component(result, generator, request, public):
    """Postprocessing hook: register the Error schema the operations refer to."""
    result.setdefault("components", {}).setdefault("schemas", {})["ApiError"] = ERROR_SCHEMA
    return result
