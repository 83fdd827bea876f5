from __future__ import annotations

from django.http import JsonResponse

from claims.api.exceptions import error_body


class ApiNotFoundMiddleware:
    """An address under /api/ that no view answers gets the API's JSON 404, not Django's HTML
    page. A middleware rather than a catch-all route, so it never shadows another app's URLs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 404
            and request.path.startswith("/api/")
            and response.get("Content-Type", "").startswith("text/html")
        ):
            return JsonResponse(
                error_body(404, "not_found", "There is no API endpoint at this address."),
                status=404,
            )
        return response
