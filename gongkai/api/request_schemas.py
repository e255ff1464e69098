"""Bodies and answers of /api/v1/requests (interfaces.md §3).

Enumerated values (applicant type, identity document, form, delivery, channel, outcome) are plain
strings checked by the services, so a wrong value answers 400 with a Chinese message naming the
field, the same message the back office shows; the allowed values are listed in the descriptions."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200

# --- intake ---------------------------------------------------------------------------------------


class ApplicantIn(Schema):
    type: str = Field(
        description="申请人类型（年报表三的列）：natural_person | commercial | research | "
        "public_interest | legal_services | other_org"
    )
    name: str = Field(max_length=120, description="姓名或名称")
    id_type: str = Field(
        description="证件类型：resident_id | uscc | passport | hk_macao_permit | taiwan_permit | other；"
        "法人或其他组织须为 uscc"
    )
    id_number: str = Field(max_length=40)
    phone: str = Field(max_length=40)
    email: str = Field("", max_length=254)
    address: str = Field("", max_length=255)
    postcode: str = Field("", max_length=6)
    contact_person: str = Field("", max_length=60, description="组织的联系人")


class RequestIn(Schema):
    agency: str = Field(description="受理机关代码（统一社会信用代码）")
    applicant: ApplicantIn
    description: str = Field(
        description="所需政府信息的名称、文号或者便于查询的其他特征性描述（条例第二十九条）；"
        "未给出 info_title 时以第一行作为信息名称"
    )
    form: str = Field(description="信息的指定提供形式：paper | electronic | other")
    delivery: str = Field(description="获取信息的方式：post | email | pickup | online | fax")
    channel: str | None = Field(
        None,
        description="仅员工令牌：申请渠道 in_person | letter | fax | email | online | other；"
        "无令牌时一律为 online",
    )
    received_on: date | None = Field(None, description="仅员工令牌：收到申请之日（条例第三十一条）")
    oral: bool = Field(False, description="仅员工令牌：口头申请，由工作人员代为填写（须为 in_person）")
    info_title: str | None = Field(None, max_length=255, description="所需信息名称（可选）")
    document_number: str = Field("", max_length=100, description="文号（可选）")
    submission_key: str | None = Field(
        None,
        min_length=8,
        max_length=64,
        description="幂等键：同一键再次提交返回原申请（200，query_code 为 null），不会重复登记",
    )


class SubmittedOut(Schema):
    number: str
    query_code: str | None = Field(description="查询码，只在首次提交时返回一次")
    status: str
    received_on: date
    due_on: date | None


# --- workflow actions ------------------------------------------------------------------------------


class AcceptIn(Schema):
    on: date | None = Field(None, description="受理日期，缺省为今天")


class RequestCorrectionIn(Schema):
    items: str = Field(description="需要补正的事项（一次性告知）")
    sent_on: date
    period_days: int = Field(description="补正期限，工作日（1–60）")


class ReceiveCorrectionIn(Schema):
    received_on: date


class CloseUncorrectedIn(Schema):
    on: date


class StartConsultationIn(Schema):
    party: str
    sent_on: date
    party_kind: str = Field("third_party", description="third_party（第三十二条）| organ（第三十四条）")


class EndConsultationIn(Schema):
    received_on: date
    opinion: str = ""


class ExtendIn(Schema):
    reason: str
    on: date
    days: int = Field(20, description="延长的工作日数，最多20（条例第三十三条）")


class DelayIn(Schema):
    until: date
    reason: str
    on: date


class QuoteFeeIn(Schema):
    mode: str = Field(description="per_request（按件）| per_page（按量）")
    pages: int | None = Field(None, description="按量计收的页数")
    sent_on: date


class RecordPaymentIn(Schema):
    paid_on: date


class CloseUnpaidIn(Schema):
    on: date


class ReplyIn(Schema):
    outcome: str = Field(
        description="办理结果（年报表三的行）：r1_open | r2_partial | r3_1…r3_8 | r4_1…r4_3 | r5_1…r5_5 | r6_3；"
        "r6_1、r6_2 只能经 close_uncorrected、close_unpaid 办结"
    )
    replied_on: date
    text: str = Field("", description="答复内容，缺省为该办理结果的标准表述")


class WithdrawIn(Schema):
    on: date
    reason: str = ""


class ArchiveIn(Schema):
    pass


# --- answers ----------------------------------------------------------------------------------------


class ApplicantOut(Schema):
    type: str
    type_label: str
    name: str
    id_type: str
    id_number: str
    phone: str
    email: str
    address: str
    postcode: str
    contact_person: str


class ConsultationOut(Schema):
    party: str
    party_kind: str
    sent_on: date
    reply_due_on: date | None
    received_on: date | None
    opinion: str


class FeeOut(Schema):
    mode: str
    pages: int | None
    nth_in_month: int | None
    amount: int = Field(description="元")
    basis: str
    sent_on: date
    payment_due_on: date | None
    paid_on: date | None


class LetterOut(Schema):
    id: int
    kind: str
    title: str
    document_number: str
    issued_on: date | None
    issued_by: str | None


class AttachmentOut(Schema):
    id: int
    kind: str
    original_name: str
    content_type: str
    size: int


class EventOut(Schema):
    on: date
    action: str
    from_status: str
    to_status: str
    actor: str
    note: str
    public: bool = Field(description="申请人查询时是否可见")


class RequestOut(Schema):
    """The full record, for staff who may view the agency."""

    number: str
    agency: str
    agency_name: str
    status: str
    status_label: str
    channel: str
    oral: bool
    received_on: date
    submitted_at: datetime
    entered_by: str | None
    intake_note: str
    applicant: ApplicantOut
    info_title: str
    document_number: str
    description: str
    form: str
    delivery: str
    due_on: date | None
    paused_remaining_days: int | None = Field(description="暂停计时（征求意见、待缴费）时剩余的工作日")
    deadline_problem: str
    deadline_explanation: list[str]
    restarted_on: date | None
    correction_requested_on: date | None
    correction_items: str
    correction_due_on: date | None
    extension_days: int
    extended_on: date | None
    extension_reason: str
    delayed_until: date | None
    delay_reason: str
    outcome: str
    outcome_label: str
    outcome_basis: str
    replied_on: date | None
    reply_text: str
    finalized_on: date | None
    withdrawn_on: date | None
    archived_at: datetime | None
    consultations: list[ConsultationOut]
    fees: list[FeeOut]
    letters: list[LetterOut]
    attachments: list[AttachmentOut]
    history: list[EventOut]
    allowed_actions: list[str] = Field(description="当前状态下、本令牌所属人员可以执行的办理事项")


class PublicEventOut(Schema):
    on: date
    action: str
    action_label: str
    note: str


class PublicRequestOut(Schema):
    """What the applicant sees with the number and query code: no identity, contact or internal data."""

    number: str
    agency_name: str
    status: str
    status_label: str
    received_on: date
    due_on: date | None
    info_title: str
    outcome: str
    outcome_label: str
    outcome_basis: str
    replied_on: date | None
    reply_text: str
    history: list[PublicEventOut]


class RequestListQuery(Schema):
    agency: str | None = Field(None, description="机关代码；须为本人可查看的机关")
    status: str | None = Field(None, description="状态：received | accepted | awaiting_correction | …")
    overdue: bool = Field(False, description="只列出计时中且已超过答复期限的申请")
    page: int = Field(1, ge=1)
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


class RequestRowOut(Schema):
    number: str
    agency: str
    status: str
    received_on: date
    due_on: date | None
    applicant_type: str
    info_title: str
    outcome: str


class RequestPageOut(Schema):
    count: int
    page: int
    page_size: int
    results: list[RequestRowOut]
