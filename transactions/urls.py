from django.urls import path

from transactions.views import imports, rules, transactions

DECIDE = "import_review_decide"

urlpatterns = [
    path("", transactions.transaction_list, name="transaction_list"),
    path("export.csv", transactions.transaction_export, name="transaction_export"),
    path("bulk", transactions.transaction_bulk, name="transaction_bulk"),
    path("new", transactions.transaction_create, name="transaction_create"),
    path("<int:transaction_id>/", transactions.transaction_detail, name="transaction_detail"),
    path("<int:transaction_id>/category", transactions.transaction_category, name="transaction_category"),
    path("<int:transaction_id>/split", transactions.transaction_split, name="transaction_split"),
    path(
        "<int:transaction_id>/reimbursement", transactions.transaction_reimbursement, name="transaction_reimbursement"
    ),
    path("<int:transaction_id>/delete", transactions.transaction_delete, name="transaction_delete"),
    path("rules/", rules.rule_list, name="rule_list"),
    path("rules/new", rules.rule_create, name="rule_create"),
    path("rules/reorder", rules.rule_reorder, name="rule_reorder"),
    path("rules/<int:rule_id>/", rules.rule_edit, name="rule_edit"),
    path("rules/<int:rule_id>/apply", rules.rule_apply, name="rule_apply"),
    path("rules/<int:rule_id>/delete", rules.rule_delete, name="rule_delete"),
    path("categories/", rules.category_list, name="category_list"),
    path("categories/new", rules.category_create, name="category_create"),
    path("categories/<int:category_id>/", rules.category_edit, name="category_edit"),
    path("imports/", imports.import_list, name="import_list"),
    path("imports/new", imports.import_new, name="import_new"),
    path("imports/review/", imports.import_review, name="import_review"),
    # One name for both decisions: reverse it with item_id= and decision="merge" or "keep".
    path("imports/review/merge-all", imports.import_review_merge_all, name="import_review_merge_all"),
    path("imports/review/<int:item_id>/merge", imports.import_review_decide, {"decision": "merge"}, name=DECIDE),
    path("imports/review/<int:item_id>/keep", imports.import_review_decide, {"decision": "keep"}, name=DECIDE),
    path("imports/<int:import_id>/", imports.import_preview, name="import_preview"),
    path("imports/<int:import_id>/confirm", imports.import_confirm, name="import_confirm"),
    path("imports/<int:import_id>/cancel", imports.import_cancel, name="import_cancel"),
    path("imports/<int:import_id>/undo", imports.import_undo, name="import_undo"),
]
