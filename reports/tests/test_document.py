"""A report's content and its PDF: figures equal sums worked out by hand over the fixture's transactions."""

import io
import subprocess
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone
from PIL import Image

from budgets.models import Bill, UnusualCharge
from budgets.periods import Period
from budgets.tests.factories import budget_for, category
from reports.document import report_content, report_html, report_render, report_statement
from reports.periods import period_parse
from reports.tests.pdf import PDFTOPPM, needs_poppler, pdf_text
from transactions.models import Transaction
from transactions.services import SplitInput, transaction_split, transaction_update

NOVEMBER = Period(date(2026, 11, 1), date(2026, 11, 30))
ARTIFACTS = Path(settings.BASE_DIR) / "artifacts" / "reports"


@pytest.fixture(autouse=True)
def _december():
    with time_machine.travel(datetime(2026, 12, 2, 9, 0, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def month(bank):
    """November: pay, groceries with a refund, a split, a transfer, one left out, a pending one, a charge in euros;
    October: groceries and a restaurant."""
    user, add = bank.user, bank.add
    user.display_name = "Robin Example"
    user.save()
    add("ACME CORP PAYROLL", "3000.00", date=date(2026, 11, 5), category_detailed="INCOME_SALARY")
    safeway = add("SAFEWAY", "-200.00", date=date(2026, 11, 6), category_detailed="FOOD_AND_DRINK_GROCERIES")
    add("SAFEWAY REFUND", "20.00", date=date(2026, 11, 7), category_detailed="FOOD_AND_DRINK_GROCERIES")
    split = add("COSTCO", "-100.00", date=date(2026, 11, 8), category_detailed="FOOD_AND_DRINK_GROCERIES")
    transaction_split(
        user=user,
        transaction=split,
        lines=[
            SplitInput(category(user, "FOOD_AND_DRINK_GROCERIES"), Decimal("-60.00")),
            SplitInput(category(user, "GENERAL_MERCHANDISE_SUPERSTORES"), Decimal("-40.00")),
        ],
    )
    moved = add("TO SAVINGS", "-500.00", date=date(2026, 11, 9))
    transaction_update(user=user, transaction=moved, changes={"is_transfer": True})
    left_out = add("BIRTHDAY GIFT FOR MOM", "-100.00", date=date(2026, 11, 10))
    transaction_update(user=user, transaction=left_out, changes={"is_excluded": True})
    add("TRADER JOE'S", "-30.00", date=date(2026, 11, 11), pending=True, category_detailed="FOOD_AND_DRINK_GROCERIES")
    add("HOTEL PARIS", "-999.00", date=date(2026, 11, 12), currency="EUR", category_detailed="TRAVEL_LODGING")
    add("SAFEWAY", "-50.00", date=date(2026, 10, 20), category_detailed="FOOD_AND_DRINK_GROCERIES")
    add("NOPA", "-75.00", date=date(2026, 10, 21), category_detailed="FOOD_AND_DRINK_RESTAURANT")
    add("ACME CORP PAYROLL", "2500.00", date=date(2026, 10, 5), category_detailed="INCOME_SALARY")
    bank.safeway = safeway
    return bank


def test_the_summary_and_categories_equal_sums_by_hand(month):
    content = report_content(user=month.user, kind="monthly", period=NOVEMBER)

    # income: the pay; spending: 200 - 20 refunded + 100 split + 30 pending (transfer, left out, euros not counted)
    assert (content.summary.income, content.summary.spending) == (Decimal("3000.00"), Decimal("310.00"))
    assert content.summary.net == Decimal("2690.00")
    assert content.summary.savings_rate == Decimal("89.7")
    assert (content.previous_summary.income, content.previous_summary.spending) == (
        Decimal("2500.00"),
        Decimal("125.00"),
    )
    figures = {figure.label: figure for figure in content.figures}
    assert figures["Spending"].change == Decimal("148.0")  # 310 / 125 - 1
    assert figures["Income"].change == Decimal("20.0")
    assert figures["Net"].change == Decimal("315.00")  # 2690 - (2500 - 125), told in money
    assert figures["Savings rate"].change == Decimal("-5.3")  # 89.7% - 95.0%, in points

    spent = {row.name: (row.spent, row.previous) for row in content.categories}
    # Food & drink: 200 - 20 + 60 (its part of the split) + 30; October 50 + 75
    assert spent["Food & drink"] == (Decimal("270.00"), Decimal("125.00"))
    assert spent["Shopping"] == (Decimal("40.00"), Decimal("0"))  # the split's other part
    assert content.categories_spent == content.summary.spending, "the breakdown adds up to the spending"
    assert [row.label for row in content.history] == ["Jun", "Jul", "Aug", "Sep", "Oct", "Nov"]


def test_the_appendix_lists_what_the_figures_count_and_says_what_they_leave_out(month):
    content = report_content(user=month.user, kind="monthly", period=NOVEMBER)
    rows = [(row.txn.description, row.txn.amount, [line.amount for line in row.lines]) for row in content.appendix]
    assert rows == [
        ("ACME CORP PAYROLL", Decimal("3000.00"), []),
        ("SAFEWAY", Decimal("-200.00"), []),
        ("SAFEWAY REFUND", Decimal("20.00"), []),
        ("COSTCO", Decimal("-100.00"), [Decimal("-60.00"), Decimal("-40.00")]),
        ("TRADER JOE'S", Decimal("-30.00"), []),
    ]
    assert (content.appendix_in, content.appendix_out) == (Decimal("3020.00"), Decimal("-330.00"))
    assert content.appendix_in + content.appendix_out == content.summary.net
    left_out = content.left_out
    assert (left_out.transfers, left_out.excluded, left_out.other_currency) == (1, 1, 1)


def test_the_appendix_on_paper_lines_up_its_amounts_and_cuts_no_text_off(month):
    long = month.add("NEIGHBOURHOOD FARMERS COOPERATIVE MARKET STALL 42 SEASONAL VEGETABLES AND FRUIT", "-12.34")
    content = report_content(user=month.user, kind="monthly", period=NOVEMBER)

    statement = report_statement(content)

    rows = [row for group in statement.groups for row in group]
    assert len(rows) == len(content.appendix)
    assert {len(row.first + row.amount) for row in rows} == {len(statement.heading)}, "amounts end in one column"
    shown = {row.first.split()[2]: row for row in rows}  # after the date ("8 Nov"), the description
    costco = shown["Costco"]
    assert (costco.first.split()[-1], costco.amount.strip()) == ("Checking", "−100.00 USD")
    assert [part.split() for part in costco.more.splitlines()[1:]] == [
        ["↳", "Groceries", "Groceries", "−60.00", "USD"],
        ["↳", "Superstores", "Superstores", "−40.00", "USD"],
    ], "a split's parts under it, each with its amount"
    assert shown["Neighbourhood"].more.count("\n") == 1, "a long description goes on in its column below"
    text = " ".join(row.first + row.more for row in rows)
    assert all(word in text for word in long.merchant.split()), "nothing of it is cut off"


def test_budgets_unusual_charges_and_bills_are_those_of_the_period(month):
    user = month.user
    budget_for(user, "FOOD_AND_DRINK", amount="400", name="Food")
    budget_for(user, "FOOD_AND_DRINK_GROCERIES", "GENERAL_MERCHANDISE", amount="500", name="Shops and groceries")
    UnusualCharge.objects.create(user=user, transaction=month.safeway, reason="amount", explanation="3.4x your usual")
    costco = content_txn(month, "COSTCO")
    UnusualCharge.objects.create(
        user=user, transaction=costco, reason="new_merchant", explanation="New", dismissed_at=timezone.now()
    )
    october = month.add("ODD SHOP", "-90.00", date=date(2026, 10, 14))
    UnusualCharge.objects.create(user=user, transaction=october, reason="new_merchant", explanation="New")
    for name, due in [("Rent", date(2026, 12, 10)), ("Insurance", date(2027, 2, 1))]:
        Bill.objects.create(
            user=user, name=name, amount=Decimal("100"), currency="USD", next_due=due, status=Bill.Status.CONFIRMED
        )

    content = report_content(user=user, kind="monthly", period=NOVEMBER)

    assert [flag.transaction.description for flag in content.unusual] == ["SAFEWAY"]
    statuses = {status.budget.name: status.current for status in content.budgets}
    assert statuses["Food"].period == NOVEMBER
    assert statuses["Food"].spent == Decimal("270.00")  # 200 - 20 + 60 of the split + 30 pending
    assert statuses["Shops and groceries"].spent == Decimal("310.00")  # 270 groceries + 40 superstores
    budgeted = {row.name: row.budgeted for row in content.categories}
    assert budgeted["Food & drink"] == Decimal("400"), "a budget of exactly this category"
    assert budgeted["Shopping"] is None, "a budget of several categories is not this category's"
    assert [item.name for item in content.due] == ["Rent"], "only bills due in the 30 days after the report"


def content_txn(bank, description):
    return Transaction.objects.get(user=bank.user, description=description)


@needs_poppler
def test_the_pdf_reads_the_figures_and_headings(month):
    rendered = report_render(user=month.user, kind="monthly", period=NOVEMBER)
    assert rendered.pdf.startswith(b"%PDF")
    assert rendered.currency == "USD"
    text = pdf_text(rendered.pdf)
    for expected in [
        "Monthly report",
        "November 2026",
        "Robin Example",
        "Summary",
        "3,000.00 USD",  # income
        "310.00 USD",  # spending
        "2,690.00 USD",  # net
        "89.7%",  # savings rate
        "Spending by category",
        "Food & drink",
        "Top merchants",
        "Largest payments",
        "Budgets",
        "Account balances",
        "Appendix",
        "COSTCO".title(),
        "−200.00 USD",  # money out with a minus
        "Page 1 of",
    ]:
        assert expected in text, f"{expected!r} is not in the PDF"
    assert "minus" not in text, "words meant for screen readers stay off paper"
    assert "<svg" not in text, "charts are drawn, not printed as markup"
    # The page shows the same figures as the PDF, with links to the transactions behind them.
    assert "3,000.00&nbsp;USD" in rendered.html
    assert "/transactions/?date_from=2026-11-01" in rendered.html


@needs_poppler
def test_the_first_page_renders_to_a_png_kept_as_an_artifact(month):
    rendered = report_render(user=month.user, kind="monthly", period=NOVEMBER)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "monthly-2026-11.pdf").write_bytes(rendered.pdf)
    subprocess.run(
        [PDFTOPPM, "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", "-", str(ARTIFACTS / "monthly-2026-11")],
        input=rendered.pdf,
        check=True,
    )
    png = (ARTIFACTS / "monthly-2026-11.png").read_bytes()
    image = Image.open(io.BytesIO(png)).convert("L")
    assert image.size[0] < image.size[1], "an upright A4 page"
    inked = sum(image.histogram()[:200])  # pixels darker than light grey
    assert inked > image.size[0] * image.size[1] * 0.02, "the page has text and charts on it, not a blank page"


@needs_poppler
def test_a_weekly_report_covers_monday_to_sunday(bank):
    week = period_parse("weekly", "2026-W48")
    assert (week.start, week.end) == (date(2026, 11, 23), date(2026, 11, 29))
    assert (week.start.weekday(), week.end.weekday()) == (0, 6)
    bank.add("SUNDAY BEFORE", "-1.00", date=date(2026, 11, 22), category_detailed="FOOD_AND_DRINK_GROCERIES")
    bank.add("MONDAY", "-10.00", date=date(2026, 11, 23), category_detailed="FOOD_AND_DRINK_GROCERIES")
    bank.add("SUNDAY", "-20.00", date=date(2026, 11, 29), category_detailed="FOOD_AND_DRINK_GROCERIES")
    bank.add("MONDAY AFTER", "-100.00", date=date(2026, 11, 30), category_detailed="FOOD_AND_DRINK_GROCERIES")

    content = report_content(user=bank.user, kind="weekly", period=week)
    assert content.summary.spending == Decimal("30.00")
    assert content.previous_summary.spending == Decimal("1.00")
    assert [row.txn.description for row in content.appendix] == ["MONDAY", "SUNDAY"]
    assert [row.period.start.weekday() for row in content.history] == [0] * 6

    text = pdf_text(report_render(user=bank.user, kind="weekly", period=week).pdf)
    assert "Weekly report" in text
    assert "23 Nov – 29 Nov 2026" in text
    assert "30.00 USD" in text


def test_budgets_that_start_after_the_period_are_not_called_missing(month):
    """A budget made today does not count in last month's report, and the report does not say there is none."""
    no_budgets = report_content(user=month.user, kind="monthly", period=NOVEMBER)
    budget_for(month.user, "FOOD_AND_DRINK", amount="400", name="Food", starts_on=date(2026, 12, 1))
    later = report_content(user=month.user, kind="monthly", period=NOVEMBER)

    screen, _ = report_html(no_budgets, generated=timezone.now())
    assert "You have no budgets" in screen
    screen, _ = report_html(later, generated=timezone.now())
    assert later.budgets == []
    assert "You have no budgets" not in screen
    assert "Your budgets count from after 30 November 2026." in screen
