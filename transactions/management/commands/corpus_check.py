"""`manage.py corpus_check`: FinSync measured against the shared public corpus (../shared/corpus).

Each check prints one section and says whether it passed; the command fails only when a check does. Accuracy
figures are reported, not enforced: the corpus labels are noisy (see its SOURCES.md), so a threshold would test
the labels as much as FinSync.

The statement files are imported through the same service as the import page, for a scratch user made inside one
database transaction that is always rolled back: the command needs a migrated database (`manage.py migrate`; the
embedded SQLite default will do) and leaves it as it found it.
"""

import csv
import re
import time
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple
from uuid import uuid4

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction

from accounts.models import User
from banking.models import BankAccount
from transactions.categorize import categorize_builtin
from transactions.imports import (
    statement_file_import,
    statement_import_confirm,
    statement_upload,
    statement_upload_adjust,
)
from transactions.management.commands.categorize import parse_amount
from transactions.models import StatementImport
from transactions.statements import StatementError, looks_like_csv, statement_parse
from transactions.taxonomy import primary_of

Write = Callable[[str], None]
MIN_TIMING_SECONDS = 0.5  # repeat the corpus until timing noise is small


class _Labeled(NamedTuple):
    description: str
    merchant: str
    amount: Decimal
    primary: str  # the label: pfc_primary
    confidence: str  # high, medium or low
    source: str


def check_categorization(corpus: Path, write: Write) -> bool:
    """Built-in categorization (steps 4-6) against the labeled primaries of categorization_full.csv."""
    path = corpus / "categorization_full.csv"
    write(f"Categorization: built-in knowledge against {path.name} (predicted primary = pfc_primary)")
    try:
        rows = _labeled_rows(path)
    except (OSError, UnicodeDecodeError, csv.Error, ValueError) as error:
        write(f"  FAILED: cannot read {path}: {error}")
        return False
    hits = [
        primary_of(categorize_builtin(row.description, row.merchant, row.amount).category) == row.primary
        for row in rows
    ]
    _accuracy(write, "all rows", hits)
    _accuracy(
        write, "labels high+medium", [hit for hit, row in zip(hits, rows, strict=True) if row.confidence != "low"]
    )
    _accuracy(write, "labels low", [hit for hit, row in zip(hits, rows, strict=True) if row.confidence == "low"])
    write("  by source:")
    for source, _ in Counter(row.source for row in rows).most_common():
        _accuracy(write, f"  {source}", [hit for hit, row in zip(hits, rows, strict=True) if row.source == source])
    write(f"  throughput: {_throughput(rows):,.0f} rows/s (categorize_builtin, one core)")
    return True


def check_statement_files(corpus: Path, write: Write) -> bool:
    """Statement files: import each corpus file into a new account, compare count and ending balance with
    manifest.csv, then import it again into the same account: every line must be a duplicate. Rolled back."""
    folder = corpus / "files"
    write(
        f"Statement files: import each file in {folder.name}/ into a new account, compare count and ending balance "
        "with manifest.csv, import it again (all duplicates); a scratch user, rolled back"
    )
    if not folder.is_dir():
        write(f"  skipped: this corpus has no {folder.name}/ directory")  # a corpus of categorization data only
        return True
    try:
        with (folder / "manifest.csv").open(newline="", encoding="utf-8") as source:
            manifest = list(csv.DictReader(source))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        write(f"  FAILED: cannot read {folder / 'manifest.csv'}: {error}")
        return False
    with transaction.atomic():
        try:
            return _statement_files_imported(folder, manifest, write)
        finally:
            transaction.set_rollback(True)  # the database is left as it was, whatever happened


def _statement_files_imported(folder: Path, manifest: list[dict], write: Write) -> bool:
    """The per-file lines and the summary, inside the check's transaction."""
    try:
        user = User.objects.create_user(f"corpus-check-{uuid4().hex}@example.invalid")
    except DatabaseError as error:
        write(f"  FAILED: cannot make the scratch user (is the database migrated? manage.py migrate): {error}")
        return False
    passed = 0
    for number, row in enumerate(manifest, 1):
        ok, said = _statement_verdict(folder, row, user, f"{number}. {row.get('file') or '?'}")
        passed += ok
        write(f"  {'ok  ' if ok else 'FAIL'}  {row.get('file') or '?':<70} {said}")
    listed = {row["file"] for row in manifest} | {"manifest.csv"}
    for extra in sorted(path.name for path in folder.iterdir() if path.name not in listed):
        write(f"  note  {extra:<70} not in manifest.csv, not checked")
    write(f"  {passed}/{len(manifest)} files as the manifest expects")
    return passed == len(manifest)


CHECKS: list[Callable[[Path, Write], bool]] = [check_categorization, check_statement_files]
COLUMNS = ("description", "merchant", "amount", "pfc_primary", "label_confidence", "source")


def _labeled_rows(path: Path) -> list[_Labeled]:
    """Every row with a label. ValueError when a column is missing."""
    rows = []
    with path.open(newline="", encoding="utf-8") as source:
        reader = csv.DictReader(source)
        missing = [column for column in COLUMNS if column not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"it lacks the column(s) {', '.join(missing)}")
        for row in reader:
            cells = {column: row[column] or "" for column in COLUMNS}
            if not cells["pfc_primary"]:
                continue
            try:
                amount = parse_amount(cells["amount"])
            except ValueError:
                amount = Decimal(0)  # a malformed amount in the source: categorize with the direction unknown
            rows.append(
                _Labeled(
                    cells["description"],
                    cells["merchant"],
                    amount,
                    cells["pfc_primary"],
                    cells["label_confidence"],
                    cells["source"],
                )
            )
    return rows


def _is_investment(row: dict) -> bool:
    return "_INVESTMENT" in row["file"] or row["account_type"].upper().startswith("INVESTMENT")


def _expected_balances(text: str) -> list[Decimal] | None:
    """The manifest's ending balance per account ("111 (acct 9100) / 222 (acct 9200)"), [] for "none", None
    for "not asserted" (nothing to compare). ValueError when it is none of these."""
    text = text.strip()
    if text.lower().startswith("not asserted"):
        return None
    if text.lower().startswith("none"):
        return []
    balances = [re.match(r"-?\d[\d.]*", part.strip()) for part in text.split(" / ")]
    if not all(balances):
        raise ValueError(f"expected_balance {text!r} is not a number, none or not asserted")
    return [Decimal(balance.group()) for balance in balances]


def _statement_verdict(folder: Path, row: dict, user: User, account_name: str) -> tuple[bool, str]:
    """Whether FinSync imports the file as the manifest expects (and a second time, nothing), and what it did."""
    try:
        count = re.match(r"\d+", row["expected_txn_count"] or "")
        if count is None:
            raise ValueError(f"expected_txn_count {row['expected_txn_count']!r} does not start with a number")
        expected = _expected_balances(row["expected_balance"] or "")
        data = (folder / row["file"]).read_bytes()
    except (KeyError, ValueError) as error:
        return False, f"manifest row cannot be read: {error}"
    except OSError as error:
        return False, f"cannot read the file: {error.strerror}"
    try:
        first = _imported(user, row["file"], data, [None] * _parts(data, row["file"]), account_name)
    except StatementError as error:
        if _is_investment(row) and str(error).startswith("Investment statements are not supported"):
            return True, "investment statement refused"
        return False, f"refused: {error}"
    except ValidationError as error:
        return False, f"refused: {' '.join(error.messages)}"
    if _is_investment(row):
        return False, "an investment statement was imported instead of refused"
    read = _import_said(first)
    balances = [upload.balance for upload in first if upload.balance is not None]
    if sum(upload.imported for upload in first) != int(count.group()):
        return False, f"expected {count.group()} transactions; {read}"
    if expected is not None and balances != expected:
        return False, f"expected ending balance {', '.join(map(str, expected)) or 'none'}; {read}"
    return _verdict_again(user, row["file"], data, first, read)


def _verdict_again(
    user: User, file_name: str, data: bytes, first: list[StatementImport], read: str
) -> tuple[bool, str]:
    """The same file imported again into the same account(s) adds nothing: each line is a duplicate."""
    try:
        again = _imported(user, file_name, data, [upload.account for upload in first], "")
    except StatementError as error:
        return False, f"{read}; the second import was refused: {error}"
    except ValidationError as error:
        return False, f"{read}; the second import was refused: {' '.join(error.messages)}"
    imported, duplicates = sum(upload.imported for upload in again), sum(upload.duplicates for upload in again)
    to_review = sum(upload.to_review for upload in again)
    said = f"{read}; again: imported {imported}, duplicates {duplicates}"
    expected = sum(upload.imported for upload in first)
    if imported or to_review or duplicates != expected:
        return False, f"{said}, to review {to_review} (expected imported 0, duplicates {expected})"
    return True, said


def _parts(data: bytes, file_name: str) -> int:
    """How many accounts the file holds (one import each); 1 when it cannot be read (the import says why)."""
    try:
        if looks_like_csv(data, filename=file_name):
            return 1
        return max(1, len(statement_parse(data, filename=file_name).accounts))
    except StatementError:
        return 1


def _imported(
    user: User, file_name: str, data: bytes, accounts: list[BankAccount | None], account_name: str
) -> list[StatementImport]:
    """Each of the file's accounts imported into `accounts` (None: a new manual account named after the file).

    A file of one account goes through `statement_file_import`, as `manage.py import_transactions` does; a file of
    several is uploaded once per account with that account chosen, as on the import page. All or nothing."""
    with transaction.atomic():
        if len(accounts) == 1:
            name = "" if accounts[0] else account_name
            imports = [
                statement_file_import(
                    user=user, file_name=file_name, data=data, account=accounts[0], new_account_name=name
                )
            ]
        else:
            imports = [
                _part_imported(user, file_name, data, index, account, f"{account_name} ({index + 1})")
                for index, account in enumerate(accounts)
            ]
    for upload in imports:
        upload.refresh_from_db()  # the balance as stored
    return imports


def _part_imported(
    user: User, file_name: str, data: bytes, index: int, account: BankAccount | None, name: str
) -> StatementImport:
    upload = statement_upload(
        user=user, file_name=file_name, data=data, account=account, new_account_name="" if account else name
    )
    statement_upload_adjust(user=user, upload=upload, statement_account=index)
    return statement_import_confirm(user=user, upload=upload)


def _import_said(imports: list[StatementImport]) -> str:
    balances = [str(upload.balance) for upload in imports if upload.balance is not None]
    said = (
        f"{imports[0].format}: imported {sum(upload.imported for upload in imports)} transactions, "
        f"balance {', '.join(balances) or 'none'}"
    )
    return said if len(imports) == 1 else f"{said} ({len(imports)} accounts, one import each)"


def _accuracy(write: Write, label: str, hits: list[bool]) -> None:
    if not hits:
        write(f"  {label:<34} no rows")
        return
    write(f"  {label:<34} {sum(hits):>5}/{len(hits):<5} {100 * sum(hits) / len(hits):5.1f}%")


def _throughput(rows: list[_Labeled]) -> float:
    if not rows:
        return 0.0
    done, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < MIN_TIMING_SECONDS or not done:
        for row in rows:
            categorize_builtin(row.description, row.merchant, row.amount)
        done += len(rows)
    return done / elapsed


class Command(BaseCommand):
    help = (
        "Check FinSync against the shared public corpus: categorization accuracy per label confidence and source; "
        "every statement file read as its manifest expects."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--corpus",
            type=Path,
            default=settings.CORPUS_DIR,
            help="the corpus directory (default: FINSYNC_CORPUS, else ../shared/corpus next to the project)",
        )

    def handle(self, *args, **options):
        corpus: Path = options["corpus"]
        if not corpus.is_dir():
            raise CommandError(f"Corpus directory {corpus} does not exist (give another one with --corpus)")
        failed = [check.__name__ for check in CHECKS if not check(corpus, self.stdout.write)]
        if failed:
            raise CommandError(f"{len(failed)} check(s) failed: {', '.join(failed)}")
        self.stdout.write(f"{len(CHECKS)} check(s) passed")
