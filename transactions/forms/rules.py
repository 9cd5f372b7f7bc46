"""Forms for rules (what to look for, what to do), learned rules, and a person's categories."""

import re
from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator
from django.db.models import Q, QuerySet
from django.forms.models import ModelChoiceIterator

from accounts.models import User
from banking.models import BankAccount
from transactions import selectors
from transactions.models import Category, Rule

ACTION_FIELDS = ("set_category", "rename_merchant", "tag", "mark_transfer", "mark_excluded")


class _GroupedCategoryIterator(ModelChoiceIterator):
    """The categories as <optgroup>s, one per primary: the primary itself first, then the ones under it."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        categories = list(self.queryset)
        children: dict[int, list[Category]] = {}
        for category in categories:
            if category.parent_id is not None:
                children.setdefault(category.parent_id, []).append(category)
        ids = {c.pk for c in categories}
        for category in categories:
            if category.parent_id is not None and category.parent_id in ids:
                continue  # shown in its primary's group
            group = [category, *children.get(category.pk, [])] if category.is_primary else [category]
            label = category.name if category.is_primary else category.parent.name
            yield (label, [self.choice(c) for c in group])

    def __len__(self):
        return self.queryset.count() + (1 if self.field.empty_label is not None else 0)


class GroupedCategoryField(forms.ModelChoiceField):
    """A select of categories grouped by their primary."""

    iterator = _GroupedCategoryIterator

    def label_from_instance(self, obj: Category) -> str:
        return f"{obj.name} (hidden)" if obj.hidden or (obj.parent_id and obj.parent.hidden) else obj.name


def categories_offered(*, user: User, keep: Category | None = None) -> QuerySet[Category]:
    """The person's visible categories (not hidden, nor under a hidden primary); `keep` stays offered regardless."""
    visible = Q(hidden=False) & (Q(parent__isnull=True) | Q(parent__hidden=False))
    if keep is not None:
        visible |= Q(pk=keep.pk)
    return Category.objects.filter(visible, user=user).select_related("parent").order_by("name")


def _accounts_offered(*, user: User, keep: BankAccount | None = None) -> QuerySet[BankAccount]:
    accounts = selectors.accounts_visible(user=user)
    if keep is not None:
        accounts = accounts | BankAccount.objects.filter(pk=keep.pk, user=user)
    return accounts


class RuleForm(forms.ModelForm):
    """A person's rule. Builds an unsaved `Rule` (see `rule`) for a preview or for the save service."""

    tag = forms.CharField(
        label="Add the tag",
        required=False,
        max_length=50,
        help_text="A new tag is created when you save.",
    )

    class Meta:
        model = Rule
        fields = [
            "match_field",
            "match_operator",
            "match_value",
            "amount_min",
            "amount_max",
            "direction",
            "account",
            "set_category",
            "rename_merchant",
            "mark_transfer",
            "mark_excluded",
            "stop_processing",
            "name",
            "is_active",
        ]
        field_classes = {"set_category": GroupedCategoryField}
        labels = {
            "match_field": "Look at",
            "match_operator": "Which",
            "match_value": "Text",
            "amount_min": "Amount from",
            "amount_max": "Amount up to",
            "direction": "Direction",
            "account": "Account",
            "set_category": "Set the category",
            "rename_merchant": "Rename the merchant to",
            "mark_transfer": "Mark as a transfer between my accounts",
            "mark_excluded": "Leave out of spending, budgets and reports",
            "stop_processing": "Stop here: later rules do not act on what this rule matched",
            "name": "Name",
            "is_active": "Active",
        }
        help_texts = {
            "match_value": "Upper or lower case does not matter. For “matches the pattern”, a regular expression.",
            "amount_min": "The size of the amount, whether the money goes out or comes in.",
            "amount_max": "",
            "name": "Shown in the list of rules and as the reason on what it categorizes. "
            "Leave it empty to describe the rule by what it looks for.",
            "is_active": "A paused rule changes nothing until you turn it back on.",
            "stop_processing": "",
            "mark_transfer": "Transfers are not counted as spending or income.",
            "mark_excluded": "",
        }
        widgets = {
            "amount_min": forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"}),
            "amount_max": forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"}),
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        rule = self.instance
        self.fields["match_value"].widget.attrs.update(autocomplete="off", spellcheck="false")
        for name in ("amount_min", "amount_max"):
            self.fields[name].validators.append(MinValueValidator(Decimal("0")))
        self.fields["account"].queryset = _accounts_offered(user=user, keep=rule.account if rule.account_id else None)
        self.fields["account"].empty_label = "Any account"
        category = self.fields["set_category"]
        category.queryset = categories_offered(user=user, keep=rule.set_category if rule.set_category_id else None)
        category.empty_label = "Leave the category as it is"
        if rule.add_tag_id and not self.is_bound:
            self.initial["tag"] = rule.add_tag.name

    def clean_match_value(self) -> str:
        return self.cleaned_data["match_value"].strip()

    def clean_tag(self) -> str:
        return " ".join(self.cleaned_data["tag"].split())

    def clean(self):
        data = super().clean()
        value, operator = data.get("match_value", ""), data.get("match_operator")
        if value and operator == Rule.Operator.REGEX:
            try:
                re.compile(value)
            except re.error as error:
                self.add_error("match_value", f"This pattern is not valid: {error}.")
        low, high = data.get("amount_min"), data.get("amount_max")
        if low is not None and high is not None and low > high:
            self.add_error("amount_max", "This must be at least the amount it starts from.")
        has_condition = bool(value or low is not None or high is not None or data.get("account"))
        has_action = any(data.get(name) for name in ACTION_FIELDS)
        if self.errors:
            return data
        if not has_condition and not has_action:
            raise forms.ValidationError(
                "This rule looks for nothing and does nothing. Give it a condition and at least one action.",
                code="empty",
            )
        if not has_condition:
            raise forms.ValidationError(
                "Give the rule a condition: some text, an amount range or an account.", code="no_condition"
            )
        if not has_action:
            raise forms.ValidationError(
                "Choose at least one action: a category, a new merchant name, a tag, transfer or left out.",
                code="no_action",
            )
        return data

    @property
    def tag_name(self) -> str:
        return self.cleaned_data.get("tag", "")

    def rule(self) -> Rule:
        """The rule as the form describes it, not saved: the person's edits over the stored rule, if any.

        Its tag is left to the view: `tag_name` may name a tag that does not exist yet.
        """
        self.instance.user = self.user
        return self.instance


class LearnedRuleForm(forms.ModelForm):
    """A rule learned from a correction: only the category it puts the merchant in can change."""

    class Meta:
        model = Rule
        fields = ["set_category"]
        field_classes = {"set_category": GroupedCategoryField}
        labels = {"set_category": "Category"}

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        field = self.fields["set_category"]
        field.queryset = categories_offered(user=user, keep=self.instance.set_category)
        field.required = True
        field.empty_label = None


class CategoryCreateForm(forms.Form):
    parent = forms.ModelChoiceField(queryset=Category.objects.none(), label="Under", empty_label=None)
    name = forms.CharField(max_length=100, label="Name")

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Category.objects.filter(user=user, parent__isnull=True).order_by("name")

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())


class CategoryForm(forms.Form):
    name = forms.CharField(max_length=100, label="Name")
    hidden = forms.BooleanField(
        required=False,
        label="Hidden",
        help_text="A hidden category is not offered when you categorize or write a rule. "
        "Transactions already in it stay there.",
    )

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())
