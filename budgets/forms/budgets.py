"""The budget form: which categories, how much per week or month, rollover and alerts."""

from decimal import Decimal

from django import forms

from accounts.models import CURRENCIES, User
from budgets.models import Budget
from budgets.selectors import local_today
from transactions.forms.rules import GroupedCategoryField, categories_offered

THRESHOLDS_ERROR = "Enter whole percentages from 1 to 200, separated by commas, such as “80, 100”."


class GroupedCategoriesField(forms.ModelMultipleChoiceField):
    """Several categories, grouped by their primary; a primary includes everything under it."""

    iterator = GroupedCategoryField.iterator

    def label_from_instance(self, obj) -> str:
        return f"All of {obj.name}" if obj.is_primary else obj.name


class ThresholdsField(forms.CharField):
    """Alert thresholds typed as "80, 100"; empty means no threshold alerts."""

    def to_python(self, value) -> list[int]:
        text = super().to_python(value)
        try:
            thresholds = sorted(
                {int(part) for part in text.replace("%", "").replace(";", ",").split(",") if part.strip()}
            )
        except ValueError:
            raise forms.ValidationError(THRESHOLDS_ERROR) from None
        if any(not 1 <= t <= 200 for t in thresholds):
            raise forms.ValidationError(THRESHOLDS_ERROR)
        return thresholds

    def prepare_value(self, value):
        return ", ".join(str(t) for t in value) if isinstance(value, list) else value


class BudgetForm(forms.ModelForm):
    categories = GroupedCategoriesField(
        queryset=None,
        help_text="Hold Ctrl (⌘ on a Mac) to choose several. “All of …” includes every category under it.",
        error_messages={"required": "Choose at least one category.", "invalid_choice": "Choose your own categories."},
    )
    amount = forms.DecimalField(
        label="Amount per period",
        max_digits=14,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0.01", "inputmode": "decimal"}),
    )
    currency = forms.ChoiceField(
        choices=[(code, f"{code} — {name}") for code, name in sorted(CURRENCIES.items())],
        help_text="Spending in this currency counts.",
    )
    thresholds = ThresholdsField(
        label="Alert me at",
        required=False,
        help_text="Percentages of the budget, each alerting once per period. 100 is the whole budget.",
    )

    class Meta:
        model = Budget
        fields = [
            "name",
            "categories",
            "amount",
            "currency",
            "period",
            "month_start_day",
            "week_start_day",
            "rollover",
            "thresholds",
            "alert_projected",
            "starts_on",
        ]
        labels = {
            "period": "Every",
            "month_start_day": "Months start on day",
            "week_start_day": "Weeks start on",
            "rollover": "At the end of a period",
            "alert_projected": "Warn me when the pace of spending will exceed the budget",
            "starts_on": "Counting from",
        }
        help_texts = {
            "name": "Shown on the Budgets page and in alerts.",
            "month_start_day": "For a monthly budget: 1 for calendar months, or your payday. "
            "A day the month does not have means its last day.",
            "week_start_day": "For a weekly budget.",
            "rollover": "What is carried over shows as its own line, never hidden in the total.",
            "alert_projected": "Once per period, from the spending so far.",
            "starts_on": "The budget counts from the period holding this date.",
        }
        widgets = {
            "period": forms.RadioSelect,
            "rollover": forms.RadioSelect,
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "month_start_day": forms.NumberInput(attrs={"min": "1", "max": "31"}),
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = categories_offered(user=user)
        self.fields["categories"].widget.attrs["size"] = 12
        if self.instance.pk is None and not self.is_bound:
            self.initial["currency"] = user.default_currency
            self.initial["starts_on"] = local_today(user)

    def clean_amount(self) -> Decimal:
        amount = self.cleaned_data["amount"]
        if amount <= 0:
            raise forms.ValidationError("Enter an amount above zero.")
        return amount
