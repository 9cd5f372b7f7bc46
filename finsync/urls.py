from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from banking.views import plaid_webhook

# The admin signs in through allauth: the same rate limits, MFA and session tracking as everyone.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = admin.site.site_title = "FinSync admin"

urlpatterns = [
    path("", include("reports.urls")),
    path("", include("budgets.urls")),
    path("transactions/", include("transactions.urls")),
    path("connections/", include("banking.urls")),
    path("", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("webhooks/plaid/", plaid_webhook, name="plaid_webhook"),
    path("admin/", admin.site.urls),
]
