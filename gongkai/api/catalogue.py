"""/api/v1/catalogue: 主动公开 items (interfaces.md §3 "Catalogue").

The same services and permission checks as the back office: an item of an agency the token's owner may
not view answers 404 (ids of other agencies' drafts do not leak); one they may view but not act on
answers 403 from the service; a step the status does not allow, 409; bad input 400 and nothing written.

Without a token anyone may search the published catalogue and read an item by its 索引号; a withdrawn
item answers with its 索引号, the date and the reason, but no longer with its body or attachments.

Routes with a fixed shape are registered before `GET /catalogue/{path:index_number}`: Django tries URL
patterns in order, and that pattern (索引号 contain a slash) would otherwise swallow them. For the same
reason there is no catch-all `/catalogue/{id}/{action}`: a 前段码 may be all digits, so a 索引号 such
as 000000001/2026-00001 would match it and a GET would answer 405; an unknown action answers 405."""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from ninja import Query, Router
from ninja.responses import Status as Answer
from ninja.responses import codes_4xx

from gongkai.agencies import permissions
from gongkai.agencies.models import Agency
from gongkai.api import catalogue_schemas as schemas
from gongkai.api.auth import OptionalTokenAuth, PublicRateThrottle, TokenAuth
from gongkai.api.schemas import ErrorOut
from gongkai.catalogue import services
from gongkai.catalogue.categories import Category, Genre
from gongkai.catalogue.models import Item, Topic
from gongkai.catalogue.querysets import ItemQuerySet
from gongkai.catalogue.services import REVIEW_CHECKLIST, ItemInput
from gongkai.catalogue.workflow import TRANSITIONS, Action, Status, allowed_in
from gongkai.core.downloads import stored_file_response
from gongkai.core.errors import InvalidInput
from gongkai.core.typing import AuthedRequest

router = Router(tags=["catalogue"])

NOT_FOUND = "没有找到该信息，或您无权查看"
public_throttle = PublicRateThrottle(settings.API_THROTTLE_ANON)
optional_auth = OptionalTokenAuth()
staff_auth = TokenAuth()
ACTION_RESPONSES = {200: schemas.StaffItemOut, codes_4xx: ErrorOut}
# Workflow steps offered through this API, in the order a clerk meets them (edit is web-only for now).
API_ACTIONS = (
    Action.SUBMIT,
    Action.RETURN,
    Action.REDACT,
    Action.APPROVE,
    Action.PUBLISH,
    Action.WITHDRAW,
    Action.SET_VALIDITY,
)
ORDERS = ("relevance", "date")
# Base64 grows data by a third; refuse a too-large attachment before decoding it into memory.
MAX_BASE64_CHARS = services.MAX_ATTACHMENT_BYTES * 4 // 3 + 4


def _staff(request: HttpRequest) -> User | None:
    # The token decides, not a browser session that may ride along with the call.
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, User) else None


def _may_view(user: User | None, item: Item) -> bool:
    return user is not None and permissions.has_perm(user, permissions.Perm.VIEW_AGENCY, item.agency)


def _items() -> ItemQuerySet:
    return Item.objects.select_related("agency", "topic__parent", "reviewed_by")


def _get_for_staff(user: User, item_id: int) -> Item:
    item = _items().filter(pk=item_id).first()
    if item is None or not _may_view(user, item):
        raise Http404(NOT_FOUND)
    return item


# --- answers ----------------------------------------------------------------------------------------


def _download_url(item: Item, attachment_id: int) -> str:
    return reverse("api:catalogue_attachment", kwargs={"item_id": item.pk, "attachment_id": attachment_id})


def _base(item: Item, *, with_content: bool) -> schemas.ItemOut:
    """The metadata block every reader sees; body and attachments only while the item stands."""
    attachments = (
        [
            schemas.AttachmentOut(
                id=a.pk,
                name=a.original_name,
                content_type=a.content_type,
                size=a.size,
                download_url=_download_url(item, a.pk),
            )
            for a in item.attachments.all()
        ]
        if with_content
        else []
    )
    return schemas.ItemOut(
        id=item.pk,
        index_number=item.index_number,
        agency=item.agency.code,
        agency_name=item.agency.name,
        status=item.status,
        status_label=str(Status(item.status).label),
        title=item.title,
        summary=item.summary,
        body=item.body if with_content else None,
        document_number=item.document_number,
        created_on=item.created_on,
        published_on=item.published_on,
        category=item.category,
        category_label=str(Category(item.category).label),
        topic=item.topic.full_name if item.topic is not None else None,
        topic_id=item.topic_id,
        genre=item.genre,
        genre_label=str(Genre(item.genre).label) if item.genre in Genre.values else item.genre,
        channels=item.channel_list,
        channel_labels=item.channel_labels,
        scope=item.scope,
        kind=item.kind,
        validity=item.validity,
        valid_from=item.valid_from,
        validity_changed_on=item.validity_changed_on,
        keywords=item.keywords,
        interpretation_kind=item.interpretation_kind,
        answers=[
            n
            for n in item.answers.exclude(index_number=None).values_list("index_number", flat=True)
            if n is not None
        ],
        publish_workdays=item.publish_workdays,
        publish_late=item.publish_late,
        withdrawn_on=item.withdrawn_on,
        withdrawn_reason=item.withdrawn_reason,
        attachments=attachments,
    )


def public_record(item: Item) -> schemas.ItemOut:
    return _base(item, with_content=item.status == Status.PUBLISHED)


def allowed_actions(user: User, item: Item) -> list[str]:
    return [
        action.value
        for action in API_ACTIONS
        if allowed_in(item.status, action)
        and any(permissions.has_perm(user, p, item.agency) for p in TRANSITIONS[action].perms)
    ]


def _pii(item: Item) -> list[schemas.PiiHitOut]:
    if item.is_public:
        return []  # reviewed before publication; the published text is what the reviewer let stand
    exempt = {e.get("fingerprint") for e in item.pii_exemptions}
    return [
        schemas.PiiHitOut(
            source=h.source,
            kind=h.kind,
            label=h.label,
            masked=h.masked,
            fingerprint=h.fingerprint,
            exempted=h.fingerprint in exempt,
        )
        for finding in services.pii_findings(item)
        for h in finding.hits
    ]


def staff_record(user: User, item: Item) -> schemas.StaffItemOut:
    # Staff see body and attachments in every state except withdrawn, where the public page rules.
    base = _base(item, with_content=item.status != Status.WITHDRAWN)
    return schemas.StaffItemOut(
        **base.model_dump(),
        review_comment=item.review_comment,
        reviewed_by=item.reviewed_by.get_username() if item.reviewed_by is not None else None,
        review_checklist={k: bool(v) for k, v in item.review_checklist.items()},
        pii=_pii(item),
        allowed_actions=allowed_actions(user, item),
        history=[
            schemas.EventOut(
                at=e.at,
                action=e.action,
                from_status=e.from_status,
                to_status=e.to_status,
                actor=e.actor.get_username() if e.actor is not None else None,
                note=e.note,
            )
            for e in item.events.select_related("actor").order_by("at", "pk")
        ],
    )


# --- input ------------------------------------------------------------------------------------------


def _topic_id(value: int | str | None) -> int | None:
    """A topic by id or by its full name (综合政务\\政务公开; a slash also separates the levels)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int):
        return value  # the service reports an unknown id
    text = value.strip()
    if text.isdigit():
        return int(text)
    parts = [p.strip() for p in re.split(r"[\\＼/]", text) if p.strip()]
    topic = None
    if len(parts) == 1:
        topic = Topic.objects.filter(parent=None, name=parts[0]).first()
    elif len(parts) == 2:  # the tree has two levels
        topic = Topic.objects.filter(parent__parent=None, parent__name=parts[0], name=parts[1]).first()
    if topic is None:
        raise InvalidInput(f"主题分类“{text}”不存在", fields={"topic": "主题分类不存在"})
    return topic.pk


def _answer_ids(index_numbers: list[str]) -> list[int]:
    wanted = {n.strip() for n in index_numbers if n.strip()}
    if not wanted:
        return []
    found = dict(Item.objects.public().filter(index_number__in=wanted).values_list("index_number", "pk"))
    missing = sorted(wanted - set(found))
    if missing:
        raise InvalidInput(
            f"所解读或回应的信息不存在：{'、'.join(missing)}", fields={"answers": "索引号不存在或未公开"}
        )
    return list(found.values())


def _uploads(attachments: list[schemas.AttachmentIn]) -> list[SimpleUploadedFile]:
    """Decode and check every attachment before anything is written, so a bad one changes nothing."""
    if len(attachments) > services.MAX_ATTACHMENTS:
        raise InvalidInput(
            f"每条信息最多{services.MAX_ATTACHMENTS}个附件", fields={"attachments": "附件过多"}
        )
    uploads = []
    for position, attachment in enumerate(attachments):
        name = attachment.name.strip()
        field = f"attachments.{position}"
        if not name:
            raise InvalidInput("请填写附件文件名", fields={field: "请填写文件名"})
        if len(attachment.content_base64) > MAX_BASE64_CHARS:
            raise InvalidInput(f"附件“{name}”超过30MB", fields={field: "附件过大"})
        try:
            data = base64.b64decode(attachment.content_base64, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise InvalidInput(
                f"附件“{name}”的内容不是有效的Base64编码", fields={field: "content_base64 无效"}
            ) from exc
        upload = SimpleUploadedFile(name, data)
        services.check_attachment(upload)
        uploads.append(upload)
    return uploads


# --- create -----------------------------------------------------------------------------------------


@router.post(
    "/catalogue",
    response={201: schemas.StaffItemOut, codes_4xx: ErrorOut},
    auth=staff_auth,
    summary="新建主动公开信息草稿（员工）",
)
def item_create(request: AuthedRequest, payload: schemas.ItemIn) -> Answer[schemas.StaffItemOut]:
    agency = permissions.get_agency_or_404(request.user, payload.agency.strip())
    data = ItemInput(
        title=payload.title,
        created_on=payload.created_on,
        category=payload.category,
        summary=payload.summary,
        body=payload.body,
        document_number=payload.document_number,
        topic_id=_topic_id(payload.topic),
        genre=payload.genre,
        channels=tuple(payload.channels),
        scope=payload.scope,
        kind=payload.kind,
        valid_from=payload.valid_from,
        keywords=payload.keywords,
        interpretation_kind=payload.interpretation_kind,
        answers=_answer_ids(payload.answers),
    )
    uploads = _uploads(payload.attachments)
    item = services.item_create(actor=request.user, agency=agency, data=data, attachments=uploads)
    return Answer(201, staff_record(request.user, _items().get(pk=item.pk)))


# --- workflow actions (staff) ------------------------------------------------------------------------


def _act(request: AuthedRequest, item_id: int, step: Callable[[Item], Item]) -> schemas.StaffItemOut:
    item = _get_for_staff(request.user, item_id)
    step(item)
    return staff_record(request.user, _items().get(pk=item.pk))


@router.post(
    "/catalogue/{int:item_id}/submit", response=ACTION_RESPONSES, auth=staff_auth, summary="提交审核"
)
def item_submit(request: AuthedRequest, item_id: int, payload: schemas.SubmitIn) -> schemas.StaffItemOut:
    return _act(request, item_id, lambda item: services.item_submit(actor=request.user, item=item))


@router.post(
    "/catalogue/{int:item_id}/return",
    response=ACTION_RESPONSES,
    auth=staff_auth,
    summary="退回修改（审核人员，须填写审核意见）",
)
def item_return(request: AuthedRequest, item_id: int, payload: schemas.ReturnIn) -> schemas.StaffItemOut:
    return _act(
        request,
        item_id,
        lambda item: services.item_return(actor=request.user, item=item, comment=payload.comment),
    )


@router.post(
    "/catalogue/{int:item_id}/redact",
    response=ACTION_RESPONSES,
    auth=staff_auth,
    summary="遮盖名称、概述和正文中的个人信息（审核人员）",
)
def item_redact(request: AuthedRequest, item_id: int, payload: schemas.RedactIn) -> schemas.StaffItemOut:
    unknown = sorted(set(payload.sources) - {"title", "summary", "body"})
    if unknown:
        raise InvalidInput(
            f"不能遮盖的字段：{'、'.join(unknown)}", fields={"sources": "只能是 title、summary、body"}
        )
    return _act(
        request,
        item_id,
        lambda item: services.item_redact(actor=request.user, item=item, sources=tuple(payload.sources)),
    )


def _checklist(payload: schemas.ApproveIn) -> dict[str, bool]:
    """The reviewer states the 保密审查 explicitly: item by item, or all at once with confirmed=true."""
    if payload.checklist is not None:
        unknown = sorted(set(payload.checklist) - set(REVIEW_CHECKLIST))
        if unknown:
            raise InvalidInput(
                f"保密审查清单中没有这些事项：{'、'.join(unknown)}",
                fields={"checklist": "可用事项：" + "、".join(REVIEW_CHECKLIST)},
            )
        return payload.checklist
    if payload.confirmed:
        return dict.fromkeys(REVIEW_CHECKLIST, True)
    raise InvalidInput(
        "请确认保密审查：逐项填写 checklist，或以 confirmed: true 确认全部事项（"
        + "；".join(REVIEW_CHECKLIST.values())
        + "）",
        fields={"confirmed": "请确认保密审查"},
    )


def _approve(request: AuthedRequest, item: Item, payload: schemas.ApproveIn) -> Item:
    checklist = _checklist(payload)
    try:
        return services.item_approve(
            actor=request.user,
            item=item,
            checklist=checklist,
            exemptions=payload.exemptions,
            comment=payload.comment,
        )
    except InvalidInput as exc:
        if "pii" not in exc.fields:
            raise
        # Name each blocking hit by its fingerprint, so the reviewer can redact or exempt it by name.
        kept = {k for k, v in payload.exemptions.items() if v and v.strip()}
        blocking = [h for h in services.unresolved_pii(item) if h.fingerprint not in kept]
        fields = {"pii": exc.fields["pii"]}
        fields.update({f"exemptions.{h.fingerprint}": f"{h.source} {h.label} {h.masked}" for h in blocking})
        raise InvalidInput(exc.message, fields=fields) from exc


@router.post(
    "/catalogue/{int:item_id}/approve",
    response=ACTION_RESPONSES,
    auth=staff_auth,
    summary="保密审查通过（审核人员；须明确确认清单，个人信息须遮盖或说明保留理由；条例第十七条）",
    description="未遮盖的个人信息使审核不通过（400），fields 中每处一项：exemptions.<指纹> → 位置、类型和遮盖后的值；"
    "以 exemptions {指纹: 理由} 保留，或先调用 redact 遮盖。",
)
def item_approve(request: AuthedRequest, item_id: int, payload: schemas.ApproveIn) -> schemas.StaffItemOut:
    return _act(request, item_id, lambda item: _approve(request, item, payload))


@router.post(
    "/catalogue/{int:item_id}/publish",
    response=ACTION_RESPONSES,
    auth=staff_auth,
    summary="发布：分配索引号，计算发布用时（条例第二十六条）",
)
def item_publish(request: AuthedRequest, item_id: int, payload: schemas.PublishIn) -> schemas.StaffItemOut:
    return _act(
        request,
        item_id,
        lambda item: services.item_publish(actor=request.user, item=item, published_on=payload.published_on),
    )


@router.post(
    "/catalogue/{int:item_id}/withdraw",
    response=ACTION_RESPONSES,
    auth=staff_auth,
    summary="撤回已发布的信息（审核人员；索引号保留，公开页面显示撤回理由）",
)
def item_withdraw(request: AuthedRequest, item_id: int, payload: schemas.WithdrawIn) -> schemas.StaffItemOut:
    return _act(
        request,
        item_id,
        lambda item: services.item_withdraw(
            actor=request.user, item=item, reason=payload.reason, on=payload.on
        ),
    )


@router.post(
    "/catalogue/{int:item_id}/set_validity",
    response=ACTION_RESPONSES,
    auth=staff_auth,
    summary="变更规章、行政规范性文件的有效性（失效、废止）",
)
def item_set_validity(
    request: AuthedRequest, item_id: int, payload: schemas.ValidityIn
) -> schemas.StaffItemOut:
    return _act(
        request,
        item_id,
        lambda item: services.item_set_validity(
            actor=request.user, item=item, validity=payload.validity, on=payload.on
        ),
    )


# --- reads (public) ------------------------------------------------------------------------------------


@router.get(
    "/catalogue/{int:item_id}/attachments/{int:attachment_id}",
    auth=optional_auth,
    throttle=[public_throttle],
    url_name="catalogue_attachment",
    summary="下载附件（已发布信息公开；其他状态仅本机关员工令牌）",
)
def attachment_download(request: HttpRequest, item_id: int, attachment_id: int) -> FileResponse:
    item = Item.objects.select_related("agency").filter(pk=item_id).first()
    if item is None or not (
        item.status == Status.PUBLISHED
        or (item.status != Status.WITHDRAWN and _may_view(_staff(request), item))
    ):
        raise Http404(NOT_FOUND)
    attachment = item.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404("没有找到该附件")
    return stored_file_response(
        attachment.file,
        filename=attachment.original_name,
        content_type=attachment.content_type,
        fallback_stem=f"attachment-{attachment.pk}",
    )


def _filter_error(field: str, message: str) -> InvalidInput:
    return InvalidInput(message, fields={field: message})


@router.get(
    "/catalogue",
    response={200: schemas.ItemPageOut, codes_4xx: ErrorOut},
    auth=optional_auth,
    throttle=[public_throttle],
    summary="检索政府信息公开目录（公开）：全文检索与筛选；无检索词时按发布日期倒序",
)
def item_list(request: HttpRequest, query: Query[schemas.ListQuery]) -> dict[str, object]:
    if query.category is not None and query.category not in Category.values:
        raise _filter_error("category", "公开类别应为1至15或21")
    if query.order not in ORDERS:
        raise _filter_error("order", "排序方式应为 relevance 或 date")
    agency = None
    if query.agency:
        agency = Agency.objects.filter(code=query.agency.strip()).first()
        if agency is None:
            raise _filter_error("agency", "没有找到该机关")
    text = query.q.strip()
    if text:
        return _search(query, text, agency)
    rows = Item.objects.published().select_related("agency")
    if agency is not None:
        rows = rows.in_subtree(agency)
    if query.category is not None:
        rows = rows.filter(category=query.category)
    if query.year is not None:
        rows = rows.filter(published_on__year=query.year)
    if query.document_number.strip():
        rows = rows.filter(document_number__icontains=query.document_number.strip())
    rows = rows.order_by("-published_on", "-pk")
    start = (query.page - 1) * query.per_page
    return {
        "count": rows.count(),
        "page": query.page,
        "per_page": query.per_page,
        "results": [_list_row(item) for item in rows[start : start + query.per_page]],
    }


def _list_row(item: Item, snippet: str = "", score: float | None = None) -> dict[str, object]:
    return {
        "id": item.pk,
        "index_number": item.index_number,
        "title": item.title,
        "agency": item.agency.code,
        "agency_name": item.agency.name,
        "document_number": item.document_number,
        "published_on": item.published_on,
        "category": item.category,
        "summary": item.summary,
        "snippet_html": snippet,
        "score": score,
    }


def _search(query: schemas.ListQuery, text: str, agency: Agency | None) -> dict[str, object]:
    from gongkai.search import backend

    result = backend.get_backend().search(
        backend.Query(
            text=text,
            agency_path=agency.path if agency is not None else None,
            category=query.category,
            year=query.year,
            document_number=query.document_number.strip() or None,
            order="date" if query.order == "date" else "relevance",
            page=query.page,
            per_page=query.per_page,
        )
    )
    items = Item.objects.published().select_related("agency").in_bulk([h.item_id for h in result.hits])
    return {
        "count": result.total,
        "page": result.page,
        "per_page": result.per_page,
        "results": [
            _list_row(items[h.item_id], h.snippet_html, h.score) for h in result.hits if h.item_id in items
        ],
    }


@router.get(
    "/catalogue/{path:index_number}",
    response={200: schemas.StaffItemOut | schemas.ItemOut, codes_4xx: ErrorOut},
    auth=optional_auth,
    throttle=[public_throttle],
    summary="按索引号查看信息（公开）；员工令牌可按编号查看本机关的草稿和待审核信息",
    description="索引号形如 前段码/年度-流水号，斜杠无需转义。已撤回的信息返回撤回日期和理由，不再返回正文和附件。"
    "纯数字时按信息编号（id）查找。",
)
def item_detail(request: HttpRequest, index_number: str) -> schemas.StaffItemOut | schemas.ItemOut:
    key = index_number.strip()
    lookup = Q(pk=int(key)) if key.isdigit() else Q(index_number=key)
    item = _items().filter(lookup).first()
    if item is None:
        raise Http404(NOT_FOUND)
    staff = _staff(request)
    if staff is not None and _may_view(staff, item):
        return staff_record(staff, item)
    if not item.is_public:
        raise Http404(NOT_FOUND)
    return public_record(item)
