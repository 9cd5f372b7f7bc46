"""`manage.py corpus_check`: FinSync measured against the shared public corpus (../shared/corpus).

Each check prints one section and says whether it passed; the command fails only when a check does. Accuracy
figures are reported, not enforced: the corpus labels are noisy (see its SOURCES.md), so a threshold would test
the labels as much as FinSync.
"""

import csv
import re
import time
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from transactions.categorize import categorize_builtin
from transactions.management.commands.categorize import parse_amount
from transactions.statements import StatementError, statement_parse
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
    """Statement files: parse each corpus file and compare count and ending balance with manifest.csv."""
    folder = corpus / "files"
    write(f"Statement files: parse each file in {folder.name}/ and compare count and ending balance with manifest.csv")
    if not folder.is_dir():
        write(f"  skipped: this corpus has no {folder.name}/ directory")  # a corpus of categorization data only
        return True
    try:
        with (folder / "manifest.csv").open(newline="", encoding="utf-8") as source:
            manifest = list(csv.DictReader(source))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        write(f"  FAILED: cannot read {folder / 'manifest.csv'}: {error}")
        return False
    passed = 0
    for row in manifest:
        ok, said = _statement_verdict(folder, row)
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


def _statement_verdict(folder: Path, row: dict) -> tuple[bool, str]:
    """Whether FinSync reads the file as the manifest expects, and what it read (or what is wrong)."""
    try:
        count = re.match(r"\d+", row["expected_txn_count"] or "")
        if count is None:
            raise ValueError(f"expected_txn_count {row['expected_txn_count']!r} does not start with a number")
        expected = _expected_balances(row["expected_balance"] or "")
        statement = statement_parse((folder / row["file"]).read_bytes(), filename=row["file"])
    except (KeyError, ValueError) as error:
        return False, f"manifest row cannot be read: {error}"
    except OSError as error:
        return False, f"cannot read the file: {error.strerror}"
    except StatementError as error:
        if _is_investment(row) and str(error).startswith("Investment statements are not supported"):
            return True, "investment statement refused"
        return False, f"refused: {error}"
    if _is_investment(row):
        return False, "an investment statement was read instead of refused"
    balances = [account.balance for account in statement.accounts if account.balance is not None]
    read = f"{statement.format}: {statement.line_count} transactions, balance {', '.join(map(str, balances)) or 'none'}"
    if statement.line_count != int(count.group()):
        return False, f"expected {count.group()} transactions; read {read}"
    if expected is not None and balances != expected:
        return False, f"expected ending balance {', '.join(map(str, expected)) or 'none'}; read {read}"
    return True, read


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
