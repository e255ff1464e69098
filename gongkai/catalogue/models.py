from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.files.storage import Storage
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.catalogue.categories import (
    Category,
    DocKind,
    Genre,
    InterpretationKind,
    PublishChannel,
    Scope,
    Validity,
)
from gongkai.catalogue.querysets import ItemQuerySet
from gongkai.catalogue.workflow import Action, Status
from gongkai.core.storage import MediaSubdirStorage

EVENT_LABELS = {"create": _("创建草稿"), "attach": _("上传附件"), "detach": _("删除附件")}


def public_storage() -> Storage:
    """Attachments of published items are downloaded through a view that checks the item is public,
    so they live outside the web server's reach like every other upload. A callable so migrations
    do not record this machine's MEDIA_ROOT."""
    return MediaSubdirStorage("catalogue")


class Topic(models.Model):
    """主题分类: a configurable two-level tree (综合政务 \\ 政务公开)."""

    name = models.CharField(_("名称"), max_length=60)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("上级"),
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("主题分类")
        verbose_name_plural = _("主题分类")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="topic_unique_name_under_parent")
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.parent.name}\\{self.name}" if self.parent_id and self.parent else self.name


class IndexCounter(models.Model):
    """Serial behind 索引号 per agency and year, claimed under a row lock; serials are never reused."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="index_counter_unique")]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last}"


class Item(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name=_("发布机构"), on_delete=models.PROTECT, related_name="items"
    )
    index_number = models.CharField(_("索引号"), max_length=40, unique=True, null=True, blank=True)
    title = models.CharField(_("名称"), max_length=300)
    summary = models.TextField(_("内容概述"), blank=True)
    body = models.TextField(_("正文"), blank=True)  # sanitised HTML (services.sanitise_body)
    document_number = models.CharField(_("文号"), max_length=100, blank=True, db_index=True)
    created_on = models.DateField(_("生成日期"))
    published_on = models.DateField(_("发布日期"), null=True, blank=True, db_index=True)
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("主题分类"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
    )
    genre = models.CharField(_("体裁"), max_length=20, choices=Genre.choices, default=Genre.OTHER)
    category = models.PositiveSmallIntegerField(_("公开类别"), choices=Category.choices)
    # ",website,gazette,": a containment filter that behaves the same on SQLite and PostgreSQL.
    channels = models.CharField(_("公开渠道"), max_length=200, default=",website,")
    scope = models.CharField(_("公开范围"), max_length=12, choices=Scope.choices, default=Scope.PUBLIC)
    kind = models.CharField(_("文件类型"), max_length=20, choices=DocKind.choices, default=DocKind.OTHER)
    validity = models.CharField(_("有效性"), max_length=12, choices=Validity.choices, blank=True)
    valid_from = models.DateField(_("施行日期"), null=True, blank=True)
    validity_changed_on = models.DateField(_("失效或废止日期"), null=True, blank=True)
    keywords = models.CharField(_("主题词"), max_length=200, blank=True)
    interpretation_kind = models.CharField(
        _("回应解读类型"), max_length=24, choices=InterpretationKind.choices, blank=True
    )
    answers = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="interpretations",
        verbose_name=_("解读或回应的信息"),
    )

    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(_("审核意见"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_checklist = models.JSONField(_("保密审查记录"), default=dict, blank=True)
    # Personal data the reviewer let stand: [{"fingerprint", "kind", "masked", "reason"}].
    pii_exemptions = models.JSONField(default=list, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    publish_workdays = models.PositiveIntegerField(_("发布用时（工作日）"), null=True, blank=True)
    publish_late = models.BooleanField(_("超过二十个工作日发布"), default=False, db_index=True)
    timeliness_problem = models.CharField(max_length=255, blank=True)
    withdrawn_on = models.DateField(_("撤回日期"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("撤回理由"), blank=True)

    source_request = models.ForeignKey(
        "disclosure_requests.DisclosureRequest",
        verbose_name=_("来源申请"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="catalogue_items",
    )
    # The old CMS's id, so a repeated bulk import updates rather than duplicates.
    source_id = models.CharField(_("原系统编号"), max_length=100, blank=True)

    objects: ClassVar[ItemQuerySet] = ItemQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("主动公开信息")
        verbose_name_plural = _("主动公开信息")
        ordering = ["-published_on", "-pk"]
        indexes = [
            models.Index(fields=["agency", "status", "published_on"], name="item_agency_status_pub"),
            models.Index(fields=["status", "published_on"], name="item_status_pub"),
            models.Index(fields=["category", "published_on"], name="item_category_pub"),
            # The portal's 目录 facet counts are answered from these indexes alone.
            models.Index(fields=["status", "category", "agency"], name="item_facet_category"),
            models.Index(fields=["status", "topic", "agency"], name="item_facet_topic"),
            models.Index(fields=["status", "channels", "agency"], name="item_facet_channels"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "source_id"],
                condition=~models.Q(source_id=""),
                name="item_unique_source_id",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def channel_list(self) -> list[str]:
        return [c for c in self.channels.split(",") if c]

    @property
    def channel_labels(self) -> list[str]:
        labels = dict(PublishChannel.choices)
        return [str(labels.get(c, c)) for c in self.channel_list]

    @property
    def is_public(self) -> bool:
        return self.status in (Status.PUBLISHED, Status.WITHDRAWN)


def encode_channels(channels: list[str]) -> str:
    ordered = [c.value for c in PublishChannel if c.value in set(channels)]
    return "," + ",".join(ordered) + "," if ordered else ""


class Attachment(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(storage=public_storage, upload_to="%Y/%m/")
    original_name = models.CharField(_("文件名"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    extracted_text = models.TextField(blank=True)
    extraction_note = models.CharField(max_length=255, blank=True)  # why no text, when there is none
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name


class ItemEvent(models.Model):
    """The item's history for the back office (the audit log holds the same facts platform-wide)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.item_id} {self.action}"

    @property
    def action_label(self) -> str:
        if self.action in Action.values:
            return str(Action(self.action).label)
        return str(EVENT_LABELS.get(self.action, self.action))

    @property
    def to_status_label(self) -> str:
        return str(Status(self.to_status).label) if self.to_status in Status.values else ""


class Guide(models.Model):
    """政府信息公开指南 (第十二条): edited by the office; contact details come from the agency record."""

    agency = models.OneToOneField(Agency, on_delete=models.CASCADE, related_name="guide")
    body = models.TextField(_("指南正文"), blank=True)  # sanitised HTML
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("政府信息公开指南")
        verbose_name_plural = _("政府信息公开指南")

    def __str__(self) -> str:
        return f"{self.agency} 指南"


class ImportJob(models.Model):
    """A bulk import from an agency's old CMS (CSV/XLSX), processed in chunks so the page can show
    progress; a dry run checks every row and writes nothing."""

    class State(models.TextChoices):
        PENDING = "pending", _("等待处理")
        RUNNING = "running", _("处理中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    filename = models.CharField(max_length=255)
    file = models.FileField(storage=public_storage, upload_to="imports/%Y/%m/")
    dry_run = models.BooleanField(default=True)
    publish = models.BooleanField(default=True)  # imported items were public in the old CMS
    state = models.CharField(max_length=12, choices=State.choices, default=State.PENDING)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)  # [{"row", "field", "message"}]
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_state_display()})"
