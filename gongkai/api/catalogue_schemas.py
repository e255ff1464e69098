"""Bodies and answers of /api/v1/catalogue (interfaces.md §3 "Catalogue").

Coded values (category, genre, channels, kind, scope) are plain strings and numbers checked by
`catalogue.services`, so a wrong value answers 400 with the same Chinese message the back office
shows; the allowed values are listed in the field descriptions."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema

PER_PAGE = 20
MAX_PER_PAGE = 100

# --- input ------------------------------------------------------------------------------------------


class AttachmentIn(Schema):
    name: str = Field(
        max_length=255, description="文件名，扩展名须与内容一致：pdf doc docx xls xlsx ofd jpg png"
    )
    content_base64: str = Field(description="文件内容，Base64 编码，每个不超过30MB")


class ItemIn(Schema):
    agency: str = Field(description="发布机构代码（统一社会信用代码）")
    title: str = Field(description="名称")
    summary: str = Field("", description="内容概述")
    body: str = Field("", description="正文（HTML，保存前按白名单清理）")
    document_number: str = Field("", max_length=100, description="文号，如 明教〔2025〕12号")
    created_on: date = Field(description="生成日期（成文日期）")
    category: int = Field(
        description="公开类别：条例第二十条第（一）至（十五）项为 1-15，第二十一条内容为 21"
    )
    topic: int | str | None = Field(None, description="主题分类：编号，或全称如 综合政务\\政务公开")
    genre: str = Field(
        "other",
        description="体裁：decision order announcement public_notice opinion notice bulletin report reply "
        "letter minutes measures rules plan statistics list interpretation other",
    )
    channels: list[str] = Field(
        ["website"],
        description="公开渠道：website gazette weibo wechat app press_conference media reading_room other",
    )
    scope: str = Field("public", description="公开范围：public | limited")
    kind: str = Field(
        "other", description="文件类型：regulation（规章）| normative_document（行政规范性文件）| other"
    )
    valid_from: date | None = Field(None, description="规章、行政规范性文件的施行日期")
    keywords: str = Field("", max_length=200, description="主题词")
    interpretation_kind: str = Field(
        "",
        description="回应解读类型（可选）：press_conference online_interview policy_interpretation public_concern",
    )
    answers: list[str] = Field([], description="所解读或回应的已公开信息的索引号")
    attachments: list[AttachmentIn] = Field([], description="附件（可选）")


class SubmitIn(Schema):
    pass


class ReturnIn(Schema):
    comment: str = Field(description="审核意见：退回修改的理由")


class RedactIn(Schema):
    sources: list[str] = Field(
        ["title", "summary", "body"], description="遮盖哪些字段中的个人信息：title summary body"
    )


class ApproveIn(Schema):
    confirmed: bool = Field(
        False,
        description="true 表示审核人确认保密审查清单的全部事项；未给出 checklist 时必须为 true",
    )
    checklist: dict[str, bool] | None = Field(
        None,
        description="逐项确认保密审查清单：state_secrets work_secrets third_party security accuracy，须全部为 true",
    )
    exemptions: dict[str, str] = Field(
        {},
        description="保留的个人信息：指纹（见审核不通过时 fields 中 exemptions.<指纹>）-> 可以公开的理由",
    )
    comment: str = Field("", description="审核意见（可选）")


class PublishIn(Schema):
    published_on: date | None = Field(None, description="发布日期，缺省为今天")


class WithdrawIn(Schema):
    reason: str = Field(description="撤回理由（公开页面显示）")
    on: date | None = Field(None, description="撤回日期，缺省为今天")


class ValidityIn(Schema):
    validity: str = Field(description="有效性：valid（有效）| expired（失效）| repealed（废止）")
    on: date = Field(description="失效或废止日期")


class ListQuery(Schema):
    q: str = Field(
        "", max_length=200, description="检索词（名称、概述、正文和附件文字）；为空时按发布日期列出"
    )
    agency: str | None = Field(None, description="机关代码，含其下级机关")
    category: int | None = Field(None, description="公开类别 1-15 或 21")
    year: int | None = Field(None, ge=1990, le=2100, description="发布年度")
    document_number: str = Field("", max_length=100, description="文号（包含即可）")
    order: str = Field("relevance", description="排序：relevance（相关度，有检索词时）| date（发布日期）")
    page: int = Field(1, ge=1, le=1000)
    per_page: int = Field(PER_PAGE, ge=1, le=MAX_PER_PAGE)


# --- output -----------------------------------------------------------------------------------------


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    download_url: str | None = Field(description="下载地址；草稿等未公开信息仅对本机关员工令牌给出")


class PiiHitOut(Schema):
    source: str
    kind: str
    label: str
    masked: str
    fingerprint: str
    exempted: bool


class EventOut(Schema):
    at: datetime
    action: str
    from_status: str
    to_status: str
    actor: str | None
    note: str


class ItemOut(Schema):
    id: int
    index_number: str | None = Field(description="索引号 前段码/年度-流水号；发布前为 null")
    agency: str
    agency_name: str
    status: str
    status_label: str
    title: str
    summary: str
    body: str | None = Field(description="正文 HTML；已撤回的信息不再提供")
    document_number: str
    created_on: date
    published_on: date | None
    category: int
    category_label: str
    topic: str | None
    topic_id: int | None
    genre: str
    genre_label: str
    channels: list[str]
    channel_labels: list[str]
    scope: str
    kind: str
    validity: str
    valid_from: date | None
    validity_changed_on: date | None
    keywords: str
    interpretation_kind: str
    answers: list[str] = Field(description="所解读或回应的信息的索引号")
    publish_workdays: int | None
    publish_late: bool
    withdrawn_on: date | None
    withdrawn_reason: str
    attachments: list[AttachmentOut]


class StaffItemOut(ItemOut):
    """What a member of the publishing agency sees: the review record and what they may do next."""

    review_comment: str
    reviewed_by: str | None
    review_checklist: dict[str, bool]
    pii: list[PiiHitOut]
    allowed_actions: list[str]
    history: list[EventOut]


class ListItemOut(Schema):
    id: int
    index_number: str | None
    title: str
    agency: str
    agency_name: str
    document_number: str
    published_on: date | None
    category: int
    summary: str
    snippet_html: str = Field("", description="检索时含 <mark> 高亮的摘要")
    score: float | None = None


class ItemPageOut(Schema):
    count: int
    page: int
    per_page: int
    results: list[ListItemOut]
