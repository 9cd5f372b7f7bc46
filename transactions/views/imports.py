"""Statement file imports in the browser: past imports, the upload, the preview (with the CSV column mapping and the
choice of account in a file that holds several), confirm, cancel, the result and its undo, and the review queue of
lines that look like transactions FinSync already has."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_POST

from transactions import imports, selectors
from transactions.forms.imports import (
    CsvMappingForm,
    StatementAccountForm,
    StatementUploadForm,
    csv_mapping_form,
)
from transactions.models import StatementImport
from transactions.statements import Statement, StatementError

LIST_LIMIT = 200  # past imports shown
PREVIEW_ROWS = 100  # lines of a file shown in its preview; the counts cover all of them
SKIPPED_SHOWN = 20
REVIEW_SHOWN = 50  # lines of the review queue on its page; "merge all" covers every one


def _error_text(error: Exception) -> str:
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)


def _plural(count: int, noun: str, plural: str = "") -> str:
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


# Past imports and the upload ---------------------------------------------------------------------------


@require_GET
def import_list(request: HttpRequest) -> HttpResponse:
    context = {
        "uploads": list(selectors.statement_imports_of(user=request.user)[:LIST_LIMIT]),
        "waiting": selectors.likely_duplicates_waiting(user=request.user).count(),
        "limit": LIST_LIMIT,
    }
    return render(request, "transactions/import_list.html", context)


def import_new(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = StatementUploadForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        user=request.user,
        preselect=request.GET.get("account"),
    )
    if posted and form.is_valid():
        file = form.cleaned_data["file"]
        account, new_account_name = form.destination()
        try:
            upload = imports.statement_upload(
                user=request.user,
                file_name=file.name,
                data=file.read(),
                account=account,
                new_account_name=new_account_name,
            )
        except StatementError as error:
            form.add_error("file", str(error))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("import_preview", upload.pk)
    return render(request, "transactions/import_new.html", {"form": form}, status=400 if form.errors else 200)


# The preview, and the result once imported -------------------------------------------------------------


def _accounts_in(statement: Statement | None) -> Statement | None:
    """The statement when it holds several accounts to choose from (OFX, QFX, QIF), else None."""
    return statement if statement and len(statement.accounts) > 1 else None


def import_preview(request: HttpRequest, import_id: int) -> HttpResponse:
    """What a previewed file would add (posting changes how it is read); once imported, what it added."""
    upload = selectors.statement_import_get(user=request.user, import_id=import_id)
    if upload.status != StatementImport.Status.PREVIEW:
        if request.method == "POST":
            messages.info(request, "This file has been imported already: how it is read can no longer change.")
            return redirect("import_preview", upload.pk)
        return _result(request, upload)
    if request.method != "POST":
        return _preview(request, upload)

    mapping_form = account_form = None
    if request.POST.get("form") == "mapping" and upload.format == "CSV":
        mapping_form = csv_mapping_form(
            upload_content=upload.content, mapping_data=upload.csv_mapping, data=request.POST
        )
        if mapping_form.is_valid():
            return _adjust(
                request,
                upload,
                "How the columns are read is changed: the preview below uses it.",
                csv_mapping=mapping_form.mapping,
            )
    elif request.POST.get("form") == "account" and (
        statement := _accounts_in(imports.import_plan(upload=upload).statement)
    ):
        account_form = StatementAccountForm(request.POST, statement=statement, chosen=upload.statement_account)
        if account_form.is_valid():
            return _adjust(
                request,
                upload,
                "The preview below shows the account you chose.",
                statement_account=account_form.cleaned_data["statement_account"],
            )
    else:
        return redirect("import_preview", upload.pk)
    return _preview(request, upload, mapping_form=mapping_form, account_form=account_form)


def _adjust(request: HttpRequest, upload: StatementImport, done: str, **change) -> HttpResponse:
    try:
        imports.statement_upload_adjust(user=request.user, upload=upload, **change)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, done)
    return redirect("import_preview", upload.pk)


def _preview(
    request: HttpRequest,
    upload: StatementImport,
    *,
    mapping_form: CsvMappingForm | None = None,
    account_form: StatementAccountForm | None = None,
) -> HttpResponse:
    plan = imports.import_plan(upload=upload)
    part = plan.part
    invalid = bool((mapping_form and mapping_form.errors) or (account_form and account_form.errors))
    if upload.format == "CSV" and mapping_form is None:
        mapping_form = csv_mapping_form(upload_content=upload.content, mapping_data=upload.csv_mapping)
    if account_form is None and (statement := _accounts_in(plan.statement)):
        account_form = StatementAccountForm(statement=statement, chosen=plan.chosen)
    if upload.account:
        currency = upload.account.currency
    else:
        currency = (part.currency if part else "") or request.user.default_currency
    skipped = plan.statement.skipped if plan.statement else ()
    context = {
        "upload": upload,
        "plan": plan,
        "part": part,
        "format": plan.statement.format if plan.statement else upload.format,
        "currency": currency,
        "rows": plan.lines[:PREVIEW_ROWS],
        "more_rows": max(0, len(plan.lines) - PREVIEW_ROWS),
        "skipped": skipped[:SKIPPED_SHOWN],
        "more_skipped": max(0, len(skipped) - SKIPPED_SHOWN),
        "mapping_form": mapping_form,
        "mapping_open": invalid or bool(plan.error),
        "account_form": account_form,
    }
    return render(request, "transactions/import_preview.html", context, status=400 if invalid else 200)


def _result(request: HttpRequest, upload: StatementImport) -> HttpResponse:
    context = {
        "upload": upload,
        "waiting": selectors.likely_duplicates_waiting(user=request.user).filter(statement_import=upload).count(),
    }
    return render(request, "transactions/import_result.html", context)


@require_POST
def import_confirm(request: HttpRequest, import_id: int) -> HttpResponse:
    upload = selectors.statement_import_get(user=request.user, import_id=import_id)
    try:
        done = imports.statement_import_confirm(user=request.user, upload=upload)
    except (StatementError, ValidationError) as error:
        messages.error(request, f"Nothing was imported. {_error_text(error)}")
        return redirect("import_preview", upload.pk)
    messages.success(
        request,
        f"Imported {_plural(done.imported, 'transaction')} into {done.account.name}; "
        f"{done.duplicates} already there; {done.to_review} to review.",
    )
    return redirect("import_preview", done.pk)


@require_POST
def import_cancel(request: HttpRequest, import_id: int) -> HttpResponse:
    upload = selectors.statement_import_get(user=request.user, import_id=import_id)
    try:
        imports.statement_upload_cancel(user=request.user, upload=upload)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("import_preview", upload.pk)
    messages.success(request, f"Discarded {upload.file_name}: nothing from it was imported.")
    return redirect("import_list")


def import_undo(request: HttpRequest, import_id: int) -> HttpResponse:
    """A page that says what undoing deletes; posting to it undoes the import."""
    upload = selectors.statement_import_get(user=request.user, import_id=import_id)
    if upload.status != StatementImport.Status.IMPORTED:
        messages.info(request, "Only a finished import can be undone.")
        return redirect("import_preview", upload.pk)
    if request.method != "POST":
        context = {
            "upload": upload,
            "added": selectors.transactions_visible(user=request.user).filter(statement_import=upload).count(),
            "waiting": selectors.likely_duplicates_waiting(user=request.user).filter(statement_import=upload).count(),
        }
        return render(request, "transactions/import_undo.html", context)
    try:
        deleted = imports.statement_import_undo(user=request.user, upload=upload)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("import_preview", upload.pk)
    messages.success(
        request,
        f"Undid the import of {upload.file_name}: "
        f"deleted {_plural(deleted, 'transaction')} from {upload.account.name}.",
    )
    return redirect("import_list")


# The review queue ------------------------------------------------------------------------------------------


@require_GET
def import_review(request: HttpRequest) -> HttpResponse:
    waiting = selectors.likely_duplicates_waiting(user=request.user)
    items = list(waiting[:REVIEW_SHOWN])
    total = len(items) if len(items) < REVIEW_SHOWN else waiting.count()
    context = {"items": items, "total": total, "more": total - len(items)}
    return render(request, "transactions/import_review.html", context)


@require_POST
def import_review_merge_all(request: HttpRequest) -> HttpResponse:
    merged = imports.likely_duplicates_merge_all(user=request.user)
    messages.success(request, f"Merged {_plural(merged, 'line')}: nothing was added.")
    return redirect("import_review")


@require_POST
def import_review_decide(request: HttpRequest, item_id: int, decision: str) -> HttpResponse:
    """The person's answer for one line: "merge" (the same transaction) or "keep" (both), from the URL."""
    item = selectors.likely_duplicate_get(user=request.user, item_id=item_id)
    when = date_format(item.date)
    try:
        if decision == "merge":
            imports.likely_duplicate_merge(user=request.user, item=item)
        else:
            kept = imports.likely_duplicate_keep(user=request.user, item=item)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("import_review")
    if decision == "merge":
        messages.success(
            request,
            f"Merged: “{item.description}” on {when} is the transaction FinSync already had. Nothing was added.",
        )
    else:
        messages.success(
            request,
            format_html(
                'Kept both: “{}” on {} is now a transaction of its own. <a href="{}">See it</a>.',
                item.description,
                when,
                reverse("transaction_detail", args=[kept.pk]),
            ),
        )
    return redirect("import_review")
