"""/api/v1/appeals and /api/v1/complaints (interfaces.md §3): 复议 / 诉讼 cases and 举报投诉, staff only.

The same services and permission checks as the back office: an agency or case the token's owner may
not view answers 404; one they may view but not handle answers 403 from the service."""

from __future__ import annotations

from datetime import date

from django.http import Http404
from ninja import Router, Schema, Status
from ninja.responses import codes_4xx

from gongkai.agencies import permissions
from gongkai.agencies.models import Agency
from gongkai.api.auth import TokenAuth
from gongkai.api.schemas import ErrorOut
from gongkai.appeals import selectors, services
from gongkai.appeals.models import Appeal, Complaint
from gongkai.core.errors import InvalidInput
from gongkai.core.typing import AuthedRequest
from gongkai.disclosure_requests.models import DisclosureRequest

router = Router(tags=["appeals"], auth=TokenAuth())

NOT_FOUND = "没有找到该案件，或您无权访问"


class AppealIn(Schema):
    kind: str  # reconsideration | litigation_direct | litigation_after_reconsideration
    agency: str
    request: str | None = None
    filed_on: date
    case_number: str = ""
    organ: str = ""
    appellant: str = ""
    summary: str = ""


class DecideIn(Schema):
    result: str  # upheld | corrected | other
    decided_on: date


class AppealOut(Schema):
    id: int
    kind: str
    agency: str
    request: str | None
    filed_on: date
    result: str
    decided_on: date | None


class ComplaintIn(Schema):
    agency: str
    received_on: date
    summary: str
    complainant: str = ""
    request: str | None = None


class ComplaintCloseIn(Schema):
    handled_on: date
    note: str


class ComplaintOut(Schema):
    id: int
    agency: str
    request: str | None
    received_on: date
    complainant: str
    summary: str
    handled_on: date | None


def _linked_request(agency: Agency, number: str | None) -> DisclosureRequest | None:
    if not number:
        return None
    found = DisclosureRequest.objects.filter(agency=agency, number=number).first()
    if found is None:
        raise InvalidInput(
            f"{agency.name}没有编号为 {number} 的申请，请核对编号", fields={"request": "没有找到该申请"}
        )
    return found


def _appeal_out(appeal: Appeal) -> dict[str, object]:
    return {
        "id": appeal.pk,
        "kind": appeal.kind,
        "agency": appeal.agency.code,
        "request": appeal.request.number if appeal.request is not None else None,
        "filed_on": appeal.filed_on,
        "result": appeal.result,
        "decided_on": appeal.decided_on,
    }


def _complaint_out(complaint: Complaint) -> dict[str, object]:
    return {
        "id": complaint.pk,
        "agency": complaint.agency.code,
        "request": complaint.request.number if complaint.request is not None else None,
        "received_on": complaint.received_on,
        "complainant": complaint.complainant,
        "summary": complaint.summary,
        "handled_on": complaint.handled_on,
    }


@router.post(
    "/appeals", response={201: AppealOut, codes_4xx: ErrorOut}, summary="登记行政复议或行政诉讼案件（员工）"
)
def appeal_create(request: AuthedRequest, payload: AppealIn) -> Status[dict[str, object]]:
    agency = permissions.get_agency_or_404(request.user, payload.agency)
    appeal = services.appeal_register(
        actor=request.user,
        agency=agency,
        kind=payload.kind,
        filed_on=payload.filed_on,
        request=_linked_request(agency, payload.request),
        case_number=payload.case_number,
        organ=payload.organ,
        appellant=payload.appellant,
        summary=payload.summary,
    )
    return Status(201, _appeal_out(appeal))


@router.post(
    "/appeals/{appeal_id}/decide",
    response={200: AppealOut, codes_4xx: ErrorOut},
    summary="登记案件审结结果（员工）",
)
def appeal_decide(request: AuthedRequest, appeal_id: int, payload: DecideIn) -> Status[dict[str, object]]:
    appeal = selectors.visible_appeals(request.user).filter(pk=appeal_id).first()
    if appeal is None:
        raise Http404(NOT_FOUND)
    decided = services.appeal_decide(
        actor=request.user, appeal=appeal, result=payload.result, decided_on=payload.decided_on
    )
    return Status(200, _appeal_out(Appeal.objects.select_related("agency", "request").get(pk=decided.pk)))


@router.get(
    "/appeals",
    response={200: list[AppealOut], codes_4xx: ErrorOut},
    summary="行政复议、行政诉讼案件列表（员工；year 为计入该年度年报表四的案件）",
)
def appeal_list(
    request: AuthedRequest, agency: str | None = None, year: int | None = None
) -> Status[list[dict[str, object]]]:
    filters = selectors.AppealFilters(
        agency=permissions.get_agency_or_404(request.user, agency) if agency else None, year=year
    )
    return Status(200, [_appeal_out(a) for a in selectors.appeal_list(request.user, filters)])


@router.post("/complaints", response={201: ComplaintOut, codes_4xx: ErrorOut}, summary="登记举报投诉（员工）")
def complaint_create(request: AuthedRequest, payload: ComplaintIn) -> Status[dict[str, object]]:
    agency = permissions.get_agency_or_404(request.user, payload.agency)
    complaint = services.complaint_register(
        actor=request.user,
        agency=agency,
        received_on=payload.received_on,
        summary=payload.summary,
        complainant=payload.complainant,
        request=_linked_request(agency, payload.request),
    )
    return Status(201, _complaint_out(complaint))


@router.post(
    "/complaints/{complaint_id}/close",
    response={200: ComplaintOut, codes_4xx: ErrorOut},
    summary="举报投诉办结（员工）",
)
def complaint_close(
    request: AuthedRequest, complaint_id: int, payload: ComplaintCloseIn
) -> Status[dict[str, object]]:
    complaint = selectors.visible_complaints(request.user).filter(pk=complaint_id).first()
    if complaint is None:
        raise Http404("没有找到该举报投诉，或您无权访问")
    closed = services.complaint_close(
        actor=request.user, complaint=complaint, handled_on=payload.handled_on, note=payload.note
    )
    return Status(
        200, _complaint_out(Complaint.objects.select_related("agency", "request").get(pk=closed.pk))
    )
