"""A real Chromium, driven by Playwright, against the app served by pytest-django's live server.

The server runs in a thread of the test process, with Celery tasks run eagerly inside its requests (as `make run`
does): the browser sees a link's import finish before the page it lands on. Outgoing email is Django's test outbox.

The browser: `FINSYNC_BROWSER` names its executable (CI sets it, and a wrong path fails); without it, Playwright's
own Chromium if it is installed, else the system's `chromium`. With no browser at all these tests are skipped, and
the run says so once at its end.
"""

import io
import os
import shutil
from pathlib import Path

import pytest

from reports.tests.pdf import PDFTOTEXT

HERE = Path(__file__).parent
ARTIFACTS = Path(__file__).resolve().parents[3] / "artifacts"
WAIT_MS = 20_000  # a 2-core CI machine printing a PDF while Chromium renders: generous, never a sleep


def browser_executable() -> str | None:
    if named := os.environ.get("FINSYNC_BROWSER"):
        if not os.access(named, os.X_OK):
            raise pytest.UsageError(f"FINSYNC_BROWSER={named} is not an executable browser")
        return named
    try:
        from playwright.sync_api import sync_playwright

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


@pytest.fixture(scope="package")
def browser(pytestconfig):
    """One Chromium for these tests. Playwright's synchronous API keeps an event loop in this thread while it lives,
    which Django takes for async code calling the ORM: it is not, so Django's guard is lifted until it closes."""
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        executable = pytestconfig.finsync_browser
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=["--no-sandbox"])
        yield browser
        browser.close()


class ConsoleErrors(list):
    """Everything the page's console reported as an error, or threw. A page that answers with an error status
    (another person's report: 404) makes Chromium say so in the console too: that is the page doing its job, and
    the test checks the status; an error status for anything the page loads is still an error."""

    def watch(self, page):
        refused: set[str] = set()
        page.on("response", lambda r: r.request.resource_type == "document" and r.status >= 400 and refused.add(r.url))
        page.on("console", lambda message: self._console(message, refused))
        page.on("pageerror", lambda error: self.append(str(error)))

    def _console(self, message, refused: set[str]) -> None:
        page_refused = message.text.startswith("Failed to load resource") and message.location["url"] in refused
        if message.type == "error" and not page_refused:
            self.append(f"{message.text} ({message.location['url']})")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.finsync_failed = report.failed
    return report


@pytest.fixture
def page(browser, live_server, request):
    from playwright.sync_api import expect

    expect.set_options(timeout=WAIT_MS)
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    errors = ConsoleErrors()
    errors.watch(page)
    yield page
    if getattr(request.node, "finsync_failed", False):
        page.screenshot(path=ARTIFACTS / "failures" / f"{request.node.name}.png", full_page=True)
    context.close()
    assert not errors, f"the browser console reported errors: {errors}"


@pytest.fixture
def demo(page):
    """The page, signed in as `seed_demo`'s person: a year of Demo Bank history, budgets, bills and reports."""
    from django.core.management import call_command

    from reports.management.commands.seed_demo import DEMO_EMAIL, DEMO_PASSWORD

    call_command("seed_demo", stdout=io.StringIO())
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(DEMO_EMAIL)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("/")
    return page
