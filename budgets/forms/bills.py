"""The bill form: a bill added by hand, or the person's corrections to one."""

from datetime import date
from decimal import Decimal

from django import forms

from accounts.models import User
from budgets import recurring
from budgets.models import Bill
from transactions.selectors import accounts_visible

DUE_DAY_ERROR = "Enter a day of the month from 1 to 31 (in a shorter month, 29 to 31 mean its last day)."


class BillForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="How you call it, such as “Rent” or “Netflix”.")
    amount = forms.DecimalField(
        label="Amount due",
        max_digits=14,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0.01", "inputmode": "decimal"}),
        error_messages={"invalid": "Enter the amount as a number, such as 15.49."},
    )
    cadence = forms.ChoiceField(label="How often", choices=Bill.Cadence.choices, initial=Bill.Cadence.MONTHLY)
    due_day = forms.IntegerField(
        label="Due day of the month",
        required=False,
        min_value=1,
        max_value=31,
        widget=forms.NumberInput(attrs={"min": "1", "max": "31", "inputmode": "numeric"}),
        error_messages={"invalid": DUE_DAY_ERROR, "min_value": DUE_DAY_ERROR, "max_value": DUE_DAY_ERROR},
        help_text="For a bill due monthly, every three months or yearly.",
    )
    next_due = forms.DateField(
        label="Next due date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a date, such as 2026-03-15."},
        help_text="Needed for a weekly bill, and to say which month a bill every three months or yearly is due.",
    )
    account = forms.ModelChoiceField(
        label="Paid from", queryset=None, required=False, empty_label="No account in particular"
    )
    merchant = forms.CharField(
        label="Paid to",
        max_length=200,
        required=False,
        help_text="The merchant as your transactions show it, so that FinSync sees each payment arrive. "
        "Leave it empty to use the name.",
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = accounts_visible(user=user)

    @classmethod
    def initial_of(cls, bill: Bill) -> dict:
        """The form's starting values for an existing bill."""
        return {
            "name": bill.name,
            "amount": bill.amount,
            "cadence": bill.cadence,
            "due_day": bill.due_day,
            "next_due": bill.next_due,
            "account": bill.account,
            "merchant": bill.merchant,
        }

    def clean_amount(self) -> Decimal:
        amount = self.cleaned_data["amount"]
        if amount <= 0:
            raise forms.ValidationError("Enter the amount due: more than zero.")
        return amount

    def clean(self) -> dict:
        data = super().clean()
        cadence, due_day, next_due = data.get("cadence"), data.get("due_day"), data.get("next_due")
        if cadence is None or "due_day" in self.errors or "next_due" in self.errors:
            return data
        if not recurring.BY_CADENCE[cadence].months:
            data["due_day"] = None  # a weekly bill has no day of the month
            if next_due is None:
                self.add_error("next_due", "Give the date a bill paid every week or two is next due.")
        elif due_day is None and next_due is None:
            self.add_error("due_day", "Give the day of the month it is due, or its next due date.")
        elif due_day is not None and next_due is not None and not _on_due_day(next_due, due_day):
            self.add_error("next_due", f"This date is not on the due day ({due_day}).")
        return data


def _on_due_day(day: date, due_day: int) -> bool:
    return day == recurring.on_day(day.year, day.month, due_day)
