from __future__ import annotations

from django.contrib import admin

from gongkai.agencies.admin import ReadOnlyAdmin
from gongkai.appeals.models import Appeal, Complaint


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = ("agency", "kind", "case_number", "filed_on", "result", "decided_on")
    list_filter = ("kind", "result")
    search_fields = ("case_number", "appellant", "agency__name", "request__number")
    list_select_related = ("agency",)


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    list_display = ("agency", "received_on", "complainant", "handled_on")
    search_fields = ("complainant", "summary", "agency__name", "request__number")
    list_select_related = ("agency",)
