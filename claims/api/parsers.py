from __future__ import annotations

from urllib.parse import unquote_to_bytes

import orjson
from django.conf import settings
from django.http import QueryDict
from rest_framework.exceptions import ParseError
from rest_framework.parsers import FormParser, JSONParser


class ORJSONParser(JSONParser):
    """JSON bodies through orjson: fast, strict UTF-8, and a nesting limit, so a body of
    100,000 '[' is a 400 rather than the standard library's RecursionError (a 500)."""

    def parse(self, stream, media_type=None, parser_context=None):
        if stream is None:
            return None
        data = stream.read(settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
        try:
            return orjson.loads(data)
        except (orjson.JSONDecodeError, RecursionError) as exc:
            raise ParseError(f"JSON parse error - {exc}") from None


class StrictFormParser(FormParser):
    """Form bodies must be UTF-8: Django would quietly turn bad bytes into U+FFFD and the
    article would be stored damaged."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = stream.read(settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1) if stream else b""
        try:
            for part in data.split(b"&"):
                unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            raise ParseError("The form data is not valid UTF-8.") from None
        return QueryDict(data, encoding="utf-8")
