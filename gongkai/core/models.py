from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntryImmutable(Exception):
    """Raised on any attempt to change or remove an audit entry."""


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditEntryImmutable("审计日志只能追加，不能修改")

    def delete(self) -> NoReturn:
        raise AuditEntryImmutable("审计日志只能追加，不能删除")

    def for_target(self, obj: models.Model) -> AuditEntryQuerySet:
        return self.filter(target_type=obj._meta.label_lower, target_id=str(obj.pk))

    def search(
        self,
        *,
        text: str = "",
        action: str = "",
        actor: str = "",
        target_type: str = "",
        since: Any = None,
        until: Any = None,
    ) -> AuditEntryQuerySet:
        qs = self
        if text:
            qs = qs.filter(models.Q(summary__icontains=text) | models.Q(target_label__icontains=text))
        if action:
            qs = qs.filter(action=action)
        if actor:
            qs = qs.filter(actor_name__icontains=actor)
        if target_type:
            qs = qs.filter(target_type=target_type)
        if since:
            qs = qs.filter(at__date__gte=since)
        if until:
            qs = qs.filter(at__date__lte=until)
        return qs


class AuditEntry(models.Model):
    """Append-only record of who changed what, when, from where and from which state.

    Written only by `gongkai.core.audit.record`, inside the transaction of the change it describes.
    """

    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        # PROTECT: an account with history is deactivated, never deleted, so the trail stays whole.
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人名称"), max_length=150)
    action = models.CharField(_("操作"), max_length=64, db_index=True)
    target_type = models.CharField(_("对象类型"), max_length=100, blank=True)
    target_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    target_label = models.CharField(_("对象"), max_length=255, blank=True)
    from_state = models.CharField(_("原状态"), max_length=64, blank=True)
    to_state = models.CharField(_("新状态"), max_length=64, blank=True)
    summary = models.TextField(_("摘要"), blank=True)
    changes = models.JSONField(_("变更内容"), default=dict, blank=True)
    channel = models.CharField(_("渠道"), max_length=16)
    client_address = models.GenericIPAddressField(_("客户端地址"), null=True, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.target_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditEntryImmutable("审计日志只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditEntryImmutable("审计日志只能追加，不能删除")


class HolidaySchedule(models.Model):
    """One year's 放假调休 schedule from the State Council notice; dates live in HolidayDate."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    source = models.CharField(_("依据"), max_length=255)
    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now)

    class Meta:
        verbose_name = _("节假日安排")
        verbose_name_plural = _("节假日安排")
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}"


class HolidayDate(models.Model):
    class Kind(models.TextChoices):
        OFF = "off", _("放假")
        WORK = "work", _("调休上班")

    schedule = models.ForeignKey(HolidaySchedule, on_delete=models.CASCADE, related_name="dates")
    day = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=8, choices=Kind.choices)

    class Meta:
        verbose_name = _("节假日日期")
        verbose_name_plural = _("节假日日期")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {self.get_kind_display()}"
