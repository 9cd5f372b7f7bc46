"""Forms of the reports pages: the Trends page's choice of period and categories; the period of a report to make."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django import forms

from accounts.models import User
from reports.analytics import months_after
from reports.models import Report
from reports.periods import period_parse
from transactions.models import Category

# The Trends page ---------------------------------------------------------------------------------------

MAX_MONTHS = 60
# Primaries money comes in under: no spending to follow there.
MONEY_IN_CODES = ("INCOME", "TRANSFER_IN", "LOAN_DISBURSEMENTS")


class MonthInput(forms.TextInput):
    input_type = "month"


class MonthField(forms.CharField):
    """A month typed as "2026-10" (what <input type="month"> sends); cleaned to the 1st of that month."""

    default_error_messages = {"invalid": "Enter a month as YYYY-MM, such as 2026-10."}

    def __init__(self, **kwargs):
        super().__init__(widget=MonthInput(attrs={"placeholder": "YYYY-MM", "maxlength": 7}), **kwargs)

    def to_python(self, value) -> date | None:
        text = super().to_python(value).strip()
        if not text:
            return None
        match = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
        if not match or not 1 <= int(match[2]) <= 12 or not 1970 <= int(match[1]) <= 2999:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return date(int(match[1]), int(match[2]), 1)

    def prepare_value(self, value):
        return value.strftime("%Y-%m") if isinstance(value, date) else value


class SpendingCategoriesField(forms.ModelMultipleChoiceField):
    """Checkboxes of the person's primary categories (their own ones under them are included)."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Category) -> str:
        return obj.name


def months_between(first: date, last: date) -> int:
    """How many months from `first`'s month to `last`'s, both included."""
    return (last.year - first.year) * 12 + last.month - first.month + 1


@dataclass(frozen=True)
class MonthRange:
    first: date  # 1st of the first month
    last: date  # 1st of the last month

    @property
    def count(self) -> int:
        return months_between(self.first, self.last)


class TrendsForm(forms.Form):
    """The Trends page's GET form: a preset period or custom months, and the categories to follow."""

    PRESETS = {
        "3m": "Last 3 full months",
        "6m": "Last 6 full months",
        "12m": "Last 12 full months",
        "24m": "Last 24 full months",
        "this_year": "This year",
        "last_year": "Last year",
    }
    CUSTOM = "custom"
    DEFAULT = "12m"

    period = forms.ChoiceField(
        label="Period",
        choices=[*PRESETS.items(), (CUSTOM, "Custom months")],
        required=False,
    )
    start = MonthField(label="From", required=False)
    end = MonthField(label="To", required=False)
    category = SpendingCategoriesField(
        label="Categories",
        queryset=Category.objects.none(),
        required=False,
        help_text="None ticked: all spending.",
        error_messages={
            "invalid_choice": "That category is not one of yours.",
            "invalid_pk_value": "That category is not one of yours.",
        },
    )

    def __init__(self, *args, user: User, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["category"].queryset = (
            Category.objects.filter(user=user, parent__isnull=True, hidden=False)
            .exclude(code__in=MONEY_IN_CODES)
            .order_by("name", "pk")
        )

    def clean(self):
        cleaned = super().clean()
        period = cleaned.get("period") or ""
        start, end = cleaned.get("start"), cleaned.get("end")
        if not period:
            # Months alone (a hand-made link) mean custom months; nothing at all, the default.
            period = self.CUSTOM if start or end else self.DEFAULT
        cleaned["period"] = period
        if period != self.CUSTOM:
            return cleaned
        if "start" in self.errors or "end" in self.errors:
            return cleaned
        this_month = self.today.replace(day=1)
        if start is None:
            self.add_error("start", "Choose the first month, or a preset period.")
            return cleaned
        end = end or this_month
        cleaned["end"] = end
        if start > end:
            self.add_error("end", "The last month is before the first one.")
        elif months_between(start, end) > MAX_MONTHS:
            self.add_error("end", f"Choose at most {MAX_MONTHS} months ({MAX_MONTHS // 12} years).")
        return cleaned

    def month_range(self) -> MonthRange:
        """The months the valid form asks for."""
        period = self.cleaned_data["period"]
        this_month = self.today.replace(day=1)
        if period == self.CUSTOM:
            return MonthRange(self.cleaned_data["start"], self.cleaned_data["end"])
        if period == "this_year":
            return MonthRange(date(this_month.year, 1, 1), this_month)
        if period == "last_year":
            return MonthRange(date(this_month.year - 1, 1, 1), date(this_month.year - 1, 12, 1))
        count = int(period.removesuffix("m"))
        last = months_after(this_month, -1)
        return MonthRange(months_after(last, -(count - 1)), last)

    def categories(self) -> list[Category]:
        return list(self.cleaned_data.get("category") or [])


# The Reports page: make a report for a past period ------------------------------------------------------


class ReportForm(forms.Form):
    """A weekly or monthly report for a period that has ended, named as <input type="week"> ("2026-W45") and
    <input type="month"> ("2026-10") send it. The page shows one form per kind."""

    kind = forms.ChoiceField(choices=Report.Kind.choices, widget=forms.HiddenInput)
    period = forms.CharField(max_length=10, strip=True)

    LABELS = {Report.Kind.MONTHLY: "Month", Report.Kind.WEEKLY: "Week"}
    HELP = {
        Report.Kind.MONTHLY: "A month that has ended, such as 2026-10.",
        Report.Kind.WEEKLY: "A week (Monday to Sunday) that has ended, such as 2026-W45.",
    }
    INPUT_TYPES = {Report.Kind.MONTHLY: "month", Report.Kind.WEEKLY: "week"}

    def __init__(self, *args, kind: str, today: date, **kwargs):
        kwargs.setdefault("auto_id", f"id_{kind}_%s")
        kwargs.setdefault("initial", {"kind": kind})
        super().__init__(*args, **kwargs)
        self.report_kind, self.today = kind, today  # not `kind`: in templates that is the field
        field = self.fields["period"]
        field.label, field.help_text = self.LABELS[kind], self.HELP[kind]
        field.widget.input_type = self.INPUT_TYPES[kind]
        field.widget.attrs.update({"placeholder": "2026-W45" if kind == Report.Kind.WEEKLY else "2026-10"})
        field.error_messages["required"] = f"Choose the {self.LABELS[kind].lower()} to report on."

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get("period")
        if "kind" in self.errors or not text:
            return cleaned
        try:
            period = period_parse(self.report_kind, text)
        except ValueError as error:
            self.add_error("period", str(error))
            return cleaned
        if period.end >= self.today:
            span = self.LABELS[self.report_kind].lower()
            self.add_error("period", f"{period.label} has not ended yet: a report covers a {span} that is over.")
            return cleaned
        cleaned["report_period"] = period
        return cleaned
