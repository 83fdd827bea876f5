from __future__ import annotations

from rest_framework.pagination import CursorPagination


class ApiCursorPagination(CursorPagination):
    """Cursor pagination: stable pages while rows are added, no COUNT(*) on big tables."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("-updated_at", "-id")


class CreatedCursorPagination(ApiCursorPagination):
    ordering = ("-created_at", "-id")
