from __future__ import annotations

from typing import Any

from django.contrib import admin

from gongkai.agencies.admin import ReadOnlyAdmin
from gongkai.disclosure_requests.models import DisclosureRequest, Letter, RequestEvent


class RequestEventInline(admin.TabularInline[RequestEvent, Any]):
    model = RequestEvent
    extra = 0
    can_delete = False
    fields = ("on", "action", "from_status", "to_status", "actor_name", "note", "public")
    readonly_fields = fields


# Read-only: every change to a request is a workflow step with history and audit (services.py).
@admin.register(DisclosureRequest)
class DisclosureRequestAdmin(ReadOnlyAdmin):
    list_display = (
        "number",
        "agency",
        "applicant_name",
        "info_title",
        "status",
        "received_on",
        "due_on",
        "outcome",
    )
    list_filter = ("status", "channel", "applicant_type", "outcome")
    search_fields = ("number", "applicant_name", "info_title")
    list_select_related = ("agency",)
    date_hierarchy = "received_on"
    exclude = ("query_code_hash", "submission_key")
    inlines = (RequestEventInline,)


@admin.register(Letter)
class LetterAdmin(ReadOnlyAdmin):
    list_display = ("request", "kind", "title", "document_number", "issued_on")
    list_filter = ("kind",)
    search_fields = ("request__number", "document_number")
    list_select_related = ("request",)
