"""One error format for every 4xx the API returns, and the mapping of service errors.

    {"status": 400, "code": "invalid", "detail": "…", "errors": {"field": ["…"]}}

`errors` is present only for field-level validation errors.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

from factcheck import errors

logger = logging.getLogger(__name__)


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request body is too large.")
    default_code = "too_large"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _(
        "This verdict was changed by someone else since you loaded it. Reload and try again."
    )
    default_code = "stale_version"


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = _(
        "Send the verdict's ETag in an If-Match header so a concurrent edit is not overwritten."
    )
    default_code = "if_match_required"


class SourceUnavailable(exceptions.APIException):
    """The page to fetch did not answer in time or answered with a temporary error."""

    status_code = status.HTTP_502_BAD_GATEWAY
    default_detail = _("The page could not be fetched just now; try again later.")
    default_code = "source_unavailable"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The object changed since it was loaded.")
    default_code = "conflict"


def _from_application_error(exc: errors.ApplicationError) -> exceptions.APIException:
    if isinstance(exc, errors.PermissionDenied):
        return exceptions.PermissionDenied(exc.message)
    if isinstance(exc, errors.ConflictError):
        return Conflict(exc.message)
    # ValidationFailed and the workflow's other refusals: the request cannot be applied.
    return exceptions.ValidationError({"non_field_errors": [exc.message]}, code="invalid")


def error_body(status_code: int, code: str, detail: str, field_errors=None) -> dict:
    body = {"status": status_code, "code": code, "detail": str(detail)}
    if field_errors:
        body["errors"] = field_errors
    return body


def _flatten_codes(codes):
    if isinstance(codes, dict):
        return next((_flatten_codes(v) for v in codes.values()), "invalid")
    if isinstance(codes, list):
        return _flatten_codes(codes[0]) if codes else "invalid"
    return str(codes)


def _stringify(data):
    if isinstance(data, dict):
        return {str(k): _stringify(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_stringify(v) for v in data]
    return str(data)


def validation_error_body(status_code: int, exc: exceptions.ValidationError) -> dict:
    data = exc.detail
    if isinstance(data, dict):
        non_field = data.get("non_field_errors")
        if non_field and len(data) == 1:
            detail = str(non_field[0])
        else:
            detail = str(_("Some fields are not valid."))
        fields = _stringify(data)
    else:
        items = data if isinstance(data, list) else [data]
        detail = " ".join(str(i) for i in items) or str(_("Invalid input."))
        fields = None
    return error_body(status_code, _flatten_codes(exc.get_codes()), detail, fields)


def exception_handler(exc, context):
    if isinstance(exc, errors.ApplicationError):
        exc = _from_application_error(exc)
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    elif isinstance(exc, SuspiciousOperation):
        exc = exceptions.ParseError(_("The request could not be read."))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a bug: Django's 500 handler logs it and shows no traceback
    if isinstance(exc, exceptions.ValidationError):
        response.data = validation_error_body(response.status_code, exc)
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        if isinstance(detail, (dict, list)):
            response.data = error_body(
                response.status_code, _flatten_codes(code), _("Invalid input."), _stringify(detail)
            )
        else:
            response.data = error_body(response.status_code, _flatten_codes(code), detail)
    return response
