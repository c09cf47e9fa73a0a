"""Browser fixtures: the app served over real HTTP, and Debian's chromium driven by Playwright.

The browser is always /usr/bin/chromium (Playwright never downloads one). When it is missing, CI
(SAPA_CI=1, set by .ci/run, which installs it) fails the browser tests, so it cannot pass without
running them; on a newcomer's machine with Python alone they are skipped with the package to install.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
# This machine reaches nothing beyond localhost: without these flags Chromium's own background
# connections (updates, sync, QUIC probes) get refused and can stall the pages under test.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TIMEOUT_MS = 10_000  # a local page answers in milliseconds; fail fast instead of Playwright's 30 s


@pytest.fixture
def screenshots(tmp_path) -> Path:
    """Where tests save screenshots: docs/screenshots under `make screenshots` (SAPA_SCREENSHOTS=1),
    a temporary folder otherwise, so a test run leaves the work tree clean."""
    if os.environ.get("SAPA_SCREENSHOTS") == "1":
        folder = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    return tmp_path


@pytest.fixture
def live_server(app, serve_app):
    """The `app` fixture served over real HTTP; yields its base URL."""
    return serve_app(app)


@pytest.fixture(scope="session")
def launch_chromium():
    """Launch headless Debian chromium (from `executable`, /usr/bin/chromium unless told); when it is
    missing, fail in CI and skip elsewhere, with the package to install. Every browser launched is
    closed after the run."""
    playwright = sync_playwright().start()
    launched = []

    def launch(executable: Path = CHROMIUM):
        if not (executable.is_file() and os.access(executable, os.X_OK)):
            why = (f"{executable} is missing: the browser tests need Debian's chromium package "
                   "(apt-get install chromium). Playwright must never download its own browser.")
            if os.environ.get("SAPA_CI") == "1":
                pytest.fail(why, pytrace=False)
            pytest.skip(why)
        launched.append(playwright.chromium.launch(executable_path=str(executable), headless=True,
                                                   args=CHROMIUM_ARGS))
        return launched[-1]

    yield launch
    for browser in launched:
        browser.close()
    playwright.stop()


@pytest.fixture(scope="session")
def browser(launch_chromium):
    return launch_chromium()


@pytest.fixture
def page(browser):
    """A fresh page in its own context (no cookies or storage shared between tests)."""
    context = browser.new_context()
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()
