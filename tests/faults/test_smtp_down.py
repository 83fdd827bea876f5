"""The SMTP server down for a minute while editors' e-mails go out: each arrives once."""

from __future__ import annotations

import time
from collections import Counter

import pytest
from aiosmtpd.controller import Controller

from claims.models import OutboxEmail
from tests.factories import editor
from tests.faults.batch import assert_analysed_exactly_once, batch_submit, wait_until
from tests.faults.services import free_port
from tests.notifications.conftest import RecordingHandler

pytestmark = [
    pytest.mark.faults,
    pytest.mark.worker,
    pytest.mark.smtp,
    pytest.mark.django_db(transaction=True),
]

ARTICLES = 20
OUTAGE_SECONDS = 60


def test_smtp_down_for_a_minute_delivers_every_email_once(
    private_redis, fault_worker, roles, report
):
    editors = [editor(username=f"ed{n}", email=f"ed{n}@newsroom.test") for n in range(2)]
    handler = RecordingHandler(rcpt_delay=0.2)
    port = free_port()
    smtp = Controller(handler, hostname="127.0.0.1", port=port)
    smtp.start()
    worker = fault_worker(
        EMAIL_URL=f"smtp://127.0.0.1:{port}",
        EMAIL_TIMEOUT=5,
        # Production waits 30 s, doubling; the same curve, shorter, fits the test's minute.
        OUTBOX_RETRY_BASE_SECONDS=5,
        OUTBOX_RETRY_MAX_SECONDS=40,
        # Above the longest retry wait, as in production: no early redelivery of a waiting retry.
        CELERY_VISIBILITY_TIMEOUT=300,
    )
    expected = ARTICLES * len(editors)
    try:
        ids = batch_submit(ARTICLES)
        assert wait_until(lambda: len(handler.received) >= 5, timeout=120), worker.log.read_text()[
            -3000:
        ]
        smtp.stop()
        stopped = time.monotonic()
        delivered_before = len(handler.received)
        assert delivered_before < expected, "every e-mail went out before the outage"
        time.sleep(OUTAGE_SECONDS)
        during = len(handler.received) - delivered_before
        smtp = Controller(handler, hostname="127.0.0.1", port=port)
        smtp.start()
        back = time.monotonic()
        assert wait_until(
            lambda: OutboxEmail.objects.filter(status="sent").count() == expected,
            timeout=180,
            interval=0.5,
        ), worker.log.read_text()[-3000:]
        recovered = time.monotonic() - back
        time.sleep(2)  # a duplicate would arrive now
    finally:
        smtp.stop()

    assert during == 0
    rows = list(OutboxEmail.objects.all())
    assert len(rows) == expected
    assert {row.status for row in rows} == {"sent"}
    wanted = {row.headers["Message-ID"]: (row.to_address, row.article_id) for row in rows}
    assert len(wanted) == expected, "Message-IDs are unique"
    got = Counter(message["Message-ID"] for message in (r.message for r in handler.received))
    assert got == Counter(dict.fromkeys(wanted, 1)), "each e-mail delivered exactly once"
    per_pair = Counter(
        (rcpt, wanted[r.message["Message-ID"]][1]) for r in handler.received for rcpt in r.rcpt_tos
    )
    assert per_pair == Counter({(e.email, a): 1 for e in editors for a in ids})
    retried = sum(1 for row in rows if row.attempts > 1)
    assert retried > 0, "the outage should have cost some e-mails a retry"
    assert_analysed_exactly_once(ids)
    report(
        f"smtp down: {expected} e-mails ({ARTICLES} articles x {len(editors)} editors), "
        f"{delivered_before} delivered before the server stopped for {back - stopped:.0f} s, "
        f"all sent {recovered:.1f} s after it came back; {retried} needed more than one attempt "
        f"(at most {max(row.attempts for row in rows)}); each Message-ID received once"
    )
