"""The Demo Bank: what a person who links it sees, sync after sync (no database needed)."""

import csv
import hashlib
import itertools
import os
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_CEILING, Decimal

import pytest
import time_machine
from django.conf import settings

from banking.providers.base import ProviderError, SyncPage, TransactionRecord
from banking.providers.demo import DemoBank

LINKED_AT = datetime(2025, 6, 4, 12, tzinfo=UTC)
TOKEN = "demo-20250604-Qx3vTz0JmB4kYp7w9Lr2sN5d"
OTHER_TOKEN = "demo-20250604-Hh8cWq1ZeX6oUa3fPj0gMv4t"
TAXONOMY = settings.CORPUS_DIR / "plaid" / "taxonomy"


def at(moment: datetime):
    return time_machine.travel(moment, tick=False)


def fetch_update(token: str, cursor: str) -> tuple[list[SyncPage], str]:
    """Every page of one sync, as the sync engine asks for them."""
    pages = []
    while True:
        page = DemoBank().transactions_page(access_token=token, cursor=cursor)
        pages.append(page)
        cursor = page.next_cursor
        if not page.has_more:
            return pages, cursor


def first_sync(token: str) -> dict[str, TransactionRecord]:
    pages, _ = fetch_update(token, "")
    return {record.provider_transaction_id: record for page in pages for record in page.added}


class Ledger:
    """What a client holds: upsert added/modified by id, delete removed, page after page."""

    def __init__(self, token: str):
        self.token, self.cursor = token, ""
        self.held: dict[str, TransactionRecord] = {}
        self.removed: set[str] = set()
        self.seen_pending: dict[str, TransactionRecord] = {}

    def sync(self) -> list[SyncPage]:
        pages, self.cursor = fetch_update(self.token, self.cursor)
        for page in pages:
            for record in [*page.added, *page.modified]:
                assert record.provider_transaction_id not in self.removed, "a removed transaction came back"
                self.held[record.provider_transaction_id] = record
                if record.pending:
                    self.seen_pending[record.provider_transaction_id] = record
            for transaction_id in page.removed:
                assert transaction_id in self.held, "removed a transaction the client never had"
                del self.held[transaction_id]
                self.removed.add(transaction_id)
        return pages

    def total(self, account_id: str, *, pending: bool) -> Decimal:
        amounts = [r.amount for r in self.held.values() if r.provider_account_id == account_id and r.pending == pending]
        return sum(amounts, Decimal("0.00"))


def test_a_token_always_gives_the_same_accounts_and_history_and_another_token_another_one():
    bank = DemoBank()
    with at(LINKED_AT):
        history = first_sync(TOKEN)
        assert first_sync(TOKEN) == history
        assert bank.accounts(access_token=TOKEN) == bank.accounts(access_token=TOKEN)
        other = first_sync(OTHER_TOKEN)
        balances = [a.current_balance for a in bank.accounts(access_token=TOKEN)]
        other_balances = [a.current_balance for a in bank.accounts(access_token=OTHER_TOKEN)]

    def movements(records):
        return Counter((r.date, r.description, r.amount) for r in records.values())

    assert movements(other) != movements(history)
    assert not set(other) & set(history), "two links share transaction ids"
    assert other_balances != balances


def test_history_is_the_same_after_a_restart():
    """Nothing may depend on Python's per-process hash salt: a restarted worker must see the same bank."""
    script = (
        "import django, hashlib, time_machine\n"
        "from datetime import datetime\n"
        "django.setup()\n"
        "from banking.providers.demo import DemoBank\n"
        f"with time_machine.travel(datetime.fromisoformat({LINKED_AT.isoformat()!r}), tick=False):\n"
        f"    page = DemoBank().transactions_page(access_token={TOKEN!r}, cursor='')\n"
        "print(hashlib.sha256(repr(page).encode()).hexdigest())\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "4242", "DJANGO_SETTINGS_MODULE": "finsync.settings"}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
    )
    with at(LINKED_AT):
        page = DemoBank().transactions_page(access_token=TOKEN, cursor="")
    assert done.stdout.strip() == hashlib.sha256(repr(page).encode()).hexdigest()


def test_linking_gives_a_fresh_demo_token_for_a_known_institution_only():
    bank = DemoBank()
    institution_id, institution_name = bank.INSTITUTIONS[1]
    with at(LINKED_AT):
        link = bank.link(institution_id=institution_id)
        again = bank.link(institution_id=institution_id)
        assert link.access_token.startswith("demo-")
        assert link.access_token != again.access_token
        assert link.external_id != again.external_id
        assert (link.institution_id, link.institution_name) == (institution_id, institution_name)
        assert len(bank.accounts(access_token=link.access_token)) == 3
        with pytest.raises(ProviderError) as error:
            bank.link(institution_id="ins_109508")
    assert error.value.code == "INVALID_INSTITUTION"


def test_an_unknown_token_is_refused_without_showing_it():
    with pytest.raises(ProviderError) as error:
        DemoBank().accounts(access_token="access-sandbox-1234")
    assert error.value.code == "INVALID_ACCESS_TOKEN"
    assert "access-sandbox-1234" not in str(error.value)


def test_the_first_sync_brings_thirteen_months_in_pages_of_at_most_500():
    with at(LINKED_AT):
        pages, _ = fetch_update(TOKEN, "")
        accounts = {a.provider_account_id: a for a in DemoBank().accounts(access_token=TOKEN)}

    assert len(pages) > 1
    assert [p.has_more for p in pages] == [True] * (len(pages) - 1) + [False]
    assert all(len(p.added) + len(p.modified) + len(p.removed) <= 500 for p in pages)
    records = [r for p in pages for r in p.added]
    assert len({r.provider_transaction_id for r in records}) == len(records) > 1000
    today = LINKED_AT.date()
    assert min(r.date for r in records) <= today - timedelta(days=365)
    assert max(r.date for r in records) == today
    assert {r.provider_account_id for r in records} == set(accounts)
    assert sorted((a.type, a.subtype) for a in accounts.values()) == [
        ("credit", "credit card"),
        ("depository", "checking"),
        ("depository", "savings"),
    ]
    assert all(isinstance(r.amount, Decimal) and r.amount == r.amount.quantize(Decimal("0.01")) for r in records)


def test_the_first_sync_reads_like_a_real_bank():
    with at(LINKED_AT):
        records = list(first_sync(TOKEN).values())
        accounts = {a.subtype: a.provider_account_id for a in DemoBank().accounts(access_token=TOKEN)}

    def named(text):
        return [r for r in records if text in r.description]

    payroll = named("ACME CORP PAYROLL PPD ID: 1234567890")
    assert len(payroll) >= 26
    assert all(r.amount > 0 and r.provider_account_id == accounts["checking"] for r in payroll)
    assert all((b.date - a.date).days == 14 for a, b in itertools.pairwise(payroll))
    for descriptor in ("SQ *BLUE BOTTLE COFFEE", "UBER *TRIP", "NETFLIX.COM", "PG&E WEB ONLINE", "TST* "):
        assert named(descriptor), descriptor
        assert all(r.amount < 0 for r in named(descriptor))
    assert len({r.description for r in named("AMZN Mktp US*")}) > 3  # each order has its own reference
    assert len(named("INTEREST PAYMENT")) >= 12
    assert all(r.provider_account_id == accounts["savings"] and r.amount > 0 for r in named("INTEREST PAYMENT"))
    coffee = named("SQ *BLUE BOTTLE COFFEE")
    assert {r.merchant_name for r in coffee} <= {"Blue Bottle Coffee", ""}
    assert Counter(r.provider_account_id for r in coffee).most_common(1)[0][0] == accounts["credit card"]

    categorized = [r for r in records if r.category_detailed]
    assert 0.8 * len(records) < len(categorized) < len(records)
    assert all(r.category_detailed.startswith(r.category_primary + "_") for r in categorized)
    assert {r.category_primary for r in records if not r.category_detailed} == {""}

    pending = [r for r in records if r.pending]
    assert pending
    assert all(r.date >= LINKED_AT.date() - timedelta(days=3) for r in pending)
    assert any(r.amount < -500 for r in records if r.provider_account_id == accounts["credit card"])  # a big one
    same_day_twice = Counter((r.date, r.description, r.amount) for r in records if not r.pending)
    assert any(count > 1 for count in same_day_twice.values())  # a merchant charged twice


def test_each_card_payment_leaves_checking_and_reaches_the_card_with_the_same_amount():
    with at(LINKED_AT):
        records = list(first_sync(TOKEN).values())
        accounts = {a.subtype: a.provider_account_id for a in DemoBank().accounts(access_token=TOKEN)}
    paid = [r for r in records if r.description.startswith("PAYMENT TO CREDIT CARD")]
    received = [r for r in records if r.description == "PAYMENT THANK YOU"]
    assert len(paid) >= 12
    assert len(received) == len(paid)
    for payment, receipt in zip(paid, received, strict=True):
        assert payment.provider_account_id == accounts["checking"]
        assert receipt.provider_account_id == accounts["credit card"]
        assert payment.amount < 0
        assert receipt.amount == -payment.amount
        assert 0 <= (receipt.date - payment.date).days <= 2
        assert payment.category_detailed == receipt.category_detailed == "LOAN_PAYMENTS_CREDIT_CARD_PAYMENT"


@pytest.mark.skipif(not TAXONOMY.exists(), reason="needs the shared corpus (FINSYNC_CORPUS)")
def test_categories_are_plaid_personal_finance_categories():
    (taxonomy_file,) = TAXONOMY.glob("*.csv")
    with taxonomy_file.open() as f:
        known = {(row[0], row[1]) for row in csv.reader(f)}
    with at(LINKED_AT):
        records = first_sync(TOKEN).values()
    used = {(r.category_primary, r.category_detailed) for r in records if r.category_detailed}
    assert used <= known


# days after the link, one sync each; 0 = another sync on the same day
SCHEDULE = [1, 1, 0, 3, 0, 0, 0, 1, 2, 1, 1, 4, 0, 1, 2, 1, 3, 1, 1, 2, 0, 1, 1, 5]


@pytest.mark.parametrize("token", [TOKEN, OTHER_TOKEN], ids=["one link", "another link"])
def test_syncs_over_four_weeks_deliver_only_what_changed_and_end_equal_to_the_bank(token):
    ledger = Ledger(token)
    moment, syncs_today = LINKED_AT, 1
    with at(moment):
        ledger.sync()
    modified, cancelled, tipped = 0, 0, 0
    for step in SCHEDULE:
        previous_day = moment.date()
        moment += timedelta(days=step)
        syncs_today = syncs_today + 1 if step == 0 else 1
        with at(moment):
            pages = ledger.sync()
            today = moment.date()
            added = [r for p in pages for r in p.added]
            removed = [i for p in pages for i in p.removed]
            assert added, "a sync brought nothing new"
            assert all(r.date >= previous_day for r in added), "an old transaction was delivered again"
            assert sum(len(p.added) + len(p.modified) + len(p.removed) for p in pages) < 100
            if step == 0:
                assert any(r.pending and r.date == today for r in added), "Sync now twice brought nothing"

            held = list(ledger.held.values())
            replaced = {r.pending_transaction_id for r in held if r.pending_transaction_id}
            assert not replaced & set(ledger.held), "a purchase shows both pending and posted"
            assert all(r.date >= today - timedelta(days=3) for r in held if r.pending), "stale pending"
            if syncs_today == 1:
                assert ledger.held == first_sync(token), "the ledger differs from what a fresh link would see"

        modified += sum(len(p.modified) for p in pages)
        posted_for = {r.pending_transaction_id: r for r in added if r.pending_transaction_id}
        for pending_id in removed:
            was = ledger.seen_pending[pending_id]
            if pending_id in posted_for:
                tipped += posted_for[pending_id].amount < was.amount
                continue
            cancelled += 1
            assert not [
                r
                for r in held
                if not r.pending
                and (r.provider_account_id, r.authorized_date, r.description, r.amount)
                == (was.provider_account_id, was.date, was.description, was.amount)
            ], "a pending purchase posted without naming the pending one"

    assert modified >= 1
    assert cancelled >= 1
    assert tipped >= 1


def test_a_cursor_replayed_gives_the_same_page_again():
    bank = DemoBank()
    with at(LINKED_AT):
        first = bank.transactions_page(access_token=TOKEN, cursor="")
        second = bank.transactions_page(access_token=TOKEN, cursor=first.next_cursor)
        assert bank.transactions_page(access_token=TOKEN, cursor="") == first
        assert bank.transactions_page(access_token=TOKEN, cursor=first.next_cursor) == second
        _, done = fetch_update(TOKEN, "")
    with at(LINKED_AT + timedelta(days=2)):
        later = bank.transactions_page(access_token=TOKEN, cursor=done)
        assert later.added
        assert bank.transactions_page(access_token=TOKEN, cursor=done) == later
        # a page cut short (the sync failed before saving) resumes from where that page started
        assert bank.transactions_page(access_token=TOKEN, cursor=first.next_cursor) == second


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "2025-13-01#1",
        "2025-06-03#0",
        "2025-06-10#1",  # after today
        ">2025-06-04+999500",  # past the end of the update
        "2025-06-04#1>2025-06-03+500",  # going back in time
    ],
)
def test_an_invalid_cursor_is_refused(cursor):
    with at(LINKED_AT), pytest.raises(ProviderError) as error:
        DemoBank().transactions_page(access_token=TOKEN, cursor=cursor)
    assert error.value.code == "INVALID_CURSOR"


def test_balances_move_exactly_with_the_posted_transactions_delivered():
    """current = opening balance + every posted transaction; available also counts pending (card: credit left)."""
    ledger = Ledger(TOKEN)
    openings = []
    for days, syncs in ((0, 3), (1, 1), (5, 3), (40, 1)):
        with at(LINKED_AT + timedelta(days=days)):
            for _ in range(syncs):
                ledger.sync()
            accounts = {a.subtype: a for a in DemoBank().accounts(access_token=TOKEN)}
        opening = {}
        for subtype, account in accounts.items():
            opening[subtype] = account.current_balance - ledger.total(account.provider_account_id, pending=False)
            if syncs == 3:  # the whole day is delivered: available matches the pending transactions held
                pending = ledger.total(account.provider_account_id, pending=True)
                credit = account.credit_limit or 0
                assert account.available_balance == credit + account.current_balance + pending
        openings.append(opening)

        assert 1_000 < accounts["checking"].current_balance < 20_000
        assert accounts["savings"].current_balance > accounts["checking"].current_balance
        card = accounts["credit card"]
        assert -card.credit_limit < card.current_balance < 0  # owed
        assert 0 < card.available_balance <= card.credit_limit
    assert all(opening == openings[0] for opening in openings)


def test_the_first_sync_is_quick():
    started = time.perf_counter()
    with at(datetime(2025, 9, 9, 12, tzinfo=UTC)):
        fetch_update("demo-20250909-FreshTokenNeverSeenBefore1", "")
    assert time.perf_counter() - started < 1


def card_payment(token: str, moment: datetime):
    with at(moment):
        (payment,) = DemoBank().card_payments(access_token=token)
        card = next(a for a in DemoBank().accounts(access_token=token) if a.type == "credit")
    assert payment.provider_account_id == card.provider_account_id
    return payment


@pytest.mark.parametrize("token", [TOKEN, OTHER_TOKEN], ids=["one link", "another link"])
def test_the_card_is_due_on_the_day_its_statement_is_paid_with_a_minimum_of_one_percent_or_25(token):
    due = card_payment(token, LINKED_AT)
    assert due.due_date.replace(day=1) == LINKED_AT.date().replace(day=1), "May's statement is due in June"
    assert LINKED_AT.date() < due.due_date
    assert card_payment(token, LINKED_AT) == due, "the same every time"
    june_first = datetime(2025, 6, 1, 12, tzinfo=UTC)
    assert card_payment(token, june_first) == due, "known from the day the statement closes"

    paid_on = datetime.combine(due.due_date, LINKED_AT.timetz())
    with at(paid_on):
        (paid,) = [
            r
            for r in first_sync(token).values()
            if r.description.startswith("PAYMENT TO CREDIT CARD") and r.date >= june_first.date()
        ]
    assert paid.date == due.due_date, "paid in full on the due date"
    statement = -paid.amount
    one_percent = (statement / 100).quantize(Decimal("0.01"), rounding=ROUND_CEILING)
    assert due.minimum_payment == min(statement, max(Decimal("25.00"), one_percent))
    assert Decimal("25.00") <= due.minimum_payment < statement

    after = card_payment(token, paid_on)
    assert after.due_date == due.due_date.replace(month=7), "next: July, for June's statement"
    assert after.minimum_payment is None, "June's statement has not closed yet"
    assert card_payment(token, datetime(2025, 6, 30, 12, tzinfo=UTC)) == after
    assert card_payment(token, datetime(2025, 7, 1, 12, tzinfo=UTC)).minimum_payment >= Decimal("25.00")
    new_year = card_payment(token, datetime(2025, 12, 31, 12, tzinfo=UTC))
    assert new_year.due_date == date(2026, 1, due.due_date.day)
