"""The annual assessment (考评) of the agencies under a disclosure office (条例 第四十六条).

A scheme belongs to a root agency (the office's government) and a year, and lists weighted indicators
whose rules are data (scoring.py). While it is a draft the results are computed live from the records;
when the office publishes it, the scheme and every agency's raw figures and scores are frozen into
`results`, and nothing that happens to the records afterwards changes what was published."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.assessments.scoring import KIND_LABELS, IndicatorSpec


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")


class Scheme(models.Model):
    root = models.ForeignKey(
        Agency, verbose_name=_("考评机关"), on_delete=models.PROTECT, related_name="assessment_schemes"
    )
    year = models.PositiveSmallIntegerField(_("考评年度"))
    title = models.CharField(_("考评名称"), max_length=120, blank=True)
    direct_only = models.BooleanField(
        _("只考评下一级机关"),
        default=True,
        help_text=_("如市政府考评市直部门和各区政府；不勾选则考评所属全部机关。"),
    )
    threshold = models.DecimalField(
        _("整改分数线"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(60),
        help_text=_("总分低于此分数的机关在通报中列为需要整改。"),
    )
    issuer = models.CharField(_("发文机关"), max_length=120, blank=True)
    notice_text = models.TextField(
        _("通报补充内容"), blank=True, help_text=_("写在通报“考评结果”之后，如工作要求。每行一段。")
    )
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    # scoring.Outcome.to_json() at publication: the scheme as applied and every agency's figures and scores.
    results = models.JSONField(null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("考评方案")
        verbose_name_plural = _("考评方案")
        ordering = ["-year", "root__path"]
        constraints = [
            models.UniqueConstraint(fields=["root", "year"], name="assessment_one_scheme_per_root_year")
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title or f"{self.root.name}{self.year}年度政府信息公开工作考评"

    @property
    def published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def notice_title(self) -> str:
        return f"{self.root.name}关于{self.year}年度政府信息公开工作考评结果的通报"


class Indicator(models.Model):
    scheme = models.ForeignKey(
        Scheme, verbose_name=_("考评方案"), on_delete=models.CASCADE, related_name="indicators"
    )
    position = models.PositiveSmallIntegerField(_("序号"), default=0)
    name = models.CharField(_("指标名称"), max_length=60)
    kind = models.CharField(
        _("计分方式"), max_length=12, choices=[(k.value, label) for k, label in KIND_LABELS.items()]
    )
    weight = models.DecimalField(_("分值"), max_digits=5, decimal_places=2)
    params = models.JSONField(_("计分参数"), default=dict, blank=True)
    description = models.CharField(
        _("评分标准"), max_length=255, blank=True, help_text=_("留空则按计分方式自动生成。")
    )

    class Meta:
        verbose_name = _("考评指标")
        verbose_name_plural = _("考评指标")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "name"], name="assessment_indicator_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.weight}分）"

    def spec(self) -> IndicatorSpec:
        return IndicatorSpec(
            key=self.pk,
            name=self.name,
            kind=self.kind,
            weight=self.weight,
            params=self.params,
            description=self.description,
        )


class ManualScore(models.Model):
    """The office's score for one agency on one manual indicator (现场检查, 社会评议)."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("考评指标"), on_delete=models.CASCADE, related_name="manual_scores"
    )
    agency = models.ForeignKey(Agency, verbose_name=_("机关"), on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=2)
    note = models.CharField(_("说明"), max_length=255, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("录入时间"), default=timezone.now)

    class Meta:
        verbose_name = _("人工评分")
        verbose_name_plural = _("人工评分")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "agency"], name="assessment_manual_score_once")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.name} · {self.agency} · {self.score}"
