"""Reads of transactions; each takes the owner so nothing leaks across users.

Every list of transactions starts from `transactions_visible`: the one place that says which of a
person's transactions they see (not deleted, on an account they did not hide, from a connection
they did not disconnect, or on a manual account).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from itertools import islice

from django.db.models import BooleanField, Count, Exists, F, Func, OuterRef, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import User
from banking.models import BankAccount
from transactions.models import (
    MANUAL_PREFIX,
    Category,
    LikelyDuplicate,
    Rule,
    SplitLine,
    StatementImport,
    Tag,
    Transaction,
    TransactionChange,
)

PAGE_SIZE = 50
REIMBURSEMENT_WINDOW_DAYS = 90
REIMBURSEMENT_CANDIDATES = 200


class Among(Func):
    """`Among("pk", ids)`: a filter that `field` is one of `ids`, sent as one text parameter. A bank's history is
    tens of thousands of ids: an IN list of that many parameters takes seconds to build, and a subquery of them
    can meet a plan made for a table whose statistics do not know yet about the rows just written."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, field: str, ids: Iterable[int]):
        super().__init__(F(field))
        self.text = ",".join(str(int(pk)) for pk in ids)

    def as_sql(self, compiler, connection, **extra):
        column, params = compiler.compile(self.source_expressions[0])
        return f"{column} = ANY(string_to_array(%s, ',')::bigint[])", (*params, self.text)

    def as_sqlite(self, compiler, connection, **extra):
        column, params = compiler.compile(self.source_expressions[0])
        return f"{column} IN (SELECT value FROM json_each(%s))", (*params, f"[{self.text}]")  # noqa: S608


def transactions_visible(*, user: User) -> QuerySet[Transaction]:
    """The person's transactions that they see anywhere in FinSync."""
    return Transaction.objects.filter(user=user, deleted_at__isnull=True, account__hidden=False).filter(
        Q(account__connection__isnull=True) | Q(account__connection__disconnected_at__isnull=True)
    )


def transactions_latest(*, user: User, connection_id: int, limit: int = 20) -> QuerySet[Transaction]:
    """The newest transactions of one connection's visible accounts."""
    return (
        transactions_visible(user=user)
        .filter(account__connection_id=connection_id)
        .select_related("account")
        .order_by("-date", "-id")[:limit]
    )


# Filters -----------------------------------------------------------------------------------------


class Transfers:
    SHOW = "show"
    HIDE = "hide"
    ONLY = "only"


@dataclass(frozen=True)
class TransactionFilters:
    """What the Transactions page is narrowed to; every field left at its default filters nothing."""

    account: BankAccount | None = None
    category: Category | None = None  # a primary includes its children
    date_from: date | None = None
    date_to: date | None = None
    amount_min: Decimal | None = None  # on the absolute amount
    amount_max: Decimal | None = None
    text: str = ""
    pending: bool | None = None
    uncategorized: bool = False
    tag: Tag | None = None
    flagged: bool = False
    transfers: str = Transfers.SHOW
    unusual: bool = False  # with a flag from unusual-spending screening the person has not dismissed


def _amount_at_least(value: Decimal) -> Q:
    return Q(amount__gte=value) | Q(amount__lte=-value)


def _amount_at_most(value: Decimal) -> Q:
    return Q(amount__lte=value, amount__gte=-value)


def _in_category(user: User, category: Category) -> Q:
    """In `category` (or, for a primary, in one under it), whole or by a split line. The categories and the split
    transactions are sent as lists of ids: "category in (…) or id in (…)" is two index scans, where an OR of
    subqueries makes PostgreSQL read every one of the person's transactions."""
    wanted = [category.pk]
    if category.is_primary:
        wanted += Category.objects.filter(user=user, parent_id=category.pk).values_list("pk", flat=True)
    split = SplitLine.objects.filter(category_id__in=wanted).values_list("transaction_id", flat=True)
    return Q(Among("category_id", wanted)) | Q(Among("pk", split))


def transactions_filtered(*, user: User, filters: TransactionFilters) -> QuerySet[Transaction]:
    """The visible transactions that pass the filters, unordered."""
    qs = transactions_visible(user=user)
    f = filters
    if f.account is not None:
        qs = qs.filter(account=f.account)
    if f.category is not None:
        qs = qs.filter(_in_category(user, f.category))
    if f.date_from is not None:
        qs = qs.filter(date__gte=f.date_from)
    if f.date_to is not None:
        qs = qs.filter(date__lte=f.date_to)
    if f.amount_min is not None:
        qs = qs.filter(_amount_at_least(abs(f.amount_min)))
    if f.amount_max is not None:
        qs = qs.filter(_amount_at_most(abs(f.amount_max)))
    if f.text:
        qs = qs.filter(
            Q(description__icontains=f.text)
            | Q(merchant__icontains=f.text)
            | Q(merchant_name__icontains=f.text)
            | Q(notes__icontains=f.text)
        )
    if f.pending is not None:
        qs = qs.filter(pending=f.pending)
    if f.uncategorized:
        qs = qs.filter(Q(category__isnull=True) | Q(category_source="default"))
    if f.tag is not None:
        qs = qs.filter(Exists(Transaction.tags.through.objects.filter(transaction=OuterRef("pk"), tag=f.tag)))
    if f.flagged:
        qs = qs.filter(is_flagged=True)
    if f.unusual:
        # One filter(): both conditions hold for the same flag (budgets' UnusualCharge, by its related name).
        flagged = Transaction.objects.filter(
            user=user, unusual_charges__isnull=False, unusual_charges__dismissed_at=None
        )
        qs = qs.filter(pk__in=flagged.values("pk"))
    if f.transfers == Transfers.HIDE:
        qs = qs.filter(is_transfer=False)
    elif f.transfers == Transfers.ONLY:
        qs = qs.filter(is_transfer=True)
    return qs


# Sorting and keyset pagination ---------------------------------------------------------------------

# sort key -> (field, descending)
SORTS = {
    "-date": ("date", True),
    "date": ("date", False),
    "amount": ("amount", False),  # the largest money out first
    "-amount": ("amount", True),  # the largest money in first
}
DEFAULT_SORT = "-date"


@dataclass(frozen=True)
class Cursor:
    """A position in a sorted list: the sort value and the id of the row at that position."""

    value: date | Decimal
    id: int

    def __str__(self) -> str:
        return f"{self.value.isoformat() if isinstance(self.value, date) else self.value}_{self.id}"


def cursor_parse(*, sort: str, text: str) -> Cursor | None:
    """The cursor in a page link; None for anything malformed (the list then starts at the top)."""
    raw_value, _, raw_id = text.rpartition("_")
    if not raw_id.isdigit() or not raw_value:
        return None
    field, _ = SORTS.get(sort, SORTS[DEFAULT_SORT])
    try:
        value = date.fromisoformat(raw_value) if field == "date" else Decimal(raw_value)
    except (ValueError, InvalidOperation):
        return None
    if isinstance(value, Decimal) and not value.is_finite():
        return None
    return Cursor(value=value, id=int(raw_id))


def _cursor_of(txn: Transaction, field: str) -> Cursor:
    return Cursor(value=getattr(txn, field), id=txn.pk)


def _beyond(field: str, descending: bool, cursor: Cursor) -> Q:
    """The rows that come after the cursor in this order.

    The first condition is implied by the other two; it is there as a range the index can start from, so a deep
    page does not read through every row before it."""
    op = "lt" if descending else "gt"
    return Q(**{f"{field}__{op}e": cursor.value}) & (
        Q(**{f"{field}__{op}": cursor.value}) | Q(**{field: cursor.value, f"id__{op}": cursor.id})
    )


def _ordering(field: str, descending: bool) -> list[str]:
    return [f"-{field}", "-id"] if descending else [field, "id"]


@dataclass
class TransactionPage:
    rows: list[Transaction]
    before: Cursor | None  # the link to the page before this one: ?before=… (None on the first page)
    after: Cursor | None  # the link to the page after this one: ?after=… (None on the last page)


def _for_display(qs: QuerySet[Transaction]) -> QuerySet[Transaction]:
    """A list's rows with what each shows, in a fixed number of queries whatever the page size."""
    return qs.select_related("account", "category", "category__parent").prefetch_related(
        "tags", Prefetch("splits", queryset=SplitLine.objects.select_related("category")), "unusual_charges"
    )


def transactions_page(
    *,
    user: User,
    filters: TransactionFilters,
    sort: str = DEFAULT_SORT,
    after: Cursor | None = None,
    before: Cursor | None = None,
    size: int = PAGE_SIZE,
) -> TransactionPage:
    """One page of the filtered transactions, by keyset: the rows after `after` (or before `before`).

    No OFFSET and no COUNT: a page costs the same at row 100,000 as at row 1.
    """
    field, descending = SORTS.get(sort, SORTS[DEFAULT_SORT])
    qs = _for_display(transactions_filtered(user=user, filters=filters))
    if before is not None:
        # Walk backwards from the cursor, then put the rows back in display order.
        rows = list(
            qs.filter(_beyond(field, not descending, before)).order_by(*_ordering(field, not descending))[: size + 1]
        )
        has_more_before = len(rows) > size
        rows = rows[:size][::-1]
        return TransactionPage(
            rows=rows,
            before=_cursor_of(rows[0], field) if rows and has_more_before else None,
            after=_cursor_of(rows[-1], field) if rows else None,
        )
    if after is not None:
        qs = qs.filter(_beyond(field, descending, after))
    rows = list(qs.order_by(*_ordering(field, descending))[: size + 1])
    has_more = len(rows) > size
    rows = rows[:size]
    return TransactionPage(
        rows=rows,
        before=_cursor_of(rows[0], field) if rows and after is not None else None,
        after=_cursor_of(rows[-1], field) if has_more else None,
    )


@dataclass(frozen=True)
class Totals:
    currency: str
    count: int
    money_in: Decimal
    money_out: Decimal  # negative or zero
    net: Decimal


def transactions_totals(*, user: User, filters: TransactionFilters) -> list[Totals]:
    """Count, money in, money out and net of the whole filtered set: one aggregate query, a row per currency."""
    rows = (
        transactions_filtered(user=user, filters=filters)
        .order_by()
        .values("currency")
        .annotate(
            count=Count("id"),
            money_in=Sum("amount", filter=Q(amount__gt=0), default=Decimal(0)),
            money_out=Sum("amount", filter=Q(amount__lt=0), default=Decimal(0)),
            net=Sum("amount", default=Decimal(0)),
        )
        .order_by("currency")
    )
    return [Totals(**row) for row in rows]


@dataclass(frozen=True)
class ExportRow:
    date: date
    account: str
    description: str
    merchant: str
    category: str
    primary_category: str
    amount: Decimal
    currency: str
    pending: bool
    tags: list[str]
    notes: str
    reason: str


EXPORT_CHUNK = 2000
_EXPORT_VALUES = (
    "pk",
    "date",
    "account__name",
    "description",
    "merchant",
    "merchant_name",
    "category__name",
    "category__parent__name",
    "amount",
    "currency",
    "pending",
    "notes",
    "category_reason",
)


def transactions_for_export(
    *, user: User, filters: TransactionFilters, sort: str = DEFAULT_SORT
) -> Iterator[ExportRow]:
    """Every filtered transaction in the page's order, streamed: plain values fetched in chunks, with one
    query per chunk for the tags (no model instances: 100,000 rows stay quick)."""
    field, descending = SORTS.get(sort, SORTS[DEFAULT_SORT])
    rows = (
        transactions_filtered(user=user, filters=filters)
        .order_by(*_ordering(field, descending))
        .values_list(*_EXPORT_VALUES)
        .iterator(chunk_size=EXPORT_CHUNK)
    )
    while chunk := list(islice(rows, EXPORT_CHUNK)):
        tags: dict[int, list[str]] = {}
        through = Transaction.tags.through.objects.filter(transaction_id__in=[row[0] for row in chunk])
        for txn_id, name in through.order_by("tag__name").values_list("transaction_id", "tag__name"):
            tags.setdefault(txn_id, []).append(name)
        for pk, day, account, description, merchant, merchant_name, category, parent, *rest in chunk:
            amount, currency, pending, notes, reason = rest
            yield ExportRow(
                date=day,
                account=account,
                description=description,
                merchant=merchant or merchant_name,
                category=category or "",
                primary_category=parent or category or "",
                amount=amount,
                currency=currency,
                pending=pending,
                tags=tags.get(pk, []),
                notes=notes,
                reason=reason,
            )


# One transaction ---------------------------------------------------------------------------------


def transaction_get(*, user: User, transaction_id: int) -> Transaction:
    """One of the person's visible transactions with everything its page shows; anyone else's is a 404."""
    qs = transactions_visible(user=user).select_related(
        "account",
        "account__connection__institution",
        "category",
        "category__parent",
        "rule",
        "transfer_pair",
        "transfer_pair__account",
        "reimbursed_by",
        "reimbursed_by__account",
        "statement_import",
    )
    visible = transactions_visible(user=user)
    qs = qs.prefetch_related(
        "tags",
        Prefetch("splits", queryset=SplitLine.objects.select_related("category", "category__parent")),
        Prefetch("reimburses", queryset=visible.select_related("account").order_by("-date", "-id")),
        "unusual_charges",  # budgets' flags on it, by their related name (transactions does not import budgets)
    )
    return get_object_or_404(qs, pk=transaction_id)


def transaction_manual_get(*, user: User, transaction_id: int) -> Transaction:
    """One of the person's manual transactions; a bank's transaction (or anyone else's) is a 404."""
    qs = transactions_visible(user=user).filter(provider_transaction_id__startswith=MANUAL_PREFIX)
    return get_object_or_404(qs.select_related("account"), pk=transaction_id)


def transaction_is_visible(*, user: User, transaction_id: int | None) -> bool:
    return transaction_id is not None and transactions_visible(user=user).filter(pk=transaction_id).exists()


def transaction_history(*, user: User, transaction: Transaction) -> QuerySet[TransactionChange]:
    """Every change to the person's transaction, newest first."""
    return (
        TransactionChange.objects.filter(transaction=transaction, transaction__user=user)
        .select_related("actor")
        .order_by("-changed_at", "-id")
    )


def reimbursement_candidates(*, user: User, transaction: Transaction) -> QuerySet[Transaction]:
    """Money that came in recently and could be paying this outflow back (the one linked already included)."""
    since = timezone.localdate() - timedelta(days=REIMBURSEMENT_WINDOW_DAYS)
    recent = Q(amount__gt=0, is_transfer=False, date__gte=since, currency=transaction.currency)
    if transaction.reimbursed_by_id:
        recent |= Q(pk=transaction.reimbursed_by_id)
    return (
        transactions_visible(user=user)
        .filter(recent)
        .exclude(pk=transaction.pk)
        .select_related("account")
        .order_by("-date", "-id")[:REIMBURSEMENT_CANDIDATES]
    )


# What the filters and forms offer ------------------------------------------------------------------


def accounts_visible(*, user: User) -> QuerySet[BankAccount]:
    """The accounts whose transactions the person sees: linked ones still connected, and manual ones."""
    return (
        BankAccount.objects.filter(user=user, hidden=False)
        .filter(Q(connection__isnull=True) | Q(connection__disconnected_at__isnull=True))
        .select_related("connection__institution")
        .order_by("name", "pk")
    )


def accounts_manual(*, user: User) -> QuerySet[BankAccount]:
    return BankAccount.objects.filter(user=user, connection__isnull=True, hidden=False).order_by("name", "pk")


def categories_grouped(*, user: User, include_hidden: bool = False) -> list[tuple[Category, list[Category]]]:
    """The person's primaries by name, each with its children by name (hidden ones left out unless asked)."""
    qs = Category.objects.filter(user=user)
    if not include_hidden:
        qs = qs.filter(hidden=False)
    primaries: dict[int, tuple[Category, list[Category]]] = {}
    children: list[Category] = []
    for category in qs.order_by("name", "pk"):
        if category.parent_id is None:
            primaries[category.pk] = (category, [])
        else:
            children.append(category)
    for child in children:
        if child.parent_id in primaries:
            primaries[child.parent_id][1].append(child)
    return list(primaries.values())


def tags_of(*, user: User) -> QuerySet[Tag]:
    return Tag.objects.filter(user=user).order_by("name")


def category_for_code(*, user: User, code: str) -> Category | None:
    """The person's category for one of Plaid's codes (what the bank said, in FinSync's words)."""
    if not code:
        return None
    return Category.objects.filter(user=user, code=code).select_related("parent").first()


# Rules and categories --------------------------------------------------------------------------------


def rules_of(*, user: User, kind: str) -> list[Rule]:
    """The person's rules of one kind: their own in order, learned ones by merchant."""
    queryset = Rule.objects.filter(user=user, kind=kind).select_related("set_category", "account", "add_tag")
    return list(queryset.order_by("match_value", "id") if kind == Rule.Kind.LEARNED else queryset)


def rule_get(*, user: User, rule_id: int) -> Rule:
    queryset = Rule.objects.select_related("set_category__parent", "account", "add_tag")
    return get_object_or_404(queryset, pk=rule_id, user=user)


def category_get(*, user: User, category_id: int) -> Category:
    return get_object_or_404(Category.objects.select_related("parent"), pk=category_id, user=user)


# Statement imports -----------------------------------------------------------------------------------


def statement_imports_of(*, user: User) -> QuerySet[StatementImport]:
    """The person's uploads, newest first (without the files' bytes)."""
    return (
        StatementImport.objects.filter(user=user)
        .defer("content")
        .select_related("account__connection__institution")
        .annotate(waiting=Count("likely_duplicates", filter=Q(likely_duplicates__decision="")))
    )


def statement_import_get(*, user: User, import_id: int) -> StatementImport:
    """One of the person's uploads; anyone else's is a 404."""
    return get_object_or_404(
        StatementImport.objects.filter(user=user).select_related("account__connection__institution"), pk=import_id
    )


def likely_duplicates_waiting(*, user: User) -> QuerySet[LikelyDuplicate]:
    """Imported lines waiting for the person to say whether they duplicate a transaction, oldest first."""
    return LikelyDuplicate.objects.filter(user=user, decision=LikelyDuplicate.Decision.PENDING).select_related(
        "account", "statement_import", "duplicate_of__account", "duplicate_of__category"
    )


def likely_duplicate_get(*, user: User, item_id: int) -> LikelyDuplicate:
    return get_object_or_404(LikelyDuplicate.objects.filter(user=user), pk=item_id)
