"""Which SMTP failures are worth another try."""

from __future__ import annotations

import smtplib
from dataclasses import dataclass


@dataclass(frozen=True)
class Failure:
    temporary: bool
    message: str


def failure_classify(exc: BaseException) -> Failure:
    """4xx replies, refused connections, timeouts and drops are temporary; 5xx are not.

    Anything else (a malformed address, a bug) will not mend itself by waiting either.
    """
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        detail = "; ".join(
            f"{rcpt}: {code} {_decode(msg)}" for rcpt, (code, msg) in exc.recipients.items()
        )
        return Failure(
            temporary=any(400 <= code < 500 for code in codes),
            message=f"Recipient refused: {detail}",
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        code = exc.smtp_code
        return Failure(
            temporary=not 500 <= code < 600,
            message=f"SMTP {code}: {_decode(exc.smtp_error)}",
        )
    if isinstance(exc, TimeoutError):
        return Failure(temporary=True, message=f"Timed out talking to the SMTP server: {exc}")
    if isinstance(exc, OSError):  # refused or dropped connections, other smtplib errors
        return Failure(temporary=True, message=f"{type(exc).__name__}: {exc}")
    return Failure(temporary=False, message=f"{type(exc).__name__}: {exc}")


def _decode(value: bytes | str) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)
