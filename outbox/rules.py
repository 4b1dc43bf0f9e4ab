"""The outbox's rules, in plain Python: safe header text, retry delays, which failures last.

No Django here, so each rule is tested on its own.
"""

from __future__ import annotations

import hashlib
import smtplib

SUBJECT_LIMIT = 200


def one_line(text: str, *, limit: int = SUBJECT_LIMIT) -> str:
    """``text`` as one header-safe line: every run of whitespace, line breaks of any
    kind included (CR, LF, U+2028...), becomes one space; cut at ``limit`` characters.

    A title typed with a line break still gives a subject, never a dropped message.
    """
    # Line breaks and other control characters become spaces, then runs of spaces one.
    line = " ".join("".join(ch if ch.isprintable() else " " for ch in str(text)).split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def retry_delay(attempt: int, *, base: float, cap: float) -> float:
    """Seconds to wait after failed attempt number ``attempt`` (1, 2, ...): the base,
    doubled after each further failure, never more than ``cap``."""
    if attempt < 1:
        raise ValueError("attempt counts from 1")
    return min(cap, base * 2 ** (attempt - 1))


def is_permanent(error: BaseException) -> bool:
    """Whether trying the same message again cannot help.

    The mail server's 5xx replies are final (unknown mailbox, message refused,
    authentication failed); so is a message we cannot even build (a malformed
    address or header). Everything else, a refused connection, a timeout, a 4xx
    reply, a dropped connection, passes with time.
    """
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return 500 <= error.smtp_code < 600
    return isinstance(error, ValueError | TypeError)


def describe(error: BaseException) -> str:
    """One line saying why an attempt failed, for the administrator."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        reasons = "; ".join(
            f"{address}: {code} {_text(message)}"
            for address, (code, message) in error.recipients.items()
        )
        return f"The mail server refused the recipient ({reasons})"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"The mail server answered {error.smtp_code} {_text(error.smtp_error)}"
    detail = one_line(str(error), limit=500) or "no detail"
    return f"{type(error).__name__}: {detail}"


def message_id(key: str, domain: str) -> str:
    """The same Message-ID for every attempt at one email, so a mail system that
    received it twice (sent, then the worker died before noting it) can tell."""
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    return f"<{digest}@{domain}>"


def _text(message) -> str:
    if isinstance(message, bytes):
        message = message.decode("utf-8", "replace")
    return one_line(message, limit=300)
