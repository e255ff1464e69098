from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.db.models import ProtectedError
from django.http import HttpRequest

from gongkai.agencies.admin import ReadOnlyAdmin
from gongkai.catalogue.models import Item, Topic
from gongkai.core import audit


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin[Topic]):
    """The 主题分类 tree is reference data platform administrators configure; each change is audited."""

    list_display = ("__str__", "sort_order")
    list_select_related = ("parent",)
    ordering = ("parent__sort_order", "sort_order", "pk")
    search_fields = ("name",)

    def save_model(self, request: HttpRequest, obj: Topic, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit.record(
                actor=request.user,
                action="catalogue.topic_change" if change else "catalogue.topic_add",
                target=obj,
                summary=obj.full_name,
            )

    def delete_model(self, request: HttpRequest, obj: Topic) -> None:
        with transaction.atomic():
            audit.record(
                actor=request.user, action="catalogue.topic_delete", target=obj, summary=obj.full_name
            )
            try:
                super().delete_model(request, obj)
            except ProtectedError:
                transaction.set_rollback(True)
                self.message_user(request, "该主题分类下已有信息或下级分类，不能删除", level="error")


@admin.register(Item)
class ItemAdmin(ReadOnlyAdmin):
    list_display = ("title", "index_number", "agency", "status", "published_on")
    list_filter = ("status", "category", "kind")
    search_fields = ("title", "index_number", "document_number")
    list_select_related = ("agency",)
