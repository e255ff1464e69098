from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency


class AppealKind(models.TextChoices):
    # The three groups of annual-report table 四.
    RECONSIDERATION = "reconsideration", _("行政复议")
    LITIGATION_DIRECT = "litigation_direct", _("行政诉讼（未经复议直接起诉）")
    LITIGATION_AFTER_RECONSIDERATION = "litigation_after_reconsideration", _("行政诉讼（复议后起诉）")


class AppealResult(models.TextChoices):
    # The columns of table 四; "pending" is 尚未审结.
    PENDING = "pending", _("尚未审结")
    UPHELD = "upheld", _("结果维持")
    CORRECTED = "corrected", _("结果纠正")
    OTHER = "other", _("其他结果")


class Appeal(models.Model):
    """A 行政复议 or 行政诉讼 case against the agency because of its disclosure work (条例 第五十条(三))."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("被申请人/被告机关"), on_delete=models.PROTECT, related_name="appeals"
    )
    request = models.ForeignKey(
        "disclosure_requests.DisclosureRequest",
        verbose_name=_("相关申请"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appeals",
    )
    kind = models.CharField(_("类型"), max_length=40, choices=AppealKind.choices)
    case_number = models.CharField(_("案号"), max_length=100, blank=True)
    organ = models.CharField(_("复议机关或人民法院"), max_length=120, blank=True)
    appellant = models.CharField(_("申请人/原告"), max_length=120, blank=True)
    filed_on = models.DateField(_("立案日期"), db_index=True)
    result = models.CharField(
        _("结果"), max_length=12, choices=AppealResult.choices, default=AppealResult.PENDING
    )
    decided_on = models.DateField(_("审结日期"), null=True, blank=True)
    summary = models.TextField(_("案情摘要"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("复议诉讼案件")
        verbose_name_plural = _("复议诉讼案件")
        ordering = ["-filed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_number or self.pk}"


class Complaint(models.Model):
    """举报投诉 about the agency's disclosure work (条例 第四十七、五十一条)."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("被投诉机关"), on_delete=models.PROTECT, related_name="complaints"
    )
    request = models.ForeignKey(
        "disclosure_requests.DisclosureRequest",
        verbose_name=_("相关申请"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    received_on = models.DateField(_("收到日期"), db_index=True)
    complainant = models.CharField(_("投诉人"), max_length=120, blank=True)
    summary = models.TextField(_("投诉内容"))
    handled_on = models.DateField(_("办结日期"), null=True, blank=True)
    handling_note = models.TextField(_("处理情况"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("举报投诉")
        verbose_name_plural = _("举报投诉")
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.agency} {self.received_on}"
