"""Rules (with a preview of what they would change), rules learned from corrections, and categories."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.models import User
from finsync.forms import add_service_errors
from transactions import selectors, services
from transactions.forms.rules import CategoryCreateForm, CategoryForm, LearnedRuleForm, RuleForm
from transactions.models import Category, Rule, Transaction

PREVIEW_ROWS = 50


# --- Rules in plain words -----------------------------------------------------------------------------------


def _money(value: Decimal) -> str:
    return f"{value:,.2f}"


def rule_conditions(rule: Rule) -> str:
    """What a rule looks for, in words: its text, direction, amount range (an en dash between) and account."""
    parts = []
    if rule.match_value:
        parts.append(f"{rule.get_match_field_display()} {rule.get_match_operator_display()} “{rule.match_value}”")
    if rule.direction:
        parts.append(rule.get_direction_display().lower())
    low, high = rule.amount_min, rule.amount_max
    if low is not None and high is not None:
        parts.append(f"{_money(low)}–{_money(high)}")
    elif low is not None:
        parts.append(f"{_money(low)} or more")
    elif high is not None:
        parts.append(f"up to {_money(high)}")
    if rule.account_id:
        parts.append(f"on {rule.account}")
    return " · ".join(parts) or "Every transaction"


def rule_actions(rule: Rule) -> str:
    """What a rule does: "Coffee, tag “work”, stop"."""
    parts = []
    if rule.set_category_id:
        parts.append(rule.set_category.name)
    if rule.rename_merchant:
        parts.append(f"merchant “{rule.rename_merchant}”")
    if rule.add_tag_id:
        parts.append(f"tag “{rule.add_tag.name}”")
    if rule.mark_transfer:
        parts.append("transfer")
    if rule.mark_excluded:
        parts.append("left out of reports")
    if rule.stop_processing:
        parts.append("stop")
    return ", ".join(parts) or "nothing"


def _preview(*, user: User, rule: Rule, tag_name: str = "") -> dict:
    """What the rule would change in past transactions, newest first, each transaction with its changes."""
    preview = services.rule_preview(user=user, rule=rule, tag_name=tag_name)
    by_transaction: dict[int, dict] = {}
    for change in preview.changes:
        txn = change.transaction
        row = by_transaction.setdefault(txn.pk, {"transaction": txn, "changes": []})
        row["changes"].append({"field": change.field, "old": change.old or "—", "new": change.new or "—"})
    rows = sorted(by_transaction.values(), key=lambda row: (row["transaction"].date, row["transaction"].pk))
    rows.reverse()
    return {"count": preview.transaction_count, "rows": rows[:PREVIEW_ROWS], "more": len(rows) > PREVIEW_ROWS}


def _changed(count: int) -> str:
    return f"{count} past transaction{'' if count == 1 else 's'} changed"


# --- Rules --------------------------------------------------------------------------------------------------


def rule_list(request: HttpRequest) -> HttpResponse:
    rules = selectors.rules_of(user=request.user, kind=Rule.Kind.USER)
    ids = [rule.pk for rule in rules]
    rows = []
    for n, rule in enumerate(rules):
        up = down = None
        if n > 0:
            up = [*ids[: n - 1], ids[n], ids[n - 1], *ids[n + 1 :]]
        if n < len(ids) - 1:
            down = [*ids[:n], ids[n + 1], ids[n], *ids[n + 2 :]]
        rows.append(
            {
                "rule": rule,
                "conditions": rule_conditions(rule),
                "actions": rule_actions(rule),
                "up": ",".join(map(str, up)) if up else "",
                "down": ",".join(map(str, down)) if down else "",
            }
        )
    context = {"rows": rows, "learned": selectors.rules_of(user=request.user, kind=Rule.Kind.LEARNED)}
    return render(request, "transactions/rule_list.html", context)


@require_POST
def rule_reorder(request: HttpRequest) -> HttpResponse:
    """The whole new order of the person's rules, as the move up/down buttons send it."""
    raw = [part.strip() for value in request.POST.getlist("order") for part in value.split(",") if part.strip()]
    if not all(part.isdigit() for part in raw):
        raise Http404("No such rule")
    rule_ids = [int(part) for part in raw]
    own = {rule.pk for rule in selectors.rules_of(user=request.user, kind=Rule.Kind.USER)}
    if not set(rule_ids) <= own:
        raise Http404("No such rule")
    services.rules_reorder(user=request.user, rule_ids=rule_ids)
    url = reverse("rule_list")
    moved = request.POST.get("moved", "")
    return redirect(f"{url}#rule-{moved}" if moved.isdigit() else url)


def _rule_form(request: HttpRequest, *, rule: Rule, source: Transaction | None = None) -> HttpResponse:
    """The rule form for a new or a saved rule: Preview re-renders it with what it would change; Save saves."""
    form = RuleForm(request.POST or None, instance=rule, user=request.user)
    is_new = rule.pk is None
    preview = None
    if request.method == "POST" and form.is_valid():
        candidate = form.rule()
        action = request.POST.get("action", "save")
        try:
            if action == "preview":
                preview = _preview(user=request.user, rule=candidate, tag_name=form.tag_name)
            else:
                saved = services.rule_save(user=request.user, rule=candidate, tag_name=form.tag_name)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if action != "preview":
                if action == "save_apply":
                    count = services.rule_apply(user=request.user, rule=saved)
                    messages.success(request, f"Rule saved; {_changed(count)}.")
                else:
                    messages.success(request, "Rule saved. It works on new transactions from now on.")
                return redirect(f"{reverse('rule_list')}#rule-{saved.pk}")
    context = {"form": form, "rule": rule, "is_new": is_new, "preview": preview, "source": source}
    return render(request, "transactions/rule_form.html", context)


def rule_create(request: HttpRequest) -> HttpResponse:
    source = None
    if "from" in request.GET:
        transaction_id = request.GET["from"]
        if not transaction_id.isdigit():
            raise Http404("No such transaction")
        source = selectors.transaction_get(user=request.user, transaction_id=int(transaction_id))
        rule = services.rule_from_transaction(transaction=source)
    else:
        rule = Rule(user=request.user)
    return _rule_form(request, rule=rule, source=source)


def rule_edit(request: HttpRequest, rule_id: int) -> HttpResponse:
    rule = selectors.rule_get(user=request.user, rule_id=rule_id)
    if rule.kind == Rule.Kind.LEARNED:
        return _learned_rule_form(request, rule=rule)
    return _rule_form(request, rule=rule)


def _learned_rule_form(request: HttpRequest, *, rule: Rule) -> HttpResponse:
    form = LearnedRuleForm(request.POST or None, instance=rule, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.rule_save(user=request.user, rule=form.instance)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            text = f"{saved.match_value} now goes to {saved.set_category.name}"
            if request.POST.get("action") == "save_apply":
                count = services.rule_apply(user=request.user, rule=saved)
                messages.success(request, f"{text}; {_changed(count)}.")
            else:
                messages.success(request, f"{text}.")
            return redirect(f"{reverse('rule_list')}#learned")
    return render(request, "transactions/rule_learned_form.html", {"form": form, "rule": rule})


def rule_apply(request: HttpRequest, rule_id: int) -> HttpResponse:
    """GET: what applying the saved rule to past transactions would change. POST: change it."""
    rule = selectors.rule_get(user=request.user, rule_id=rule_id)
    if request.method == "POST":
        count = services.rule_apply(user=request.user, rule=rule)
        messages.success(request, f"Rule applied; {_changed(count)}.")
        return redirect(f"{reverse('rule_list')}#rule-{rule.pk}")
    context = {
        "rule": rule,
        "conditions": rule_conditions(rule),
        "actions": rule_actions(rule),
        "preview": _preview(user=request.user, rule=rule),
    }
    return render(request, "transactions/rule_apply.html", context)


def rule_delete(request: HttpRequest, rule_id: int) -> HttpResponse:
    rule = selectors.rule_get(user=request.user, rule_id=rule_id)
    if request.method == "POST":
        count = services.rule_delete(user=request.user, rule=rule)
        if count:
            messages.success(
                request, f"Rule deleted; {count} transaction{'' if count == 1 else 's'} re-categorized without it."
            )
        else:
            messages.success(request, "Rule deleted. No transaction needed a new category.")
        return redirect("rule_list")
    context = {"rule": rule, "conditions": rule_conditions(rule), "actions": rule_actions(rule)}
    return render(request, "transactions/rule_delete.html", context)


# --- Categories ---------------------------------------------------------------------------------------------


def category_list(request: HttpRequest) -> HttpResponse:
    groups = selectors.categories_grouped(user=request.user, include_hidden=True)
    primaries = [{"category": primary, "children": children} for primary, children in groups]
    return render(request, "transactions/category_list.html", {"primaries": primaries})


def category_create(request: HttpRequest) -> HttpResponse:
    initial = {}
    if parent_id := request.GET.get("parent"):
        if not parent_id.isdigit():
            raise Http404("No such category")
        parent = selectors.category_get(user=request.user, category_id=int(parent_id))
        initial["parent"] = parent.parent or parent
    form = CategoryCreateForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            category = services.category_create(
                user=request.user, parent=form.cleaned_data["parent"], name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"“{category.name}” is added under {category.parent.name}.")
            return redirect(f"{reverse('category_list')}#category-{category.pk}")
    return render(request, "transactions/category_create.html", {"form": form})


def category_edit(request: HttpRequest, category_id: int) -> HttpResponse:
    """Rename, hide or show again; a category the person added can also be deleted (after a confirmation)."""
    category = selectors.category_get(user=request.user, category_id=category_id)
    deletable = not category.code and not category.is_primary
    if "delete" in request.GET or "delete" in request.POST:
        if not deletable:
            raise Http404("Only a category you added can be deleted")
        return _category_delete(request, category=category)
    form = CategoryForm(request.POST or None, initial={"name": category.name, "hidden": category.hidden})
    if request.method == "POST" and form.is_valid():
        name, hidden = form.cleaned_data["name"], form.cleaned_data["hidden"]
        was_hidden = category.hidden
        try:
            services.category_update(user=request.user, category=category, name=name, hidden=hidden)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if hidden and not was_hidden:
                messages.success(request, f"“{name}” is hidden. It is no longer offered for new choices.")
            elif was_hidden and not hidden:
                messages.success(request, f"“{name}” is shown again.")
            else:
                messages.success(request, f"“{name}” is saved.")
            return redirect(f"{reverse('category_list')}#category-{category.pk}")
    return render(
        request, "transactions/category_edit.html", {"form": form, "category": category, "deletable": deletable}
    )


def _category_delete(request: HttpRequest, *, category: Category) -> HttpResponse:
    if request.method == "POST":
        services.category_delete(user=request.user, category=category)
        messages.success(request, f"“{category.name}” is deleted. Its transactions are now in {category.parent.name}.")
        return redirect(f"{reverse('category_list')}#category-{category.parent_id}")
    return render(request, "transactions/category_delete.html", {"category": category})
