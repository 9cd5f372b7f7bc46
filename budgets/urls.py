from django.urls import path

from budgets.views import bills, budgets, unusual

urlpatterns = [
    path("budgets/", budgets.budget_list, name="budget_list"),
    path("budgets/new/", budgets.budget_create, name="budget_create"),
    path("budgets/<int:budget_id>/", budgets.budget_detail, name="budget_detail"),
    path("budgets/<int:budget_id>/edit/", budgets.budget_edit, name="budget_edit"),
    path("budgets/<int:budget_id>/delete/", budgets.budget_delete, name="budget_delete"),
    path("bills/", bills.bill_list, name="bill_list"),
    path("unusual/<int:charge_id>/dismiss/", unusual.unusual_charge_dismiss, name="unusual_charge_dismiss"),
]
