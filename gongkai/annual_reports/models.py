"""Annual reports (第四十九、五十条) and the report history imported from earlier years.

While a report is being written its tables are compiled live from the records; on submission the
compiled document is frozen into `snapshot`, so what the overseeing office accepts and what the portal
publishes are exactly what the agency submitted, whatever happens to the records afterwards."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency, Kind
from gongkai.annual_reports.document import ReportDocument
from gongkai.annual_reports.workflow import PUBLIC, Status


class ScopeChoice(models.TextChoices):
    AGENCY = "agency", _("本机关")
    AGGREGATE = "aggregate", _("本级及所属汇总")


class AnnualReportQuerySet(models.QuerySet["AnnualReport"]):
    def public(self) -> AnnualReportQuerySet:
        return self.filter(status__in=PUBLIC)

    def published(self) -> AnnualReportQuerySet:
        """The current public revision of each report (earlier, corrected revisions excluded)."""
        return self.filter(status=Status.PUBLISHED)

    def for_year(self, year: int) -> AnnualReportQuerySet:
        return self.filter(year=year)

    def in_subtree(self, agency: Agency) -> AnnualReportQuerySet:
        return self.filter(agency__path__startswith=agency.path)

    def latest_revisions(self) -> AnnualReportQuerySet:
        """The newest revision of each (agency, year, scope)."""
        return self.filter(superseded_by__isnull=True)


class AnnualReport(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name=_("机关"), on_delete=models.PROTECT, related_name="annual_reports"
    )
    year = models.PositiveSmallIntegerField(_("报告年度"))
    scope = models.CharField(
        _("统计范围"), max_length=12, choices=ScopeChoice.choices, default=ScopeChoice.AGENCY
    )
    revision = models.PositiveSmallIntegerField(_("版本"), default=1)
    format = models.CharField(_("报告格式"), max_length=12)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT)

    overview = models.TextField(_("一、总体情况"), blank=True)
    # The 总体情况 text last generated from the figures: while `overview` still equals it, a refresh may
    # replace it with a new draft; once staff edit it, only an explicit request regenerates it.
    overview_generated = models.TextField(blank=True)
    problems = models.TextField(_("存在的主要问题及改进情况"), blank=True)
    other = models.TextField(_("其他需要报告的事项"), blank=True)
    correction_note = models.TextField(_("更正说明"), blank=True)

    snapshot = models.JSONField(
        null=True, blank=True
    )  # the document as submitted (statistics-vocabulary.md §1)
    acknowledged = models.JSONField(
        default=list, blank=True
    )  # "rule:where" of the warnings accepted on submit
    review_comment = models.TextField(_("审核意见"), blank=True)

    corrects = models.OneToOneField(
        "self",
        verbose_name=_("更正的版本"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects: ClassVar[AnnualReportQuerySet] = AnnualReportQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("年度报告")
        verbose_name_plural = _("年度报告")
        ordering = ["-year", "agency__path", "scope", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "scope", "revision"], name="annual_report_unique_revision"
            ),
        ]
        indexes = [models.Index(fields=["year", "status"], name="annual_report_year_status")]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        from gongkai.annual_reports.formats import report_title

        return report_title(self.agency.name, self.year, self.scope)

    @property
    def frozen(self) -> bool:
        return self.snapshot is not None

    def sections(self) -> dict[str, str]:
        return {"overview": self.overview, "problems": self.problems, "other": self.other}

    def snapshot_document(self) -> ReportDocument | None:
        return ReportDocument.from_json(self.snapshot) if self.snapshot is not None else None

    @property
    def due_on(self) -> date:
        return due_date(self.agency, self.year)


def due_date(agency: Agency, year: int) -> date:
    """第四十九条: departments publish the previous year's report by 31 January; the report of a
    government (本级政府), compiled by its 主管部门, is due by 31 March."""
    if agency.kind == Kind.GOVERNMENT:
        return date(year + 1, 3, 31)
    return date(year + 1, 1, 31)


class ReportEvent(models.Model):
    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=150)
    action = models.CharField(max_length=16)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    comment = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.report_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class HistoricalReport(models.Model):
    """A past year's report the platform holds no records for (imported from its published text, or
    entered by hand): the document as stated, issues included. Trends and the cross-year checks
    (V6, V8) read it where no report was compiled on the platform."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("机关"), on_delete=models.PROTECT, related_name="report_history"
    )
    year = models.PositiveSmallIntegerField(_("报告年度"))
    scope = models.CharField(
        _("统计范围"), max_length=12, choices=ScopeChoice.choices, default=ScopeChoice.AGENCY
    )
    format = models.CharField(_("报告格式"), max_length=12)
    document = models.JSONField()  # statistics-vocabulary.md §1, provenance included
    source_name = models.CharField(_("来源文件"), max_length=255, blank=True)
    source_text = models.TextField(blank=True)
    imported_at = models.DateTimeField(default=timezone.now)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("历史年度报告")
        verbose_name_plural = _("历史年度报告")
        ordering = ["-year", "agency__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "scope"], name="history_unique_agency_year_scope"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency.name}{self.year}年（{self.get_scope_display()}）"

    def as_document(self) -> ReportDocument:
        return ReportDocument.from_json(self.document)

    def figures(self) -> dict[str, Any]:
        return dict(self.document.get("figures") or {})
