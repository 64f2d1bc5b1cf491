"""A real SMTP server (aiosmtpd) on a free loopback port, for the mail tests, and the settings
that point django-mailer's worker at it."""

import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller

SITE = "http://portal.test"


class Inbox:
    """What the SMTP server received, as parsed messages."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        )
        return "250 Message accepted"

    def to(self, address):
        return [m for m in self.messages if m["To"] == address]


class SmtpServer:
    def __init__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.inbox = Inbox()
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        self.controller.stop()
        self.controller = None


def use_smtp_server(settings, site=SITE):
    server = SmtpServer()
    server.start()
    # Django's test set-up swaps EMAIL_BACKEND for its in-memory outbox: put the queue back.
    settings.EMAIL_BACKEND = "mailer.backend.DbBackend"
    settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    # Test modules run in parallel: no shared lock file between their workers.
    settings.MAILER_USE_FILE_LOCK = False
    settings.SITE_URL = site
    settings.SECRETARIAT_EMAIL = "secretariat@example.org"
    return server


@pytest.fixture(name="smtp")
def smtp_fixture(settings):
    server = use_smtp_server(settings)
    yield server
    if server.controller is not None:
        server.stop()
