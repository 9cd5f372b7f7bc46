from django.urls import path

from reports.views import dashboard, reports, trends

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("trends/", trends.trends, name="trends"),
    path("reports/", reports.report_list, name="report_list"),
    path("reports/new/", reports.report_new, name="report_new"),
    path("reports/<uuid:report_id>/", reports.report_detail, name="report_detail"),
    path("reports/<uuid:report_id>/pdf/", reports.report_pdf, name="report_pdf"),
]
