"""`manage.py import_transactions --user EMAIL --account NAME FILE`: import a statement file from the shell.

The file is uploaded and confirmed in one step, as the import page does after its preview: new lines become
transactions, lines FinSync has already (the same file id) are left out as duplicates, and lines that look like
transactions FinSync has wait in the review queue. A CSV is read with the account's saved column mapping, else
FinSync's guess. A file that cannot be read imports nothing, and the error names the line or element.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from accounts.models import User
from banking.models import BankAccount
from transactions.imports import statement_file_import
from transactions.models import CsvPreset, StatementImport
from transactions.selectors import accounts_visible
from transactions.statements import CsvMapping, StatementError, statement_parse


class Command(BaseCommand):
    help = (
        "Import a statement file (OFX, QFX, QIF or CSV) into one of a person's accounts. --account names the account "
        "(case does not matter; manual and linked accounts, not hidden or disconnected ones). With --new-account, "
        "NAME is a new manual account made from this file, in the file's currency (else the person's default "
        "currency). Prints: imported N, duplicates M, skipped K."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the statement file to import")
        parser.add_argument("--user", required=True, metavar="EMAIL", help="the email address of the account's owner")
        parser.add_argument("--account", required=True, metavar="NAME", help="the account to import into")
        parser.add_argument(
            "--new-account",
            action="store_true",
            help="make NAME a new manual account from this file (currency from the file, else the default currency)",
        )

    def handle(self, *args, **options):
        user = _user(options["user"])
        path: Path = options["file"]
        data = _read(path)
        name: str = options["account"]
        if options["new_account"]:
            account, preset = None, None
        else:
            account = _account(user, name)
            preset = _preset_of(account)
        upload = _import(user=user, file_name=path.name, data=data, account=account, new_account_name=name)
        for line in [*_report(upload, preset), *_other_accounts(upload, data)]:
            self.stdout.write(line)


def _user(email: str) -> User:
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise CommandError(f"No user has the email address {email}")
    return user


def _read(path: Path) -> bytes:
    if not path.is_file():
        raise CommandError(f"File {path} does not exist")
    try:
        return path.read_bytes()
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}") from None


def _account(user: User, name: str) -> BankAccount:
    """The person's one account with this name (case does not matter) among those the import page offers."""
    accounts = list(accounts_visible(user=user))
    matches = [account for account in accounts if _same_name(account.name, name)]
    if len(matches) == 1:
        return matches[0]
    if not accounts:
        raise CommandError(f"{user.email} has no account to import into: make one from the file with --new-account")
    if matches:
        raise CommandError(
            f"Several of {user.email}'s accounts are named “{name.strip()}” ({_listed(matches)}): give one of them "
            "another name first"
        )
    raise CommandError(f"{user.email} has no account named “{name.strip()}”; the accounts are: {_listed(accounts)}")


def _same_name(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def _listed(accounts: list[BankAccount]) -> str:
    return ", ".join(
        f"{account} ({account.connection.institution.name if account.connection else 'manual'})" for account in accounts
    )


def _preset_of(account: BankAccount) -> CsvMapping | None:
    """The account's saved CSV mapping before the import (the import saves the one it used)."""
    preset = CsvPreset.objects.filter(account=account).first()
    try:
        return CsvMapping.from_dict(preset.mapping) if preset else None
    except ValueError:
        return None


def _import(*, user: User, file_name: str, data: bytes, account: BankAccount | None, new_account_name: str):
    try:
        return statement_file_import(
            user=user,
            file_name=file_name,
            data=data,
            account=account,
            new_account_name=new_account_name if account is None else "",
        )
    except StatementError as error:
        raise CommandError(f"{file_name}: {error} Nothing was imported.") from None
    except ValidationError as error:
        raise CommandError(f"{file_name}: {' '.join(error.messages)} Nothing was imported.") from None


def _report(upload: StatementImport, preset: CsvMapping | None) -> list[str]:
    """What a person reads after the import: the counts first (always the same shape), then the details."""
    lines = [f"imported {upload.imported}, duplicates {upload.duplicates}, skipped {upload.skipped}"]
    if upload.to_review:
        waiting = f"{upload.to_review} line(s) look like transactions FinSync has"
        lines.append(f"{waiting} and wait for your review at {reverse('import_review')}")
    lines.append(f"format {upload.format}, into {upload.account} ({upload.account.currency})")
    if upload.format == "CSV":
        lines.append(_mapping_said(CsvMapping.from_dict(upload.csv_mapping), preset))
    if upload.balance is not None:
        lines.append(f"ending balance {upload.balance} {upload.currency}")
    return lines


def _other_accounts(upload: StatementImport, data: bytes) -> list[str]:
    """A file can hold several accounts and one import takes one of them: say so, so none is forgotten."""
    if upload.format == "CSV":
        return []
    parts = statement_parse(data, filename=upload.file_name).accounts  # it was read a moment ago
    if len(parts) < 2:
        return []
    numbers = ", ".join(part.account_id or f"account {index + 1}" for index, part in enumerate(parts))
    imported = parts[upload.statement_account].account_id or f"account {upload.statement_account + 1}"
    return [
        f"this file holds {len(parts)} accounts ({numbers}); this imported {imported}: the import page imports "
        "the others"
    ]


def _mapping_said(mapping: CsvMapping, preset: CsvMapping | None) -> str:
    source = "the account's saved preset" if mapping == preset else "FinSync's guess"
    header = "no header row" if mapping.header_row is None else f"header on row {mapping.header_row + 1}"
    return (
        f"CSV columns from {source}: date in “{mapping.date}” written like {mapping.date_example}, "
        f"{_amount_said(mapping)}, {header}"
    )


def _amount_said(mapping: CsvMapping) -> str:
    if mapping.amount:
        return f"amount in “{mapping.amount}”" + (" (sign flipped)" if mapping.negate else "")
    return " and ".join(
        f"{side} in “{column}”"
        for side, column in (("money out", mapping.debit), ("money in", mapping.credit))
        if column
    )
