"""Forms of the statement import pages: the upload, the CSV column mapping, and the choice of one account in a file
that holds several."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.formats import date_format

from accounts.models import User
from banking.models import BankAccount
from transactions import selectors
from transactions.statements import DATE_FORMATS, CsvMapping, Statement, StatementAccount, StatementError
from transactions.statements.base import decode_text
from transactions.statements.csv import column_names, rows_of

# The upload ------------------------------------------------------------------------------------------


class AccountChoiceField(forms.ModelChoiceField):
    default_error_messages = {"invalid_choice": "Choose one of your accounts."}

    def label_from_instance(self, obj: BankAccount) -> str:
        where = obj.connection.institution.name if obj.connection_id else "kept by hand"
        return f"{obj} · {where} · {obj.currency}"


class StatementUploadForm(forms.Form):
    """A statement file and the account it goes into: one of the person's, or a new manual one made from the file."""

    file = forms.FileField(
        label="Statement file",
        help_text="An OFX (1.x or 2.x), QFX, QIF or CSV file from your bank's website.",
        error_messages={"required": "Choose the statement file to import.", "empty": "This file is empty."},
    )
    account = AccountChoiceField(
        queryset=BankAccount.objects.none(),
        required=False,
        label="Import into",
        empty_label="A new manual account from this file…",
        help_text="You see what the file would add before anything is saved.",
    )
    new_account_name = forms.CharField(
        label="New account's name",
        required=False,
        max_length=200,
        help_text="Made when you confirm the import, in the file's currency.",
    )

    def __init__(self, *args, user: User, preselect: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text += f" Up to {filesizeformat(settings.IMPORT_MAX_BYTES)}."
        accounts = selectors.accounts_visible(user=user)
        options = list(accounts)
        if options:
            self.fields["account"].queryset = accounts
            # ?account=<id> preselects one of the person's accounts; anyone else's id is simply not offered.
            chosen = next((account for account in options if str(account.pk) == (preselect or "")), None)
            self.fields["account"].initial = (chosen or options[0]).pk
        else:
            # No account yet: the file makes the first one.
            del self.fields["account"]
            name = self.fields["new_account_name"]
            name.label, name.required = "Account name", True
            name.help_text = "You have no account yet: one kept by hand is made from this file when you confirm."
            name.error_messages["required"] = "Name the account this file belongs to, like Credit union checking."

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise ValidationError(
                f"This file is {filesizeformat(upload.size)}; files up to "
                f"{filesizeformat(settings.IMPORT_MAX_BYTES)} can be imported. Export a shorter period from your bank."
            )
        return upload

    def clean(self):
        data = super().clean()
        chose_new = "account" in self.fields and not data.get("account") and "account" not in self.errors
        if chose_new and not (data.get("new_account_name") or "").strip():
            self.add_error("new_account_name", "Name the new account, or choose one of yours above.")
        return data

    def destination(self) -> tuple[BankAccount | None, str]:
        """The chosen account, or None and the name of the new one."""
        account = self.cleaned_data.get("account")
        return account, "" if account else self.cleaned_data["new_account_name"].strip()


# The CSV column mapping ------------------------------------------------------------------------------

DELIMITER_CHOICES = [
    ("comma", "Comma ( , )"),
    ("semicolon", "Semicolon ( ; )"),
    ("tab", "Tab"),
    ("bar", "Vertical bar ( | )"),
]
DELIMITERS = {"comma": ",", "semicolon": ";", "tab": "\t", "bar": "|"}
DELIMITER_NAMES = {value: name for name, value in DELIMITERS.items()}
DECIMAL_CHOICES = [(".", "1,234.56 (decimal point)"), (",", "1.234,56 (decimal comma)")]
DATE_FORMAT_CHOICES = [(pattern, example) for pattern, example in DATE_FORMATS]
NO_COLUMN = ("", "None")
HEADER_ROWS = 20  # rows offered as the header (more when the file's header sits lower)
SAMPLE_CHARS = 131072  # the columns and their examples come from the top of the file
COLUMN_ERROR = "Choose one of the file's columns (they change with the delimiter and the header row)."


def _sample(text: str) -> str:
    """The top of the file, cut at a line end."""
    if len(text) <= SAMPLE_CHARS:
        return text
    head = text[:SAMPLE_CHARS]
    cut = head.rfind("\n")
    return head[: cut + 1] if cut > 0 else head


def _cells_words(cells: list[str], limit: int = 70) -> str:
    text = ", ".join(cell.strip() for cell in cells if cell.strip()) or "(empty)"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _column_field(label: str, *, required: bool = False, help_text: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, required=required, help_text=help_text, error_messages={"invalid_choice": COLUMN_ERROR}
    )


class CsvMappingForm(forms.Form):
    """How the columns of a CSV file are read; `mapping` is the CsvMapping it makes when valid."""

    COLUMN_FIELDS = ("date", "amount", "debit", "credit", "direction", "id", "category", "balance")

    delimiter = forms.ChoiceField(label="Columns are separated by", choices=DELIMITER_CHOICES)
    header_row = forms.TypedChoiceField(
        label="Column names are on",
        coerce=int,
        empty_value=None,
        required=False,
        help_text="Lines above it (an account number, a title) are left out.",
    )
    date = _column_field("Date", required=True)
    date_format = forms.ChoiceField(label="Dates are written like", choices=DATE_FORMAT_CHOICES)
    description = forms.MultipleChoiceField(
        label="Description",
        widget=forms.CheckboxSelectMultiple,
        help_text="Several columns are joined with “ · ”.",
        error_messages={"invalid_choice": COLUMN_ERROR, "required": "Choose at least one column for the description."},
    )
    amount = _column_field(
        "Amount", help_text="One column with money out and money in. Or leave it at None and choose the two below."
    )
    debit = _column_field("Money out (debit)")
    credit = _column_field("Money in (credit)")
    direction = _column_field(
        "Debit or credit",
        help_text="Only when the amounts have no minus sign: the column that says DR/CR or debit/credit.",
    )
    negate = forms.BooleanField(
        label="Money out is written as a positive number",
        required=False,
        help_text="Turns every amount's sign round: some banks (often credit cards) show purchases as positive.",
    )
    decimal = forms.ChoiceField(label="Amounts are written like", choices=DECIMAL_CHOICES)
    id = _column_field("Transaction id", help_text="The bank's own id for each line, when the file has one.")
    category = _column_field("Category")
    balance = _column_field("Running balance", help_text="Gives the statement's ending balance when it adds up.")

    def __init__(self, *args, text: str, mapping: CsvMapping | None, **kwargs):
        self.saved = mapping
        super().__init__(*args, initial=self._initial(mapping) if mapping else {}, **kwargs)
        sample = _sample(text)
        delimiter, header_row = self._layout(mapping)
        try:
            rows = [cells for _, cells in rows_of(sample, delimiter)]
        except StatementError:
            rows = []
        offered = max(HEADER_ROWS, (header_row or 0) + 3, (mapping.header_row or 0) + 3 if mapping else 0)
        self.fields["header_row"].choices = [("", "No line: the file has no column names")] + [
            (index, f"Line {index + 1}: {_cells_words(cells)}") for index, cells in enumerate(rows[:offered])
        ]
        if header_row is not None and header_row < len(rows):
            names, table = column_names(rows[header_row], 0), rows[header_row + 1 :]
        else:
            names, table = column_names(None, max(map(len, rows), default=0)), rows
        self.columns = names
        examples = self._examples(names, table)
        choices = [
            (name, f"{name} (like “{example}”)" if example else name)
            for name, example in zip(names, examples, strict=True)
        ]
        for name in self.COLUMN_FIELDS:
            field = self.fields[name]
            field.choices = choices if field.required else [NO_COLUMN, *choices]
        self.fields["description"].choices = choices
        if mapping and not self.is_bound:
            self._match_saved_names(mapping)
        first_date = dict(zip(names, examples, strict=True)).get(self["date"].value())
        if first_date:
            self.fields["date_format"].help_text = f"The first date in the file is “{first_date}”."

    @staticmethod
    def _initial(mapping: CsvMapping) -> dict:
        initial = mapping.as_dict()
        initial["delimiter"] = DELIMITER_NAMES.get(mapping.delimiter, "comma")
        initial["header_row"] = "" if mapping.header_row is None else mapping.header_row
        return initial

    def _layout(self, mapping: CsvMapping | None) -> tuple[str, int | None]:
        """The delimiter and header row the columns are named by: as posted, else as saved."""
        delimiter = mapping.delimiter if mapping else ","
        header_row = mapping.header_row if mapping else 0
        if self.is_bound:
            delimiter = DELIMITERS.get(self.data.get(self.add_prefix("delimiter"), ""), delimiter)
            posted = self.data.get(self.add_prefix("header_row"), "")
            header_row = None if posted == "" else int(posted) if posted.isdigit() else header_row
        return delimiter, header_row

    @staticmethod
    def _examples(names: list[str], table: list[list[str]]) -> list[str]:
        """The first value of each column, to recognize it by (from rows of the table, not lines of text)."""
        examples = [""] * len(names)
        for cells in [row for row in table[:60] if sum(1 for cell in row if cell.strip()) >= 2]:
            for index, cell in enumerate(cells[: len(names)]):
                if not examples[index] and cell.strip():
                    text = " ".join(cell.split())
                    examples[index] = text if len(text) <= 30 else text[:29] + "…"
            if all(examples):
                break
        return examples

    def _match_saved_names(self, mapping: CsvMapping) -> None:
        """A saved mapping names columns as some earlier file wrote them: match them whatever their case."""
        by_key = {name.casefold(): name for name in self.columns}
        for name in self.COLUMN_FIELDS:
            saved = getattr(mapping, name)
            self.initial[name] = by_key.get(saved.strip().casefold(), "") if saved else ""
        self.initial["description"] = [
            by_key[name.strip().casefold()] for name in mapping.description if name.strip().casefold() in by_key
        ]

    def clean_description(self) -> list[str]:
        """The chosen columns in the order the saved mapping had them, then in the file's order."""
        chosen = self.cleaned_data["description"]
        before = [name for name in (self.saved.description if self.saved else ()) if name in chosen]
        return before + [name for name in self.columns if name in chosen and name not in before]

    def clean(self):
        data = super().clean()
        amount, debit, credit = data.get("amount"), data.get("debit"), data.get("credit")
        if not self.errors:
            if amount and (debit or credit):
                self.add_error("amount", "Choose an amount column, or money out and money in columns, not both.")
            elif not (amount or debit or credit):
                self.add_error("amount", "Choose the column with the amounts, or the money out and money in columns.")
            elif data.get("direction") and not amount:
                self.add_error("direction", "A debit or credit column goes with an amount column.")
        if self.errors:
            return data
        try:
            self.mapping = CsvMapping(
                header_row=data["header_row"],
                delimiter=DELIMITERS[data["delimiter"]],
                date=data["date"],
                description=tuple(data["description"]),
                amount=amount,
                debit=debit,
                credit=credit,
                id=data["id"],
                category=data["category"],
                balance=data["balance"],
                direction=data["direction"],
                date_format=data["date_format"],
                decimal=data["decimal"],
                negate=data["negate"],
            )
        except ValueError as error:
            raise ValidationError(f"These columns cannot be read: {error}.") from None
        return data


def csv_mapping_form(*, upload_content: bytes, mapping_data: dict | None, data=None) -> CsvMappingForm:
    """The mapping form of an uploaded CSV file, filled in with how it is read now."""
    try:
        text = decode_text(bytes(upload_content))
    except StatementError:
        text = ""
    try:
        mapping = CsvMapping.from_dict(mapping_data) if mapping_data else None
    except ValueError:
        mapping = None
    return CsvMappingForm(data, text=text, mapping=mapping, prefix="csv")


# One account of a file that holds several -------------------------------------------------------------


def statement_account_label(part: StatementAccount) -> str:
    """ "Account 555-001 (savings, CAD): 2 transactions, 1 Mar 2024 to 31 Mar 2024" """
    name = f"Account {part.account_id}" if part.account_id else "An account without a number"
    about = ", ".join(text for text in (part.account_type, part.currency) if text)
    count = len(part.lines)
    words = f"{name}{f' ({about})' if about else ''}: {count} transaction{'' if count == 1 else 's'}"
    if part.start and part.end:
        words += f", {date_format(part.start, 'j M Y')} to {date_format(part.end, 'j M Y')}"
    return words


class StatementAccountForm(forms.Form):
    statement_account = forms.TypedChoiceField(
        label="Which account of this file to import",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose one of the accounts in this file."},
    )

    def __init__(self, *args, statement: Statement, chosen: int, **kwargs):
        super().__init__(*args, initial={"statement_account": chosen}, prefix="part", **kwargs)
        self.fields["statement_account"].choices = [
            (index, statement_account_label(part)) for index, part in enumerate(statement.accounts)
        ]
        self.fields["statement_account"].help_text = (
            "This file holds several accounts. Import each into its own FinSync account: upload the file again "
            "for the next one."
        )
