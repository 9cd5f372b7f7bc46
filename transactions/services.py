"""Every write to transactions: a bank's update, categorization, the person's edits, rules and categories.

Each change to a transaction writes a history row. What the person set is locked (`locked_fields`):
no later sync, rule or learned category changes it.
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date as Date
from datetime import timedelta
from decimal import Decimal
from operator import attrgetter

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max, Q
from django.db.models.base import ModelState
from django.utils import timezone
from django.utils.formats import date_format
from psycopg.types.json import Jsonb

from accounts.models import User
from banking.models import BankAccount
from banking.providers.base import ProviderError, TransactionRecord
from banking.services import manual_account_create
from budgets.bills import bills_detect
from budgets.services import budgets_evaluate
from budgets.unusual import unusual_charges_find
from transactions.categorize import Categorizer, Outcome
from transactions.descriptors import clean_merchant, merchant_key
from transactions.models import (
    MANUAL_PREFIX,
    Category,
    CategorySource,
    Reimbursement,
    Rule,
    SplitLine,
    Tag,
    Transaction,
    TransactionChange,
)
from transactions.selectors import Among
from transactions.taxonomy import categories_copy

Source = TransactionChange.Source

# Fields the bank owns; a later update may change them (the person's edits live in other fields).
BANK_FIELDS = (
    "date",
    "authorized_date",
    "amount",
    "currency",
    "description",
    "merchant_name",
    "pending",
    "pending_transaction_id",
    "provider_category_primary",
    "provider_category_detailed",
)
CATEGORY_FIELDS = ("category_id", "category_source", "category_reason", "rule_id")
BATCH = 2000
CENT = Decimal("0.01")
TRANSFER_WINDOW = timedelta(days=3)


# Categories ------------------------------------------------------------------------------------------


def categories_ensure(*, user: User) -> None:
    """Give a person their own copy of the category taxonomy (idempotent: adds only what is missing)."""
    categories_copy(Category, user)


@transaction.atomic
def category_create(*, user: User, parent: Category, name: str) -> Category:
    if parent.user_id != user.pk or not parent.is_primary:
        raise ValidationError("Choose one of your primary categories.")
    name = name.strip()
    if Category.objects.filter(user=user, parent=parent, name__iexact=name).exists():
        raise ValidationError(f"{parent.name} already has a category called {name}.")
    return Category.objects.create(user=user, parent=parent, name=name, color=parent.color)


@transaction.atomic
def category_update(*, user: User, category: Category, name: str, hidden: bool) -> None:
    if category.user_id != user.pk:
        raise ValidationError("Not your category.")
    category.name, category.hidden = name.strip(), hidden
    category.save(update_fields=["name", "hidden"])


@transaction.atomic
def category_delete(*, user: User, category: Category) -> None:
    """Delete a category the person added; its transactions, split lines and rules move to its primary."""
    if category.user_id != user.pk or category.code or category.is_primary:
        raise ValidationError("Only categories you added can be deleted.")
    parent = category.parent
    moved = list(Transaction.objects.filter(user=user, category=category))
    now = timezone.now()
    Transaction.objects.filter(pk__in=[t.pk for t in moved]).update(category=parent, updated_at=now)
    TransactionChange.objects.bulk_create(
        _change(t, "category", category.name, parent.name, Source.USER, now, actor=user) for t in moved
    )
    SplitLine.objects.filter(category=category).update(category=parent)
    Rule.objects.filter(user=user, set_category=category).update(set_category=parent)
    category.delete()


# A bank's update -------------------------------------------------------------------------------------


@dataclass
class AppliedUpdate:
    added: int = 0
    modified: int = 0
    removed: int = 0
    changed_ids: set[int] = field(default_factory=set)
    categorized_ids: set[int] = field(default_factory=set)  # categorized as they arrived


def _bank_values(record: TransactionRecord) -> dict:
    return {
        "date": record.date,
        "authorized_date": record.authorized_date,
        "amount": record.amount.quantize(CENT),
        "currency": record.currency,
        "description": record.description[:500],
        "merchant_name": record.merchant_name[:200],
        "pending": record.pending,
        "pending_transaction_id": record.pending_transaction_id or "",
        "provider_category_primary": record.category_primary,
        "provider_category_detailed": record.category_detailed,
    }


class BankUpdate:
    """A bank's update, applied as its pages arrive: memory stays flat however long the history.

    Call `page()` for each page, in order, then `finish()`, all in one database transaction. Replaying the same
    update changes nothing. `accounts` maps the provider's account ids to the connection's accounts. New
    transactions are categorized before they are written, so each is written once; a posted transaction that
    replaces a pending one inherits what the person set on it. Removed transactions are soft-deleted.
    """

    def __init__(self, *, user: User, accounts: Mapping[str, BankAccount]):
        self.user, self.accounts = user, accounts
        self.result = AppliedUpdate()
        self._waiting: dict[tuple[str, str], TransactionRecord] = {}
        self._categorizer: Categorizer | None = None
        # Accounts with no transactions yet (a first sync) hold only what this update writes: only those need
        # looking up, which spares a query per batch of a long history. None: look up every id.
        self._written: set[str] | None = (
            None if Transaction.objects.filter(account__in=accounts.values()).exists() else set()
        )

    def page(self, *, upserts: Iterable[TransactionRecord], removed: Iterable[str]) -> None:
        for record in upserts:
            self._waiting[(record.provider_account_id, record.provider_transaction_id)] = record
        removed = set(removed)
        if len(self._waiting) >= BATCH or removed:
            self._flush()
        _remove(accounts=self.accounts, provider_ids=removed, result=self.result)

    def finish(self) -> AppliedUpdate:
        self._flush()
        return self.result

    def _flush(self) -> None:
        if not self._waiting:
            return
        if self._categorizer is None:
            self._categorizer = _categorizer(self.user)
        records, self._waiting = list(self._waiting.values()), {}
        created = _upsert_batch(
            user=self.user,
            accounts=self.accounts,
            records=records,
            result=self.result,
            categorizer=self._categorizer,
            written=self._written,
        )
        if self._written is not None:
            self._written.update(t.provider_transaction_id for t in created)


def transactions_statistics_refresh() -> None:
    """Bring PostgreSQL's planner statistics up to date after a large write (a first sync's years of history).

    Until autovacuum's next round they describe the transactions table as it was, and the small tables its pages
    join (accounts, connections, categories) may never change enough to be analyzed at all in a small install:
    planned for a nearly empty table, a page of the new history takes a scan of all of it (200 ms instead of 1 ms
    at 100,000 transactions). ANALYZE samples a bounded number of rows per table, well under a second. Run it
    outside the write's transaction."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _account_for(accounts: Mapping[str, BankAccount], record: TransactionRecord) -> BankAccount:
    try:
        return accounts[record.provider_account_id]
    except KeyError:
        raise ProviderError("UNKNOWN_ACCOUNT", "The bank sent a transaction for an account it did not list.") from None


def _stored(accounts, provider_ids: list[str], written: set[str] | None) -> dict[tuple[int, str], Transaction]:
    """The accounts' stored transactions with these provider ids (of those `written`, when not None)."""
    if written is not None:
        provider_ids = [provider_id for provider_id in provider_ids if provider_id in written]
    if not provider_ids:
        return {}
    stored = Transaction.objects.filter(account__in=accounts.values(), provider_transaction_id__in=provider_ids)
    return {(t.account_id, t.provider_transaction_id): t for t in stored}


def _upsert_batch(
    *,
    user,
    accounts,
    records: list[TransactionRecord],
    result: AppliedUpdate,
    categorizer: Categorizer,
    written: set[str] | None,
) -> list[Transaction]:
    """Write a batch of the bank's records; returns the transactions it created."""
    existing = _stored(accounts, [r.provider_transaction_id for r in records], written)
    replaced = _stored(accounts, [r.pending_transaction_id for r in records if r.pending_transaction_id], written)
    now = timezone.now()
    to_create, to_update, changes, carried = [], [], [], []
    for record in records:
        account = _account_for(accounts, record)
        values = _bank_values(record)
        current = existing.get((account.pk, record.provider_transaction_id))
        if current is None:
            new = _arriving(
                user_id=user.pk,
                account_id=account.pk,
                provider_transaction_id=record.provider_transaction_id,
                provider_data=record.raw,
                created_at=now,
                updated_at=now,
                **values,
            )
            pending = replaced.get((account.pk, record.pending_transaction_id))
            if pending is not None:
                _carry_edits(pending, new)
                carried.append((pending, new))
            to_create.append(new)
            continue
        diffs = {name: value for name, value in values.items() if getattr(current, name) != value}
        if current.deleted_at is not None:
            diffs["deleted_at"] = None
        if not diffs:
            continue
        for name, value in diffs.items():
            changes.append(_change(current, name, getattr(current, name), value, Source.SYNC, now))
            setattr(current, name, value)
        current.provider_data = record.raw
        current.updated_at = now
        to_update.append(current)
    _insert_arriving(to_create, carried, categorizer)
    Transaction.objects.bulk_update(
        to_update, [*BANK_FIELDS, "provider_data", "updated_at", "deleted_at"], batch_size=BATCH
    )
    TransactionChange.objects.bulk_create(changes, batch_size=BATCH)
    result.added += len(to_create)
    result.modified += len(to_update)
    result.changed_ids.update(t.pk for t in [*to_create, *to_update])
    result.categorized_ids.update(t.pk for t in to_create)
    return to_create


# Every field of a transaction with its default; a new one from a bank gets its own values for the time fields.
_DEFAULTS = {f.attname: f.get_default() for f in Transaction._meta.concrete_fields}


def _arriving(**values) -> Transaction:
    """A new transaction with these values and every other field's default. Made without `__init__` (which sets
    each field through its descriptor): what `Model.from_db` does for loaded rows, and several times faster when a
    bank's history brings a hundred thousand of them."""
    txn = Transaction.__new__(Transaction)
    txn.__dict__.update(_DEFAULTS, locked_fields=[], **values)
    txn._state = ModelState()
    return txn


def _insert_arriving(rows: list[Transaction], carried: list[tuple[Transaction, Transaction]], categorizer) -> None:
    """Categorize new transactions in memory, then write each once, with the tags they carried or a rule added."""
    if not rows:
        return
    carried_tags = _carried_tags(carried)
    planned = [plan for txn in rows if (plan := _plan(txn, categorizer, carried_tags.get(id(txn), set())))]
    changes, new_tags = _outcomes_set(planned, categorizer, cause=Source.SYNC, actor=None)
    _insert(rows)
    through = Transaction.tags.through
    through.objects.bulk_create(
        [
            through(transaction_id=posted.pk, tag_id=tag_id)
            for posted in rows
            for tag_id in carried_tags.get(id(posted), ())
        ]
    )
    _tags_add(new_tags, names=categorizer.tag_names, now=timezone.now(), actor=None)
    TransactionChange.objects.bulk_create(changes, batch_size=BATCH)


def _insert(rows: list[Transaction]) -> None:
    """Insert new transactions: on PostgreSQL by COPY (ids drawn from the sequence first), several times faster
    than INSERT for a bank's history; elsewhere by bulk_create."""
    if connection.vendor != "postgresql":
        Transaction.objects.bulk_create(rows, batch_size=BATCH)
        return
    table = Transaction._meta.db_table
    fields = Transaction._meta.local_concrete_fields
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, len(rows)]
        )
        for txn, (pk,) in zip(rows, cursor.fetchall(), strict=True):
            txn.pk = pk
        values = attrgetter(*(f.attname for f in fields))
        json_columns = [i for i, f in enumerate(fields) if f.get_internal_type() == "JSONField"]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for txn in rows:
                row = list(values(txn))
                for i in json_columns:
                    row[i] = Jsonb(row[i])
                copy.write_row(row)
    for txn in rows:
        txn._state.adding, txn._state.db = False, "default"


def _carry_edits(pending: Transaction, posted: Transaction) -> None:
    """The posted transaction keeps what the person set on the pending one."""
    for name in Transaction.USER_FIELDS:
        setattr(posted, name, getattr(pending, name))
    if pending.is_locked("category"):
        for name in CATEGORY_FIELDS:
            setattr(posted, name, getattr(pending, name))
    for name in ("merchant", "is_transfer", "is_excluded"):
        if pending.is_locked(name):
            setattr(posted, name, getattr(pending, name))


def _carried_tags(carried: list[tuple[Transaction, Transaction]]) -> dict[int, set[int]]:
    """The tags of each replaced pending transaction, keyed by `id()` of the posted one (not yet saved)."""
    if not carried:
        return {}
    by_pending = _tag_ids([pending for pending, _ in carried])
    return {id(posted): by_pending[pending.pk] for pending, posted in carried if by_pending[pending.pk]}


def _remove(*, accounts, provider_ids: set[str], result: AppliedUpdate) -> None:
    if not provider_ids:
        return
    now = timezone.now()
    doomed = list(
        Transaction.objects.filter(
            account_id__in=[a.pk for a in accounts.values()],
            provider_transaction_id__in=provider_ids,
            deleted_at__isnull=True,
        )
    )
    doomed_ids = [t.pk for t in doomed]
    Transaction.objects.filter(pk__in=doomed_ids).update(deleted_at=now, updated_at=now, transfer_pair=None)
    TransactionChange.objects.bulk_create([_change(t, "deleted_at", None, now, Source.SYNC, now) for t in doomed])
    # The other side of a removed transfer (often a pending one that posted) looks for its new partner.
    widowed = list(Transaction.objects.filter(transfer_pair__in=doomed_ids).values_list("pk", flat=True))
    Transaction.objects.filter(pk__in=widowed).update(transfer_pair=None)
    result.removed += len(doomed)
    result.changed_ids.update(doomed_ids, widowed)


def _change(txn: Transaction, name: str, old, new, source: str, at, *, actor: User | None = None) -> TransactionChange:
    return TransactionChange(
        transaction=txn,
        field=name,
        old_value="" if old is None else str(old),
        new_value="" if new is None else str(new),
        source=source,
        actor=actor,
        changed_at=at,
    )


def transactions_ingested(
    *, user: User, transaction_ids: set[int], source: str = Source.SYNC, categorized: set[int] = frozenset()
) -> None:
    """Everything that follows new or changed transactions, in the order of the data flow.

    Called directly rather than through signals, so the order is visible: categorize (all but those `categorized`
    on arrival), pair transfers, alert on the budgets the spending touched, bring bills up to date with their
    payments, flag unusual charges. All of it in the caller's database transaction: what follows exists as soon as
    the transactions do.
    """
    ids = list(transaction_ids)
    transactions_categorize(user=user, transaction_ids=set(ids) - categorized, cause=source)
    _transfers_pair(user=user, transaction_ids=ids, cause=source)
    budgets_evaluate(user=user, transaction_ids=ids)
    bills_detect(user=user)
    unusual_charges_find(user=user, transaction_ids=ids)


# Categorization --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PreviewChange:
    transaction: Transaction
    field: str  # in words: "Category", "Merchant", ...
    old: str
    new: str


@dataclass
class RulePreview:
    changes: list[PreviewChange] = field(default_factory=list)
    transaction_count: int = 0
    changed_ids: set[int] = field(default_factory=set)


def _categorizer(user: User, rules: Iterable[Rule] | None = None) -> Categorizer:
    if rules is None:
        rules = Rule.objects.filter(user=user).select_related("add_tag")
    categories = list(Category.objects.filter(user=user))
    if not categories:
        categories_ensure(user=user)
        categories = list(Category.objects.filter(user=user))
    return Categorizer(categories=categories, rules=rules)


def transactions_categorize(*, user: User, transaction_ids: Iterable[int], cause: str = Source.SYNC) -> int:
    """Run the pipeline over these transactions of `user`; returns how many changed."""
    ids = list(transaction_ids)
    if not ids:
        return 0
    query = Transaction.objects.filter(Among("pk", ids), user=user, deleted_at__isnull=True)
    return _recategorize(query, _categorizer(user), cause=cause, write=True).transaction_count


def _recategorize(query, categorizer: Categorizer, *, cause: str, write: bool, actor: User | None = None):
    """What the pipeline changes in the transactions of `query`: previewed, or written with history rows."""
    preview = RulePreview()
    for batch in _batches(query):
        tag_ids = _tag_ids(batch)
        reasons = _transfer_reasons(batch)
        planned = [plan for txn in batch if (plan := _plan(txn, categorizer, tag_ids[txn.pk], reasons.get(txn.pk, "")))]
        preview.transaction_count += len(planned)
        preview.changed_ids.update(txn.pk for txn, _, _ in planned)
        if write:
            _write_outcomes(planned, categorizer, cause=cause, actor=actor)
        else:
            preview.changes += [
                PreviewChange(txn, label, old, new)
                for txn, _, diff in planned
                for label, old, new in _diff_words(txn, diff, categorizer)
            ]
    return preview


def _plan(txn: Transaction, categorizer: Categorizer, tag_ids: set[int], transfer_reason: str = ""):
    """What the pipeline would change on `txn`: (txn, outcome, diff), or None when nothing."""
    outcome = categorizer.decide(
        description=txn.description,
        merchant_name=txn.merchant_name,
        amount=txn.amount,
        account_id=txn.account_id,
        provider_category=txn.provider_category_detailed or txn.provider_category_primary,
        transfer_reason=transfer_reason,
    )
    diff = _diff(txn, outcome, tag_ids, categorizer)
    return (txn, outcome, diff) if diff else None


def _batches(query):
    rows = list(query.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(rows), BATCH):
        yield list(Transaction.objects.filter(pk__in=rows[start : start + BATCH]).select_related("account"))


def _tag_ids(batch: list[Transaction]) -> dict[int, set[int]]:
    found: dict[int, set[int]] = defaultdict(set)
    for txn_id, tag_id in Transaction.tags.through.objects.filter(transaction_id__in=[t.pk for t in batch]).values_list(
        "transaction_id", "tag_id"
    ):
        found[txn_id].add(tag_id)
    return found


def _transfer_reasons(batch: list[Transaction]) -> dict[int, str]:
    """Why each paired transaction in the batch is a transfer: the other side, in words."""
    other_ids = [t.transfer_pair_id for t in batch if t.transfer_pair_id]
    if not other_ids:
        return {}
    others = Transaction.objects.filter(pk__in=other_ids).select_related("account").in_bulk()
    return {t.pk: _pair_reason(others[t.transfer_pair_id]) for t in batch if t.transfer_pair_id in others}


def _pair_reason(other: Transaction) -> str:
    when = date_format(other.date, "j M")
    return f"Transfer between your accounts: matches {other.amount:+,.2f} on {other.account} on {when}"


def _diff(txn: Transaction, outcome: Outcome, tag_ids: set[int], categorizer: Categorizer) -> dict:
    """The pipeline's fields that differ from the transaction's, leaving alone what the person locked."""
    diff = {}
    category_locked = txn.is_locked("category")
    if not category_locked and (
        txn.category_id,
        txn.category_source,
        txn.category_reason,
        txn.rule_id,
    ) != (outcome.category_id, outcome.source, outcome.reason, outcome.rule_id):
        diff["category"] = outcome
    if not txn.is_locked("merchant") and outcome.merchant != txn.merchant:
        diff["merchant"] = outcome.merchant
    if not txn.is_locked("tags") and set(outcome.tag_ids) - tag_ids:
        diff["tags"] = set(outcome.tag_ids) - tag_ids
    flags = {
        "is_transfer": categorizer.is_transfer(txn.category_id if category_locked else outcome.category_id, outcome),
        "is_excluded": outcome.is_excluded,
    }
    for flag, value in flags.items():
        if not txn.is_locked(flag) and value != getattr(txn, flag):
            diff[flag] = value
    return diff


def _diff_words(txn: Transaction, diff: dict, categorizer: Categorizer) -> list[tuple[str, str, str]]:
    names = categorizer.names
    words = []
    if "category" in diff:
        outcome = diff["category"]
        if outcome.category_id != txn.category_id:
            words.append(("Category", names.get(txn.category_id, "—"), names[outcome.category_id]))
        else:
            words.append(("Why", txn.category_reason, outcome.reason))
    if "merchant" in diff:
        words.append(("Merchant", txn.merchant or "—", diff["merchant"]))
    if "tags" in diff:
        added = ", ".join(sorted(categorizer.tag_names[tag_id] for tag_id in diff["tags"]))
        words.append(("Tags", "", f"+ {added}"))
    for flag, label in (("is_transfer", "Transfer"), ("is_excluded", "Excluded")):
        if flag in diff:
            words.append((label, _yes_no(not diff[flag]), _yes_no(diff[flag])))
    return words


def _yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def _history_source(outcome: Outcome, cause: str) -> str:
    return {"rule": Source.RULE, "learned": Source.LEARNED}.get(outcome.source, cause)


def _write_outcomes(planned, categorizer: Categorizer, *, cause: str, actor: User | None) -> None:
    changes, new_tags = _outcomes_set(planned, categorizer, cause=cause, actor=actor)
    _update_by_values(
        [txn for txn, _, _ in planned], [*CATEGORY_FIELDS, "merchant", "is_transfer", "is_excluded", "updated_at"]
    )
    _tags_add(new_tags, names=categorizer.tag_names, now=timezone.now(), actor=actor)
    TransactionChange.objects.bulk_create(changes, batch_size=BATCH)


def _outcomes_set(planned, categorizer: Categorizer, *, cause: str, actor: User | None):
    """Set the pipeline's decisions on the transactions (not saved); returns the history rows and tags to add."""
    now = timezone.now()
    changes, new_tags = [], []
    for txn, outcome, diff in planned:
        source = _history_source(outcome, cause)
        # A transaction's first categorization is part of its arrival, not a change to it.
        arriving = txn.category_id is None and not txn.locked_fields
        if "category" in diff:
            if not arriving and txn.category_id != outcome.category_id:
                old, new = categorizer.names.get(txn.category_id, ""), categorizer.names[outcome.category_id]
                changes.append(_change(txn, "category", old, new, source, now, actor=actor))
            txn.category_id, txn.category_source = outcome.category_id, outcome.source
            txn.category_reason, txn.rule_id = outcome.reason[:300], outcome.rule_id
        if "merchant" in diff:
            if not arriving:
                rule_source = Source.RULE if outcome.merchant_rule_id else cause
                changes.append(_change(txn, "merchant", txn.merchant, diff["merchant"], rule_source, now, actor=actor))
            txn.merchant = diff["merchant"][:200]
        for flag in ("is_transfer", "is_excluded"):
            if flag in diff:
                if not arriving:
                    changes.append(_change(txn, flag, getattr(txn, flag), diff[flag], source, now, actor=actor))
                setattr(txn, flag, diff[flag])
        if "tags" in diff:
            new_tags += [(txn, tag_id, not arriving) for tag_id in diff["tags"]]
        txn.updated_at = now
    return changes, new_tags


def _update_by_values(rows: list[Transaction], fields: list[str]) -> None:
    """Save these fields of these rows with one UPDATE per distinct set of values: a merchant's transactions share
    theirs, so this is a few statements where `bulk_update` would build a CASE per row (seconds per thousand)."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    for row in rows:
        groups[tuple(getattr(row, name) for name in fields)].append(row.pk)
    for values, ids in groups.items():
        for start in range(0, len(ids), BATCH):
            Transaction.objects.filter(pk__in=ids[start : start + BATCH]).update(
                **dict(zip(fields, values, strict=True))
            )


def _tags_add(added: list[tuple[Transaction, int, bool]], *, names: dict[int, str], now, actor: User | None) -> None:
    """Add rules' tags: (transaction, tag id, whether to write it to the history)."""
    if not added:
        return
    through = Transaction.tags.through
    through.objects.bulk_create(
        [through(transaction_id=txn.pk, tag_id=tag_id) for txn, tag_id, _ in added], ignore_conflicts=True
    )
    TransactionChange.objects.bulk_create(
        _change(txn, "tags", "", f"+ {names[tag_id]}", Source.RULE, now, actor=actor)
        for txn, tag_id, recorded in added
        if recorded
    )


# Transfers between the person's own accounts ---------------------------------------------------------


def _transfers_pair(*, user: User, transaction_ids: list[int], cause: str) -> None:
    """Pair each new transfer-like transaction with its other side: the opposite amount within 3 days on
    another of the person's accounts. Both sides are then transfers, left out of spending."""
    fresh = list(
        Transaction.objects.filter(
            Among("pk", transaction_ids),
            user=user,
            deleted_at__isnull=True,
            transfer_pair__isnull=True,
            is_transfer=True,
        ).order_by("date", "pk")
    )
    if not fresh:
        return
    candidates = list(
        Transaction.objects.filter(
            user=user,
            deleted_at__isnull=True,
            transfer_pair__isnull=True,
            amount__in={-t.amount for t in fresh},
            date__gte=min(t.date for t in fresh) - TRANSFER_WINDOW,
            date__lte=max(t.date for t in fresh) + TRANSFER_WINDOW,
        )
        .filter(Q(is_transfer=True) | Q(category_source=CategorySource.DEFAULT))
        .order_by("date", "pk")
    )
    by_amount: dict[tuple[Decimal, str], list[Transaction]] = defaultdict(list)
    for candidate in candidates:
        by_amount[(candidate.amount, candidate.currency)].append(candidate)
    paired: set[int] = set()
    pairs = []
    for txn in fresh:
        if txn.pk in paired:
            continue
        other = _other_side(txn, by_amount[(-txn.amount, txn.currency)], paired)
        if other is not None:
            paired |= {txn.pk, other.pk}
            pairs.append((txn, other))
    for a, b in pairs:
        a.transfer_pair, b.transfer_pair = b, a
    Transaction.objects.bulk_update([t for pair in pairs for t in pair], ["transfer_pair"])
    transactions_categorize(user=user, transaction_ids=paired, cause=cause)


def _other_side(txn: Transaction, opposites: list[Transaction], paired: set[int]) -> Transaction | None:
    """The nearest in date of the candidates of the opposite amount, on another account, not yet paired."""
    matches = [
        c
        for c in opposites
        if c.pk not in paired
        and c.pk != txn.pk
        and c.account_id != txn.account_id
        and abs(c.date - txn.date) <= TRANSFER_WINDOW
    ]
    return min(matches, key=lambda c: (abs(c.date - txn.date), c.pk), default=None)


# The person's edits ----------------------------------------------------------------------------------


EDITABLE = ("category", "merchant", "notes", "tags", "is_transfer", "is_excluded", "is_flagged")
SPENDING_FIELDS = {"category", "is_transfer", "is_excluded"}  # what moves spending between budgets


@transaction.atomic
def transaction_update(*, user: User, transaction: Transaction, changes: dict) -> list[str]:
    """Set what the person changed; each change is locked against rules and syncs, and written to history."""
    txn = _own(user, transaction)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    now = timezone.now()
    history, changed = [], []
    for name, value in changes.items():
        entry = _apply_edit(user, txn, name, value, now)
        if entry is not None:
            history.append(entry)
            changed.append(name)
            if name in Transaction.LOCKABLE_FIELDS and name not in txn.locked_fields:
                txn.locked_fields = [*txn.locked_fields, name]
    if changed:
        txn.updated_at = now
        txn.save()
        TransactionChange.objects.bulk_create(history)
    if "category" in changed:  # whether it is a transfer follows the category the person chose
        transactions_categorize(user=user, transaction_ids=[txn.pk], cause=Source.USER)
    if SPENDING_FIELDS.intersection(changed):
        budgets_evaluate(user=user, transaction_ids=[txn.pk])
    return changed


def _own(user: User, txn: Transaction) -> Transaction:
    """The person's own transaction, fresh from the database and locked for the edit."""
    try:
        return Transaction.objects.select_for_update().get(pk=txn.pk, user=user, deleted_at__isnull=True)
    except Transaction.DoesNotExist:
        raise ValidationError("This transaction is not yours or no longer exists.") from None


def _apply_edit(user: User, txn: Transaction, name: str, value, now) -> TransactionChange | None:
    if name == "category":
        if value.user_id != user.pk:
            raise ValidationError("Choose one of your categories.")
        if txn.category_id == value.pk and txn.category_source == CategorySource.USER:
            return None
        old = txn.category.name if txn.category_id else ""
        txn.category, txn.category_source, txn.rule_id = value, CategorySource.USER, None
        txn.category_reason = "You chose this category"
        return _change(txn, "category", old, value.name, Source.USER, now, actor=user)
    if name == "tags":
        return _tags_set(user, txn, value, now)
    if isinstance(value, str):
        value = value.strip()
    old = getattr(txn, name)
    if old == value:
        return None
    setattr(txn, name, value)
    return _change(txn, name, old, value, Source.USER, now, actor=user)


def _tags_set(user: User, txn: Transaction, names: Iterable[str], now) -> TransactionChange | None:
    wanted = {n.strip().lower(): n.strip() for n in names if n.strip()}
    current = {t.name.lower(): t for t in txn.tags.all()}
    if set(wanted) == set(current):
        return None
    tags = [_tag(user, wanted[key]) for key in wanted]
    txn.tags.set(tags)
    old = ", ".join(sorted(t.name for t in current.values()))
    return _change(txn, "tags", old, ", ".join(sorted(t.name for t in tags)), Source.USER, now, actor=user)


def _tag(user: User, name: str) -> Tag:
    name = name.strip()[:50]
    existing = Tag.objects.filter(user=user, name__iexact=name).first()
    return existing or Tag.objects.create(user=user, name=name)


def tag_for(*, user: User, name: str) -> Tag:
    """The person's tag with this name (any case), created when new."""
    return _tag(user, name)


@transaction.atomic
def transaction_recategorize(*, user: User, transaction: Transaction, category: Category, remember: bool) -> int:
    """Set a category; with `remember`, also learn merchant -> category and apply it to the merchant's other
    transactions that the person has not set by hand. Returns how many other transactions changed."""
    transaction_update(user=user, transaction=transaction, changes={"category": category})
    txn = Transaction.objects.get(pk=transaction.pk, user=user)
    merchant = _merchant_as_synced(txn)
    if not remember or not merchant:
        return 0
    same_merchant = (
        Transaction.objects.filter(user=user, deleted_at__isnull=True)
        .filter(Q(merchant__iexact=merchant) | Q(merchant__iexact=txn.merchant))
        .exclude(pk=txn.pk)
    )
    _learned_rule_save(user, merchant, category)
    return _recategorize_and_evaluate(user, same_merchant, cause=Source.LEARNED)


def _merchant_as_synced(txn: Transaction) -> str:
    """The merchant the merchant's new transactions will arrive with. A name the person gave this one by hand is
    theirs alone: learning under it would match nothing that comes later."""
    if txn.is_locked("merchant"):
        return txn.merchant_name or clean_merchant(txn.description)
    return txn.merchant


def _recategorize_and_evaluate(user: User, query, *, cause: str) -> int:
    """Run the pipeline over `query` for the person's action, then alert on the budgets it touched."""
    changed = _recategorize(query, _categorizer(user), cause=cause, write=True, actor=user)
    budgets_evaluate(user=user, transaction_ids=changed.changed_ids)
    return changed.transaction_count


def _learned_rule_save(user: User, merchant: str, category: Category) -> Rule:
    key = merchant_key(merchant)
    for rule in Rule.objects.filter(user=user, kind=Rule.Kind.LEARNED):
        if merchant_key(rule.match_value) == key:
            rule.set_category = category
            rule.save(update_fields=["set_category"])
            return rule
    return Rule.objects.create(
        user=user,
        kind=Rule.Kind.LEARNED,
        match_field=Rule.Field.MERCHANT,
        match_operator=Rule.Operator.EQUALS,
        match_value=merchant,
        set_category=category,
    )


@transaction.atomic
def transaction_category_reset(*, user: User, transaction: Transaction) -> None:
    """Hand the category back to FinSync: unlock it and let the pipeline decide."""
    txn = _own(user, transaction)
    if "category" not in txn.locked_fields:
        return
    txn.locked_fields = [name for name in txn.locked_fields if name != "category"]
    txn.save(update_fields=["locked_fields"])
    transactions_categorize(user=user, transaction_ids=[txn.pk], cause=Source.USER)
    budgets_evaluate(user=user, transaction_ids=[txn.pk])


@dataclass(frozen=True)
class SplitInput:
    category: Category
    amount: Decimal
    note: str = ""


@transaction.atomic
def transaction_split(*, user: User, transaction: Transaction, lines: list[SplitInput]) -> None:
    """Split a transaction into categories; the lines must add up to its amount. No lines: not split."""
    txn = _own(user, transaction)
    _split_check(user, txn, lines)
    old = _split_words(txn.splits.select_related("category"))
    txn.splits.all().delete()
    SplitLine.objects.bulk_create(
        SplitLine(transaction=txn, category=line.category, amount=line.amount, note=line.note.strip()[:200])
        for line in lines
    )
    new = _split_words(txn.splits.select_related("category"))
    if old != new:
        TransactionChange.objects.create(
            transaction=txn, field="splits", old_value=old, new_value=new, source=Source.USER, actor=user
        )
        budgets_evaluate(user=user, transaction_ids=[txn.pk])


def _split_check(user: User, txn: Transaction, lines: list[SplitInput]) -> None:
    if not lines:
        return
    if txn.pending:
        raise ValidationError("A pending transaction can be split once it has posted.")
    if len(lines) < 2:
        raise ValidationError("A split needs at least two lines.")
    for line in lines:
        if line.category.user_id != user.pk:
            raise ValidationError("Choose one of your categories.")
        if line.amount != line.amount.quantize(CENT):
            raise ValidationError(f"{line.amount} has more than two decimals.")
        if line.amount == 0 or (line.amount > 0) != (txn.amount > 0):
            raise ValidationError("Each line needs an amount with the same sign as the transaction.")
    total = sum((line.amount for line in lines), Decimal(0))
    if total != txn.amount:
        raise ValidationError(
            f"The lines add up to {total:,.2f} but the transaction is {txn.amount:,.2f}: "
            f"{txn.amount - total:+,.2f} left to assign."
        )


def _split_words(lines) -> str:
    return "; ".join(f"{line.category.name} {line.amount:,.2f}" for line in lines)


@transaction.atomic
def transaction_reimbursement_set(
    *, user: User, transaction: Transaction, expected: bool, reimbursed_by: Transaction | None
) -> None:
    """Mark an expense as reimbursable, and link the inflow that paid it back (it then counts as reimbursed)."""
    txn = _own(user, transaction)
    if (expected or reimbursed_by) and txn.amount >= 0:
        raise ValidationError("Only money going out can be reimbursed.")
    if reimbursed_by is not None and (
        reimbursed_by.user_id != user.pk or reimbursed_by.amount <= 0 or reimbursed_by.pk == txn.pk
    ):
        raise ValidationError("Choose money that came in to one of your accounts.")
    state = Reimbursement.REIMBURSED if reimbursed_by else Reimbursement.EXPECTED if expected else ""
    old = txn.get_reimbursement_display() if txn.reimbursement else ""
    if (txn.reimbursement, txn.reimbursed_by_id) == (state, reimbursed_by.pk if reimbursed_by else None):
        return
    txn.reimbursement, txn.reimbursed_by = state, reimbursed_by
    txn.save(update_fields=["reimbursement", "reimbursed_by", "updated_at"])
    new = txn.get_reimbursement_display() if state else ""
    if reimbursed_by is not None:
        new += f" by {reimbursed_by.description} on {date_format(reimbursed_by.date, 'j M Y')}"
    TransactionChange.objects.create(
        transaction=txn, field="reimbursement", old_value=old, new_value=new, source=Source.USER, actor=user
    )


@transaction.atomic
def transactions_bulk_update(
    *, user: User, transaction_ids: list[int], category: Category | None = None, tag: str | None = None
) -> int:
    """Recategorize and/or tag several of the person's transactions at once; others' ids are ignored."""
    if category is not None and category.user_id != user.pk:
        raise ValidationError("Choose one of your categories.")
    changed = 0
    for txn in Transaction.objects.filter(user=user, pk__in=transaction_ids, deleted_at__isnull=True):
        changes = {}
        if category is not None:
            changes["category"] = category
        if tag and tag.strip():
            changes["tags"] = [*txn.tags.values_list("name", flat=True), tag]
        changed += bool(transaction_update(user=user, transaction=txn, changes=changes))
    return changed


# Manual transactions ---------------------------------------------------------------------------------


@transaction.atomic
def manual_transaction_create(
    *,
    user: User,
    account: BankAccount | None,
    date: Date,
    amount: Decimal,
    description: str,
    category: Category | None = None,
    notes: str = "",
    new_account_name: str = "",
    new_account_currency: str = "",
) -> Transaction:
    """A transaction the person entered by hand (cash), into one of their manual accounts, or into a new one
    (`account` None: `new_account_name` and `new_account_currency`), made together with it or not at all."""
    if account is None:
        account = manual_account_create(user=user, name=new_account_name, currency=new_account_currency)
    if account.user_id != user.pk or not account.is_manual:
        raise ValidationError("Choose one of your manual accounts.")
    if amount == 0 or amount != amount.quantize(CENT):
        raise ValidationError("Enter a non-zero amount with at most two decimals.")
    now = timezone.now()
    txn = Transaction.objects.create(
        user=user,
        account=account,
        provider_transaction_id=f"{MANUAL_PREFIX}{uuid.uuid4()}",
        date=date,
        amount=amount,
        currency=account.currency,
        description=description.strip()[:500],
        notes=notes.strip(),
        created_at=now,
        updated_at=now,
    )
    transactions_ingested(user=user, transaction_ids={txn.pk}, source=Source.USER)
    if category is not None:
        transaction_update(user=user, transaction=txn, changes={"category": category})
    txn.refresh_from_db()
    return txn


@transaction.atomic
def manual_transaction_delete(*, user: User, transaction: Transaction) -> None:
    txn = _own(user, transaction)
    if not txn.is_manual:
        raise ValidationError("Only transactions you entered by hand can be deleted.")
    now = timezone.now()
    txn.deleted_at, txn.updated_at = now, now
    txn.save(update_fields=["deleted_at", "updated_at"])
    TransactionChange.objects.create(
        transaction=txn, field="deleted_at", new_value=str(now), source=Source.USER, actor=user, changed_at=now
    )


# Rules -----------------------------------------------------------------------------------------------


def rule_validate(rule: Rule) -> None:
    """A rule that can run: a valid pattern, an ordered amount range, at least one condition and one action."""
    if rule.match_operator == Rule.Operator.REGEX and rule.match_value:
        try:
            re.compile(rule.match_value)
        except re.error as error:
            raise ValidationError({"match_value": f"This pattern is not valid: {error}."}) from None
    if rule.amount_min is not None and rule.amount_max is not None and rule.amount_min > rule.amount_max:
        raise ValidationError({"amount_max": "The largest amount must not be below the smallest."})
    if not (rule.match_value.strip() or rule.amount_min is not None or rule.amount_max is not None or rule.account_id):
        raise ValidationError("Give the rule a condition: some text, an amount range or an account.")
    if not (
        rule.set_category_id
        or rule.rename_merchant.strip()
        or rule.add_tag_id
        or rule.mark_transfer
        or rule.mark_excluded
    ):
        raise ValidationError("Give the rule something to do: a category, a merchant name, a tag or a flag.")
    for owned in (rule.set_category, rule.add_tag, rule.account):
        if owned is not None and owned.user_id != rule.user_id:
            raise ValidationError("A rule can only use your own categories, tags and accounts.")


@transaction.atomic
def rule_save(*, user: User, rule: Rule, tag_name: str = "") -> Rule:
    """Save a new rule (last in order) or an edited one. It applies to new transactions from now on.

    `tag_name` names the tag the rule adds (made when new; a refused rule leaves no new tag behind)."""
    rule.user = user
    if tag_name:
        rule.add_tag = _tag(user, tag_name)
    rule_validate(rule)
    if rule.pk is None and rule.kind == Rule.Kind.USER:
        last = Rule.objects.filter(user=user, kind=Rule.Kind.USER).aggregate(last=Max("position"))["last"]
        rule.position = 0 if last is None else last + 1
    rule.save()
    return rule


def rule_from_transaction(*, transaction: Transaction) -> Rule:
    """An unsaved rule that would catch transactions like this one."""
    merchant = transaction.merchant
    return Rule(
        user_id=transaction.user_id,
        match_field=Rule.Field.MERCHANT if merchant else Rule.Field.DESCRIPTION,
        match_operator=Rule.Operator.EQUALS if merchant else Rule.Operator.CONTAINS,
        match_value=merchant or transaction.description,
        direction=Rule.Direction.IN if transaction.amount > 0 else Rule.Direction.OUT,
        set_category_id=transaction.category_id,
    )


def _rules_with(user: User, rule: Rule) -> list[Rule]:
    """The person's rules with `rule` in its place (replacing its saved version, or last when new)."""
    rules = [r for r in Rule.objects.filter(user=user).select_related("add_tag") if r.pk != rule.pk]
    if rule.pk is None and rule.kind == Rule.Kind.USER:
        rule.position = max((r.position + 1 for r in rules if r.kind == Rule.Kind.USER), default=0)
    return sorted([*rules, rule], key=lambda r: (r.kind != Rule.Kind.USER, r.position, r.pk or 0))


def _rule_reach(user: User, rule: Rule, before: Rule | None):
    """Transactions a rule could change: those it matches now (a coarse database filter; the pipeline decides
    exactly), and those its saved version set."""
    reach = Q()
    value = rule.match_value.strip()
    if value and rule.match_operator != Rule.Operator.REGEX:
        text = Q()
        if rule.match_field != Rule.Field.MERCHANT:
            text |= Q(description__icontains=value)
        if rule.match_field != Rule.Field.DESCRIPTION:
            text |= Q(merchant__icontains=value) | Q(merchant_name__icontains=value)
        reach &= text
    if rule.account_id:
        reach &= Q(account_id=rule.account_id)
    if rule.direction:
        reach &= Q(amount__gt=0) if rule.direction == Rule.Direction.IN else Q(amount__lt=0)
    if before is not None:
        reach |= Q(rule_id=before.pk)
        if before.rename_merchant:
            reach |= Q(merchant=before.rename_merchant)
    return Transaction.objects.filter(reach, user=user, deleted_at__isnull=True)


def rule_preview(*, user: User, rule: Rule, tag_name: str = "") -> RulePreview:
    """What applying `rule` (saved, edited or new) to past transactions would change, without changing it.

    A tag new by `tag_name` exists only for the dry run, so that the preview shows it being added."""
    with transaction.atomic():
        rule.user = user
        if tag_name:
            rule.add_tag = _tag(user, tag_name)
        rule_validate(rule)
        before = Rule.objects.filter(pk=rule.pk, user=user).first() if rule.pk else None
        categorizer = _categorizer(user, _rules_with(user, rule))
        preview = _recategorize(_rule_reach(user, rule, before), categorizer, cause=Source.RULE, write=False)
        transaction.set_rollback(True)
    return preview


@transaction.atomic
def rule_apply(*, user: User, rule: Rule) -> int:
    """Apply a saved rule to past transactions; returns how many changed (what `rule_preview` counted)."""
    rule = Rule.objects.get(pk=rule.pk, user=user)
    return _recategorize_and_evaluate(user, _rule_reach(user, rule, rule), cause=Source.RULE)


@transaction.atomic
def rule_delete(*, user: User, rule: Rule) -> int:
    """Delete a rule; what it had categorized is categorized again without it. Returns how many changed."""
    rule = Rule.objects.get(pk=rule.pk, user=user)
    set_by_rule = list(Transaction.objects.filter(user=user, rule=rule).values_list("pk", flat=True))
    renamed = (
        list(Transaction.objects.filter(user=user, merchant=rule.rename_merchant).values_list("pk", flat=True))
        if rule.rename_merchant
        else []
    )
    rule.delete()
    query = Transaction.objects.filter(user=user, pk__in=[*set_by_rule, *renamed], deleted_at__isnull=True)
    return _recategorize_and_evaluate(user, query, cause=Source.RULE)


@transaction.atomic
def rules_reorder(*, user: User, rule_ids: list[int]) -> None:
    """Put the person's rules in this order; ids that are not theirs are ignored."""
    rules = Rule.objects.filter(user=user, kind=Rule.Kind.USER).in_bulk()
    ordered = [rules[pk] for pk in dict.fromkeys(rule_ids) if pk in rules]
    ordered += sorted((r for pk, r in rules.items() if r not in ordered), key=lambda r: (r.position, r.pk))
    for position, rule in enumerate(ordered):
        rule.position = position
    Rule.objects.bulk_update(ordered, ["position"])
