"""/api/v1/annual-reports/{agency}/{year} (interfaces.md §3): the annual report as the JSON document of
statistics-vocabulary.md §1.

Anyone gets the published report (its newest revision, exactly as published). Before publication the
figures are compiled from the records: staff who may view the agency see the whole draft with its
narrative and validation issues; others see the statistics only, since a draft's narrative is not yet
public but the counts are the same aggregate figures every published report states."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest
from ninja import Router

from gongkai.agencies import permissions
from gongkai.agencies.models import Agency
from gongkai.annual_reports import selectors
from gongkai.annual_reports.compile import compile_document
from gongkai.annual_reports.formats import SCOPES
from gongkai.annual_reports.models import AnnualReport
from gongkai.api.auth import OptionalTokenAuth, PublicRateThrottle
from gongkai.api.schemas import ErrorOut
from gongkai.core.errors import InvalidInput

router = Router(tags=["annual-reports"])
optional_auth = OptionalTokenAuth()
public_throttle = PublicRateThrottle(settings.API_THROTTLE_ANON)


def _staff(request: HttpRequest) -> User | None:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, User) else None


@router.get(
    "/annual-reports/{agency}/{year}",
    response={200: dict[str, Any], 400: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    auth=optional_auth,
    throttle=[public_throttle],
    summary="年度报告（JSON，统计口径见 statistics-vocabulary）",
    description="scope=agency（本机关，默认）或 aggregate（本级及所属机关汇总）。已发布的报告返回发布版本；"
    "尚未发布时返回由平台数据生成的统计数（员工令牌可看到草稿正文和校验问题）。"
    "`status` 为 published / superseded 以外的值时，数字可能随记录变化。",
)
def annual_report(request: HttpRequest, agency: str, year: int, scope: str = "agency") -> dict[str, Any]:
    if scope not in SCOPES:
        raise InvalidInput("scope 应为 agency（本机关）或 aggregate（汇总）", fields={"scope": "取值不正确"})
    found = Agency.objects.filter(code=agency).first()
    if found is None:
        raise Http404("没有找到该机关")
    published = selectors.published_report(found, year, scope)
    staff = _staff(request)
    may_view = staff is not None and permissions.has_perm(staff, permissions.Perm.VIEW_AGENCY, found)
    if may_view:
        draft = (
            AnnualReport.objects.latest_revisions()
            .filter(agency=found, year=year, scope=scope)
            .order_by("-revision")
            .first()
        )
        if draft is not None and (published is None or draft.pk != published.pk):
            data = selectors.current_document(draft).to_json()
            data["status"] = draft.status
            return data
    if published is not None:
        data = selectors.current_document(published).to_json()
        data["status"] = published.status
        return data
    document = compile_document(
        agency=found, year=year, scope="aggregate" if scope == "aggregate" else "agency"
    )
    data = document.to_json()
    data["status"] = "compiled"
    return data
