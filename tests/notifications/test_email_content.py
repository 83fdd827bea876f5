"""Whatever an article contains, the e-mail about it is well-formed and shows it harmlessly."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.mail import EmailMessage
from django.utils import timezone
from hypothesis import given
from hypothesis import settings as examples
from hypothesis import strategies as st

from claims.models import OutboxEmail
from claims.notifications.content import header_safe, visible_controls
from claims.notifications.services import outbox_due_ids

BIDI_AND_BREAKS = st.sampled_from(
    ["\r", "\n", "\r\n", "\u202e", "\u2066", "\u200f", "\u2028", "\x00", "\x1b", "Bcc: x@y.z"]
)
NASTY = st.lists(st.one_of(st.text(max_size=20), BIDI_AND_BREAKS), max_size=12).map("".join)


@given(NASTY)
@examples(max_examples=300, deadline=None)
def test_any_title_makes_a_one_line_subject_django_accepts(title):
    subject = header_safe(f"[Fact-check] 1 flagged issue in “{title}”", 250)

    assert len(subject) <= 250
    assert not any(ch in subject for ch in "\r\n\u2028\u2029\u202e\u2066\x00")
    EmailMessage(subject=subject, body="x", to=["ed@newsroom.test"]).message().as_bytes()


@given(NASTY)
@examples(max_examples=300, deadline=None)
def test_no_control_character_survives_into_an_excerpt(text):
    shown = visible_controls(text)

    assert not any(ch in shown for ch in "\r\u202e\u2066\u200f\x00\x1b")
    if "\u202e" in text:
        assert "⟨U+202E⟩" in shown


@pytest.mark.django_db
def test_the_sweeper_takes_only_rows_whose_task_was_lost(settings):
    settings.OUTBOX_FLUSH_GRACE_SECONDS = 120
    settings.OUTBOX_SENDING_STALE_SECONDS = 300
    now = timezone.now()

    def row(key, **fields):
        return OutboxEmail.objects.create(
            dedupe_key=key, to_address="ed@newsroom.test", subject="s", body_text="b", **fields
        ).pk

    overdue = row("overdue", next_attempt_at=now - timedelta(minutes=5))
    row("waiting", next_attempt_at=now + timedelta(minutes=5))
    row("just-queued")  # its task is on the way
    dead_sender = row("dead", status="sending", claimed_at=now - timedelta(minutes=10))
    row("busy", status="sending", claimed_at=now - timedelta(seconds=30))
    row("sent", status="sent")
    row("failed", status="failed")

    assert set(outbox_due_ids(now=now)) == {overdue, dead_sender}
    later = now + timedelta(minutes=3)
    assert "just-queued" in set(
        OutboxEmail.objects.filter(pk__in=outbox_due_ids(now=later)).values_list(
            "dedupe_key", flat=True
        )
    )
