"""Writes of the report history: a past year's report saved from an import (or corrected by hand), which
the annual report's trends and cross-year checks (V6, V8) then read. Re-importing an agency's year
replaces the earlier history only when the person confirms it."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction
from django.utils import timezone

from gongkai.agencies import permissions
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import Perm
from gongkai.annual_reports.document import ReportDocument
from gongkai.annual_reports.formats import FORMAT_IDS, SCOPES
from gongkai.annual_reports.models import HistoricalReport
from gongkai.core import audit
from gongkai.core.errors import InvalidInput, NotAllowed
from gongkai.figures.fields import FIRST_YEAR

Actor = User | AbstractBaseUser | AnonymousUser | None

# Whoever writes an agency's reports may record its history; so may the office that reviews them.
IMPORT_PERMS = (Perm.HANDLE_REQUESTS, Perm.MANAGE_AGENCY, Perm.REVIEW_REPORTS)
MAX_SOURCE = 2_000_000  # characters of source text kept for provenance


def may_import(actor: Actor, agency: Agency) -> bool:
    return actor is None or any(permissions.has_perm(actor, perm, agency) for perm in IMPORT_PERMS)


class AlreadyImported(InvalidInput):
    code = "already_imported"


@transaction.atomic
def history_save(
    *,
    actor: Actor,
    agency: Agency,
    document: ReportDocument,
    source_name: str = "",
    source_text: str = "",
    replace: bool = False,
) -> HistoricalReport:
    if not may_import(actor, agency):
        raise NotAllowed("您无权为该机关保存历史年度报告")
    year = document.year
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= year < this_year:
        raise InvalidInput(
            f"报告年度应在{FIRST_YEAR}年至{this_year - 1}年之间（识别或填写的是{year or '空'}）",
            fields={"year": "年度不正确"},
        )
    if document.scope not in SCOPES:
        raise InvalidInput("请选择统计范围：本机关或汇总", fields={"scope": "请选择"})
    if document.format not in FORMAT_IDS:
        raise InvalidInput(f"未知的报告格式“{document.format}”", fields={"format": "格式不正确"})
    document.agency_code, document.agency_name = agency.code, agency.name
    existing = (
        HistoricalReport.objects.select_for_update()
        .filter(agency=agency, year=year, scope=document.scope)
        .first()
    )
    if existing is not None and not replace:
        raise AlreadyImported(
            f"{agency.name}{year}年度（{existing.get_scope_display()}）已有历史报告"
            f"（{existing.source_name or '手工录入'}，{timezone.localtime(existing.imported_at):%Y-%m-%d %H:%M}保存），"
            "确认后才会替换",
            fields={"replace": "请确认替换"},
        )
    before = existing.document.get("figures", {}) if existing is not None else {}
    values = {
        "format": document.format,
        "document": document.to_json(),
        "source_name": source_name[:255],
        "source_text": source_text[:MAX_SOURCE],
        "imported_at": timezone.now(),
        "imported_by": actor if isinstance(actor, User) else None,
    }
    if existing is not None:
        for field, value in values.items():
            setattr(existing, field, value)
        existing.save()
        row = existing
    else:
        row = HistoricalReport.objects.create(agency=agency, year=year, scope=document.scope, **values)
    audit.record(
        actor=actor,
        action="history.replace" if existing is not None else "history.import",
        target=row,
        summary=f"{source_name or '手工录入'}：{len(document.figures)}项数据，{len(document.issues)}条问题",
        changes=audit.diff(before, row.document.get("figures", {})),
    )
    return row
