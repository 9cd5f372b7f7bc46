"""Admin for reports: which were made and when, not what they say (their figures are the person's own)."""

from django.contrib import admin

from reports.models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "period_start", "period_end", "generated_at"]
    list_filter = ["kind", "generated_at"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    fields = ["id", "user", "kind", "period_start", "period_end", "currency", "generated_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("html", "pdf")

    def has_add_permission(self, request) -> bool:
        return False  # reports are made on schedule, on the Reports page or by `generate_report`

    def has_change_permission(self, request, obj=None) -> bool:
        return False
