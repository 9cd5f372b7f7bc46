"""`manage.py categorize --input IN.csv --output OUT.csv`: the built-in categorization of a CSV, for evaluation."""

import csv
import io
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from transactions.categorize import categorize_builtin
from transactions.taxonomy import primary_of

REQUIRED = ("description", "merchant", "amount")
ADDED = ("category", "primary", "reason")


def parse_amount(text: str) -> Decimal:
    """A signed amount (negative = money out); blank is 0, an unknown direction. ValueError when malformed."""
    text = text.strip()
    if not text:
        return Decimal(0)
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{text!r} is not an amount such as -12.50") from None
    if not amount.is_finite():
        raise ValueError(f"{text!r} is not an amount such as -12.50")
    return amount


class Command(BaseCommand):
    help = (
        "Categorize a CSV of transactions with FinSync's built-in knowledge only (no rules, no bank categories). "
        "The input has the columns description,merchant,amount: amount negative = money out, positive = money in; "
        "a blank amount is read as an unknown direction; merchant may be empty. The output has every input column, "
        "then category (detailed code), primary and reason; input columns with those names are replaced. "
        "Use - for standard input or output."
    )

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, help="CSV file to read, or - for standard input")
        parser.add_argument("--output", required=True, help="CSV file to write, or - for standard output")

    def handle(self, *args, **options):
        fields, rows = self._read(options["input"])
        text = io.StringIO()
        # A row with more cells than the header has them under None: they have no column to go to.
        writer = csv.DictWriter(text, fieldnames=[*fields, *ADDED], extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        self._write(options["output"], text.getvalue())

    def _read(self, name: str) -> tuple[list[str], list[dict]]:
        """The carried-through column names and the categorized rows; nothing is written before all are read."""
        if name == "-":
            return _categorized(sys.stdin, "standard input")
        path = Path(name)
        if not path.is_file():
            raise CommandError(f"Input file {path} does not exist")
        with path.open(newline="", encoding="utf-8-sig") as source:
            return _categorized(source, str(path))

    def _write(self, name: str, text: str) -> None:
        if name == "-":
            self.stdout.write(text, ending="")
            return
        try:
            Path(name).write_text(text, encoding="utf-8", newline="")
        except OSError as error:
            raise CommandError(f"Cannot write {name}: {error.strerror}") from None


def _categorized(source, label: str) -> tuple[list[str], list[dict]]:
    reader = csv.DictReader(source)
    fields = reader.fieldnames or []
    missing = [column for column in REQUIRED if column not in fields]
    if missing:
        raise CommandError(f"{label} lacks the column(s) {', '.join(missing)}: the header needs {','.join(REQUIRED)}")
    rows = []
    for row in reader:
        try:
            amount = parse_amount(row["amount"] or "")
        except ValueError as error:
            raise CommandError(f"{label}, line {reader.line_num}: {error}") from None
        decision = categorize_builtin(row["description"] or "", row["merchant"] or "", amount)
        row.update(category=decision.category, primary=primary_of(decision.category), reason=decision.reason)
        rows.append(row)
    return [field for field in fields if field not in ADDED], rows
