"""Table 二 figures that other systems hold (行政审批, 执法, 财政, 采购), entered by staff per agency and
year. Every figure is nullable: "not entered" is not 0, and a blank prints as a blank cell."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.figures.fields import AMOUNT_DECIMALS, AMOUNT_MAX_DIGITS, BY_NAME, FIELDS, Kind


def _column(name: str) -> models.Field[Any, Any]:
    field = BY_NAME[name]
    label = f"{field.row} {field.column}"
    if field.kind is Kind.AMOUNT:
        return models.DecimalField(
            label, max_digits=AMOUNT_MAX_DIGITS, decimal_places=AMOUNT_DECIMALS, null=True, blank=True
        )
    if field.kind is Kind.SIGNED:
        return models.IntegerField(label, null=True, blank=True)
    return models.PositiveIntegerField(label, null=True, blank=True)


class AgencyYearFigures(models.Model):
    agency = models.ForeignKey(Agency, verbose_name=_("机关"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))

    # 2021 format (also printed by the 2019 format where the decision counts appear)
    licensing_decisions = _column("licensing_decisions")
    penalty_decisions = _column("penalty_decisions")
    enforcement_decisions = _column("enforcement_decisions")
    admin_fees_amount = _column("admin_fees_amount")
    # 2019 trial format only
    licensing_previous_items = _column("licensing_previous_items")
    licensing_change = _column("licensing_change")
    other_services_previous_items = _column("other_services_previous_items")
    other_services_change = _column("other_services_change")
    other_services_decisions = _column("other_services_decisions")
    penalty_previous_items = _column("penalty_previous_items")
    penalty_change = _column("penalty_change")
    enforcement_previous_items = _column("enforcement_previous_items")
    enforcement_change = _column("enforcement_change")
    admin_fees_previous_items = _column("admin_fees_previous_items")
    admin_fees_change = _column("admin_fees_change")
    procurement_items = _column("procurement_items")
    procurement_amount = _column("procurement_amount")

    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("更新人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("机关年度填报数据")
        verbose_name_plural = _("机关年度填报数据")
        ordering = ["agency__path", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="figures_unique_agency_year"),
        ]

    def __str__(self) -> str:
        return f"{self.agency.name} {self.year}年度"

    def values(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in FIELDS}

    @property
    def entered_count(self) -> int:
        return sum(1 for v in self.values().values() if v is not None)
