"""Every main page on a laptop and on a phone: it opens without a console error, nothing sticks out past the edge of
the screen or of its card, the navigation works with a thumb, and a full-page screenshot of each is kept in
artifacts/screenshots/ for a person to look at."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from accounts.tests.factories import UserFactory
from banking.models import Connection
from budgets.models import Budget
from finsync.tests.browser.browsing import ARTIFACTS, PHONE, sign_in
from reports.models import Report
from transactions.models import Transaction

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCREENSHOTS = ARTIFACTS / "screenshots"

# What sticks out: the page itself past the screen's right edge; any element past the screen's edge that no box
# around it scrolls or clips; any element past the right edge of the card (panel, table frame) it sits in, unless
# the card, or a box inside it, scrolls it into view (a wide table or chart that scrolls sideways is meant to).
OVERFLOW = """() => {
    const width = window.innerWidth;
    const boxes = ".card, .panel, .table-wrap, .empty-state, .rule-list, .notification-list";
    const clippedWithin = (element, outer) => {
        const last = outer && outer.parentElement;
        for (let box = element.parentElement; box && box !== last && box !== document.body; box = box.parentElement) {
            if (getComputedStyle(box).overflowX !== "visible") return box;
        }
        return null;
    };
    const name = (element) => element.tagName.toLowerCase() + [...element.classList].map((c) => "." + c).join("")
        + (element.textContent.trim() ? ` "${element.textContent.trim().slice(0, 30)}"` : "");
    const out = [];
    for (const element of document.body.querySelectorAll("*")) {
        const edge = element.getBoundingClientRect();
        if (edge.width === 0 || edge.height === 0) continue;
        if (edge.right > width + 1 || edge.left < -1) {
            const clip = clippedWithin(element, null);
            if (!clip || clip.getBoundingClientRect().right > width + 1) {
                out.push(`${name(element)} runs off the screen`);
                continue;
            }
        }
        const card = element.parentElement && element.parentElement.closest(boxes);
        if (card && edge.right > card.getBoundingClientRect().right + 1 && !clippedWithin(element, card)) {
            out.push(`${name(element)} sticks out of ${name(card).split(" ")[0]}`);
        }
    }
    return {page: document.documentElement.scrollWidth, width, out: out.slice(0, 5)};
}"""


def assert_fits(page: Page, where: str) -> None:
    """Nothing needs a sideways scroll of the whole page to be seen, and nothing spills out of its card."""
    fit = page.evaluate(OVERFLOW)
    assert fit["page"] <= fit["width"], f"{where}: the page is {fit['page']}px wide on a {fit['width']}px screen"
    assert not fit["out"], f"{where}: {'; '.join(fit['out'])}"


def screenshot(page: Page, name: str) -> None:
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


# The demo person's main pages -------------------------------------------------------------------------------------


def a_transaction() -> tuple[str, str]:
    txn = Transaction.objects.filter(pending=False).exclude(merchant="").order_by("-date", "-pk").first()
    return f"/transactions/{txn.pk}/", txn.merchant


def a_budget() -> tuple[str, str]:
    budget = Budget.objects.order_by("pk").first()
    return f"/budgets/{budget.pk}/", budget.name


def a_report() -> tuple[str, re.Pattern]:
    return f"/reports/{Report.objects.get(kind=Report.Kind.MONTHLY).pk}/", re.compile(r"^\s*Monthly report")


def a_connection() -> tuple[str, str]:
    connection = Connection.objects.get()
    return f"/connections/{connection.pk}/", str(connection.institution)


# Each main page: where it is and the heading it opens with (or how to find both in the demo person's data).
MAIN_PAGES: dict[str, tuple[str, str] | Callable[[], tuple[str, str | re.Pattern]]] = {
    "dashboard": ("/", "Dashboard"),
    "transactions": ("/transactions/", "Transactions"),
    "transaction": a_transaction,
    "rules": ("/transactions/rules/", "Rules"),
    "categories": ("/transactions/categories/", "Categories"),
    "import": ("/transactions/imports/new", "Import a file"),
    "budgets": ("/budgets/", "Budgets"),
    "budget": a_budget,
    "bills": ("/bills/", "Bills"),
    "trends": ("/trends/", "Trends"),
    "reports": ("/reports/", "Reports"),
    "report": a_report,
    "connections": ("/connections/", "Connections"),
    "connection": a_connection,
    "settings": ("/settings/", "Preferences"),
    "notifications": ("/notifications/", "Notifications"),
}


@pytest.mark.parametrize("name", MAIN_PAGES)
def test_a_main_page_fits_a_laptop_and_a_phone(demo, phone, name):
    """With a year of history, the page opens with its heading, and nothing sticks out past the screen or out of
    its card, on a laptop or on a phone."""
    where = MAIN_PAGES[name]
    path, heading = where() if callable(where) else where
    for device, page in (("desktop", demo), ("phone", phone(signed_in_as=demo))):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_fits(page, f"{name} on a {device}")
        screenshot(page, f"{name}-{device}")


# A new person, nothing linked yet ------------------------------------------------------------------------------------

# Each page: where it is, what its empty state says, and the way on it offers (if any).
EMPTY_PAGES = {
    "dashboard": ("/", "Nothing to show yet", "Go to Connections"),
    "transactions": ("/transactions/", "No transactions yet", None),
    "budgets": ("/budgets/", "No budgets yet", None),
    "bills": ("/bills/", "No bills yet", None),
    "trends": ("/trends/", "Nothing in these months", "See your transactions"),
    "reports": ("/reports/", "No reports yet", "Choose report frequency"),
    "connections": ("/connections/", "No bank connections yet", None),
    "notifications": ("/notifications/", "No notifications yet", None),
}


@pytest.mark.parametrize("name", EMPTY_PAGES)
def test_a_new_persons_empty_page_says_what_to_do(page, phone, name):
    """Before anything is linked, the page says so in words, offers the way on, and fits a laptop and a phone."""
    path, heading, action = EMPTY_PAGES[name]
    sign_in(page, UserFactory().email)
    for device, shown in (("desktop", page), ("phone", phone(signed_in_as=page))):
        shown.goto(path)
        expect(shown.get_by_role("heading", name=heading)).to_be_visible()
        if action:
            expect(shown.get_by_role("link", name=action)).to_be_visible()
        assert_fits(shown, f"{name} with nothing linked, on a {device}")
        screenshot(shown, f"empty-{name}-{device}")


# Signed out --------------------------------------------------------------------------------------------------------

SIGNED_OUT_PAGES = {
    "sign-in": ("/accounts/login/", re.compile("Sign in", re.IGNORECASE)),
    "sign-up": ("/accounts/signup/", re.compile("Sign up", re.IGNORECASE)),
}


@pytest.mark.parametrize("name", SIGNED_OUT_PAGES)
def test_a_signed_out_page_fits_a_laptop_and_a_phone(page, phone, name):
    """The way in opens with its heading and fits a laptop and a phone."""
    path, heading = SIGNED_OUT_PAGES[name]
    for device, shown in (("desktop", page), ("phone", phone())):
        shown.goto(path)
        expect(shown.get_by_role("heading", level=1)).to_have_text(heading)
        assert_fits(shown, f"{name} on a {device}")
        screenshot(shown, f"{name}-{device}")


# The navigation on a phone -----------------------------------------------------------------------------------------

# Each way round FinSync from the header: its link, and the heading of the page it opens.
NAVIGATION = {
    "Dashboard": "Dashboard",
    "Transactions": "Transactions",
    "Budgets": "Budgets",
    "Bills": "Bills",
    "Trends": "Trends",
    "Reports": "Reports",
    "Connections": "Connections",
    "Settings": "Preferences",
    "Notifications": "Notifications",
}


@pytest.mark.parametrize("link", NAVIGATION)
def test_the_header_takes_a_phone_everywhere(page, phone, link):
    """On a phone, each link of the header is on the screen, big enough for a thumb, and opens its page, which then
    shows it as the current one."""
    sign_in(page, UserFactory().email)
    on_phone = phone(signed_in_as=page)
    on_phone.goto("/bills/" if link == "Dashboard" else "/")
    header = on_phone.get_by_role("banner")
    target = header.get_by_role("link", name=re.compile(rf"^{link}\b"))
    expect(target).to_be_in_viewport()
    size = target.bounding_box()
    assert min(size["width"], size["height"]) >= 24, f"the {link} link is only {size} px: too small to tap"
    assert 0 <= size["x"] <= size["x"] + size["width"] <= PHONE["viewport"]["width"], f"{link} is off the screen"
    target.tap()
    expect(on_phone.get_by_role("heading", level=1)).to_have_text(NAVIGATION[link])
    expect(target).to_have_attribute("aria-current", "page")


def test_the_header_keeps_to_one_line_on_a_laptop(page):
    """On a laptop the header is one row however long the person's name: every link on the same line, and the bell,
    the name (cut short if need be) and Sign out beside them, not over them."""
    sign_in(page, UserFactory(email="alexandra.featherstonehaugh-montgomery@example.com").email)
    header = page.get_by_role("banner")
    links = header.get_by_role("navigation", name="Main").get_by_role("link")
    expect(links).to_have_count(8)
    tops = {round(box["y"]) for box in (link.bounding_box() for link in links.all())}
    assert len(tops) == 1, f"the header's links are on {len(tops)} lines"
    nav_right = max(box["x"] + box["width"] for box in (link.bounding_box() for link in links.all()))
    for tool in (header.get_by_role("link", name="Notifications"), header.get_by_role("link", name="Sign out")):
        box = tool.bounding_box()
        assert box["x"] >= nav_right, f"{tool} overlaps the links"
        assert min(box["width"], box["height"]) >= 24, f"{tool} is squeezed to {box}"


def test_a_phone_can_sign_out_from_the_header(page, phone):
    """On a phone, Sign out is on the screen in the header, and signs the person out."""
    sign_in(page, UserFactory().email)
    on_phone = phone(signed_in_as=page)
    on_phone.goto("/")
    sign_out = on_phone.get_by_role("banner").get_by_role("link", name="Sign out")
    expect(sign_out).to_be_in_viewport()
    sign_out.tap()
    on_phone.get_by_role("button", name="Sign out").tap()
    expect(on_phone.get_by_role("banner").get_by_role("link", name="Sign in")).to_be_visible()
