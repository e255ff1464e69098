from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gongkai.core.models import AuditEntry, HolidayDate, HolidaySchedule


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    """Read-only: the audit log is append-only through every interface, including this one."""

    list_display = (
        "at",
        "actor_name",
        "action",
        "target_label",
        "from_state",
        "to_state",
        "channel",
        "client_address",
    )
    list_filter = ("action", "channel")
    search_fields = ("summary", "target_label", "actor_name")
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        return {}


class HolidayDateInline(admin.TabularInline[HolidayDate, HolidaySchedule]):
    model = HolidayDate
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(HolidaySchedule)
class HolidayScheduleAdmin(admin.ModelAdmin[HolidaySchedule]):
    """Viewable here; edited through the back office (holidays page) so every change is validated and audited."""

    list_display = ("year", "source", "updated_at")
    inlines = [HolidayDateInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# Accounts are managed through the audited staff services, not through Django's user admin.
from django.contrib.auth.models import Group, User  # noqa: E402

for _model in (User, Group):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
