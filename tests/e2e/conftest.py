"""A real browser (Debian's Chromium, driven by Playwright) against the live test server.

Each test gets the demo content, seeded through the real services, the live server,
and its own Chromium (about a second to start; see `browser` for why it is not shared
between tests). Chromium is Debian's package: `make test` installs it when missing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.e2e.helpers import open_tab
from tests.helpers import load_demo

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture
def demo(transactional_db, settings):
    """The demo content, as `manage.py seed_demo` loads it.

    Password hashing is made cheap: the demo hashes four passwords and the tests log
    in several times, and Argon2's cost is not what these tests are about.
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()


@pytest.fixture
def browser(demo, live_server):
    """Chromium, started for one test once the demo is in the database, and stopped
    before the database is flushed.

    While Playwright's sync API runs, it marks an asyncio loop as running in this
    thread. Django then treats the thread as async: database calls from it are
    refused, and would get a connection other than the test's. So the test code
    touches the database only before the browser starts (seeding) and after it stops
    (the flush); in between, only the live server's own threads do.
    """
    if not Path(CHROMIUM).exists():
        missing = f"{CHROMIUM} is not installed: `make test` installs it (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(missing)
        pytest.skip(missing)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A desktop-sized tab in a context of its own."""
    tab = open_tab(browser)
    yield tab
    tab.context.close()
