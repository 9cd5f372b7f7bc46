"""`manage.py corpus_check`: FinSync measured against the shared public corpus (../shared/corpus).

Each check prints one section and says whether it passed; the command fails only when a check does. Accuracy
figures are reported, not enforced: the corpus labels are noisy (see its SOURCES.md), so a threshold would test
the labels as much as FinSync.
"""

import csv
import time
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from transactions.categorize import categorize_builtin
from transactions.management.commands.categorize import parse_amount
from transactions.taxonomy import primary_of

Write = Callable[[str], None]
MIN_TIMING_SECONDS = 0.5  # repeat the corpus until timing noise is small


def check_categorization(corpus: Path, write: Write) -> bool:
    """Built-in categorization (steps 4-6) against the labeled primaries of categorization_full.csv."""
    path = corpus / "categorization_full.csv"
    write(f"Categorization: built-in knowledge against {path.name} (predicted primary = pfc_primary)")
    try:
        rows = _labeled_rows(path)
    except (OSError, UnicodeDecodeError, csv.Error, KeyError) as error:
        write(f"  FAILED: cannot read {path}: {error}")
        return False
    hits = [primary_of(categorize_builtin(*row[:3]).category) == row[3] for row in rows]
    confidence = [row[4] for row in rows]
    _accuracy(write, "all rows", hits)
    _accuracy(write, "labels high+medium", [hit for hit, c in zip(hits, confidence, strict=True) if c != "low"])
    _accuracy(write, "labels low", [hit for hit, c in zip(hits, confidence, strict=True) if c == "low"])
    write("  by source:")
    for source, _ in Counter(row[5] for row in rows).most_common():
        _accuracy(write, f"  {source}", [hit for hit, row in zip(hits, rows, strict=True) if row[5] == source])
    write(f"  throughput: {_throughput(rows):,.0f} rows/s (categorize_builtin, one core)")
    return True


CHECKS: list[Callable[[Path, Write], bool]] = [check_categorization]


def _labeled_rows(path: Path) -> list[tuple]:
    """(description, merchant, amount, pfc_primary, label_confidence, source) of every row with a label."""
    rows = []
    with path.open(newline="", encoding="utf-8") as source:
        for row in csv.DictReader(source):
            if not row["pfc_primary"]:
                continue
            try:
                amount = parse_amount(row["amount"])
            except ValueError:
                amount = Decimal(0)  # a malformed amount in the source: categorize with the direction unknown
            rows.append(
                (
                    row["description"],
                    row["merchant"],
                    amount,
                    row["pfc_primary"],
                    row["label_confidence"],
                    row["source"],
                )
            )
    return rows


def _accuracy(write: Write, label: str, hits: list[bool]) -> None:
    if not hits:
        write(f"  {label:<34} no rows")
        return
    write(f"  {label:<34} {sum(hits):>5}/{len(hits):<5} {100 * sum(hits) / len(hits):5.1f}%")


def _throughput(rows: list[tuple]) -> float:
    done, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < MIN_TIMING_SECONDS or not done:
        for description, merchant, amount, *_ in rows:
            categorize_builtin(description, merchant, amount)
        done += len(rows)
    return done / elapsed


class Command(BaseCommand):
    help = "Check FinSync against the shared public corpus: categorization accuracy per label confidence and source."

    def add_arguments(self, parser):
        parser.add_argument(
            "--corpus",
            type=Path,
            default=settings.BASE_DIR.parent / "shared" / "corpus",
            help="the corpus directory (default: ../shared/corpus next to the project)",
        )

    def handle(self, *args, **options):
        corpus: Path = options["corpus"]
        if not corpus.is_dir():
            raise CommandError(f"Corpus directory {corpus} does not exist (give another one with --corpus)")
        failed = [check.__name__ for check in CHECKS if not check(corpus, self.stdout.write)]
        if failed:
            raise CommandError(f"{len(failed)} check(s) failed: {', '.join(failed)}")
        self.stdout.write(f"{len(CHECKS)} check(s) passed")
