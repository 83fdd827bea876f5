"""The benchmark's baseline: the verdict list's rows from values() and orjson, nothing else.

Registered only when settings.BENCH_BASELINE is true (bench/api.py sets it).
"""

from __future__ import annotations

from django.http import HttpResponse

from claims.api.renderers import dumps
from claims.api.selectors import VERDICT_ROW_FIELDS, verdict_published_list, verdict_row


def verdicts_baseline(request):
    rows = verdict_published_list().order_by("-updated_at", "-id").values(*VERDICT_ROW_FIELDS)[:50]
    return HttpResponse(
        dumps({"results": [verdict_row(r) for r in rows]}), content_type="application/json"
    )
