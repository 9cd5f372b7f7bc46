"""Transactions and the accounts they sit on, for tests.

A person's accounts share one Demo Bank connection (made on first use), and a transaction goes on the
person's first linked account unless given one. Categories come with each new person (their own copy of
the taxonomy): pick one with `category(user, "FOOD_AND_DRINK_COFFEE")`.
"""

from decimal import Decimal
from pathlib import Path

import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from banking.models import BankAccount, Connection
from banking.tests.factories import ConnectionFactory
from transactions.models import MANUAL_PREFIX, Category, Tag, Transaction


def category(user, code: str) -> Category:
    return Category.objects.get(user=user, code=code)


def _connection_of(user) -> Connection:
    return Connection.objects.filter(user=user, disconnected_at__isnull=True).first() or ConnectionFactory(user=user)


class BankAccountFactory(factory.django.DjangoModelFactory):
    """A linked account on the person's Demo Bank connection."""

    class Meta:
        model = BankAccount

    user = factory.SubFactory(UserFactory)
    connection = factory.LazyAttribute(lambda a: _connection_of(a.user))
    provider_account_id = factory.Sequence(lambda n: f"account-{n}")
    name = "Everyday Checking"
    mask = "1234"
    type = BankAccount.Type.DEPOSITORY
    subtype = "checking"
    currency = "USD"


class ManualAccountFactory(BankAccountFactory):
    """An account kept by hand (no connection), like a wallet."""

    connection = None
    provider_account_id = factory.Sequence(lambda n: f"manual-account-{n}")
    name = "Cash"
    mask = ""
    subtype = ""


def _account_of(user) -> BankAccount:
    linked = BankAccount.objects.filter(user=user, connection__isnull=False).order_by("pk").first()
    return linked or BankAccountFactory(user=user)


class TransactionFactory(factory.django.DjangoModelFactory):
    """A posted card purchase of 12.50 today, uncategorized unless given a category."""

    class Meta:
        model = Transaction
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    account = factory.LazyAttribute(lambda t: _account_of(t.user))
    provider_transaction_id = factory.Sequence(lambda n: f"txn-{n}")
    date = factory.LazyFunction(timezone.localdate)
    amount = Decimal("-12.50")
    currency = factory.LazyAttribute(lambda t: t.account.currency)
    description = factory.Sequence(lambda n: f"CARD PURCHASE {n:05d}")
    merchant_name = ""
    merchant = ""
    category = None
    category_source = factory.LazyAttribute(lambda t: "builtin" if t.category else "")
    category_reason = ""

    @factory.post_generation
    def tags(txn, create, extracted, **kwargs):
        """`tags=["work", "trip"]`: tag names, made for the person on first use."""
        if create and extracted:
            for name in extracted:
                tag, _ = Tag.objects.get_or_create(user=txn.user, name=name)
                txn.tags.add(tag)


class ManualTransactionFactory(TransactionFactory):
    account = factory.LazyAttribute(lambda t: ManualAccountFactory(user=t.user))
    provider_transaction_id = factory.Sequence(lambda n: f"{MANUAL_PREFIX}{n}")
    description = "Farmers market"


# Statement files ----------------------------------------------------------------------------------------

STATEMENTS = Path(__file__).parent / "statements"  # one small file per format and dialect, and broken ones


def statement_file(name: str) -> bytes:
    return (STATEMENTS / name).read_bytes()


def ofx_statement(*lines: tuple[str, str, str, str], balance: str = "") -> bytes:
    """A small OFX 1.x checking statement in USD: lines are (fitid, yyyymmdd, amount, name)."""
    transactions = "".join(
        f"<STMTTRN><TRNTYPE>OTHER<DTPOSTED>{when}<TRNAMT>{amount}<FITID>{fitid}<NAME>{name}</STMTTRN>\n"
        for fitid, when, amount, name in lines
    )
    ledger = f"<LEDGERBAL><BALAMT>{balance}<DTASOF>20261110</LEDGERBAL>" if balance else ""
    return (
        "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD"
        "<BANKACCTFROM><BANKID>1<ACCTID>42<ACCTTYPE>CHECKING</BANKACCTFROM><BANKTRANLIST>\n"
        f"{transactions}</BANKTRANLIST>{ledger}</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n"
    ).encode()
