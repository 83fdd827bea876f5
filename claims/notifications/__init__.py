"""Editors' e-mails about flagged issues: preferences, rendering, the outbox and delivery.

Flow: new open flags → ``notify_editors`` task → one outbox row per (editor, article, set of
flags) → ``outbox_send`` task per row → SMTP. ``notify_digest`` (beat, daily) does the same for
editors who chose the digest; ``outbox_flush`` (beat, every minute) re-queues rows whose task
was lost.
"""
