"""Forms of the Transactions page and the Transaction page: filters, bulk actions, edits, splits."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import timezone

from accounts.models import CURRENCIES, User
from transactions import selectors
from transactions.models import Category, Transaction
from transactions.selectors import DEFAULT_SORT, SORTS, Cursor, TransactionFilters, Transfers

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("999999999999.99")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _money_field(**kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        max_digits=14,
        decimal_places=2,
        min_value=Decimal(0),
        max_value=MAX_AMOUNT,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
        **kwargs,
    )


class CategoryChoiceField(forms.ModelChoiceField):
    """A select of the person's categories in optgroups, one per primary.

    For filtering (`pick_primary=True`) a primary is an option of its own ("All of …"); to assign a
    category the choices are the detailed ones (a primary only when nothing under it is shown).
    """

    default_error_messages = {"invalid_choice": "Choose one of your categories."}

    def __init__(self, *, empty_label: str | None = "—", **kwargs):
        super().__init__(queryset=Category.objects.none(), empty_label=empty_label, **kwargs)

    def set_groups(self, groups: list[tuple[Category, list[Category]]], *, pick_primary: bool) -> None:
        allowed: list[int] = []
        choices: list = [("", self.empty_label)] if self.empty_label is not None else []
        for primary, children in groups:
            options = []
            if pick_primary and children:
                options.append((primary.pk, f"All of {primary.name}"))
            if pick_primary or not children:
                allowed.append(primary.pk)
                if not options:
                    options.append((primary.pk, primary.name))
            for child in children:
                options.append((child.pk, child.name))
                allowed.append(child.pk)
            choices.append((primary.name, options))
        self.queryset = Category.objects.filter(pk__in=allowed).select_related("parent")
        self.widget.choices = choices


def _category_groups(user: User, include_hidden: bool = False) -> list[tuple[Category, list[Category]]]:
    return selectors.categories_grouped(user=user, include_hidden=include_hidden)


# The Transactions page ---------------------------------------------------------------------------


class TransactionFilterForm(forms.Form):
    """The GET form of the Transactions page; its cleaned data builds the query (`filters()`)."""

    PENDING_CHOICES = [("", "All"), ("yes", "Pending only"), ("no", "Posted only")]
    TRANSFER_CHOICES = [
        (Transfers.SHOW, "Shown"),
        (Transfers.HIDE, "Hidden"),
        (Transfers.ONLY, "Only them"),
    ]
    SORT_CHOICES = [
        ("-date", "Newest first"),
        ("date", "Oldest first"),
        ("amount", "Biggest out"),
        ("-amount", "Biggest in"),
    ]

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Description, merchant or notes"}),
    )
    account = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label="All accounts",
        error_messages={"invalid_choice": "That account is not one of yours, or it is hidden."},
    )
    category = CategoryChoiceField(
        required=False,
        empty_label="All categories",
        error_messages={"invalid_choice": "That category is not one of yours."},
    )
    date_from = forms.DateField(label="From", required=False, widget=DateInput())
    date_to = forms.DateField(label="To", required=False, widget=DateInput())
    amount_min = _money_field(label="Amount at least", required=False)
    amount_max = _money_field(label="Amount at most", required=False)
    pending = forms.ChoiceField(label="Pending", choices=PENDING_CHOICES, required=False)
    transfers = forms.ChoiceField(label="Transfers", choices=TRANSFER_CHOICES, required=False)
    tag = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label="Any tag",
        to_field_name="name",
        error_messages={"invalid_choice": "You have no tag with that name."},
    )
    uncategorized = forms.BooleanField(label="Uncategorized only", required=False)
    flagged = forms.BooleanField(label="Flagged only", required=False)
    unusual = forms.BooleanField(label="Unusual charges only", required=False)
    sort = forms.ChoiceField(label="Sort", choices=SORT_CHOICES, required=False)
    after = forms.CharField(required=False, widget=forms.HiddenInput)
    before = forms.CharField(required=False, widget=forms.HiddenInput)

    # Fields that narrow the list (sort and page position do not).
    FILTER_FIELDS = (
        "q",
        "account",
        "category",
        "date_from",
        "date_to",
        "amount_min",
        "amount_max",
        "pending",
        "transfers",
        "tag",
        "uncategorized",
        "flagged",
        "unusual",
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = selectors.accounts_visible(user=user)
        self.fields["category"].set_groups(_category_groups(user, include_hidden=True), pick_primary=True)
        self.fields["tag"].queryset = selectors.tags_of(user=user)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date is before the start date.")
        low, high = data.get("amount_min"), data.get("amount_max")
        if low is not None and high is not None and low > high:
            self.add_error("amount_max", "The largest amount is smaller than the smallest.")
        return data

    def _data(self) -> dict:
        """The cleaned data, or none of it while the form is invalid (the page then shows everything)."""
        return self.cleaned_data if self.is_valid() else {}

    def filters(self) -> TransactionFilters:
        data = self._data()
        pending = {"yes": True, "no": False}.get(data.get("pending") or "")
        return TransactionFilters(
            account=data.get("account"),
            category=data.get("category"),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            amount_min=data.get("amount_min"),
            amount_max=data.get("amount_max"),
            text=(data.get("q") or "").strip(),
            pending=pending,
            uncategorized=bool(data.get("uncategorized")),
            tag=data.get("tag"),
            flagged=bool(data.get("flagged")),
            unusual=bool(data.get("unusual")),
            transfers=data.get("transfers") or Transfers.SHOW,
        )

    @property
    def sort_key(self) -> str:
        sort = self._data().get("sort") or DEFAULT_SORT
        return sort if sort in SORTS else DEFAULT_SORT

    def cursor(self, name: str) -> Cursor | None:
        text = self._data().get(name) or ""
        return selectors.cursor_parse(sort=self.sort_key, text=text) if text else None

    @property
    def is_filtered(self) -> bool:
        return self.active_filter_count() > 0

    def query(self, **overrides: str | None) -> str:
        """The filters and sort as a query string (without the page position), with some values replaced."""
        query = self.data.copy() if self.is_bound else QueryDict(mutable=True)
        for name in ("after", "before", *overrides):
            query.pop(name, None)
        for name in list(query):
            if not any(query.getlist(name)):
                query.pop(name)
        for name, value in overrides.items():
            if value:
                query[name] = value
        return query.urlencode()

    def active_filter_count(self) -> int:
        data = self._data()
        return sum(data.get(name) not in (None, "", False, Transfers.SHOW) for name in self.FILTER_FIELDS)


class IdListField(forms.Field):
    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[int]:
        if not value:
            return []
        try:
            return sorted({int(item) for item in value})
        except (TypeError, ValueError):
            raise ValidationError("Choose transactions from the list.") from None


class TransactionBulkForm(forms.Form):
    """Recategorize or tag the transactions ticked on the Transactions page."""

    ACTIONS = [("category", "Set category"), ("tag", "Add tag")]

    ids = IdListField(required=False)
    action = forms.ChoiceField(choices=ACTIONS)
    category = CategoryChoiceField(required=False, empty_label="Choose a category…", label="Category")
    tag = forms.CharField(required=False, max_length=50, label="Tag")
    query = forms.CharField(required=False, widget=forms.HiddenInput, max_length=2000)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].set_groups(_category_groups(user), pick_primary=False)

    def clean(self):
        data = super().clean()
        if not data.get("ids"):
            raise ValidationError("Tick at least one transaction first.")
        action = data.get("action")
        if action == "category" and not data.get("category") and (data.get("tag") or "").strip():
            # Enter in the tag box presses the first button (Set category): the person meant Add tag.
            action = data["action"] = "tag"
        if action == "category" and not data.get("category"):
            self.add_error("category", "Choose the category to give them.")
        if action == "tag":
            data["tag"] = (data.get("tag") or "").strip()
            if not data["tag"]:
                self.add_error("tag", "Type the tag to add.")
        return data


class ManualTransactionForm(forms.Form):
    """A transaction the bank does not report (cash, say), kept on a manual account."""

    DIRECTIONS = [("out", "Money out"), ("in", "Money in")]

    account = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label="A new account…",
        help_text="A manual account: one you keep by hand, like a wallet.",
    )
    new_account_name = forms.CharField(label="New account's name", required=False, max_length=200, initial="Cash")
    new_account_currency = forms.ChoiceField(
        label="New account's currency", choices=sorted((code, code) for code in CURRENCIES), required=False
    )
    date = forms.DateField(widget=DateInput(), initial=timezone.localdate)
    direction = forms.ChoiceField(label="Direction", choices=DIRECTIONS, initial="out", widget=forms.RadioSelect)
    amount = _money_field()
    description = forms.CharField(max_length=500)
    category = CategoryChoiceField(required=False, empty_label="Let FinSync decide")
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        manual = selectors.accounts_manual(user=user)
        self.fields["account"].queryset = manual
        self.fields["category"].set_groups(_category_groups(user), pick_primary=False)
        self.fields["new_account_currency"].initial = user.default_currency
        if (first := manual.first()) is not None:
            self.fields["account"].initial = first.pk
        else:
            # No manual account yet: this one will be the first.
            del self.fields["account"]
            name, currency = self.fields["new_account_name"], self.fields["new_account_currency"]
            name.label, currency.label = "Account", "Currency"
            name.help_text = "A new account you keep by hand, like a wallet."
            name.required = currency.required = True
            name.error_messages["required"] = "Name the account, like Cash or Wallet."

    def clean_amount(self) -> Decimal:
        amount = self.cleaned_data["amount"]
        if amount <= 0:
            raise ValidationError("Enter an amount above zero; choose money out or in above.")
        return amount

    def clean(self):
        data = super().clean()
        if not data.get("account") and "new_account_name" not in self.errors:
            if not (data.get("new_account_name") or "").strip():
                self.add_error("new_account_name", "Name the new account, or choose one of yours.")
            if not data.get("new_account_currency"):
                self.add_error("new_account_currency", "Choose the new account's currency.")
        return data

    def signed_amount(self) -> Decimal:
        amount = self.cleaned_data["amount"]
        return -amount if self.cleaned_data["direction"] == "out" else amount


# The Transaction page ------------------------------------------------------------------------------


def tag_names(text: str) -> list[str]:
    """Comma-separated tag names, trimmed, each once (ignoring case), in the order given."""
    names: dict[str, str] = {}
    for raw in text.split(","):
        name = " ".join(raw.split())
        if name:
            names.setdefault(name.lower(), name)
    return list(names.values())


class TransactionEditForm(forms.Form):
    merchant = forms.CharField(required=False, max_length=200, help_text="How this merchant is shown everywhere.")
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    tags = forms.CharField(required=False, max_length=500, help_text="Separate tags with commas.")
    is_transfer = forms.BooleanField(
        label="Transfer between my accounts", required=False, help_text="Not spending or income."
    )
    is_excluded = forms.BooleanField(label="Leave out of spending, budgets and reports", required=False)
    is_flagged = forms.BooleanField(label="Flag for a closer look", required=False)

    def __init__(self, *args, transaction: Transaction, **kwargs):
        self.transaction = transaction
        initial = {
            "merchant": transaction.merchant,
            "notes": transaction.notes,
            "tags": ", ".join(tag.name for tag in transaction.tags.all()),
            "is_transfer": transaction.is_transfer,
            "is_excluded": transaction.is_excluded,
            "is_flagged": transaction.is_flagged,
        }
        super().__init__(*args, initial=initial, **kwargs)

    def clean_tags(self) -> list[str]:
        names = tag_names(self.cleaned_data["tags"])
        if any(len(name) > 50 for name in names):
            raise ValidationError("A tag can be at most 50 characters long.")
        return names

    def changes(self) -> dict:
        """Only what the person changed: the service locks each field it is given."""
        txn, data = self.transaction, self.cleaned_data
        changes: dict = {}
        merchant = data["merchant"].strip()
        if merchant != txn.merchant:
            changes["merchant"] = merchant
        if data["notes"] != txn.notes:
            changes["notes"] = data["notes"]
        current = [tag.name for tag in txn.tags.all()]
        if sorted(n.lower() for n in data["tags"]) != sorted(n.lower() for n in current):
            changes["tags"] = data["tags"]
        for flag in ("is_transfer", "is_excluded", "is_flagged"):
            if data[flag] != getattr(txn, flag):
                changes[flag] = data[flag]
        return changes


class TransactionCategoryForm(forms.Form):
    category = CategoryChoiceField(empty_label=None, label="Change to")
    remember = forms.BooleanField(required=False)

    def __init__(self, *args, user: User, transaction: Transaction, **kwargs):
        super().__init__(*args, initial={"category": transaction.category_id}, **kwargs)
        self.fields["category"].set_groups(_category_groups(user), pick_primary=False)
        who = transaction.merchant or transaction.merchant_name
        if who:
            self.fields["remember"].label = f"Apply to all from {who}"
            self.fields["remember"].help_text = "FinSync remembers it: a learned rule, also for new ones."
        else:
            del self.fields["remember"]


class SplitLineForm(forms.Form):
    category = CategoryChoiceField(empty_label="Choose…")
    amount = _money_field()
    note = forms.CharField(required=False, max_length=200, widget=forms.TextInput(attrs={"placeholder": "Note"}))

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].set_groups(groups, pick_primary=False)
        self.fields["amount"].widget.attrs["placeholder"] = "0.00"

    def clean_amount(self) -> Decimal:
        amount = self.cleaned_data["amount"]
        if amount <= 0:
            raise ValidationError("Enter an amount above zero.")
        return amount


class BaseSplitFormSet(forms.BaseFormSet):
    """Lines entered as positive amounts; together they must make the transaction's whole amount."""

    def __init__(self, *args, transaction: Transaction, **kwargs):
        self.transaction = transaction
        super().__init__(*args, **kwargs)

    def _construct_form(self, i, **kwargs):
        # Any row may stay empty, the prefilled ones too: only the filled rows make the split.
        return super()._construct_form(i, empty_permitted=True, **kwargs)

    def filled(self) -> list[forms.Form]:
        return [form for form in self.forms if form.has_changed() and form.is_valid()]

    def entered_total(self) -> Decimal:
        total = Decimal(0)
        for form in self.forms:
            try:
                total += Decimal(str(form["amount"].value() or 0))
            except ArithmeticError:
                continue
        return total.quantize(CENT)

    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms):
            return
        lines = self.filled()
        if len(lines) < 2:
            raise ValidationError("A split needs at least two lines.")
        whole = abs(self.transaction.amount)
        total = sum((form.cleaned_data["amount"] for form in lines), Decimal(0))
        if total != whole:
            currency = self.transaction.currency
            difference = whole - total
            if difference > 0:
                left = f"{difference:,.2f} {currency} is left to assign."
            else:
                left = f"That is {-difference:,.2f} {currency} too much."
            raise ValidationError(
                f"The lines add up to {total:,.2f} {currency}, but the transaction is {whole:,.2f} {currency}. {left}"
            )

    def lines(self) -> list[tuple[Category, Decimal, str]]:
        """(category, signed amount, note) per line, with the transaction's sign."""
        sign = -1 if self.transaction.amount < 0 else 1
        return [
            (form.cleaned_data["category"], sign * form.cleaned_data["amount"], form.cleaned_data["note"].strip())
            for form in self.filled()
        ]


SplitFormSet = forms.formset_factory(SplitLineForm, formset=BaseSplitFormSet, extra=2, max_num=20, absolute_max=20)


def split_formset(*, user: User, transaction: Transaction, data=None) -> BaseSplitFormSet:
    groups = _category_groups(user)
    if data is None:
        initial = [
            {"category": line.category_id, "amount": abs(line.amount), "note": line.note}
            for line in transaction.splits.all()
        ] or [{"category": transaction.category_id, "amount": abs(transaction.amount)}]
        return SplitFormSet(initial=initial, transaction=transaction, prefix="lines", form_kwargs={"groups": groups})
    return SplitFormSet(data, transaction=transaction, prefix="lines", form_kwargs={"groups": groups})


class ReimbursementForm(forms.Form):
    expected = forms.BooleanField(label="I expect to be paid back for this", required=False)
    reimbursed_by = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Paid back by",
        empty_label="Not yet",
        help_text="Money that came in during the last 90 days.",
    )

    def __init__(self, *args, user: User, transaction: Transaction, **kwargs):
        initial = {"expected": bool(transaction.reimbursement), "reimbursed_by": transaction.reimbursed_by_id}
        super().__init__(*args, initial=initial, **kwargs)
        candidates = selectors.reimbursement_candidates(user=user, transaction=transaction)
        field = self.fields["reimbursed_by"]
        # The queryset validates the choice; the labels come from the rows fetched once.
        field.queryset = selectors.transactions_visible(user=user).filter(pk__in=[txn.pk for txn in candidates])
        field.choices = [("", field.empty_label)] + [(txn.pk, _inflow_label(txn)) for txn in candidates]


def _inflow_label(txn: Transaction) -> str:
    who = txn.merchant or txn.merchant_name or txn.description
    return f"{txn.date.day} {txn.date:%b %Y} · {who} · +{txn.amount:,.2f} {txn.currency} ({txn.account.name})"
