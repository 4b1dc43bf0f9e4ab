"""A real SMTP server for the tests (aiosmtpd, on a free local port, in a thread).

The tests can take it down and bring it back on the same port (mail held
meanwhile must arrive once it returns), hold every conversation before the
sender is accepted (so a worker can be killed in the middle of a delivery,
before anything was handed over), and refuse chosen mailboxes with a lasting
5xx reply. Every message it accepts is kept, parsed, in arrival order.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
import threading
import time
from dataclasses import dataclass

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class Received:
    recipients: tuple[str, ...]
    message: email.message.EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def body(self) -> str:
        return self.message.get_content()


class _Handler:
    def __init__(self, server: MailServer):
        self.server = server

    async def handle_MAIL(self, smtp, session, envelope, address, mail_options):
        self.server.conversations_held += self.server.holding
        while self.server.holding:  # a cancelled conversation (client gone) ends here
            await asyncio.sleep(0.02)
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, smtp, session, envelope, address, rcpt_options):
        if address in self.server.refused:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, smtp, session, envelope):
        if self.server.delay:
            await asyncio.sleep(self.server.delay)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.server.lock:
            self.server.received.append(Received(tuple(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


class MailServer:
    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.received: list[Received] = []
        self.lock = threading.Lock()
        self.holding = False
        self.conversations_held = 0
        self.refused: set[str] = set()
        self.delay = 0.0
        self._controller: Controller | None = None

    @property
    def running(self) -> bool:
        return self._controller is not None

    def start(self) -> MailServer:
        if self._controller is None:
            self._controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)
            self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def reset(self) -> None:
        """Up, empty, and answering every conversation at once."""
        self.start()
        with self.lock:
            self.received.clear()
        self.holding = False
        self.conversations_held = 0
        self.refused.clear()
        self.delay = 0.0

    def hold(self) -> None:
        """Keep every new conversation waiting before its sender is accepted."""
        self.holding = True

    def release(self) -> None:
        self.holding = False

    def messages(self) -> list[Received]:
        with self.lock:
            return list(self.received)

    def wait_for(self, count: int, timeout: float = 30) -> list[Received]:
        """At least ``count`` messages, waiting for them up to ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while len(self.messages()) < count:
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"expected {count} messages within {timeout} s, got {len(self.messages())}"
                )
            time.sleep(0.05)
        return self.messages()

    def wait_until_held(self, timeout: float = 30) -> None:
        """Until a conversation is waiting at the hold: a delivery is under way."""
        deadline = time.monotonic() + timeout
        while self.conversations_held == 0:
            if time.monotonic() > deadline:
                raise AssertionError(f"no conversation reached the server within {timeout} s")
            time.sleep(0.05)
