"""Every write on the catalogue. Each function is one use case: it checks who may act and in which
state (workflow.TRANSITIONS), validates the input, changes the rows, keeps the search index in step
and appends one history event and one audit row, all in one transaction."""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import nh3
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.agencies import permissions
from gongkai.agencies.models import Agency
from gongkai.catalogue import extract, indexing, pii, timeliness
from gongkai.catalogue.categories import (
    ARTICLE_21,
    Category,
    DocKind,
    Genre,
    InterpretationKind,
    PublishChannel,
    Scope,
    Validity,
)
from gongkai.catalogue.models import Attachment, Guide, IndexCounter, Item, ItemEvent, Topic, encode_channels
from gongkai.catalogue.workflow import TRANSITIONS, Action, Status, require_allowed
from gongkai.core import audit, calendar
from gongkai.core.errors import InvalidInput, NotAllowed

Actor = User | None

# The review checklist of 第十七条 (保密审查); every box must be ticked to approve.
REVIEW_CHECKLIST: dict[str, str] = {
    "state_secrets": "不涉及国家秘密（保守国家秘密法）",
    "work_secrets": "不涉及工作秘密和内部事务信息",
    "third_party": "不涉及商业秘密、个人隐私，或已取得权利人同意",
    "security": "公开后不危及国家安全、公共安全、经济安全、社会稳定",
    "accuracy": "内容准确，与正式文件一致",
}

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "h2", "h3", "h4", "blockquote",
    "table", "thead", "tbody", "tr", "th", "td", "a", "span", "div", "hr", "sub", "sup",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}

ATTACHMENT_TYPES: dict[str, tuple[tuple[str, ...], tuple[bytes, ...]]] = {
    # content type -> (extensions, leading bytes); the name's claim is checked against the content.
    "application/pdf": ((".pdf",), (b"%PDF",)),
    "application/msword": ((".doc",), (b"\xd0\xcf\x11\xe0",)),
    "application/vnd.ms-excel": ((".xls",), (b"\xd0\xcf\x11\xe0",)),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ((".docx",), (b"PK\x03\x04",)),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ((".xlsx",), (b"PK\x03\x04",)),
    "application/ofd": ((".ofd",), (b"PK\x03\x04",)),
    "image/jpeg": ((".jpg", ".jpeg"), (b"\xff\xd8\xff",)),
    "image/png": ((".png",), (b"\x89PNG\r\n\x1a\n",)),
}
MAX_ATTACHMENT_BYTES = 30 * 1024 * 1024
MAX_ATTACHMENTS = 20


_TAG = re.compile(r"<[a-zA-Z/][^>]*>")


def plain_to_html(text: str) -> str:
    """Clerks often paste plain text from a Word document: each line becomes a paragraph."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    return "".join(f"<p>{html.escape(line)}</p>" for line in lines if line)


def sanitise_body(raw: str) -> str:
    raw = raw or ""
    if raw.strip() and not _TAG.search(raw):
        raw = plain_to_html(raw)
    return nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    ).strip()


def body_text(body_html: str) -> str:
    """The readable text of a sanitised body, for search and the personal-data scan."""
    with_breaks = body_html.replace("</p>", "</p>\n").replace("<br>", "\n").replace("</li>", "</li>\n")
    return html.unescape(nh3.clean(with_breaks, tags=set())).strip()


@dataclass(frozen=True)
class ItemInput:
    title: str
    created_on: date
    category: int
    summary: str = ""
    body: str = ""
    document_number: str = ""
    topic_id: int | None = None
    genre: str = Genre.OTHER
    channels: Sequence[str] = (PublishChannel.WEBSITE,)
    scope: str = Scope.PUBLIC
    kind: str = DocKind.OTHER
    validity: str = ""
    valid_from: date | None = None
    keywords: str = ""
    interpretation_kind: str = ""
    answers: Sequence[int] = ()


def _clean_choices(data: ItemInput, agency: Agency, errors: dict[str, str]) -> str:
    """Checks the coded fields; returns the validity to store."""
    if data.category not in Category.values:
        errors["category"] = "请选择第二十条或第二十一条规定的公开类别"
    elif data.category == ARTICLE_21 and agency.level not in ("city", "county", "township"):
        errors["category"] = "第二十一条内容仅适用于设区的市级、县级、乡级人民政府及其部门"
    if data.genre not in Genre.values:
        errors["genre"] = "体裁无效"
    unknown = [c for c in data.channels if c not in PublishChannel.values]
    if unknown:
        errors["channels"] = f"未知的公开渠道：{'、'.join(unknown)}"
    elif not data.channels:
        errors["channels"] = "请至少选择一个公开渠道"
    if data.scope not in Scope.values:
        errors["scope"] = "公开范围无效"
    if data.kind not in DocKind.values:
        errors["kind"] = "文件类型无效"
    validity = data.validity
    if data.kind in (DocKind.REGULATION, DocKind.NORMATIVE_DOCUMENT):
        validity = validity or Validity.VALID
        if validity not in Validity.values:
            errors["validity"] = "有效性无效"
    elif validity:
        errors["validity"] = "只有规章和行政规范性文件需要标注有效性"
    if data.interpretation_kind and data.interpretation_kind not in InterpretationKind.values:
        errors["interpretation_kind"] = "回应解读类型无效"
    return validity


def clean_input(data: ItemInput, agency: Agency) -> dict[str, Any]:
    """The item's model fields from the input, or InvalidInput naming every bad field at once."""
    errors: dict[str, str] = {}
    title = " ".join(data.title.split())
    if not title:
        errors["title"] = "请填写信息名称"
    elif len(title) > 300:
        errors["title"] = "名称不能超过300字"
    if data.created_on > timezone.localdate():
        errors["created_on"] = "生成日期不能晚于今天"
    validity = _clean_choices(data, agency, errors)
    topic = None
    if data.topic_id is not None:
        topic = Topic.objects.filter(pk=data.topic_id).first()
        if topic is None:
            errors["topic"] = "主题分类不存在"
    if len(data.summary) > 2000:
        errors["summary"] = "内容概述不能超过2000字"
    if errors:
        raise InvalidInput("；".join(errors.values()), fields=errors)
    return {
        "title": title,
        "summary": data.summary.strip(),
        "body": sanitise_body(data.body),
        "document_number": " ".join(data.document_number.split()),
        "created_on": data.created_on,
        "category": data.category,
        "topic": topic,
        "genre": data.genre,
        "channels": encode_channels(list(data.channels)),
        "scope": data.scope,
        "kind": data.kind,
        "validity": validity,
        "valid_from": data.valid_from,
        "keywords": data.keywords.strip(),
        "interpretation_kind": data.interpretation_kind,
    }


def _require(actor: Actor, item_or_agency: Item | Agency, action: Action) -> None:
    if actor is None:  # the system itself: CLI import, demo data
        return
    agency = item_or_agency.agency if isinstance(item_or_agency, Item) else item_or_agency
    if not any(permissions.has_perm(actor, p, agency) for p in TRANSITIONS[action].perms):
        raise NotAllowed(f"您没有在{agency.name}“{action.label}”的权限")


def _lock(item: Item) -> Item:
    return Item.objects.select_for_update(of=("self",)).select_related("agency").get(pk=item.pk)


def _event(item: Item, action: Action | str, actor: Actor, before: str, note: str = "") -> None:
    ItemEvent.objects.create(
        item=item, action=str(action), from_status=before, to_status=item.status, actor=actor, note=note
    )


def _set_answers(item: Item, answer_ids: Sequence[int]) -> None:
    if not answer_ids:
        item.answers.clear()
        return
    found = list(Item.objects.filter(pk__in=answer_ids).exclude(pk=item.pk))
    if len(found) != len(set(answer_ids) - {item.pk}):
        raise InvalidInput("所解读或回应的信息不存在", fields={"answers": "信息不存在"})
    item.answers.set(found)


@transaction.atomic
def item_create(
    *,
    actor: Actor,
    agency: Agency,
    data: ItemInput,
    attachments: Sequence[UploadedFile] = (),
    source_request_id: int | None = None,
    source_id: str = "",
) -> Item:
    _require(actor, agency, Action.EDIT)
    fields = clean_input(data, agency)
    item = Item(
        agency=agency, created_by=actor, source_request_id=source_request_id, source_id=source_id, **fields
    )
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError as exc:
        raise InvalidInput(f"原系统编号“{source_id}”已存在", fields={"source_id": "已存在"}) from exc
    if data.answers:  # a new item answers nothing yet: no links to clear
        _set_answers(item, data.answers)
    for upload in attachments:
        _store_attachment(item, upload)
    _event(item, "create", actor, "")
    audit.record(
        actor=actor, action="catalogue.create", target=item, summary=item.title, to_state=item.status
    )
    return item


@transaction.atomic
def item_update(*, actor: Actor, item: Item, data: ItemInput) -> Item:
    item = _lock(item)
    _require(actor, item, Action.EDIT)
    require_allowed(item.status, Action.EDIT)
    fields = clean_input(data, item.agency)
    before = {k: getattr(item, k) for k in fields}
    for k, v in fields.items():
        setattr(item, k, v)
    item.updated_at = timezone.now()
    item.save()
    _set_answers(item, data.answers)
    _event(item, Action.EDIT, actor, item.status)
    audit.record(
        actor=actor,
        action="catalogue.edit",
        target=item,
        changes=audit.diff(before, fields),
        from_state=item.status,
    )
    return item


def check_attachment(upload: UploadedFile) -> str:
    """Validate one attachment; returns the verified content type or raises InvalidInput."""
    name = (upload.name or "").lower()
    if upload.size is None or upload.size > MAX_ATTACHMENT_BYTES:
        raise InvalidInput(f"附件“{upload.name}”超过30MB", fields={"attachments": "附件过大"})
    head = upload.read(16)
    upload.seek(0)
    for content_type, (extensions, magics) in ATTACHMENT_TYPES.items():
        if name.endswith(extensions) and any(head.startswith(m) for m in magics):
            return content_type
    raise InvalidInput(
        f"附件“{upload.name}”不是有效的PDF、DOC、DOCX、XLS、XLSX、OFD、JPEG或PNG文件",
        fields={"attachments": "文件类型不受支持或内容与扩展名不符"},
    )


def _store_attachment(item: Item, upload: UploadedFile) -> Attachment:
    if item.attachments.count() >= MAX_ATTACHMENTS:
        raise InvalidInput(f"每条信息最多{MAX_ATTACHMENTS}个附件", fields={"attachments": "附件过多"})
    content_type = check_attachment(upload)
    data = upload.read()
    extracted = extract.extract_text(upload.name or "", data)
    attachment = Attachment(
        item=item,
        original_name=(upload.name or "附件")[-255:],
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        extracted_text=extracted.text,
        extraction_note=extracted.note,
    )
    attachment.file.save(
        f"a{hashlib.sha256(data).hexdigest()[:16]}{_suffix(upload.name or '')}", ContentFile(data)
    )
    return attachment


def _suffix(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower()[:8] if dot >= 0 else ""


@transaction.atomic
def attachment_add(*, actor: Actor, item: Item, upload: UploadedFile) -> Attachment:
    item = _lock(item)
    _require(actor, item, Action.EDIT)
    require_allowed(item.status, Action.EDIT)
    attachment = _store_attachment(item, upload)
    _event(item, "attach", actor, item.status, attachment.original_name)
    audit.record(actor=actor, action="catalogue.attach", target=item, summary=attachment.original_name)
    return attachment


@transaction.atomic
def attachment_remove(*, actor: Actor, attachment: Attachment) -> None:
    """Drafters remove attachments of drafts; reviewers may remove one carrying personal data."""
    item = _lock(attachment.item)
    if item.status == Status.SUBMITTED:
        _require(actor, item, Action.REDACT)
    else:
        _require(actor, item, Action.EDIT)
        require_allowed(item.status, Action.EDIT)
    name = attachment.original_name
    attachment.file.delete(save=False)
    attachment.delete()
    _event(item, "detach", actor, item.status, name)
    audit.record(actor=actor, action="catalogue.detach", target=item, summary=name)


@transaction.atomic
def item_submit(*, actor: Actor, item: Item) -> Item:
    item = _lock(item)
    _require(actor, item, Action.SUBMIT)
    require_allowed(item.status, Action.SUBMIT)
    before = item.status
    item.status = Status.SUBMITTED
    item.submitted_at = timezone.now()
    item.save(update_fields=["status", "submitted_at"])
    _event(item, Action.SUBMIT, actor, before)
    audit.record(actor=actor, action="catalogue.submit", target=item, from_state=before, to_state=item.status)
    return item


@transaction.atomic
def item_return(*, actor: Actor, item: Item, comment: str) -> Item:
    item = _lock(item)
    _require(actor, item, Action.RETURN)
    require_allowed(item.status, Action.RETURN)
    if not comment.strip():
        raise InvalidInput("退回时请填写审核意见", fields={"comment": "请填写审核意见"})
    before = item.status
    item.status = Status.DRAFT
    item.review_comment = comment.strip()
    item.save(update_fields=["status", "review_comment"])
    _event(item, Action.RETURN, actor, before, comment.strip())
    audit.record(
        actor=actor,
        action="catalogue.return",
        target=item,
        summary=comment.strip(),
        from_state=before,
        to_state=item.status,
    )
    return item


# --- personal data (第十七条 review) -------------------------------------------------------------


@dataclass(frozen=True)
class PiiHit:
    source: str  # "title" | "summary" | "body" | "attachment:<id>"
    kind: str
    label: str
    masked: str
    fingerprint: str


@dataclass
class PiiFinding:
    source: str
    source_label: str
    highlighted: str  # HTML with <mark> around each hit
    hits: list[PiiHit] = field(default_factory=list)
    redactable: bool = True  # attachments cannot be edited in place: remove them instead


def _fingerprint(kind: str, text: str) -> str:
    normal = "".join(ch for ch in text if ch.isalnum() or ch in "@.").lower()
    return hashlib.sha256(f"{kind}:{normal}".encode()).hexdigest()[:32]


def _texts(item: Item, attachments: Sequence[Attachment] | None = None) -> list[tuple[str, str, str, bool]]:
    sources = [
        ("title", "名称", item.title, True),
        ("summary", "内容概述", item.summary, True),
        ("body", "正文", body_text(item.body), True),
    ]
    sources += [
        (f"attachment:{a.pk}", f"附件：{a.original_name}", a.extracted_text, False)
        for a in (item.attachments.all() if attachments is None else attachments)
    ]
    return sources


def pii_findings(
    item: Item, *, today: date | None = None, attachments: Sequence[Attachment] | None = None
) -> list[PiiFinding]:
    """Personal data in the item and its attachments' text, per place, highlighted for the reviewer.
    `attachments`: the item's attachments when the caller already has them (() for an item it has
    just created without any), instead of reading them."""
    today = today or timezone.localdate()
    findings: list[PiiFinding] = []
    for source, label, text, redactable in _texts(item, attachments):
        hits = pii.scan(text, today=today)
        if not hits:
            continue
        masked = {
            h.start: pii.redact(h.text, [pii.Hit(h.kind, 0, len(h.text), h.text, h.label)]) for h in hits
        }
        findings.append(
            PiiFinding(
                source=source,
                source_label=label,
                highlighted=pii.highlight(text, hits),
                hits=[
                    PiiHit(source, h.kind, h.label, masked[h.start], _fingerprint(h.kind, h.text))
                    for h in hits
                ],
                redactable=redactable,
            )
        )
    return findings


def unresolved_pii(
    item: Item, *, today: date | None = None, attachments: Sequence[Attachment] | None = None
) -> list[PiiHit]:
    exempt = {e.get("fingerprint") for e in item.pii_exemptions}
    findings = pii_findings(item, today=today, attachments=attachments)
    return [h for f in findings for h in f.hits if h.fingerprint not in exempt]


@transaction.atomic
def item_redact(*, actor: Actor, item: Item, sources: Sequence[str] = ("title", "summary", "body")) -> Item:
    """Mask every personal-data hit in the item's own text fields (the reviewer's one click)."""
    item = _lock(item)
    _require(actor, item, Action.REDACT)
    require_allowed(item.status, Action.REDACT)
    today = timezone.localdate()
    changed: dict[str, int] = {}
    for name in ("title", "summary", "body"):
        if name not in sources:
            continue
        value = getattr(item, name)
        hits = pii.scan(value, today=today)
        if hits:
            setattr(item, name, pii.redact(value, hits))
            changed[name] = len(hits)
    if not changed:
        raise InvalidInput("正文中没有需要遮盖的个人信息")
    item.updated_at = timezone.now()
    item.save(update_fields=[*changed, "updated_at"])
    note = "，".join(f"{k}：{v}处" for k, v in changed.items())
    _event(item, Action.REDACT, actor, item.status, note)
    audit.record(
        actor=actor, action="catalogue.redact", target=item, summary=note, changes={"redacted": changed}
    )
    return item


@transaction.atomic
def item_approve(
    *,
    actor: Actor,
    item: Item,
    checklist: dict[str, bool],
    exemptions: dict[str, str] | None = None,
    comment: str = "",
) -> Item:
    """保密审查 passed. Every checklist box must be ticked, and every personal-data hit either redacted
    or kept with the reviewer's written reason (exemptions: fingerprint -> reason)."""
    item = _lock(item)
    _require(actor, item, Action.APPROVE)
    require_allowed(item.status, Action.APPROVE)
    missing = [label for key, label in REVIEW_CHECKLIST.items() if not checklist.get(key)]
    if missing:
        raise InvalidInput("保密审查未完成：" + "；".join(missing), fields={"checklist": "请逐项确认"})
    exemptions = {k: v.strip() for k, v in (exemptions or {}).items() if v and v.strip()}
    hits = unresolved_pii(item)
    kept = [h for h in hits if h.fingerprint in exemptions]
    blocking = [h for h in hits if h.fingerprint not in exemptions]
    if blocking:
        listed = "、".join(f"{h.label}{h.masked}" for h in blocking[:5])
        raise InvalidInput(
            f"发现{len(blocking)}处个人信息尚未遮盖或说明保留理由：{listed}",
            fields={"pii": "请遮盖个人信息，或逐项填写可以公开的理由"},
        )
    item.pii_exemptions = [
        *item.pii_exemptions,
        *({"fingerprint": h.fingerprint, "kind": h.kind, "masked": h.masked, "source": h.source,
           "reason": exemptions[h.fingerprint]} for h in kept),
    ]  # fmt: skip
    before = item.status
    item.status = Status.APPROVED
    item.reviewed_by = actor
    item.reviewed_at = timezone.now()
    item.review_checklist = dict.fromkeys(REVIEW_CHECKLIST, True)
    item.review_comment = comment.strip()
    item.save(
        update_fields=[
            "status",
            "reviewed_by",
            "reviewed_at",
            "review_checklist",
            "review_comment",
            "pii_exemptions",
        ]
    )
    _event(item, Action.APPROVE, actor, before, comment.strip())
    audit.record(
        actor=actor,
        action="catalogue.approve",
        target=item,
        summary=f"保密审查通过；保留个人信息{len(kept)}处" if kept else "保密审查通过",
        from_state=before,
        to_state=item.status,
    )
    return item


# --- publishing ------------------------------------------------------------------------------------


def index_prefix(agency: Agency) -> str:
    """前段码: the organisation code of the publisher (the 统一社会信用代码's 9-character 组织机构代码
    part, positions 9–17, when the agency is registered by USCC), hyphen dropped."""
    code = agency.code.replace("-", "").upper()
    return code[8:17] if len(code) == 18 else code


def _next_index_number(agency: Agency, year: int) -> str:
    # Read and locked in one query (a new counter is locked by its own INSERT).
    counter, _ = IndexCounter.objects.select_for_update().get_or_create(agency=agency, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{index_prefix(agency)}/{year}-{counter.last:05d}"


def item_publish(*, actor: Actor, item: Item, published_on: date | None = None, locked: bool = False) -> Item:
    """`locked=True`: the caller created or locked this very copy of the item earlier in its own
    transaction or savepoint (the bulk import, one savepoint per row), so the item is not read and
    locked again, and a failure here rolls back the caller's block instead of a savepoint of its own."""
    if locked and not transaction.get_connection().in_atomic_block:
        raise RuntimeError("item_publish(locked=True) must run inside the caller's transaction")
    with transaction.atomic(savepoint=not locked):
        return _publish(actor=actor, item=item if locked else _lock(item), published_on=published_on)


def _publish(*, actor: Actor, item: Item, published_on: date | None) -> Item:
    _require(actor, item, Action.PUBLISH)
    require_allowed(item.status, Action.PUBLISH)
    today = timezone.localdate()
    on = published_on or today
    if on > today:
        raise InvalidInput("发布日期不能晚于今天", fields={"published_on": "不能晚于今天"})
    if on < item.created_on:
        raise InvalidInput(
            f"发布日期不能早于生成日期（{item.created_on.isoformat()}）",
            fields={"published_on": "早于生成日期"},
        )
    before = item.status
    item.status = Status.PUBLISHED
    item.published_on = on
    item.published_by = actor
    if not item.index_number:  # 索引号 is permanent: a re-publication keeps the first one
        item.index_number = _next_index_number(item.agency, on.year)
    _apply_timeliness(item)
    item.save()
    indexing.item_changed(item)
    _event(item, Action.PUBLISH, actor, before, item.index_number or "")
    audit.record(
        actor=actor,
        action="catalogue.publish",
        target=item,
        summary=item.index_number or "",
        from_state=before,
        to_state=item.status,
    )
    return item


def _apply_timeliness(item: Item) -> None:
    if item.published_on is None:
        return
    result = timeliness.assess(
        calendar.get_calendar(), created_on=item.created_on, published_on=item.published_on
    )
    item.publish_workdays = result.workdays
    item.publish_late = result.late
    item.timeliness_problem = result.problem


@transaction.atomic
def item_withdraw(*, actor: Actor, item: Item, reason: str, on: date | None = None) -> Item:
    item = _lock(item)
    _require(actor, item, Action.WITHDRAW)
    require_allowed(item.status, Action.WITHDRAW)
    if not reason.strip():
        raise InvalidInput("请填写撤回理由", fields={"reason": "请填写撤回理由"})
    today = timezone.localdate()
    on = on or today
    if on > today or (item.published_on and on < item.published_on):
        raise InvalidInput("撤回日期应在发布日期和今天之间", fields={"on": "日期无效"})
    before = item.status
    item.status = Status.WITHDRAWN
    item.withdrawn_on = on
    item.withdrawn_reason = reason.strip()
    item.save(update_fields=["status", "withdrawn_on", "withdrawn_reason"])
    indexing.item_changed(item)
    _event(item, Action.WITHDRAW, actor, before, reason.strip())
    audit.record(
        actor=actor,
        action="catalogue.withdraw",
        target=item,
        summary=reason.strip(),
        from_state=before,
        to_state=item.status,
    )
    return item


@transaction.atomic
def item_set_validity(*, actor: Actor, item: Item, validity: str, on: date) -> Item:
    """A 规章 or 行政规范性文件 expires or is repealed (table 二 counts 本年废止件数 from this date)."""
    item = _lock(item)
    _require(actor, item, Action.SET_VALIDITY)
    require_allowed(item.status, Action.SET_VALIDITY)
    if item.kind not in (DocKind.REGULATION, DocKind.NORMATIVE_DOCUMENT):
        raise InvalidInput("只有规章和行政规范性文件有有效性", fields={"validity": "不适用"})
    if validity not in Validity.values:
        raise InvalidInput("有效性无效", fields={"validity": "无效"})
    if on > timezone.localdate() or on < item.created_on:
        raise InvalidInput("日期应在生成日期和今天之间", fields={"on": "日期无效"})
    before = {"validity": item.validity, "validity_changed_on": item.validity_changed_on}
    item.validity = validity
    item.validity_changed_on = None if validity == Validity.VALID else on
    item.save(update_fields=["validity", "validity_changed_on"])
    indexing.item_changed(item)
    after = {"validity": item.validity, "validity_changed_on": item.validity_changed_on}
    _event(item, Action.SET_VALIDITY, actor, item.status, str(Validity(validity).label))
    audit.record(actor=actor, action="catalogue.validity", target=item, changes=audit.diff(before, after))
    return item


# --- 依申请转主动 (条例 第四十四条) ----------------------------------------------------------------


@transaction.atomic
def draft_from_request(*, actor: Actor, request_id: int) -> Item:
    """Information several applicants ask for may become proactive: start a draft from a replied
    request. The applicant's identity never enters the draft; the reviewer still checks the text."""
    from gongkai.disclosure_requests.models import DisclosureRequest
    from gongkai.disclosure_requests.workflow import Status as RequestStatus

    request = DisclosureRequest.objects.select_related("agency").get(pk=request_id)
    _require(actor, request.agency, Action.EDIT)
    if request.status not in (RequestStatus.REPLIED, RequestStatus.ARCHIVED) or request.outcome not in (
        "r1_open",
        "r2_partial",
    ):
        raise InvalidInput("只有已答复“予以公开”或“部分公开”的申请可以转为主动公开")
    existing = request.catalogue_items.first()
    if existing is not None:
        raise InvalidInput(f"该申请已转为主动公开信息“{existing.title}”", fields={"request": "已转换"})
    data = ItemInput(
        title=request.info_title,
        created_on=request.replied_on or timezone.localdate(),
        category=15,
        summary=f"依申请公开转主动公开（申请编号{request.number}）。{request.description[:300]}".strip(),
        document_number=request.info_document_number,
    )
    item = item_create(actor=actor, agency=request.agency, data=data, source_request_id=request.pk)
    audit.record(
        actor=actor, action="catalogue.from_request", target=item, summary=f"来源申请 {request.number}"
    )
    return item


# --- 指南 -----------------------------------------------------------------------------------------


@transaction.atomic
def guide_save(*, actor: Actor, agency: Agency, body: str) -> Guide:
    if actor is not None:
        permissions.require(actor, permissions.Perm.MANAGE_AGENCY, agency)
    clean = sanitise_body(body)
    if not body_text(clean):
        raise InvalidInput("指南正文不能为空", fields={"body": "请填写指南正文"})
    guide, _ = Guide.objects.select_for_update().get_or_create(agency=agency)
    before = guide.body
    guide.body = clean
    guide.updated_at = timezone.now()
    guide.updated_by = actor
    guide.save()
    audit.record(
        actor=actor,
        action="catalogue.guide",
        target=agency,
        summary="修改政府信息公开指南",
        changes={"body": [len(before), len(clean)]},
    )
    return guide
