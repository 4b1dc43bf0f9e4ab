"""The outbox's plain rules: one-line subjects, retry delays, lasting failures."""

from __future__ import annotations

import smtplib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from outbox import rules


def test_a_title_with_line_breaks_becomes_one_line():
    title = "Neutropenia\r\nBcc: everyone@example.org\u2028and fever\tin children"
    assert rules.one_line(title) == "Neutropenia Bcc: everyone@example.org and fever in children"


def test_a_long_subject_is_cut_with_an_ellipsis():
    subject = rules.one_line("word " * 100)
    assert len(subject) == rules.SUBJECT_LIMIT and subject.endswith("…")


@given(st.text())
def test_a_subject_never_holds_a_line_break_and_is_stable(text):
    line = rules.one_line(text)
    assert "\r" not in line and "\n" not in line and line.isprintable()
    assert rules.one_line(line) == line


def test_retry_delays_double_up_to_the_cap():
    delays = [rules.retry_delay(n, base=60, cap=600) for n in range(1, 7)]
    assert delays == [60, 120, 240, 480, 600, 600]
    with pytest.raises(ValueError):
        rules.retry_delay(0, base=60, cap=600)


@pytest.mark.parametrize(
    ("error", "permanent"),
    [
        (ConnectionRefusedError(111, "Connection refused"), False),
        (TimeoutError("timed out"), False),
        (smtplib.SMTPServerDisconnected("Connection unexpectedly closed"), False),
        (smtplib.SMTPResponseException(421, b"Try again later"), False),
        (smtplib.SMTPDataError(451, b"Local error"), False),
        (smtplib.SMTPDataError(554, b"Message refused"), True),
        (smtplib.SMTPAuthenticationError(535, b"Bad credentials"), True),
        (smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"No such mailbox")}), True),
        (smtplib.SMTPRecipientsRefused({"a@example.org": (450, b"Mailbox busy")}), False),
        (ValueError("Invalid address"), True),
    ],
)
def test_which_failures_last(error, permanent):
    assert rules.is_permanent(error) is permanent
    assert rules.describe(error)


def test_the_reason_names_what_the_server_said():
    refused = smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"No such\r\nmailbox")})
    assert rules.describe(refused) == (
        "The mail server refused the recipient (a@example.org: 550 No such mailbox)"
    )
    assert rules.describe(ConnectionRefusedError(111, "Connection refused")) == (
        "ConnectionRefusedError: [Errno 111] Connection refused"
    )


def test_every_attempt_at_one_email_carries_the_same_message_id():
    first = rules.message_id("decision:7:alice@example.org", "example.org")
    assert first == rules.message_id("decision:7:alice@example.org", "example.org")
    assert first != rules.message_id("decision:7:bob@example.org", "example.org")
    assert first.startswith("<") and first.endswith("@example.org>")
