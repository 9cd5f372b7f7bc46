"""Statement file imports: the services that write them (upload, preview plan, confirm, undo, review).

A file is uploaded and kept as a preview; `import_plan` says what each of its lines would become; confirming
imports exactly that plan in one database transaction, so a preview and its import always agree, and a file
that cannot be read imports nothing.

Each line is matched against the account in two steps. The same file id (OFX FITID, or the id derived from the
line) as a transaction already imported is a duplicate and is left out. A line with the same amount as a synced
or earlier imported transaction, a date within three days and a similar description is a *likely* duplicate: it
waits in the review queue until the person merges it or keeps both. Nothing is merged or dropped silently.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import User
from banking.models import BalanceSnapshot, BankAccount
from banking.services import manual_account_create
from transactions.descriptors import descriptions_alike
from transactions.models import (
    IMPORT_PREFIX,
    Category,
    CsvPreset,
    LikelyDuplicate,
    SplitLine,
    StatementImport,
    Transaction,
    TransactionChange,
)
from transactions.services import Source, transactions_ingested
from transactions.statements import (
    CsvMapping,
    Statement,
    StatementAccount,
    StatementError,
    StatementLine,
    csv_mapping_guess,
    looks_like_csv,
    statement_parse,
)

MATCH_WINDOW = timedelta(days=3)
PREVIEW_LIFETIME = timedelta(days=1)


class Verdict:
    NEW = "new"
    DUPLICATE = "duplicate"
    LIKELY = "likely"


@dataclass(frozen=True)
class PlannedLine:
    line: StatementLine
    provider_id: str
    verdict: str
    match: Transaction | None = None  # what a likely duplicate looks like


@dataclass(frozen=True)
class ImportPlan:
    """What confirming an upload would do; `error` says why it cannot be imported as it stands."""

    statement: Statement | None  # the whole file, every account in it
    lines: list[PlannedLine]
    error: str = ""
    chosen: int = 0  # which of the file's accounts is imported

    @property
    def part(self) -> StatementAccount | None:
        """The file's account that is imported."""
        return self.statement.accounts[self.chosen] if self.statement and self.statement.accounts else None

    def count(self, verdict: str) -> int:
        return sum(planned.verdict == verdict for planned in self.lines)

    @property
    def new(self) -> int:
        return self.count(Verdict.NEW)

    @property
    def duplicates(self) -> int:
        return self.count(Verdict.DUPLICATE)

    @property
    def likely(self) -> int:
        return self.count(Verdict.LIKELY)

    @property
    def skipped(self) -> int:
        return len(self.statement.skipped) if self.statement else 0


# Upload ----------------------------------------------------------------------------------------------


@transaction.atomic
def statement_upload(
    *, user: User, file_name: str, data: bytes, account: BankAccount | None = None, new_account_name: str = ""
) -> StatementImport:
    """Keep an uploaded file as a preview for `account`, or for a new manual account named `new_account_name`.

    StatementError when the file is too large or cannot be a statement. A CSV whose columns FinSync reads wrong is
    kept all the same: the person corrects the column mapping on the preview.
    """
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise StatementError(
            f"This file is {filesizeformat(len(data))}; files up to {filesizeformat(settings.IMPORT_MAX_BYTES)} "
            "can be imported. Export a shorter period from your bank."
        )
    if account is not None and account.user_id != user.pk:
        raise ValidationError("Choose one of your accounts.")
    if account is None:
        _check_new_account_name(user, new_account_name)
    upload = StatementImport(
        user=user,
        account=account,
        new_account_name="" if account else new_account_name.strip()[:200],
        file_name=file_name[-255:],
        file_size=len(data),
        content=data,
    )
    if looks_like_csv(data, filename=file_name):
        upload.format = "CSV"
        upload.csv_mapping = (_preset(account, data) or csv_mapping_guess(data)).as_dict()
        statement = _parsed_or_none(upload)
    else:
        statement = statement_parse(data, filename=file_name)
        upload.format = statement.format
    upload.statement_account = _first_with_lines(statement)
    StatementImport.objects.filter(
        user=user, status=StatementImport.Status.PREVIEW, created_at__lt=timezone.now() - PREVIEW_LIFETIME
    ).delete()
    upload.save()
    return upload


def _check_new_account_name(user: User, name: str) -> None:
    if not name.strip():
        raise ValidationError("Choose an account, or name the new account to make from this file.")
    if BankAccount.objects.filter(user=user, name__iexact=name.strip()).exists():
        raise ValidationError(f"You already have an account named {name.strip()}: choose it instead, or another name.")


def _preset(account: BankAccount | None, data: bytes) -> CsvMapping | None:
    """The account's saved CSV mapping, when it reads this file."""
    preset = CsvPreset.objects.filter(account=account).first() if account else None
    if preset is None:
        return None
    try:
        mapping = CsvMapping.from_dict(preset.mapping)
        statement_parse(data, csv_mapping=mapping)
    except (ValueError, StatementError):
        return None
    return mapping


def _parsed_or_none(upload: StatementImport) -> Statement | None:
    try:
        return _parse(upload)
    except StatementError:
        return None


def _first_with_lines(statement: Statement | None) -> int:
    if statement is None:
        return 0
    return next((index for index, part in enumerate(statement.accounts) if part.lines), 0)


def _parse(upload: StatementImport) -> Statement:
    mapping = CsvMapping.from_dict(upload.csv_mapping) if upload.csv_mapping else None
    return statement_parse(bytes(upload.content), filename=upload.file_name, csv_mapping=mapping)


@transaction.atomic
def statement_upload_adjust(
    *, user: User, upload: StatementImport, csv_mapping: CsvMapping | None = None, statement_account: int | None = None
) -> None:
    """Change how a previewed file is read: its CSV column mapping, or which of its accounts is imported."""
    upload = _own_preview(user, upload)
    if csv_mapping is not None:
        if upload.format != "CSV":
            raise ValidationError("Only a CSV file has a column mapping.")
        upload.csv_mapping = csv_mapping.as_dict()
    if statement_account is not None:
        upload.statement_account = statement_account
    upload.save(update_fields=["csv_mapping", "statement_account"])


@transaction.atomic
def statement_upload_cancel(*, user: User, upload: StatementImport) -> None:
    _own_preview(user, upload).delete()


def _own_preview(user: User, upload: StatementImport) -> StatementImport:
    locked = StatementImport.objects.select_for_update().filter(pk=upload.pk, user=user).first()
    if locked is None:
        raise ValidationError("This file is not yours.")
    if locked.status != StatementImport.Status.PREVIEW:
        raise ValidationError("This file has been imported already.")
    return locked


# Plan ------------------------------------------------------------------------------------------------


def import_plan(*, upload: StatementImport) -> ImportPlan:
    """What each line of the file would become if the person confirmed now (reads only)."""
    try:
        statement = _parse(upload)
    except StatementError as error:
        return ImportPlan(statement=None, lines=[], error=str(error))
    if not statement.accounts:
        return ImportPlan(statement=statement, lines=[], error="This file holds no account.")
    chosen = min(upload.statement_account, len(statement.accounts) - 1)
    part, account = statement.accounts[chosen], upload.account
    if account is not None and part.currency and part.currency != account.currency:
        return ImportPlan(
            statement=statement,
            lines=[],
            chosen=chosen,
            error=f"This file is in {part.currency} but {account.name} is in {account.currency}: "
            "import it into an account in the same currency.",
        )
    return ImportPlan(statement=statement, lines=_verdicts(account, part.lines), chosen=chosen)


def _verdicts(account: BankAccount | None, lines: list[StatementLine]) -> list[PlannedLine]:
    ids = [provider_id(line.fitid) for line in lines]
    if account is None or not lines:
        return [PlannedLine(line, pid, Verdict.NEW) for line, pid in zip(lines, ids, strict=True)]
    known = set(
        Transaction.objects.filter(account=account, provider_transaction_id__in=ids).values_list(
            "provider_transaction_id", flat=True
        )
    ) | set(
        LikelyDuplicate.objects.filter(account=account, provider_transaction_id__in=ids).values_list(
            "provider_transaction_id", flat=True
        )
    )
    candidates = _candidates(account, [line for line, pid in zip(lines, ids, strict=True) if pid not in known])
    claimed: set[int] = set()
    planned = []
    for line, pid in zip(lines, ids, strict=True):
        if pid in known:
            planned.append(PlannedLine(line, pid, Verdict.DUPLICATE))
        elif match := _likely_match(line, candidates[line.amount], claimed):
            claimed.add(match.pk)
            planned.append(PlannedLine(line, pid, Verdict.LIKELY, match))
        else:
            planned.append(PlannedLine(line, pid, Verdict.NEW))
    return planned


def _candidates(account: BankAccount, lines: list[StatementLine]) -> dict[Decimal, list[Transaction]]:
    """The account's transactions a line could duplicate, by amount: in the file's dates (give or take three days)."""
    by_amount: dict[Decimal, list[Transaction]] = defaultdict(list)
    if not lines:
        return by_amount
    amounts = {line.amount for line in lines}
    first, last = min(line.date for line in lines), max(line.date for line in lines)
    for txn in (
        Transaction.objects.filter(
            account=account, deleted_at__isnull=True, date__range=(first - MATCH_WINDOW, last + MATCH_WINDOW)
        )
        .only("pk", "date", "amount", "description", "merchant_name", "currency")
        .order_by("date", "pk")
        .iterator(chunk_size=5000)
    ):
        if txn.amount in amounts:
            by_amount[txn.amount].append(txn)
    return by_amount


def _likely_match(line: StatementLine, candidates: list[Transaction], claimed: set[int]) -> Transaction | None:
    """The closest-dated unclaimed transaction with the line's amount and a similar description."""
    near = [
        txn
        for txn in candidates
        if txn.pk not in claimed
        and abs(txn.date - line.date) <= MATCH_WINDOW
        and descriptions_alike(line.description, txn.merchant_name or txn.description)
    ]
    return min(near, key=lambda txn: abs(txn.date - line.date), default=None)


def provider_id(fitid: str) -> str:
    """The transaction id a file's line gets: the file's own id behind a prefix, hashed when it is too long."""
    full = f"{IMPORT_PREFIX}{fitid}"
    if len(full) <= Transaction._meta.get_field("provider_transaction_id").max_length:
        return full
    return f"{IMPORT_PREFIX}sha256-{hashlib.sha256(fitid.encode()).hexdigest()}"


# Confirm ---------------------------------------------------------------------------------------------


@transaction.atomic
def statement_import_confirm(*, user: User, upload: StatementImport) -> StatementImport:
    """Import a previewed file as its plan says: new lines become transactions (categorized, with their budgets
    evaluated), likely duplicates go to the review queue, duplicates are left out. All of it or nothing."""
    upload = _own_preview(user, upload)
    plan = import_plan(upload=upload)
    if plan.error:
        raise StatementError(plan.error)
    part = plan.part
    if upload.account is None:
        _check_new_account_name(user, upload.new_account_name)
    account = upload.account or manual_account_create(
        user=user,
        name=upload.new_account_name,
        currency=part.currency or user.default_currency,
        kind=part.kind or BankAccount.Type.DEPOSITORY,
    )
    upload.account = account
    now = timezone.now()
    created = _transactions_create(user, account, upload, plan, now)
    _likely_duplicates_create(user, account, upload, plan)
    if upload.format == "CSV":
        CsvPreset.objects.update_or_create(account=account, defaults={"mapping": upload.csv_mapping, "updated_at": now})
    if account.is_manual and part.balance is not None:
        _balance_record(account, part)
    upload.status, upload.imported_at, upload.content = StatementImport.Status.IMPORTED, now, b""
    upload.imported, upload.duplicates, upload.skipped, upload.to_review = (
        plan.new,
        plan.duplicates,
        plan.skipped,
        plan.likely,
    )
    upload.period_start, upload.period_end = part.start, part.end
    upload.balance, upload.balance_date, upload.currency = part.balance, part.balance_date, account.currency
    upload.save()
    transactions_ingested(user=user, transaction_ids={txn.pk for txn in created}, source=Source.IMPORT)
    return upload


def statement_file_import(
    *, user: User, file_name: str, data: bytes, account: BankAccount | None = None, new_account_name: str = ""
) -> StatementImport:
    """Upload and confirm in one step (the shell's import): the account's CSV preset or FinSync's guess reads a CSV."""
    with transaction.atomic():
        upload = statement_upload(
            user=user, file_name=file_name, data=data, account=account, new_account_name=new_account_name
        )
        return statement_import_confirm(user=user, upload=upload)


def _transactions_create(user, account, upload, plan: ImportPlan, now) -> list[Transaction]:
    names = _category_names(user)
    created, splits = [], []
    for planned in plan.lines:
        if planned.verdict != Verdict.NEW:
            continue
        line = planned.line
        category = names.get(_category_key(line.category))
        txn = Transaction(
            user=user,
            account=account,
            provider_transaction_id=planned.provider_id,
            date=line.date,
            amount=line.amount,
            currency=account.currency,
            description=line.description[:500],
            provider_category_primary=category.parent.code if category and category.parent else "",
            provider_category_detailed=category.code if category and category.parent else "",
            provider_data=_line_data(upload, line),
            statement_import=upload,
            created_at=now,
            updated_at=now,
        )
        created.append(txn)
        splits.append(_split_lines(txn, line, names))
    Transaction.objects.bulk_create(created, batch_size=2000)
    SplitLine.objects.bulk_create([split for lines in splits for split in lines], batch_size=2000)
    return created


def _likely_duplicates_create(user, account, upload, plan: ImportPlan) -> None:
    LikelyDuplicate.objects.bulk_create(
        LikelyDuplicate(
            user=user,
            account=account,
            statement_import=upload,
            provider_transaction_id=planned.provider_id,
            date=planned.line.date,
            amount=planned.line.amount,
            currency=account.currency,
            description=planned.line.description[:500],
            provider_data=_line_data(upload, planned.line),
            duplicate_of=planned.match,
        )
        for planned in plan.lines
        if planned.verdict == Verdict.LIKELY
    )


def _line_data(upload: StatementImport, line: StatementLine) -> dict:
    """The line as the file has it, kept beside the transaction like a bank's payload."""
    data = {"file": upload.file_name, "format": upload.format, "id": line.fitid}
    if line.memo:
        data["memo"] = line.memo
    if line.category:
        data["category"] = line.category
    if line.splits:
        data["splits"] = [
            {"category": split.category, "amount": str(split.amount), "memo": split.memo} for split in line.splits
        ]
    return data


def _category_names(user: User) -> dict[str, Category]:
    """The person's categories by name, to read the category a file gives (QIF's L, a CSV column)."""
    return {
        _category_key(category.name): category
        for category in Category.objects.filter(user=user).select_related("parent").order_by("-parent", "pk")
    }


def _category_key(name: str) -> str:
    """ "Usual Expenses:Groceries" and "groceries" both name Groceries; "[Checking]" (a QIF transfer) names none."""
    return "" if name.startswith("[") else name.rpartition(":")[2].strip().casefold()


def _split_lines(txn: Transaction, line: StatementLine, names: dict[str, Category]) -> list[SplitLine]:
    """The file's split as split lines, when every part has a category the person has and they add up."""
    parts = [(names.get(_category_key(split.category)), split) for split in line.splits]
    if (
        len(parts) < 2
        or any(category is None or split.amount == 0 for category, split in parts)
        or sum(split.amount for _, split in parts) != line.amount
    ):
        return []
    return [
        SplitLine(transaction=txn, category=category, amount=split.amount, note=split.memo[:200])
        for category, split in parts
    ]


def _balance_record(account: BankAccount, part: StatementAccount) -> None:
    """A manual account's balance is the newest one its statements give."""
    when = part.balance_date or part.end or timezone.localdate()
    BalanceSnapshot.objects.update_or_create(
        account=account, date=when, defaults={"balance": part.balance, "currency": account.currency}
    )
    newest = BalanceSnapshot.objects.filter(account=account).order_by("-date").first()
    if newest.date == when:
        account.current_balance = part.balance
        account.save(update_fields=["current_balance"])


# Undo ------------------------------------------------------------------------------------------------


@transaction.atomic
def statement_import_undo(*, user: User, upload: StatementImport) -> int:
    """Take an import back: the transactions it added are deleted (with any edits made to them since) and its
    lines waiting for review are dropped; importing the file again brings them back. Another file's lines that
    were matched to them are imported after all."""
    upload = StatementImport.objects.select_for_update().filter(pk=upload.pk, user=user).first()
    if upload is None or upload.status != StatementImport.Status.IMPORTED:
        raise ValidationError("Only a finished import can be undone.")
    added = Transaction.objects.filter(user=user, statement_import=upload)  # with the lines kept from review
    deleted = added.count()
    orphans = _lines_matched_to(added)
    # The other side of a transfer to one of these looks for its partner again.
    widowed = set(
        Transaction.objects.filter(transfer_pair__in=added)
        .exclude(statement_import=upload)
        .values_list("pk", flat=True)
    )
    added.delete()
    upload.likely_duplicates.all().delete()
    upload.status = StatementImport.Status.UNDONE
    upload.save(update_fields=["status"])
    transactions_ingested(user=user, transaction_ids=widowed | orphans, source=Source.IMPORT)
    return deleted


def _lines_matched_to(doomed) -> set[int]:
    """Lines of other files matched to transactions about to go (waiting for review, or merged into them) become
    transactions themselves: without their match they duplicate nothing. Returns the new transactions' ids."""
    made = set()
    for item in LikelyDuplicate.objects.filter(duplicate_of__in=doomed, kept__isnull=True).select_related(
        "user", "account", "statement_import"
    ):
        made.add(_keep(item).pk)
        item.save(update_fields=["decision", "decided_at", "kept"])
    return made


# Review queue ----------------------------------------------------------------------------------------


@transaction.atomic
def likely_duplicate_merge(*, user: User, item: LikelyDuplicate) -> None:
    """The file's line and the transaction are the same: keep the transaction, note the merge in its history."""
    item = _own_pending(user, item)
    existing = item.duplicate_of
    if existing.deleted_at is not None:
        raise ValidationError("The transaction this line matched has since been removed by your bank: keep the line.")
    now = timezone.now()
    item.decision, item.decided_at = LikelyDuplicate.Decision.MERGED, now
    item.save(update_fields=["decision", "decided_at"])
    _merge_change(item, user, now).save()


@transaction.atomic
def likely_duplicates_merge_all(*, user: User) -> int:
    """Merge every waiting line whose transaction is still there (the person checked the list): one history row on
    each transaction. Returns how many were merged."""
    items = list(
        LikelyDuplicate.objects.select_for_update(of=("self",))
        .filter(user=user, decision=LikelyDuplicate.Decision.PENDING, duplicate_of__deleted_at__isnull=True)
        .select_related("statement_import")
    )
    now = timezone.now()
    LikelyDuplicate.objects.filter(pk__in=[item.pk for item in items]).update(
        decision=LikelyDuplicate.Decision.MERGED, decided_at=now
    )
    TransactionChange.objects.bulk_create([_merge_change(item, user, now) for item in items], batch_size=2000)
    return len(items)


def _merge_change(item: LikelyDuplicate, user: User, now) -> TransactionChange:
    return TransactionChange(
        transaction_id=item.duplicate_of_id,
        field="merged",
        new_value=f"{item.description} on {date_format(item.date)} from {item.statement_import.file_name}",
        source=Source.IMPORT,
        actor=user,
        changed_at=now,
    )


@transaction.atomic
def likely_duplicate_keep(*, user: User, item: LikelyDuplicate) -> Transaction:
    """They are different transactions: the file's line becomes one too (categorized like any import)."""
    item = _own_pending(user, item)
    txn = _keep(item)
    item.save(update_fields=["decision", "decided_at", "kept"])
    transactions_ingested(user=user, transaction_ids={txn.pk}, source=Source.IMPORT)
    return txn


def _keep(item: LikelyDuplicate) -> Transaction:
    now = timezone.now()
    txn = Transaction.objects.create(
        user=item.user,
        account=item.account,
        provider_transaction_id=item.provider_transaction_id,
        date=item.date,
        amount=item.amount,
        currency=item.currency,
        description=item.description,
        provider_data=item.provider_data,
        statement_import=item.statement_import,
        created_at=now,
        updated_at=now,
    )
    item.decision, item.decided_at, item.kept = LikelyDuplicate.Decision.KEPT, now, txn
    return txn


def _own_pending(user: User, item: LikelyDuplicate) -> LikelyDuplicate:
    locked = (
        LikelyDuplicate.objects.select_for_update(of=("self",))
        .select_related("duplicate_of", "statement_import", "account")
        .filter(pk=item.pk, user=user)
        .first()
    )
    if locked is None:
        raise ValidationError("This line is not yours.")
    if locked.decision:
        raise ValidationError(f"This line has been reviewed already ({locked.get_decision_display().lower()}).")
    return locked
