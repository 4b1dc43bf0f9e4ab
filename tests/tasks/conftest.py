"""Fixtures for background work: a real SMTP server the platform sends to."""

from __future__ import annotations

import pytest

from tests.mail_server import MailServer


@pytest.fixture
def mail_server(settings):
    """A real SMTP server on a free port, and the platform's mail pointed at it."""
    server = MailServer().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_TIMEOUT = 5
    try:
        yield server
    finally:
        server.stop()
