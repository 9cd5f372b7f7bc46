"""What the browser tests share: the windows a test opens, their console errors, and signing in."""

from pathlib import Path

from playwright.sync_api import Browser, Page

from accounts.tests.factories import PASSWORD

ARTIFACTS = Path(__file__).resolve().parents[3] / "artifacts"  # git-ignored
WAIT_MS = 20_000  # a 2-core CI machine printing a PDF while Chromium renders: generous, never a sleep
LAPTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


class ConsoleErrors(list):
    """Everything a page's console reported as an error, or threw. A page that answers with an error status
    (another person's report: 404) makes Chromium say so in the console too: that is the page doing its job, and
    the test checks the status; an error status for anything the page loads is still an error."""

    def watch(self, page: Page) -> None:
        refused: set[str] = set()
        page.on("response", lambda r: r.request.resource_type == "document" and r.status >= 400 and refused.add(r.url))
        page.on("console", lambda message: self._console(message, refused))
        page.on("pageerror", lambda error: self.append(str(error)))

    def _console(self, message, refused: set[str]) -> None:
        page_refused = message.text.startswith("Failed to load resource") and message.location["url"] in refused
        if message.type == "error" and not page_refused:
            self.append(f"{message.text} ({message.location['url']})")


class Windows:
    """The browser windows one test opens, a laptop's or a phone's, each with its own cookies."""

    def __init__(self, browser: Browser, base_url: str):
        self.browser, self.base_url = browser, base_url
        self.contexts, self.errors = [], ConsoleErrors()

    def open(self, device: dict, *, signed_in_as: Page | None = None) -> Page:
        """A new window on `device` (LAPTOP, PHONE); signed in as the person signed in on `signed_in_as`."""
        context = self.browser.new_context(base_url=self.base_url, **device)
        context.set_default_timeout(WAIT_MS)
        if signed_in_as is not None:
            context.add_cookies(signed_in_as.context.cookies())
        self.contexts.append(context)
        page = context.new_page()
        self.errors.watch(page)
        return page

    def close(self, *, failed_test: str | None) -> None:
        """Close every window; a failed test leaves each window's last page as a screenshot."""
        for number, context in enumerate(self.contexts):
            if failed_test:
                for page in context.pages:
                    page.screenshot(path=ARTIFACTS / "failures" / f"{failed_test}-{number}.png", full_page=True)
            context.close()


def sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    """The sign-in form, sent: the page is then wherever it leads (the dashboard, or the second factor)."""
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
