from django.urls import path

from budgets.views import bills, budgets, unusual

urlpatterns = [
    path("budgets/", budgets.budget_list, name="budget_list"),
    path("budgets/new/", budgets.budget_create, name="budget_create"),
    path("budgets/<int:budget_id>/", budgets.budget_detail, name="budget_detail"),
    path("budgets/<int:budget_id>/edit/", budgets.budget_edit, name="budget_edit"),
    path("budgets/<int:budget_id>/delete/", budgets.budget_delete, name="budget_delete"),
    path("bills/", bills.bill_list, name="bill_list"),
    path("bills/new/", bills.bill_create, name="bill_create"),
    path("bills/<int:bill_id>/edit/", bills.bill_edit, name="bill_edit"),
    path("bills/<int:bill_id>/delete/", bills.bill_delete, name="bill_delete"),
    path("bills/<int:bill_id>/confirm/", bills.bill_confirm, name="bill_confirm"),
    path("bills/<int:bill_id>/ignore/", bills.bill_ignore, name="bill_ignore"),
    path("unusual/<int:charge_id>/dismiss/", unusual.unusual_charge_dismiss, name="unusual_charge_dismiss"),
]
