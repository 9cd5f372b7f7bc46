"""FinSync with the keyboard alone: Tab reaches each field of the sign-in form and of a transaction's forms in the
order they are read, the focus shows as a clear ring at every step, and Enter or Space sends the form."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from accounts.tests.factories import PASSWORD, UserFactory
from finsync.tests.browser.browsing import sign_in
from transactions.tests.factories import TransactionFactory, category

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# The focused element's outline: its style, its width, and its contrast with the white of a card (an outline's colour
# may be see-through: it is laid over white first). WCAG asks 3:1 of what shows where the focus is.
FOCUS_RING = """(element) => {
    const style = getComputedStyle(element);
    const [r, g, b, a = 1] = style.outlineColor.match(/[\\d.]+/g).map(Number);
    const channel = (value) => {
        const c = (value * a + 255 * (1 - a)) / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    const luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    return {style: style.outlineStyle, width: parseFloat(style.outlineWidth), contrast: 1.05 / (luminance + 0.05)};
}"""


# How a person would name the focused element: its label, else its words.
NAME = """(element) => {
    const words = (element.labels && element.labels[0] ? element.labels[0].innerText : element.innerText) || "";
    return `${element.tagName.toLowerCase()} "${words.trim().slice(0, 40)}"`;
}"""


def assert_focus_ring(focused: Locator, name: str) -> None:
    ring = focused.evaluate(FOCUS_RING)
    assert ring["style"] != "none", f"{name} shows no focus ring: {ring}"
    assert ring["width"] >= 2, f"{name}'s focus ring is too thin to see: {ring}"
    assert ring["contrast"] >= 3, f"{name}'s focus ring is too faint to see ({ring['contrast']:.1f}:1)"


def tab_to(page: Page, target: Locator, name: str) -> None:
    """One press of Tab lands on `target`, and a person can see that it did."""
    page.keyboard.press("Tab")
    expect(target, f"Tab should land on {name}").to_be_focused()
    assert_focus_ring(target, name)


def tab_until(page: Page, target: Locator, name: str, at_most: int) -> None:
    """Tab, at most `at_most` times, until the focus is on `target`; every stop on the way shows its focus."""
    for _ in range(at_most):
        page.keyboard.press("Tab")
        focused = page.locator("*:focus")
        expect(focused).to_have_count(1)
        assert_focus_ring(focused, focused.evaluate(NAME))
        if target.evaluate("(element) => element === document.activeElement"):
            return
    pytest.fail(f"{at_most} presses of Tab did not reach {name}")


def tick(page: Page, checkbox: Locator, name: str) -> None:
    """Tab to the checkbox, and Space ticks it."""
    tab_to(page, checkbox, name)
    page.keyboard.press("Space")
    expect(checkbox).to_be_checked()


def skip_to_main(page: Page) -> None:
    """The first Tab of a page offers to skip the header; Enter takes the focus to the page's own content."""
    tab_to(page, page.get_by_role("link", name="Skip to main content"), "the skip link")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_signing_in_with_the_keyboard_alone(page):
    """From the top of the sign-in page, Tab goes through the form in reading order, each stop visible, and Enter on
    Sign in opens the dashboard."""
    email = UserFactory().email
    page.goto("/accounts/login/")
    skip_to_main(page)
    main = page.get_by_role("main")
    tab_to(page, main.get_by_role("link", name="sign up"), "the link to sign up instead")
    tab_to(page, page.get_by_label("Email"), "Email")
    page.keyboard.type(email)
    tab_to(page, page.get_by_label("Password"), "Password")
    page.keyboard.type(PASSWORD)
    tab_to(page, main.get_by_role("link", name="Forgot your password?"), "the forgotten password link")
    tick(page, page.get_by_label("Remember me"), "Remember me")
    tab_to(page, main.get_by_role("button", name="Sign in"), "the Sign in button")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Dashboard", exact=True)).to_be_visible()


BLUE_BOTTLE = {
    "description": "SQ *BLUE BOTTLE COFFEE",
    "merchant_name": "Blue Bottle Coffee",
    "merchant": "Blue Bottle Coffee",
}


@pytest.fixture
def coffee(page):
    """The signed-in person's two payments to Blue Bottle Coffee, in Coffee; the page shows the newer one."""
    user = UserFactory()
    coffee = category(user, "FOOD_AND_DRINK_COFFEE")
    today = timezone.localdate()
    txn = TransactionFactory(user=user, **BLUE_BOTTLE, category=coffee, date=today)
    TransactionFactory(user=user, **BLUE_BOTTLE, category=coffee, date=today - timedelta(days=7))
    sign_in(page, user.email)
    page.goto(f"/transactions/{txn.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Blue Bottle Coffee")
    return page


def test_changing_a_category_for_all_from_a_merchant_with_the_keyboard(coffee):
    """On a transaction's page, Tab reaches "Change to", typing picks a category, Space ticks "Apply to all from …",
    and Enter on Change category sets it here and on the merchant's other payment."""
    page = coffee
    skip_to_main(page)
    tab_to(page, page.get_by_role("navigation", name="Breadcrumb").get_by_role("link"), "the way back to Transactions")
    tab_to(page, page.get_by_role("link", name="Create a rule from this transaction"), "Create a rule")
    change_to = page.get_by_label("Change to")
    tab_to(page, change_to, "Change to")
    page.keyboard.type("Restaurants")
    expect(change_to.locator("option:checked")).to_have_text("Restaurants & bars")
    tick(page, page.get_by_label("Apply to all from Blue Bottle Coffee"), "Apply to all from Blue Bottle Coffee")
    tab_to(page, page.get_by_role("button", name="Change category"), "the Change category button")
    page.keyboard.press("Enter")
    expect(
        page.get_by_text("Category set to Restaurants & bars. 1 other transaction from Blue Bottle Coffee")
    ).to_be_visible()
    expect(page.locator(".txn-why")).to_contain_text("Restaurants & bars")


def test_writing_notes_and_labels_with_the_keyboard(coffee):
    """Tab goes down the page to "Your notes and labels", then from Merchant through Notes, Tags and the three ticks
    to Save, and Space on Save keeps what was typed and ticked."""
    page = coffee
    skip_to_main(page)
    tab_until(page, page.get_by_role("textbox", name="Merchant"), "Merchant", at_most=12)
    tab_to(page, page.get_by_role("textbox", name="Notes"), "Notes")
    page.keyboard.type("Coffee with Sam, to talk about the move")
    tab_to(page, page.get_by_role("textbox", name="Tags"), "Tags")
    page.keyboard.type("friends, moving")
    tab_to(page, page.get_by_label("Transfer between my accounts"), "Transfer between my accounts")
    tab_to(page, page.get_by_label("Leave out of spending, budgets and reports"), "Leave out of spending")
    tick(page, page.get_by_label("Flag for a closer look"), "Flag for a closer look")
    save = page.get_by_role("complementary").get_by_role("button", name="Save")
    tab_to(page, save, "the Save button")
    page.keyboard.press("Space")
    expect(page.get_by_role("status")).to_contain_text("Saved the notes, tags and flag")
    expect(page.get_by_role("textbox", name="Notes")).to_have_value("Coffee with Sam, to talk about the move")
    expect(page.get_by_role("textbox", name="Tags")).to_have_value("friends, moving")
    expect(page.locator(".txn-header")).to_contain_text("Flagged")
