"""/api/v1/: the JSON API. An action is allowed exactly when the same person could do it in the web
interface, because both ask `gongkai.agencies.permissions`."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from csp.decorators import csp_update
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Query
from ninja.errors import AuthenticationError, HttpError, ValidationError

from gongkai.agencies import permissions
from gongkai.agencies.models import Agency, Membership, Role
from gongkai.api import schemas
from gongkai.api.auth import PublicRateThrottle, TokenAuth
from gongkai.core import calendar
from gongkai.core.errors import DomainError, http_status
from gongkai.core.models import HolidayDate, HolidaySchedule
from gongkai.core.typing import AuthedRequest
from gongkai.core.workdays import MissingScheduleError

api = NinjaAPI(
    title="gongkai API",
    version="1",
    description="政府信息公开平台接口。员工使用 `Authorization: Bearer <token>`（`gongkai create-token`）。",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    throttle=[PublicRateThrottle(settings.API_THROTTLE_ANON)],
    # Swagger UI sets inline styles; scripts stay restricted to our own static files.
    docs_decorator=csp_update({"style-src": ["'self'", "'unsafe-inline'"]}),
)
staff_auth = TokenAuth()


def _error(
    request: HttpRequest, status: int, code: str, message: str, fields: dict[str, str] | None = None
) -> HttpResponse:
    return api.create_response(
        request, {"error": code, "message": message, "fields": fields or {}}, status=status
    )


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return _error(request, http_status(exc), exc.code, exc.message, exc.fields)


@api.exception_handler(MissingScheduleError)
def on_missing_schedule(request: HttpRequest, exc: MissingScheduleError) -> HttpResponse:
    return _error(request, 422, "missing_holiday_schedule", str(exc), {"year": str(exc.year)})


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", str(exc) or "没有找到")


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "unauthenticated", "需要有效的接口令牌（Authorization: Bearer <token>）")


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields = {
        ".".join(str(p) for p in err.get("loc", ())[1:]) or "body": str(err.get("msg")) for err in exc.errors
    }
    return _error(request, 422, "invalid", "提交的数据不符合要求，请检查标出的字段", fields)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code = "throttled" if exc.status_code == 429 else "error"
    message = "请求过于频繁，请稍后再试" if exc.status_code == 429 else str(exc)
    if exc.status_code == 400 and str(exc).startswith("Cannot parse"):
        code, message = "invalid", "请求体不是有效的 JSON"
    return _error(request, exc.status_code, code, message)


def _agency_out(agency: Agency, parent_code: str | None) -> dict[str, object]:
    return {
        "code": agency.code,
        "name": agency.name,
        "kind": agency.kind,
        "level": agency.level,
        "parent": parent_code,
    }


@api.get("/agencies", response=list[schemas.AgencyOut], tags=["agencies"], summary="机关列表（公开）")
def agency_list(
    request: HttpRequest, parent: str | None = None, include_inactive: bool = False
) -> list[dict[str, object]]:
    qs = Agency.objects.all() if include_inactive else Agency.objects.active()
    if parent:
        qs = qs.filter(parent__code=parent)
    return [
        _agency_out(a, pc)
        for a, pc in ((a, a.parent.code if a.parent else None) for a in qs.select_related("parent"))
    ]


@api.get(
    "/agencies/{code}",
    response=schemas.AgencyDetailOut,
    tags=["agencies"],
    summary="机关详情与政府信息公开工作机构联系方式（公开）",
)
def agency_detail(request: HttpRequest, code: str) -> dict[str, object]:
    agency = Agency.objects.select_related("parent").filter(code=code).first()
    if agency is None:
        raise Http404("没有找到该机关")
    data = _agency_out(agency, agency.parent.code if agency.parent else None)
    for field in schemas.AgencyDetailOut.model_fields:
        if field not in data:
            data[field] = getattr(agency, field)
    return data


@api.get(
    "/agencies/{code}/members",
    response=list[schemas.MemberOut],
    auth=staff_auth,
    tags=["agencies"],
    summary="机关人员（员工）",
)
def agency_members(request: AuthedRequest, code: str) -> list[dict[str, str]]:
    agency = permissions.get_agency_or_404(request.user, code)
    members = (
        Membership.objects.filter(agency=agency).select_related("user").order_by("role", "user__username")
    )
    return [
        {
            "username": m.user.username,
            "name": m.user.first_name,
            "role": m.role,
            "role_label": str(Role(m.role).label),
        }
        for m in members
    ]


@api.get("/me", response=schemas.MeOut, auth=staff_auth, tags=["staff"], summary="当前令牌所属人员及岗位")
def me(request: AuthedRequest) -> dict[str, object]:
    memberships = (
        Membership.objects.filter(user=request.user).select_related("agency").order_by("agency__path")
    )
    return {
        "username": request.user.get_username(),
        "memberships": [
            {"agency": m.agency.code, "agency_name": m.agency.name, "role": m.role} for m in memberships
        ],
    }


@api.get(
    "/workdays/add",
    response=schemas.WorkdaysAddOut,
    tags=["calendar"],
    summary="某日之后第 N 个工作日（起算日不计）",
)
def workdays_add(
    request: HttpRequest, start: date, n: Annotated[int, Query(..., ge=0, le=3650)]
) -> dict[str, object]:
    return {"start": start, "working_days": n, "date": calendar.add_working_days(start, n)}


@api.get(
    "/workdays/between", response=schemas.WorkdaysBetweenOut, tags=["calendar"], summary="两日之间的工作日数"
)
def workdays_between(request: HttpRequest, start: date, end: date) -> dict[str, object]:
    return {"start": start, "end": end, "working_days": calendar.working_days_between(start, end)}


@api.get("/holidays", response=list[schemas.HolidayYearOut], tags=["calendar"], summary="已录入的节假日安排")
def holiday_list(request: HttpRequest) -> list[dict[str, object]]:
    years: dict[int, dict[str, object]] = {
        s.year: {"year": s.year, "source": s.source, "off": [], "work": []}
        for s in HolidaySchedule.objects.all()
    }
    for year, day, kind in HolidayDate.objects.order_by("day").values_list("schedule__year", "day", "kind"):
        bucket = years[year]["off" if kind == HolidayDate.Kind.OFF else "work"]
        assert isinstance(bucket, list)  # noqa: S101  (narrowing for mypy)
        bucket.append(day)
    return list(years.values())


# Routers of the domain apps, mounted last so they share the handlers and auth defined above.
from gongkai.api import annual_reports as annual_reports_api  # noqa: E402
from gongkai.api import appeals as appeals_api  # noqa: E402
from gongkai.api import catalogue as catalogue_api  # noqa: E402
from gongkai.api import requests as requests_api  # noqa: E402
from gongkai.api import supervision as supervision_api  # noqa: E402

api.add_router("", requests_api.router)
api.add_router("", appeals_api.router)
api.add_router("", catalogue_api.router)
api.add_router("", annual_reports_api.router)
api.add_router("", supervision_api.router)
