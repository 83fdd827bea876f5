"""Editors' e-mails about flagged issues: preferences, rendering, the outbox and delivery.

Flow: new open flags → one outbox row per (editor, article, set of flags), written in the
analysis's own transaction (``notify_flags_enqueue``; the ``notify_editors`` task only retries
it if that failed) → ``outbox_send`` task per row, queued on commit → SMTP. ``notify_digest`` (beat, daily) does the same for
editors who chose the digest; ``outbox_flush`` (beat, every minute) re-queues rows whose task
was lost.
"""
