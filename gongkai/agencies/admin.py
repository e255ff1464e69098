from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gongkai.agencies.models import Agency, ApiToken, Membership


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """Django admin shows reference data; writes go through the back office and its audited services."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Agency)
class AgencyAdmin(ReadOnlyAdmin):
    list_display = ("name", "code", "kind", "level", "parent", "active")
    list_filter = ("kind", "level", "active")
    search_fields = ("name", "short_name", "code")


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ("user", "agency", "role", "granted_at")
    list_filter = ("role",)
    search_fields = ("user__username", "agency__name")


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ("prefix", "user", "label", "created_at", "last_used_at", "revoked_at")
    exclude = ("key_hash",)
