"""A real Chromium, driven by Playwright, against the app served by pytest-django's live server.

The server runs in a thread of the test process, with Celery tasks run eagerly inside its requests (as `make run`
does): the browser sees a link's import finish before the page it lands on. Outgoing email is Django's test outbox.

The browser: `FINSYNC_BROWSER` names its executable (CI sets it, and a wrong path fails); without it, Playwright's
own Chromium if it is installed, else the system's `chromium`. Without a browser, or without poppler's pdftotext to
read a report, these tests are skipped, and the run says so once at its end; with FINSYNC_BROWSER set, a missing
pdftotext stops the run instead.
"""

import io
import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect, sync_playwright

from finsync.tests.browser.browsing import LAPTOP, PHONE, WAIT_MS, Windows, sign_in
from reports.management.commands.seed_demo import DEMO_EMAIL, DEMO_PASSWORD
from reports.tests.pdf import PDFTOTEXT

HERE = Path(__file__).parent


def browser_executable() -> str | None:
    if named := os.environ.get("FINSYNC_BROWSER"):
        if not os.access(named, os.X_OK):
            raise pytest.UsageError(f"FINSYNC_BROWSER={named} is not an executable browser")
        return named
    try:
        with sync_playwright() as playwright:
            own = playwright.chromium.executable_path
    except Exception:  # no driver, or no browser downloaded: look for the system's
        own = None
    if own and os.access(own, os.X_OK):
        return own
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def pytest_collection_modifyitems(config, items):
    ours = [item for item in items if HERE in Path(item.fspath).parents]
    if not ours:
        return
    config.finsync_browser = browser_executable()
    needed = {"Chromium": config.finsync_browser, "poppler's pdftotext (to read the PDF)": PDFTOTEXT}
    if missing := [what for what, found in needed.items() if not found]:
        if os.environ.get("FINSYNC_BROWSER"):  # named, as CI does: these tests must run
            raise pytest.UsageError(f"The browser tests need {' and '.join(missing)}, which is not installed")
        skip = pytest.mark.skip(reason=f"not installed: {', '.join(missing)}")
        for item in ours:
            item.add_marker(skip)
        config.finsync_browser_missing = (len(ours), missing)


def pytest_terminal_summary(terminalreporter, config):
    if missing := getattr(config, "finsync_browser_missing", None):
        count, what = missing
        terminalreporter.write_line(
            f"The {count} browser tests did not run: {' and '.join(what)} not installed. On Debian: apt-get install "
            "chromium poppler-utils; or name a browser's executable in FINSYNC_BROWSER.",
            yellow=True,
            bold=True,
        )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.finsync_failed = report.failed
    return report


@pytest.fixture(scope="package")
def browser(pytestconfig):
    """One Chromium for these tests. Playwright's synchronous API keeps an event loop in this thread while it lives,
    which Django takes for async code calling the ORM: it is not, so Django's guard is lifted until it closes."""
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        executable = pytestconfig.finsync_browser
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=["--no-sandbox"])
        expect.set_options(timeout=WAIT_MS)
        yield browser
        browser.close()


@pytest.fixture
def windows(browser, live_server, request):
    """Opens windows on the live server; their console errors fail the test."""
    windows = Windows(browser, live_server.url)
    yield windows
    windows.close(failed_test=request.node.name if getattr(request.node, "finsync_failed", False) else None)
    assert not windows.errors, f"the browser console reported errors: {windows.errors}"


@pytest.fixture
def page(windows):
    """A laptop's window."""
    return windows.open(LAPTOP)


@pytest.fixture
def phone(windows):
    """Opens a phone's window (390 by 844, touch), signed in as on the page given, if any."""
    return lambda signed_in_as=None: windows.open(PHONE, signed_in_as=signed_in_as)


@pytest.fixture
def demo(page):
    """The page, signed in as `seed_demo`'s person: a year of Demo Bank history, budgets, bills and reports."""
    call_command("seed_demo", stdout=io.StringIO())
    sign_in(page, DEMO_EMAIL, DEMO_PASSWORD)
    return page
