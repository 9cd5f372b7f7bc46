"""Admin for connections and sync runs. Access tokens and cursors are never shown."""

from django.contrib import admin, messages

from banking import services
from banking.models import BankAccount, Connection, Institution, SyncRun


class BankAccountInline(admin.TabularInline):
    model = BankAccount
    fields = ["name", "mask", "type", "subtype", "currency", "current_balance", "available_balance", "hidden"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Connection)
class ConnectionAdmin(admin.ModelAdmin):
    list_display = ["institution", "user", "provider", "status", "last_synced_at", "next_sync_at", "disconnected_at"]
    list_filter = ["status", "provider", "disconnected_at"]
    search_fields = ["user__email", "institution__name", "external_id"]
    list_select_related = ["institution", "user"]
    fields = [
        "user",
        "institution",
        "provider",
        "external_id",
        "status",
        "error_code",
        "error_message",
        "last_synced_at",
        "next_sync_at",
        "consent_expires_at",
        "new_accounts_available",
        "created_at",
        "disconnected_at",
    ]
    readonly_fields = ["user", "institution", "provider", "external_id", "created_at", "last_synced_at"]
    inlines = [BankAccountInline]
    actions = ["sync_now"]

    @admin.action(description="Sync now")
    def sync_now(self, request, queryset):
        for connection in queryset.filter(disconnected_at__isnull=True):
            services.connection_sync_enqueue(connection=connection, trigger=SyncRun.Trigger.MANUAL)
        messages.success(request, "Syncs queued.")

    def has_add_permission(self, request) -> bool:
        return False  # connections are made by linking a bank


@admin.register(SyncRun)
class SyncRunAdmin(admin.ModelAdmin):
    list_display = ["connection", "trigger", "status", "started_at", "finished_at", "added", "modified", "removed"]
    list_filter = ["status", "trigger", "started_at"]
    search_fields = ["connection__user__email", "connection__institution__name", "error_code"]
    list_select_related = ["connection__institution", "connection__user"]
    readonly_fields = [f.name for f in SyncRun._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "provider", "external_id"]
    list_filter = ["provider"]
    search_fields = ["name", "external_id"]
