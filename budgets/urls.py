from django.urls import path

from budgets import views

urlpatterns = [
    path("budgets/", views.budget_list, name="budget_list"),
    path("bills/", views.bill_list, name="bill_list"),
]
