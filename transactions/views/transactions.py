"""The Transactions page (filters, totals, keyset pages, bulk edits, CSV export, manual entries)
and the Transaction page (facts, category and why, edits, split, reimbursement, history)."""

import csv
from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import get_text_list
from django.views.decorators.http import require_GET, require_POST

from transactions import selectors, services
from transactions.forms.transactions import (
    ManualTransactionForm,
    ReimbursementForm,
    TransactionBulkForm,
    TransactionCategoryForm,
    TransactionEditForm,
    TransactionFilterForm,
    split_formset,
)
from transactions.models import Transaction, TransactionChange

# Page links read in the words of the order shown.
PAGE_LINK_LABELS = {
    "-date": ("Newer", "Older"),
    "date": ("Older", "Newer"),
    "amount": ("Previous", "Next"),
    "-amount": ("Previous", "Next"),
}
CSV_HEADER = [
    "date",
    "account",
    "description",
    "merchant",
    "category",
    "primary category",
    "amount",
    "currency",
    "pending",
    "tags",
    "notes",
    "reason",
]
FIELD_WORDS = {
    "category": "Category",
    "merchant": "Merchant",
    "notes": "Notes",
    "tags": "Tags",
    "is_transfer": "Transfer between your accounts",
    "is_excluded": "Left out of spending and reports",
    "is_flagged": "Flagged",
    "reimbursement": "Reimbursement",
    "reimbursed_by": "Paid back by",
    "split": "Split",
    "splits": "Split",
    "date": "Date",
    "authorized_date": "Authorized date",
    "amount": "Amount",
    "currency": "Currency",
    "description": "Description",
    "merchant_name": "Merchant (from the bank)",
    "pending": "Pending",
    "pending_transaction_id": "Pending transaction",
    "provider_category_primary": "Bank's category",
    "provider_category_detailed": "Bank's detailed category",
    "deleted_at": "Deleted",
}
SAVED_WORDS = {
    "merchant": "merchant",
    "notes": "notes",
    "tags": "tags",
    "is_transfer": "transfer mark",
    "is_excluded": "choice to leave it out of spending",
    "is_flagged": "flag",
}
SOURCE_WORDS = {
    TransactionChange.Source.SYNC: "Bank sync",
    TransactionChange.Source.RULE: "A rule",
    TransactionChange.Source.LEARNED: "Learned from your choices",
    TransactionChange.Source.USER: "You",
    TransactionChange.Source.IMPORT: "File import",
}


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


# The Transactions page -----------------------------------------------------------------------------


@require_GET
def transaction_list(request: HttpRequest) -> HttpResponse:
    form = TransactionFilterForm(request.GET, user=request.user)
    filters, sort = form.filters(), form.sort_key
    after, before = form.cursor("after"), form.cursor("before")
    page = selectors.transactions_page(user=request.user, filters=filters, sort=sort, after=after, before=before)
    if not page.rows and (after or before):
        # A link to a page that has since emptied (rows deleted or filtered away): start at the top.
        after = before = None
        page = selectors.transactions_page(user=request.user, filters=filters, sort=sort)
    query = form.query()
    previous_label, next_label = PAGE_LINK_LABELS[sort]
    context = {
        "form": form,
        "page": page,
        # What a filter matches adds up to something to read; a whole history's totals cost a scan of all of it
        # on every visit and say little, so the unfiltered list has none.
        "totals": selectors.transactions_totals(user=request.user, filters=filters) if form.is_filtered else [],
        "query": query,
        "sort": sort,
        "is_filtered": form.is_filtered,
        "on_first_page": after is None and before is None,
        "previous_label": previous_label,
        "next_label": next_label,
        "sort_label": dict(TransactionFilterForm.SORT_CHOICES)[sort],
        "bulk_form": TransactionBulkForm(user=request.user, initial={"query": query}, auto_id="bulk_%s"),
        "active_filters": form.active_filter_count(),
        # Clicking a column heading sorts by it; clicking it again turns the order round.
        "date_sort_query": form.query(sort="date" if sort == "-date" else "-date"),
        "amount_sort_query": form.query(sort="-amount" if sort == "amount" else "amount"),
        "clear_query": form.query(**dict.fromkeys(form.FILTER_FIELDS)),
        "duplicates_waiting": selectors.likely_duplicates_waiting(user=request.user).count(),
    }
    return render(request, "transactions/transaction_list.html", context)


class _Echo:
    """A file-like object whose write returns the line: csv.writer feeding a streaming response."""

    def write(self, value: str) -> str:
        return value


def _safe_cell(value: str) -> str:
    """Text a spreadsheet would run as a formula (=, +, -, @ first) is kept as text."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _csv_row(row: selectors.ExportRow) -> list[str]:
    return [
        row.date.isoformat(),
        _safe_cell(row.account),
        _safe_cell(row.description),
        _safe_cell(row.merchant),
        _safe_cell(row.category),
        _safe_cell(row.primary_category),
        f"{row.amount:.2f}",
        row.currency,
        "yes" if row.pending else "no",
        _safe_cell(", ".join(row.tags)),
        _safe_cell(row.notes),
        _safe_cell(row.reason),
    ]


@require_GET
def transaction_export(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered list as CSV, streamed: the whole set, in the page's order, however long."""
    form = TransactionFilterForm(request.GET, user=request.user)
    rows = selectors.transactions_for_export(user=request.user, filters=form.filters(), sort=form.sort_key)
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield writer.writerow(CSV_HEADER)
        for row in rows:
            yield writer.writerow(_csv_row(row))

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    filename = f"finsync-transactions-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _list_url(query: str) -> str:
    """Back to the Transactions page as it was filtered (only our own path, whatever was posted)."""
    query = QueryDict(query).urlencode()
    return reverse("transaction_list") + (f"?{query}" if query else "")


@require_POST
def transaction_bulk(request: HttpRequest) -> HttpResponse:
    form = TransactionBulkForm(request.POST, user=request.user)
    back = _list_url(request.POST.get("query", ""))
    if not form.is_valid():
        messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
        return redirect(back)
    data = form.cleaned_data
    category = data["category"] if data["action"] == "category" else None
    tag = data["tag"] if data["action"] == "tag" else None
    try:
        changed = services.transactions_bulk_update(
            user=request.user, transaction_ids=data["ids"], category=category, tag=tag
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect(back)
    noun = "transaction" if changed == 1 else "transactions"
    if category is not None:
        messages.success(request, f"{changed} {noun} now in {category.name}. Later syncs and rules leave them there.")
    else:
        messages.success(request, f"Tagged {changed} {noun} “{tag}”.")
    return redirect(back)


def transaction_create(request: HttpRequest) -> HttpResponse:
    form = ManualTransactionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            txn = services.manual_transaction_create(
                user=request.user,
                account=data.get("account"),
                date=data["date"],
                amount=form.signed_amount(),
                description=data["description"].strip(),
                category=data["category"],
                notes=data["notes"],
                new_account_name=data["new_account_name"].strip(),
                new_account_currency=data["new_account_currency"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Added to {txn.account.name}.")
            return redirect("transaction_detail", txn.pk)
    return render(request, "transactions/transaction_create.html", {"form": form})


def transaction_delete(request: HttpRequest, transaction_id: int) -> HttpResponse:
    """Only a manual transaction can be deleted; the bank's own are a 404 here."""
    txn = selectors.transaction_manual_get(user=request.user, transaction_id=transaction_id)
    if request.method != "POST":
        return render(request, "transactions/transaction_delete.html", {"txn": txn})
    try:
        services.manual_transaction_delete(user=request.user, transaction=txn)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("transaction_detail", txn.pk)
    messages.success(request, f"Deleted “{txn.description}” from {txn.account.name}.")
    return redirect("transaction_list")


# The Transaction page -----------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryRow:
    when: object
    field: str
    old: str
    new: str
    source: str


def _value_words(value: str) -> str:
    return {"True": "Yes", "False": "No", "true": "Yes", "false": "No", "": "—"}.get(value, value)


def _history(user, txn: Transaction) -> list[HistoryRow]:
    return [
        HistoryRow(
            when=change.changed_at,
            field=FIELD_WORDS.get(change.field, change.field.replace("_", " ").capitalize()),
            old=_value_words(change.old_value),
            new=_value_words(change.new_value),
            source=SOURCE_WORDS.get(change.source, change.get_source_display()),
        )
        for change in selectors.transaction_history(user=user, transaction=txn)
    ]


def _detail(request: HttpRequest, txn: Transaction, **forms) -> HttpResponse:
    user = request.user
    context = {
        "txn": txn,
        "edit_form": forms.get("edit_form") or TransactionEditForm(transaction=txn),
        "category_form": forms.get("category_form") or TransactionCategoryForm(user=user, transaction=txn),
        "reimbursement_form": (forms.get("reimbursement_form") or ReimbursementForm(user=user, transaction=txn))
        if txn.amount < 0
        else None,
        "history": _history(user, txn),
        "pair_visible": selectors.transaction_is_visible(user=user, transaction_id=txn.transfer_pair_id),
        "reimbursed_by_visible": selectors.transaction_is_visible(user=user, transaction_id=txn.reimbursed_by_id),
        "category_is_yours": txn.category_source == "user" or txn.is_locked("category"),
        "locked_words": get_text_list([FIELD_WORDS.get(name, name).lower() for name in txn.locked_fields], "and"),
        "provider_category": selectors.category_for_code(
            user=user, code=txn.provider_category_detailed or txn.provider_category_primary
        ),
    }
    status = 400 if any(form.errors for form in forms.values() if form is not None) else 200
    return render(request, "transactions/transaction_detail.html", context, status=status)


def transaction_detail(request: HttpRequest, transaction_id: int) -> HttpResponse:
    """The page of one transaction; posting to it saves the edit form (merchant, notes, tags, flags)."""
    txn = selectors.transaction_get(user=request.user, transaction_id=transaction_id)
    if request.method != "POST":
        return _detail(request, txn)
    form = TransactionEditForm(request.POST, transaction=txn)
    if form.is_valid():
        changes = form.changes()
        try:
            changed = (
                services.transaction_update(user=request.user, transaction=txn, changes=changes) if changes else []
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if changed:
                words = get_text_list([SAVED_WORDS.get(name, name) for name in changed], "and")
                kept = " Later syncs and rules keep what you set." if set(changed) & set(txn.LOCKABLE_FIELDS) else ""
                messages.success(request, f"Saved the {words}.{kept}")
            else:
                messages.info(request, "Nothing changed.")
            return redirect("transaction_detail", txn.pk)
    return _detail(request, txn, edit_form=form)


@require_POST
def transaction_category(request: HttpRequest, transaction_id: int) -> HttpResponse:
    txn = selectors.transaction_get(user=request.user, transaction_id=transaction_id)
    if request.POST.get("action") == "reset":
        services.transaction_category_reset(user=request.user, transaction=txn)
        txn = selectors.transaction_get(user=request.user, transaction_id=transaction_id)
        now = f"now {txn.category.name}" if txn.category else "uncategorized for now"
        messages.success(request, f"FinSync decides this category again: {now}.")
        return redirect("transaction_detail", txn.pk)

    form = TransactionCategoryForm(request.POST, user=request.user, transaction=txn)
    if not form.is_valid():
        return _detail(request, txn, category_form=form)
    category, remember = form.cleaned_data["category"], form.cleaned_data.get("remember", False)
    try:
        others = services.transaction_recategorize(
            user=request.user, transaction=txn, category=category, remember=remember
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _detail(request, txn, category_form=form)
    if remember:
        who = txn.merchant or txn.merchant_name
        others_words = "1 other transaction" if others == 1 else f"{others} other transactions"
        messages.success(
            request,
            format_html(
                "Category set to {}. {} from {} changed too, and new ones will follow. "
                '<a href="{}">See what FinSync learned</a>.',
                category.name,
                others_words,
                who,
                reverse("rule_list"),
            ),
        )
    else:
        messages.success(request, f"Category set to {category.name}. Later syncs and rules leave it.")
    return redirect("transaction_detail", txn.pk)


def transaction_split(request: HttpRequest, transaction_id: int) -> HttpResponse:
    """Split one transaction into lines in their own categories (or remove the split)."""
    txn = selectors.transaction_get(user=request.user, transaction_id=transaction_id)
    if request.method == "POST" and request.POST.get("action") == "remove":
        services.transaction_split(user=request.user, transaction=txn, lines=[])
        messages.success(request, "The split is removed: the whole amount is in one category again.")
        return redirect("transaction_detail", txn.pk)

    formset = split_formset(user=request.user, transaction=txn, data=request.POST if request.method == "POST" else None)
    service_error = ""
    if request.method == "POST" and formset.is_valid():
        lines = [
            services.SplitInput(category=category, amount=amount, note=note)
            for category, amount, note in formset.lines()
        ]
        try:
            services.transaction_split(user=request.user, transaction=txn, lines=lines)
        except ValidationError as error:
            service_error = _error_text(error)
        else:
            messages.success(request, f"Split into {len(lines)} lines.")
            return redirect("transaction_detail", txn.pk)
    invalid = request.method == "POST"
    context = {
        "txn": txn,
        "formset": formset,
        "service_error": service_error,
        "whole": abs(txn.amount),
        "entered": formset.entered_total() if invalid else None,
        "remaining": abs(txn.amount) - formset.entered_total() if invalid else None,
    }
    return render(request, "transactions/transaction_split.html", context, status=400 if invalid else 200)


@require_POST
def transaction_reimbursement(request: HttpRequest, transaction_id: int) -> HttpResponse:
    txn = selectors.transaction_get(user=request.user, transaction_id=transaction_id)
    if txn.amount >= 0:
        messages.error(request, "Only money going out can be paid back.")
        return redirect("transaction_detail", txn.pk)
    form = ReimbursementForm(request.POST, user=request.user, transaction=txn)
    if not form.is_valid():
        return _detail(request, txn, reimbursement_form=form)
    reimbursed_by = form.cleaned_data["reimbursed_by"]
    expected = form.cleaned_data["expected"] or reimbursed_by is not None
    try:
        services.transaction_reimbursement_set(
            user=request.user, transaction=txn, expected=expected, reimbursed_by=reimbursed_by
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _detail(request, txn, reimbursement_form=form)
    if reimbursed_by is not None:
        messages.success(request, f"Marked as paid back by {reimbursed_by.merchant or reimbursed_by.description}.")
    elif expected:
        messages.success(request, "Marked as reimbursable: link the money that pays it back when it comes in.")
    else:
        messages.success(request, "No longer marked as reimbursable.")
    return redirect("transaction_detail", txn.pk)
